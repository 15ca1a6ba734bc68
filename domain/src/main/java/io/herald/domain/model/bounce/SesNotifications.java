package io.herald.domain.model.bounce;

import jakarta.json.JsonArray;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.spi.JsonProvider;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads the {@code Message} of an SNS notification from Amazon SES: a {@code Bounce} or a
 * {@code Complaint} (the {@code notificationType} of identity notifications, or the
 * {@code eventType} of configuration-set event publishing) becomes a {@link BounceReport}; any
 * other type ({@code Delivery}, {@code Send}, {@code Open}...) is not Herald's business and reads
 * as empty.
 *
 * <ul>
 *   <li>{@code bounce.bounceType} {@code Permanent} → {@link BounceKind#HARD}; {@code Transient}
 *       and {@code Undetermined} → {@link BounceKind#SOFT}; the addresses are
 *       {@code bounce.bouncedRecipients[].emailAddress}, the diagnostic the first recipient's
 *       {@code status} and {@code diagnosticCode}, or the bounce subtype.</li>
 *   <li>{@code Complaint} → {@link BounceKind#COMPLAINT} for
 *       {@code complaint.complainedRecipients[].emailAddress}, with the feedback type.</li>
 *   <li>The notification is the original mail's {@code X-Notification-Id} header, when SES
 *       included the headers ({@code mail.headers}).</li>
 * </ul>
 */
public final class SesNotifications {

    private static final JsonProvider JSON = JsonProvider.provider();
    /** SES lists at most 50 recipients per message; more is not SES. */
    static final int MAX_RECIPIENTS = 100;

    private SesNotifications() {
    }

    /** @throws InvalidSnsMessageException when the message is not an SES notification */
    public static Optional<BounceReport> parse(String message) {
        JsonObject json;
        try (var reader = JSON.createReader(new StringReader(message))) {
            JsonValue value = reader.readValue();
            if (!(value instanceof JsonObject o)) {
                throw new InvalidSnsMessageException("the Message is not an SES notification (not a JSON object)");
            }
            json = o;
        } catch (JsonException e) {
            throw new InvalidSnsMessageException("the Message is not an SES notification (not JSON)");
        }
        String type = string(json, "notificationType").or(() -> string(json, "eventType"))
                .orElseThrow(() -> new InvalidSnsMessageException("the Message has no notificationType or eventType"));
        Long notificationId = notificationId(json);
        return switch (type) {
            case "Bounce" -> Optional.of(bounce(object(json, "bounce"), notificationId));
            case "Complaint" -> Optional.of(complaint(object(json, "complaint"), notificationId));
            default -> Optional.empty();
        };
    }

    private static BounceReport bounce(JsonObject bounce, Long notificationId) {
        String bounceType = string(bounce, "bounceType").orElseThrow(() -> new InvalidSnsMessageException("bounce.bounceType is required"));
        BounceKind kind = "Permanent".equals(bounceType) ? BounceKind.HARD : BounceKind.SOFT;
        JsonArray recipients = array(bounce, "bouncedRecipients");
        List<String> addresses = addresses(recipients, "bounce.bouncedRecipients");
        String diagnostic = null;
        if (!recipients.isEmpty() && recipients.get(0) instanceof JsonObject first) {
            String status = string(first, "status").orElse(null);
            String code = string(first, "diagnosticCode").orElse(null);
            diagnostic = status == null ? code : code == null ? status : status + " " + code;
        }
        if (diagnostic == null) {
            diagnostic = bounceType + string(bounce, "bounceSubType").map(s -> "/" + s).orElse("");
        }
        return new BounceReport(kind, addresses, diagnostic, notificationId, "ses");
    }

    private static BounceReport complaint(JsonObject complaint, Long notificationId) {
        List<String> addresses = addresses(array(complaint, "complainedRecipients"), "complaint.complainedRecipients");
        String feedback = string(complaint, "complaintFeedbackType").map(f -> "feedback type " + f).orElse(null);
        return new BounceReport(BounceKind.COMPLAINT, addresses, feedback, notificationId, "ses");
    }

    private static List<String> addresses(JsonArray recipients, String field) {
        if (recipients.size() > MAX_RECIPIENTS) {
            throw new InvalidSnsMessageException(field + " lists more than " + MAX_RECIPIENTS + " recipients");
        }
        List<String> out = new ArrayList<>();
        for (JsonValue r : recipients) {
            if (r instanceof JsonObject o) {
                string(o, "emailAddress").ifPresent(out::add);
            }
        }
        return out;
    }

    /** The original mail's {@code X-Notification-Id}, when SES included its headers. */
    private static Long notificationId(JsonObject json) {
        if (!(json.get("mail") instanceof JsonObject mail) || !(mail.get("headers") instanceof JsonArray headers)) {
            return null;
        }
        for (JsonValue h : headers) {
            if (h instanceof JsonObject header && string(header, "name").filter("X-Notification-Id"::equalsIgnoreCase).isPresent()) {
                Optional<String> value = string(header, "value").map(String::strip);
                if (value.isPresent() && value.get().matches("[1-9][0-9]{0,17}")) {
                    return Long.parseLong(value.get());
                }
            }
        }
        return null;
    }

    private static JsonObject object(JsonObject json, String name) {
        if (json.get(name) instanceof JsonObject o) {
            return o;
        }
        throw new InvalidSnsMessageException(name + " is required and must be an object");
    }

    private static JsonArray array(JsonObject json, String name) {
        if (json.get(name) instanceof JsonArray a) {
            return a;
        }
        throw new InvalidSnsMessageException(name + " is required and must be an array");
    }

    private static Optional<String> string(JsonObject json, String name) {
        return json.get(name) instanceof JsonString s ? Optional.of(s.getString()) : Optional.empty();
    }
}
