package io.herald.application;

import java.util.List;

/** PLACEHOLDER until the user directory lands. */
public record UserProfile(String id, String email, String language, String timezone, boolean emailEnabled,
                          boolean pushEnabled, List<DeviceView> devices) {
}
