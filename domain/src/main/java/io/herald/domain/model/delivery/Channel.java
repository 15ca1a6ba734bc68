package io.herald.domain.model.delivery;

import java.util.Locale;
import java.util.Optional;

/**
 * The ways Herald delivers: a notification is sent by email or push; a status callback is the
 * webhook that reports a notification's terminal status to the caller. Each has its own queue
 * and consumer pool, and all of them share one outcome policy.
 */
public enum Channel {
    EMAIL,
    PUSH,
    CALLBACK;

    /** The lower-case name used in requests, the database and delivery commands. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Whether this channel delivers a notification itself (as opposed to reporting on one). */
    public boolean isNotificationChannel() {
        return this != CALLBACK;
    }

    public static Optional<Channel> fromWireName(String name) {
        for (Channel c : values()) {
            if (c.wireName().equals(name)) {
                return Optional.of(c);
            }
        }
        return Optional.empty();
    }
}
