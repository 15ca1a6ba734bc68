package io.herald.application;

/** What {@link UserService#putDevice} did, and the device as it is now. */
public record DevicePut(Outcome outcome, DeviceView device) {

    public enum Outcome {
        /** The token was new to the owner: a new device of the user. */
        CREATED,
        /** Another user of the same owner held the token: it is now this user's (a new device of it). */
        MOVED,
        /** The user already had the token: its {@code last_seen_at} (and platform) were refreshed. */
        REFRESHED;

        /** Whether the user got a device it did not have before. */
        public boolean isNewForUser() {
            return this != REFRESHED;
        }
    }
}
