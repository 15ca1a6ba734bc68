package io.herald.application;

import io.herald.domain.model.user.Device;
import io.herald.domain.model.user.Platform;
import java.time.OffsetDateTime;

/**
 * A user's push device as the API and the delivery core see it. The token addresses a person's
 * device: {@link #toString()} leaves it out, so a view can be logged by mistake without harm.
 */
public record DeviceView(String token, Platform platform, OffsetDateTime createdAt, OffsetDateTime lastSeenAt) {

    static DeviceView of(Device device) {
        return new DeviceView(device.getToken(), device.getPlatform(), device.getCreatedAt(), device.getLastSeenAt());
    }

    @Override
    public String toString() {
        return "DeviceView[platform=" + platform.wireName() + ", createdAt=" + createdAt + ", lastSeenAt=" + lastSeenAt + "]";
    }
}
