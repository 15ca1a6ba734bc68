package io.herald.interfaces.security;

import io.herald.application.UnsubscribeLinks;
import io.herald.domain.model.suppression.UnsubscribeToken;
import java.io.ByteArrayOutputStream;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Optional;

/**
 * Which request paths answer without a key. Deny by default: only the canonical spellings of
 * the open paths are open ({@code /health/live} and {@code /health/ready}, the one-click
 * unsubscribe links {@code /unsubscribe/<token>} with a token of the token alphabet and
 * lengths ({@link UnsubscribeToken#looksLikeToken}), the SES webhook {@code /api/v1/webhooks/ses} (a servlet)
 * (every message is checked by its SNS signature), plus {@code /metrics} and {@code /openapi}
 * when telemetry is configured public). The decision is
 * made on the normalised path (path parameters removed, percent-escapes decoded, empty and dot
 * segments resolved); a path whose normalised form differs from what was sent ({@code //metrics},
 * {@code /metrics;x}, {@code /%6detrics}, {@code /health/live/../../metrics}) is not canonical
 * and is never open, so no second spelling of a path can reach it without a key, whatever the
 * container makes of it.
 */
public final class RequestPaths {

    private static final List<String> HEALTH = List.of("/health/live", "/health/ready");
    /** Authenticated by each message's SNS signature instead of a key (SNS cannot send one). */
    private static final String SES_WEBHOOK = "/api/v1/webhooks/ses";
    private static final List<String> TELEMETRY = List.of("/metrics", "/openapi");

    private RequestPaths() {
    }

    /**
     * @param rawPath         the request URI as sent, without the context path and query
     * @param publicTelemetry whether {@code /metrics} and {@code /openapi} (and below) are open
     */
    public static boolean isOpen(String rawPath, boolean publicTelemetry) {
        Optional<String> normalised = normalise(rawPath);
        if (normalised.isEmpty() || !normalised.get().equals(rawPath)) {
            return false;
        }
        String path = normalised.get();
        if (HEALTH.contains(path) || path.equals(SES_WEBHOOK) || isUnsubscribeLink(path)) {
            return true;
        }
        return publicTelemetry && TELEMETRY.stream().anyMatch(root -> path.equals(root) || path.startsWith(root + "/"));
    }

    /** {@code /unsubscribe/<token>}: the page and one-click endpoint of an unsubscribe link, nothing below or beside it. */
    private static boolean isUnsubscribeLink(String path) {
        return path.startsWith(UnsubscribeLinks.PATH) && UnsubscribeToken.looksLikeToken(path.substring(UnsubscribeLinks.PATH.length()));
    }

    /**
     * The path a container could serve for this raw path: each segment without its
     * {@code ;parameters}, percent-decoded (UTF-8), empty and {@code .} segments dropped,
     * {@code ..} resolved. Empty when the path is malformed (bad escape, invalid UTF-8, an
     * encoded {@code /} or {@code \}, control characters, or {@code ..} above the root).
     */
    public static Optional<String> normalise(String rawPath) {
        if (rawPath == null || rawPath.isEmpty() || rawPath.charAt(0) != '/') {
            return Optional.empty();
        }
        Deque<String> segments = new ArrayDeque<>();
        for (String segment : rawPath.substring(1).split("/", -1)) {
            int semicolon = segment.indexOf(';');
            String decoded = decode(semicolon < 0 ? segment : segment.substring(0, semicolon));
            if (decoded == null) {
                return Optional.empty();
            }
            if (decoded.isEmpty() || decoded.equals(".")) {
                continue;
            }
            if (decoded.equals("..")) {
                if (segments.isEmpty()) {
                    return Optional.empty();
                }
                segments.removeLast();
                continue;
            }
            segments.addLast(decoded);
        }
        String path = "/" + String.join("/", segments);
        // a trailing slash is part of what was sent: keep it so that "/metrics/" is not "/metrics"
        if (rawPath.endsWith("/") && !segments.isEmpty()) {
            path += "/";
        }
        return Optional.of(path);
    }

    private static String decode(String segment) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(segment.length());
        for (int i = 0; i < segment.length(); i++) {
            char c = segment.charAt(i);
            if (c == '%') {
                if (i + 2 >= segment.length()) {
                    return null;
                }
                int hi = Character.digit(segment.charAt(i + 1), 16);
                int lo = Character.digit(segment.charAt(i + 2), 16);
                if (hi < 0 || lo < 0) {
                    return null;
                }
                bytes.write(hi * 16 + lo);
                i += 2;
            } else if (c > 0x7E) {
                return null; // a raw request line is ASCII
            } else {
                bytes.write(c);
            }
        }
        try {
            String text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes.toByteArray())).toString();
            for (int i = 0; i < text.length(); i++) {
                char c = text.charAt(i);
                if (c == '/' || c == '\\' || c < 0x20 || c == 0x7F) {
                    return null;
                }
            }
            return text;
        } catch (CharacterCodingException e) {
            return null;
        }
    }
}
