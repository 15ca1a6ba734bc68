package io.herald.domain.model.notification;

import io.herald.domain.model.delivery.Channel;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Turns a JSON request body (DESIGN.md §7) into an {@link EmailRequest}, collecting every field
 * problem at once so the caller can fix them all in one go. Unknown fields are ignored, so
 * clients can be newer than the server.
 */
public final class EmailRequestParser {

    public static final int MAX_REQUEST_ID_LENGTH = 255;
    public static final int MAX_USER_ID_LENGTH = 255;
    public static final int MAX_TEMPLATE_CODE_LENGTH = 100;
    public static final int MAX_CORRELATION_ID_LENGTH = 128;
    public static final int MAX_VARIABLES_JSON_LENGTH = 64 * 1024;
    public static final int MAX_VARIABLES = 100;
    public static final int MAX_METADATA_JSON_LENGTH = 8 * 1024;
    public static final int MAX_CALLBACK_URL_LENGTH = 2048;
    /** How far ahead {@code send_at} may be unless configured otherwise ({@code herald.send-at.horizon-days}). */
    public static final Duration DEFAULT_SEND_AT_HORIZON = Duration.ofDays(365);

    private static final Pattern REQUEST_ID = Pattern.compile("[A-Za-z0-9._:@/+=-]+");
    private static final Pattern TEMPLATE_CODE = Pattern.compile("[A-Za-z0-9._-]+");
    private static final Pattern LANGUAGE = Pattern.compile("[a-z]{2,3}(-[A-Za-z0-9]{2,8})?");
    private static final Pattern PRINTABLE = Pattern.compile("[\\x21-\\x7E]+");

    private EmailRequestParser() {
    }

    /**
     * @param body           the parsed JSON body
     * @param idempotencyKey value of the {@code Idempotency-Key} header, or null
     * @param correlationHeader value of the {@code X-Correlation-ID} header, or null
     * @throws InvalidNotificationRequestException naming every bad field
     */
    public static EmailRequest parse(JsonObject body, String idempotencyKey, String correlationHeader) {
        return parse(body, idempotencyKey, correlationHeader, Instant.now(), DEFAULT_SEND_AT_HORIZON);
    }

