package io.herald.infrastructure.push;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One push message for one device: its registration token, the notification's title, body and
 * image URL (each optional; without any of them the message is data-only) and string data for
 * the app. Everything here is personal data: {@link #toString()} shows lengths only.
 */
public record FcmMessage(String token, String title, String body, Map<String, String> data, String image) {

    public FcmMessage {
        if (token == null || token.isBlank()) {
            throw new IllegalArgumentException("device token is missing");
        }
        if (data == null || data.isEmpty()) {
            data = Map.of();
        } else {
            Map<String, String> copy = new LinkedHashMap<>();
            for (Map.Entry<String, String> entry : data.entrySet()) {
                if (entry.getKey() == null || entry.getValue() == null) {
                    throw new IllegalArgumentException("data keys and values must not be null");
                }
                copy.put(entry.getKey(), entry.getValue());
            }
            data = Collections.unmodifiableMap(copy);
        }
        if (image != null && image.isBlank()) {
            image = null;
        }
    }

    /** A notification without data or image. */
    public FcmMessage(String token, String title, String body) {
        this(token, title, body, Map.of(), null);
    }

    /** Lengths only: tokens, titles, bodies and data are personal data. */
    @Override
    public String toString() {
        return "FcmMessage[token=" + length(token) + ", title=" + length(title) + ", body=" + length(body)
                + ", data=" + data.size() + " entries, image=" + length(image) + "]";
    }

    private static String length(String text) {
        return text == null ? "none" : text.length() + " chars";
    }
}
