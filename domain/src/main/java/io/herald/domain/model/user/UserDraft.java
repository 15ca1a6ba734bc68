package io.herald.domain.model.user;

import java.util.List;
import java.util.Objects;

/**
 * A validated user as a create (POST) or full replace (PUT) gives it. Optional profile fields
 * are null when not given; the preferences are true unless given as false.
 *
 * @param devices the devices the user is to have, in request order with distinct tokens; null
 *                when the request did not name any (a replace then leaves the devices as they are)
 */
public record UserDraft(String id, String name, String email, String language, String timezone,
                        boolean emailEnabled, boolean pushEnabled, List<DeviceRegistration> devices) {

    public UserDraft {
        Objects.requireNonNull(id, "id");
        devices = devices == null ? null : List.copyOf(devices);
    }

    /** Whether the request named the user's devices (possibly none). */
    public boolean hasDevices() {
        return devices != null;
    }

    /** Without personal data: the id, name, address and tokens are the caller's data about a person. */
    @Override
    public String toString() {
        return "UserDraft[emailEnabled=" + emailEnabled + ", pushEnabled=" + pushEnabled
                + ", devices=" + (devices == null ? "unchanged" : Integer.toString(devices.size())) + "]";
    }
}
