package io.herald.application;

import io.herald.domain.model.user.Device;
import io.herald.domain.model.user.User;
import java.time.OffsetDateTime;
import java.util.List;

/**
 * A user of the directory as the users API shows it. Everything but the owner, the preferences
 * and the times is personal data, so {@link #toString()} leaves it out.
 */
public record UserView(String owner, String id, String name, String email, String language, String timezone,
                       boolean emailEnabled, boolean pushEnabled, List<DeviceView> devices,
                       OffsetDateTime createdAt, OffsetDateTime updatedAt) {

    public UserView {
        devices = List.copyOf(devices);
    }

    static UserView of(User user, List<Device> devices) {
        return new UserView(user.getOwner(), user.getId(), user.getName(), user.getEmail(), user.getLanguage(),
                user.getTimezone(), user.isEmailEnabled(), user.isPushEnabled(), devices.stream().map(DeviceView::of).toList(),
                user.getCreatedAt(), user.getUpdatedAt());
    }

    @Override
    public String toString() {
        return "UserView[owner=" + owner + ", emailEnabled=" + emailEnabled + ", pushEnabled=" + pushEnabled
                + ", devices=" + devices.size() + "]";
    }
}
