package io.herald.application;

import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Title, body, data and image of a push notification after its template has been applied.
 * {@code data} keeps the template's key order and is never null (empty without data);
 * {@code image} is null when the template has none. Never logged: {@link #toString()} withholds
 * the content.
 */
public record RenderedPush(String title, String body, Map<String, String> data, String image) {

    public RenderedPush {
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(body, "body");
        data = data == null || data.isEmpty() ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(data));
    }

    /**
     * The UTF-8 size in bytes of everything the message carries: title, body, every data key
     * and value, and the image URL. FCM refuses a message whose payload exceeds 4096 bytes; the
     * sender compares this with its limit before sending.
     */
    public int payloadBytes() {
        int bytes = utf8(title) + utf8(body) + utf8(image);
        for (Map.Entry<String, String> e : data.entrySet()) {
            bytes += utf8(e.getKey()) + utf8(e.getValue());
        }
        return bytes;
    }

    private static int utf8(String s) {
        return s == null ? 0 : s.getBytes(StandardCharsets.UTF_8).length;
    }

    @Override
    public String toString() {
        return "RenderedPush[title, body, " + data.size() + " data entries and image withheld]";
    }
}
