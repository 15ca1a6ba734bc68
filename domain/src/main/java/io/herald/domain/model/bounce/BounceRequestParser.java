package io.herald.domain.model.bounce;

import io.herald.domain.model.notification.EmailAddresses;
import io.herald.domain.model.notification.FieldError;
import io.herald.domain.model.notification.InvalidNotificationRequestException;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The body of {@code POST /api/v1/webhooks/bounces}, for providers other than SES:
 * {@code {address, type: hard|soft|complaint, diagnostic?, notification_id?}}. Every bad field
 * is named; unknown fields are refused so that a typo ({@code "adress"}) is not silently ignored.
 */
public final class BounceRequestParser {

    private static final Set<String> FIELDS = Set.of("address", "type", "diagnostic", "notification_id");
    static final int MAX_DIAGNOSTIC_INPUT = 2000;

    private BounceRequestParser() {
    }

    /** @throws InvalidNotificationRequestException naming every bad field */
    public static BounceReport parse(JsonObject json) {
        List<FieldError> errors = new ArrayList<>();
        for (String name : json.keySet()) {
            if (!FIELDS.contains(name)) {
                errors.add(new FieldError(name, "is not a field of a bounce report (address, type, diagnostic, notification_id)"));
            }
        }
        String address = string(json, "address", errors);
        if (address == null) {
            if (errors.stream().noneMatch(e -> e.field().equals("address"))) {
                errors.add(new FieldError("address", "is required"));
            }
        } else if (!EmailAddresses.isValid(address)) {
            errors.add(new FieldError("address", "must be a valid email address"));
        }
        String typeText = string(json, "type", errors);
        BounceKind kind = null;
        if (typeText == null) {
            if (errors.stream().noneMatch(e -> e.field().equals("type"))) {
                errors.add(new FieldError("type", "is required: hard, soft or complaint"));
            }
        } else {
            try {
                kind = BounceKind.valueOf(typeText.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                errors.add(new FieldError("type", "must be hard, soft or complaint"));
            }
        }
        String diagnostic = string(json, "diagnostic", errors);
        if (diagnostic != null && diagnostic.length() > MAX_DIAGNOSTIC_INPUT) {
            errors.add(new FieldError("diagnostic", "must be at most " + MAX_DIAGNOSTIC_INPUT + " characters"));
        }
        Long notificationId = notificationId(json.get("notification_id"), errors);
        if (!errors.isEmpty()) {
            throw new InvalidNotificationRequestException(errors);
        }
        return new BounceReport(kind, List.of(address), diagnostic, notificationId, "webhook");
    }

    private static Long notificationId(JsonValue v, List<FieldError> errors) {
        if (v == null || v.getValueType() == JsonValue.ValueType.NULL) {
            return null;
        }
        String text = v instanceof JsonNumber n ? n.toString() : v instanceof JsonString s ? s.getString() : null;
        if (text != null && text.matches("[1-9][0-9]{0,17}")) {
            return Long.parseLong(text);
        }
        errors.add(new FieldError("notification_id", "must be a notification id (a positive integer, the X-Notification-Id of the mail)"));
        return null;
    }

    private static String string(JsonObject json, String field, List<FieldError> errors) {
        JsonValue v = json.get(field);
        if (v == null || v.getValueType() == JsonValue.ValueType.NULL) {
            return null;
        }
        if (v instanceof JsonString s) {
            return s.getString();
        }
        errors.add(new FieldError(field, "must be a string"));
        return null;
    }
}
