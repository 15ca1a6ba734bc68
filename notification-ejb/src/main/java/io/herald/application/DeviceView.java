package io.herald.application;

/** PLACEHOLDER until the user directory lands. */
public record DeviceView(String token, String platform) {
}
