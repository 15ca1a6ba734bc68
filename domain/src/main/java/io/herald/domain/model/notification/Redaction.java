package io.herald.domain.model.notification;

import jakarta.json.JsonArray;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.spi.JsonProvider;
import java.io.StringReader;
import java.util.Locale;
import java.util.Optional;

/**
 * Rules for removing personal data from notifications (retention and erasure on request).
 *
 * <p>Redacting a notification clears everything that is, or may be, about the person it was
 * sent to: the recipient address ({@code to_email}), the caller's {@code user_id} for that
 * person, the template {@code variables}, the caller's {@code metadata} and the
 * {@code callback_url} (it may carry tokens). It keeps what the status API and idempotency
 * need: ids, {@code request_id}, {@code request_hash}, {@code correlation_id}, template, status,
 * attempts, timestamps and the delivery events, whose details are written address-free and are
 * passed through {@link #ADDRESS_PATTERN} once more.
 */
public final class Redaction {

    /** Looked up once: {@code jakarta.json.Json}'s factories look the provider up per call. */
    private static final JsonProvider JSON = JsonProvider.provider();

    /**
     * Anything that looks like an email address in free text (SMTP replies quote them); the
     * same expression the mail module uses before a reply reaches a log line or the database.
     * Valid as a Java and as a PostgreSQL (ARE) regular expression.
     */
    public static final String ADDRESS_PATTERN = "[^\\s<>\"'@,;:()\\[\\]]+@[^\\s<>\"',;:()\\[\\]]+";

    /** Characters that may stand right before an address's local part and extend it. */
    private static final String LOCAL_CHARS = "abcdefghijklmnopqrstuvwxyz0123456789!#$%&'*+/=?^_`{|}~-.";

    private Redaction() {
    }

    /**
     * The form in which erasure compares an address: valid by the same rules as a request's
     * {@code to} ({@link EmailAddresses#isValid}), then lower-cased as a whole. Mail systems
     * treat the domain case-insensitively and, in practice, the local part too (RFC 5321 only
     * discourages relying on its case), so for erasure {@code John@Example.com} and
     * {@code john@example.com} are the same person. Empty when the address is not valid.
     */
    public static Optional<String> erasureKey(String address) {
        if (!EmailAddresses.isValid(address)) {
            return Optional.empty();
        }
        return Optional.of(address.toLowerCase(Locale.ROOT));
    }

    /** Whether a stored recipient is the address of an erasure key. */
    public static boolean isRecipient(String toEmail, String key) {
        return toEmail != null && toEmail.toLowerCase(Locale.ROOT).equals(key);
    }

    /**
     * Whether a JSON document (variables or metadata) names the address anywhere: as a string
     * value or a key at any depth, alone or inside text ({@code "mailto:john@example.com"},
     * {@code "John <john@example.com>"}), compared case-insensitively. A longer address that
     * merely contains it ({@code ajohn@example.com}, {@code john@example.com.au}) is not a
     * match. Text that is not JSON is searched as it is.
     */
    public static boolean mentions(String json, String key) {
        if (json == null || json.isEmpty() || key == null || key.isEmpty()) {
            return false;
        }
        try (var reader = JSON.createReader(new StringReader(json))) {
            return mentions(reader.readValue(), key);
        } catch (JsonException e) {
            return true; // not JSON, and the text contains it
        }
    }

    private static boolean mentions(JsonValue value, String key) {
        if (value instanceof JsonString s) {
            return containsToken(s.getString().toLowerCase(Locale.ROOT), key);
        }
        if (value instanceof JsonObject o) {
            for (var entry : o.entrySet()) {
                if (containsToken(entry.getKey().toLowerCase(Locale.ROOT), key) || mentions(entry.getValue(), key)) {
                    return true;
                }
            }
            return false;
        }
        if (value instanceof JsonArray a) {
            for (JsonValue item : a) {
                if (mentions(item, key)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** {@code key} occurs in the (lower-cased) text as a whole address, not part of a longer one. */
    static boolean containsToken(String text, String key) {
        for (int at = text.indexOf(key); at >= 0; at = text.indexOf(key, at + 1)) {
            int end = at + key.length();
            boolean startsClean = at == 0 || LOCAL_CHARS.indexOf(text.charAt(at - 1)) < 0;
            boolean endsClean = end == text.length() || !(isDomainChar(text.charAt(end))
                    || text.charAt(end) == '.' && end + 1 < text.length() && isDomainChar(text.charAt(end + 1)));
            if (startsClean && endsClean) {
                return true;
            }
        }
        return false;
    }

    private static boolean isDomainChar(char c) {
        return c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-';
    }

    /**
     * A short, stable reference to an erasure key for the audit log, which must not contain the
     * address itself: the first 12 hex digits of its SHA-256. It lets an auditor confirm that a
     * given address was erased, without the log revealing it.
     */
    public static String auditReference(String key) {
        return "sha256:" + EmailRequestParser.sha256(key).substring(0, 12);
    }
}