    /**
     * As {@link #parse(JsonObject, String, String)}, with {@code send_at} checked against
     * {@code now}: at most {@code sendAtHorizon} ahead, and not before 1970.
     */
    public static EmailRequest parse(JsonObject body, String idempotencyKey, String correlationHeader,
                                     Instant now, Duration sendAtHorizon) {
        List<FieldError> errors = new ArrayList<>();

        String type = string(body, "notification_type", errors);
        Channel channel = type == null ? null : Channel.fromWireName(type).filter(Channel::isNotificationChannel).orElse(null);
        if (type == null && !hasError(errors, "notification_type")) {
            errors.add(new FieldError("notification_type", "is required; use \"email\" or \"push\""));
        } else if (type != null && channel == null) {
            errors.add(new FieldError("notification_type", "must be \"email\" or \"push\""));
        }

        String requestId = string(body, "request_id", errors);
        if (requestId == null && idempotencyKey != null && !idempotencyKey.isBlank()) {
            requestId = idempotencyKey.strip();
        } else if (requestId != null && idempotencyKey != null && !idempotencyKey.strip().equals(requestId)) {
            errors.add(new FieldError("request_id", "differs from the Idempotency-Key header"));
        }
        if (requestId == null) {
            if (!hasError(errors, "request_id")) {
                errors.add(new FieldError("request_id", "is required (or send an Idempotency-Key header)"));
            }
        } else {
            checkRequestId(requestId, "request_id", errors);
        }

        String userId = string(body, "user_id", errors);
        checkUserId(userId, "user_id", errors);

        String to = string(body, "to", errors);
        checkAddress(to, "to", errors);

        String templateCode = string(body, "template_code", errors);
        if (templateCode == null) {
            if (!hasError(errors, "template_code")) {
                errors.add(new FieldError("template_code", "is required"));
            }
        } else if (templateCode.length() > MAX_TEMPLATE_CODE_LENGTH || !TEMPLATE_CODE.matcher(templateCode).matches()) {
            errors.add(new FieldError("template_code",
                    "must be 1.." + MAX_TEMPLATE_CODE_LENGTH + " characters of letters, digits and ._-"));
        }

        String language = string(body, "language", errors);
        if (language != null && !LANGUAGE.matcher(language).matches()) {
            errors.add(new FieldError("language", "must be a language tag such as \"en\" or \"pt-BR\""));
        }

        JsonObject variables = object(body, "variables", errors);
        String variablesJson = variables == null ? "{}" : CanonicalJson.write(variables);
        checkVariables(variables == null ? 0 : variables.size(), variablesJson, "variables", errors);

        int priority = EmailRequest.DEFAULT_PRIORITY;
        JsonValue priorityValue = present(body, "priority");
        if (priorityValue != null) {
            if (priorityValue instanceof JsonNumber n && n.isIntegral()
                    && n.bigDecimalValue().compareTo(java.math.BigDecimal.ONE) >= 0
                    && n.bigDecimalValue().compareTo(java.math.BigDecimal.TEN) <= 0) {
                priority = n.intValue();
            } else {
                errors.add(new FieldError("priority", "must be an integer from 1 (lowest) to 10 (highest)"));
            }
        }

        OffsetDateTime sendAt = null;
        String sendAtText = string(body, "send_at", errors);
        if (sendAtText != null) {
            try {
                sendAt = OffsetDateTime.parse(sendAtText);
                Instant at = sendAt.toInstant();
                if (at.isBefore(Instant.EPOCH)) {
                    errors.add(new FieldError("send_at", "is out of range: must not be before 1970-01-01T00:00:00Z"));
                    sendAt = null;
                } else if (at.isAfter(now.plus(sendAtHorizon))) {
                    errors.add(new FieldError("send_at", "must be at most " + sendAtHorizon.toDays()
                            + " days ahead (at most " + now.plus(sendAtHorizon).truncatedTo(ChronoUnit.SECONDS) + ")"));
                    sendAt = null;
                }
            } catch (DateTimeParseException | ArithmeticException e) {
                errors.add(new FieldError("send_at", "must be an ISO-8601 date-time with offset, e.g. 2025-11-13T10:30:00Z"));
            }
        }

        JsonObject metadata = object(body, "metadata", errors);
        String correlationId = null;
        if (metadata != null) {
            JsonValue cid = metadata.get("correlation_id");
            if (cid != null && cid.getValueType() != JsonValue.ValueType.NULL) {
                if (cid instanceof JsonString s) {
                    correlationId = s.getString();
                } else {
                    errors.add(new FieldError("metadata.correlation_id", "must be a string"));
                }
            }
        }
        if (correlationId == null && correlationHeader != null && !correlationHeader.isBlank()) {
            correlationId = correlationHeader.strip();
        }
        if (correlationId != null && (correlationId.length() > MAX_CORRELATION_ID_LENGTH || !PRINTABLE.matcher(correlationId).matches())) {
            errors.add(new FieldError("metadata.correlation_id",
                    "must be 1.." + MAX_CORRELATION_ID_LENGTH + " printable characters without spaces"));
        }
        String metadataJson = metadata == null ? null : CanonicalJson.write(metadata);
        if (metadataJson != null && metadataJson.length() > MAX_METADATA_JSON_LENGTH) {
            errors.add(new FieldError("metadata", "must be at most " + MAX_METADATA_JSON_LENGTH + " characters of JSON"));
        }

        String callbackUrl = string(body, "callback_url", errors);
        checkCallbackUrl(callbackUrl, errors);

        if (channel == Channel.PUSH) {
            if (to != null) {
                errors.add(new FieldError("to", "is not used for push: the devices come from the user's profile (user_id)"));
            }
            if (userId == null && !hasError(errors, "user_id")) {
                errors.add(new FieldError("user_id", "is required for push"));
            }
        } else if (to == null && userId == null && !hasError(errors, "to") && !hasError(errors, "user_id")) {
            errors.add(new FieldError("to", "is required when user_id is absent"));
        }

        if (!errors.isEmpty()) {
            throw new InvalidNotificationRequestException(errors);
        }
        // with an address, no language means "en" (as before users existed, so the fingerprints of
        // requests stored then still match); without one, it means "the user's language"
        String languageKey = to != null && language == null ? EmailRequest.DEFAULT_LANGUAGE : nz(language);
        String fingerprint = sha256(String.join("\u0000", channel.wireName(), nz(userId), nz(to), templateCode, languageKey,
                variablesJson, Integer.toString(priority), sendAt == null ? "" : sendAt.toInstant().toString(),
                nz(metadataJson), nz(callbackUrl)));
        return new EmailRequest(channel, requestId, userId, to, templateCode, language, variablesJson, priority,
                sendAt, correlationId, metadataJson, callbackUrl, fingerprint);
    }

