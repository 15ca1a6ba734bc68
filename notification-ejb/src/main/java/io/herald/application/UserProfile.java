package io.herald.application;

import java.time.ZoneId;
import java.util.List;
import java.util.Optional;

/**
 * What delivery needs to know about a user ({@link UserService#find}): where to send (address,
 * devices), in which language and time zone, and whether the person wants email or push at all.
 * {@code email}, {@code language} and {@code timezone} are null when the profile has none.
 * Immutable. Personal data, so {@link #toString()} says only what is present, never a value.
 */
public record UserProfile(String id, String email, String language, String timezone,
                          boolean emailEnabled, boolean pushEnabled, List<DeviceView> devices) {

    public UserProfile {
        devices = List.copyOf(devices);
    }

    static UserProfile of(UserView user) {
        return new UserProfile(user.id(), user.email(), user.language(), user.timezone(), user.emailEnabled(),
                user.pushEnabled(), user.devices());
    }

    /** The time zone, when the profile names one (always a valid region id). */
    public Optional<ZoneId> zone() {
        return timezone == null ? Optional.empty() : Optional.of(ZoneId.of(timezone));
    }

    @Override
    public String toString() {
        return "UserProfile[email=" + (email == null ? "none" : "present") + ", language=" + (language == null ? "none" : "present")
                + ", timezone=" + (timezone == null ? "none" : "present") + ", emailEnabled=" + emailEnabled
                + ", pushEnabled=" + pushEnabled + ", devices=" + devices.size() + "]";
    }
}
