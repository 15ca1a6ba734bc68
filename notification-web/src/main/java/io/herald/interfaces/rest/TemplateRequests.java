package io.herald.interfaces.rest;

import io.herald.domain.model.delivery.Channel;
import io.herald.domain.model.notification.EmailRequestParser;
import io.herald.domain.model.notification.FieldError;
import io.herald.domain.model.notification.InvalidNotificationRequestException;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Reads the bodies of {@code POST /api/v1/templates} into a {@link Draft} and of
 * {@code POST /api/v1/templates/{code}/preview} into a {@link Preview}, collecting every field
 * problem at once (400 naming the fields). An email template has {@code subject},
 * {@code body_html}, {@code body_text}; a push template {@code title}, {@code body},
 * {@code data}, {@code image}: the other channel's fields are refused, so a template never
 * carries parts nobody renders.
 */
final class TemplateRequests {

    static final int MAX_PART_LENGTH = 100_000;
    static final int MAX_SUBJECT_LENGTH = 1000;
    static final int MAX_TITLE_LENGTH = 1000;
    static final int MAX_PUSH_BODY_LENGTH = 4000;
    static final int MAX_DATA_ENTRIES = 50;
    static final int MAX_DATA_KEY_LENGTH = 100;
    static final int MAX_DATA_VALUE_LENGTH = 4000;
    static final int MAX_IMAGE_LENGTH = 2048;

    static final Pattern CODE = Pattern.compile("[A-Za-z0-9._-]{1,100}");
    static final Pattern LANGUAGE = Pattern.compile("[a-z]{2,3}(-[A-Za-z0-9]{2,8})?");
    /** Data keys FCM refuses (compared in lower case, to be safe). */
    private static final List<String> RESERVED_KEYS = List.of("from", "notification", "message_type");
    private static final List<String> RESERVED_PREFIXES = List.of("google.", "gcm.");
    private static final List<String> EMAIL_FIELDS = List.of("subject", "body_html", "body_text");
    private static final List<String> PUSH_FIELDS = List.of("title", "body", "data", "image");

    private TemplateRequests() {
    }

    /** A valid template version to publish; the other channel's parts are null. */
    record Draft(String code, String language, Channel channel, String subject, String bodyHtml, String bodyText,
                 String title, String body, Map<String, String> data, String image, String category) {
    }

    /** A template's category: lower-case letters, digits, {@code _} and {@code -}. */
    static final Pattern CATEGORY = io.herald.domain.model.template.Template.CATEGORY;

    /** What to preview a template with: a language and the variables as JSON object text. */
    record Preview(String language, String variablesJson) {
    }

    /**
     * Reads {@code {language = "en", variables = {}}}, with the limits of a notification request
     * (at most {@value EmailRequestParser#MAX_VARIABLES} variables, 64 KiB of JSON).
     *
     * @throws InvalidNotificationRequestException naming every bad field
     */
    static Preview preview(JsonObject json) {
        List<FieldError> errors = new ArrayList<>();
        String language = text(json, "language", false, 16, errors);
        if (language == null && !hasError(errors, "language")) {
            language = "en";
        } else if (language != null && !LANGUAGE.matcher(language).matches()) {
            errors.add(new FieldError("language", "must be a language tag such as \"en\" or \"pt-BR\""));
        }
        JsonValue v = json.get("variables");
        String variablesJson = "{}";
        if (v != null && v.getValueType() != JsonValue.ValueType.NULL) {
            if (!(v instanceof JsonObject variables)) {
                errors.add(new FieldError("variables", "must be a JSON object"));
            } else if (variables.size() > EmailRequestParser.MAX_VARIABLES) {
                errors.add(new FieldError("variables", "must have at most " + EmailRequestParser.MAX_VARIABLES + " entries"));
            } else {
                variablesJson = variables.toString();
                if (variablesJson.length() > EmailRequestParser.MAX_VARIABLES_JSON_LENGTH) {
                    errors.add(new FieldError("variables",
                            "must be at most " + EmailRequestParser.MAX_VARIABLES_JSON_LENGTH + " characters of JSON"));
                }
            }
        }
        if (!errors.isEmpty()) {
            throw new InvalidNotificationRequestException(errors);
        }
        return new Preview(language, variablesJson);
    }

    /** @throws InvalidNotificationRequestException naming every bad field */
    static Draft publish(JsonObject json) {
        List<FieldError> errors = new ArrayList<>();
        String code = text(json, "code", true, 100, errors);
        String language = text(json, "language", false, 16, errors);
        String channelName = text(json, "channel", false, 16, errors);
        if (code != null && !CODE.matcher(code).matches()) {
            errors.add(new FieldError("code", "must be 1..100 characters of letters, digits and ._-"));
        }
        language = language == null ? "en" : language;
        if (!LANGUAGE.matcher(language).matches()) {
            errors.add(new FieldError("language", "must be a language tag such as \"en\" or \"pt-BR\""));
        }
        Channel channel = channelName == null ? Channel.EMAIL
                : Channel.fromWireName(channelName).filter(Channel::isNotificationChannel).orElse(null);
        if (channel == null) {
            if (!hasError(errors, "channel")) {
                errors.add(new FieldError("channel", "must be \"email\" or \"push\""));
            }
            throw new InvalidNotificationRequestException(errors);
        }
        String category = text(json, "category", false, 64, errors);
        if (category != null && !CATEGORY.matcher(category).matches()) {
            errors.add(new FieldError("category", "must be 1..64 lower-case letters, digits, _ and -, e.g. \"newsletter\""));
        }
        Draft draft = channel == Channel.PUSH ? push(json, code, language, errors) : email(json, code, language, errors);
        if (!errors.isEmpty()) {
            throw new InvalidNotificationRequestException(errors);
        }
        return new Draft(draft.code(), draft.language(), draft.channel(), draft.subject(), draft.bodyHtml(), draft.bodyText(),
                draft.title(), draft.body(), draft.data(), draft.image(), category);
    }

