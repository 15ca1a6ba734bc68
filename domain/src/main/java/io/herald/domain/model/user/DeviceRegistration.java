package io.herald.domain.model.user;

import java.util.Objects;

/** A validated push device as a request names it: its token and platform. */
public record DeviceRegistration(String token, Platform platform) {

    public DeviceRegistration {
        Objects.requireNonNull(token, "token");
        Objects.requireNonNull(platform, "platform");
    }

    /** Never the token: it addresses a person's device. */
    @Override
    public String toString() {
        return "DeviceRegistration[platform=" + platform.wireName() + "]";
    }
}
