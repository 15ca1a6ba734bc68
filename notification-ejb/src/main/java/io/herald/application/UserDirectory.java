package io.herald.application;

import java.util.Optional;

/**
 * The user directory as delivery and acceptance see it: a caller's user with the address,
 * language, channel preferences and devices to resolve a {@code user_id} notification. Runs in
 * the caller's transaction. Implemented over JPA in {@code infrastructure.persistence.jpa}.
 */
public interface UserDirectory {

    /** The owner's user, or empty when there is none with this id. */
    Optional<UserProfile> find(String owner, String userId);

    /** Whether the owner has a user with this id (cheaper than {@link #find}: no devices read). */
    boolean exists(String owner, String userId);

    /** Removes one device of a user (its token was refused as unknown); false if it was not there. */
    boolean removeDevice(String owner, String userId, String token);
}