    private static Draft email(JsonObject json, String code, String language, List<FieldError> errors) {
        refuse(json, PUSH_FIELDS, "is only for push templates", errors);
        String subject = text(json, "subject", false, MAX_SUBJECT_LENGTH, errors);
        String html = text(json, "body_html", false, MAX_PART_LENGTH, errors);
        String plain = text(json, "body_text", false, MAX_PART_LENGTH, errors);
        if (subject == null && !hasError(errors, "subject")) {
            errors.add(new FieldError("subject", "is required for email templates"));
        } else if (subject != null && (subject.indexOf('\r') >= 0 || subject.indexOf('\n') >= 0)) {
            errors.add(new FieldError("subject", "must be a single line (no CR or LF)"));
        }
        if (html == null && plain == null && !hasError(errors, "body_html") && !hasError(errors, "body_text")) {
            errors.add(new FieldError("body_html", "body_html or body_text is required"));
        }
        return new Draft(code, language, Channel.EMAIL, subject, html, plain, null, null, null, null, null);
    }

    private static Draft push(JsonObject json, String code, String language, List<FieldError> errors) {
        refuse(json, EMAIL_FIELDS, "is only for email templates", errors);
        String title = text(json, "title", true, MAX_TITLE_LENGTH, errors);
        String body = text(json, "body", true, MAX_PUSH_BODY_LENGTH, errors);
        if (title != null && title.isBlank()) {
            errors.add(new FieldError("title", "must not be blank"));
        }
        if (body != null && body.isBlank()) {
            errors.add(new FieldError("body", "must not be blank"));
        }
        Map<String, String> data = data(json, errors);
        String image = text(json, "image", false, MAX_IMAGE_LENGTH, errors);
        if (image != null && !isHttpsUrlTemplate(image)) {
            errors.add(new FieldError("image", "must be an absolute https URL (it may contain {{variables}}),"
                    + " without spaces or control characters"));
        }
        return new Draft(code, language, Channel.PUSH, null, null, null, title, body, data, image, null);
    }

    /** Absolute https URL template text: {@code https://} and more, no whitespace or controls. */
    static boolean isHttpsUrlTemplate(String text) {
        if (!text.regionMatches(true, 0, "https://", 0, 8) || text.length() == 8) {
            return false;
        }
        return text.codePoints().noneMatch(c -> Character.isWhitespace(c) || Character.isISOControl(c));
    }

    private static Map<String, String> data(JsonObject json, List<FieldError> errors) {
        JsonValue v = json.get("data");
        if (v == null || v.getValueType() == JsonValue.ValueType.NULL) {
            return null;
        }
        if (!(v instanceof JsonObject o)) {
            errors.add(new FieldError("data", "must be a JSON object of string values"));
            return null;
        }
        if (o.size() > MAX_DATA_ENTRIES) {
            errors.add(new FieldError("data", "must have at most " + MAX_DATA_ENTRIES + " entries"));
            return null;
        }
        Map<String, String> data = new LinkedHashMap<>();
        for (Map.Entry<String, JsonValue> e : o.entrySet()) {
            String key = e.getKey();
            String field = "data." + (key.length() > MAX_DATA_KEY_LENGTH ? key.substring(0, MAX_DATA_KEY_LENGTH) + "…" : key);
            if (key.isEmpty() || key.length() > MAX_DATA_KEY_LENGTH) {
                errors.add(new FieldError(field, "keys must be 1.." + MAX_DATA_KEY_LENGTH + " characters"));
            } else if (isReservedKey(key)) {
                errors.add(new FieldError(field, "is reserved by FCM (from, notification, message_type, google.*, gcm.*)"));
            }
            if (!(e.getValue() instanceof JsonString s)) {
                errors.add(new FieldError(field, "must be a string"));
            } else if (s.getString().length() > MAX_DATA_VALUE_LENGTH) {
                errors.add(new FieldError(field, "must be at most " + MAX_DATA_VALUE_LENGTH + " characters"));
            } else {
                data.put(key, s.getString());
            }
        }
        return data;
    }

    static boolean isReservedKey(String key) {
        String lower = key.toLowerCase(Locale.ROOT);
        return RESERVED_KEYS.contains(lower) || RESERVED_PREFIXES.stream().anyMatch(lower::startsWith);
    }

    private static void refuse(JsonObject json, List<String> fields, String message, List<FieldError> errors) {
        for (String field : fields) {
            JsonValue v = json.get(field);
            if (v != null && v.getValueType() != JsonValue.ValueType.NULL) {
                errors.add(new FieldError(field, message));
            }
        }
    }

    static boolean hasError(List<FieldError> errors, String field) {
        return errors.stream().anyMatch(e -> e.field().equals(field));
    }

    static String text(JsonObject json, String field, boolean required, int max, List<FieldError> errors) {
        JsonValue v = json.get(field);
        if (v == null || v.getValueType() == JsonValue.ValueType.NULL) {
            if (required) {
                errors.add(new FieldError(field, "is required"));
            }
            return null;
        }
        if (!(v instanceof JsonString s)) {
            errors.add(new FieldError(field, "must be a string"));
            return null;
        }
        if (s.getString().length() > max) {
            errors.add(new FieldError(field, "must be at most " + max + " characters"));
            return null;
        }
        return s.getString();
    }
}