    /* The rules for single fields, shared with {@link BatchRequestParser}; each adds an error under {@code field}. */

    static void checkRequestId(String requestId, String field, List<FieldError> errors) {
        if (requestId != null && (requestId.length() > MAX_REQUEST_ID_LENGTH || !REQUEST_ID.matcher(requestId).matches())) {
            errors.add(new FieldError(field, "must be 1.." + MAX_REQUEST_ID_LENGTH + " characters of letters, digits and ._:@/+=-"));
        }
    }

    static void checkUserId(String userId, String field, List<FieldError> errors) {
        if (userId != null && (userId.isEmpty() || userId.length() > MAX_USER_ID_LENGTH || !PRINTABLE.matcher(userId).matches())) {
            errors.add(new FieldError(field, "must be 1.." + MAX_USER_ID_LENGTH + " printable characters without spaces"));
        }
    }

    static void checkAddress(String to, String field, List<FieldError> errors) {
        if (to != null && !EmailAddresses.isValid(to)) {
            errors.add(new FieldError(field, "must be a valid email address of at most " + EmailAddresses.MAX_LENGTH + " characters"));
        }
    }

    static void checkVariables(int entries, String variablesJson, String field, List<FieldError> errors) {
        if (entries > MAX_VARIABLES) {
            errors.add(new FieldError(field, "must have at most " + MAX_VARIABLES + " entries"));
        } else if (variablesJson.length() > MAX_VARIABLES_JSON_LENGTH) {
            errors.add(new FieldError(field, "must be at most " + MAX_VARIABLES_JSON_LENGTH + " characters of JSON"));
        }
    }

    static void checkCallbackUrl(String callbackUrl, List<FieldError> errors) {
        if (callbackUrl != null && !isHttpUrl(callbackUrl)) {
            errors.add(new FieldError("callback_url", "must be an absolute http(s) URL of at most " + MAX_CALLBACK_URL_LENGTH + " characters"));
        }
    }

    private static boolean isHttpUrl(String text) {
        if (text.length() > MAX_CALLBACK_URL_LENGTH) {
            return false;
        }
        try {
            java.net.URI uri = new java.net.URI(text);
            return uri.isAbsolute() && uri.getHost() != null
                    && ("http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme()));
        } catch (java.net.URISyntaxException e) {
            return false;
        }
    }

    static boolean hasError(List<FieldError> errors, String field) {
        return errors.stream().anyMatch(e -> e.field().equals(field));
    }

    static JsonValue present(JsonObject body, String field) {
        JsonValue v = body.get(field);
        return v == null || v.getValueType() == JsonValue.ValueType.NULL ? null : v;
    }

    static String string(JsonObject body, String field, List<FieldError> errors) {
        JsonValue v = present(body, field);
        if (v == null) {
            return null;
        }
        if (v instanceof JsonString s) {
            return s.getString();
        }
        errors.add(new FieldError(field, "must be a string"));
        return null;
    }

    static JsonObject object(JsonObject body, String field, List<FieldError> errors) {
        JsonValue v = present(body, field);
        if (v == null) {
            return null;
        }
        if (v instanceof JsonObject o) {
            return o;
        }
        errors.add(new FieldError(field, "must be a JSON object"));
        return null;
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }

    static String sha256(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every JDK", e);
        }
    }
}
