package io.herald.application;

import static io.herald.infrastructure.json.Jsons.JSON;

import jakarta.json.JsonException;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.StringReader;

/**
 * The body of a delivery message on a channel queue: which notification to deliver. It holds
 * ids only, never addresses or content, so the broker's store and the dead-letter queue carry
 * no PII. Serialised as JSON text (never {@code ObjectMessage}).
 */
public record DeliveryCommand(long notificationId, String channel, String correlationId) {

    public static final String EMAIL = "email";
    /** A status callback for the notification, on the callback queue. */
    public static final String CALLBACK = "callback";

    public boolean isCallback() {
        return CALLBACK.equals(channel);
    }

    public String toJson() {
        JsonObjectBuilder b = JSON.createObjectBuilder()
                .add("notification_id", notificationId)
                .add("channel", channel);
        if (correlationId != null) {
            b.add("correlation_id", correlationId);
        }
        return b.build().toString();
    }

    /**
     * @throws UnreadableDeliveryCommandException when the text is not a delivery command; such a
     *         message is poison and belongs in the dead-letter queue
     */
    public static DeliveryCommand fromJson(String text) {
        if (text == null) {
            throw new UnreadableDeliveryCommandException("message has no text body");
        }
        JsonObject o;
        try (var reader = JSON.createReader(new StringReader(text))) {
            o = reader.readObject();
        } catch (JsonException | IllegalStateException e) {
            throw new UnreadableDeliveryCommandException("body is not a JSON object");
        }
        if (!(o.get("notification_id") instanceof JsonNumber id) || !id.isIntegral()) {
            throw new UnreadableDeliveryCommandException("body has no integral notification_id");
        }
        if (!(o.get("channel") instanceof JsonString channel)) {
            throw new UnreadableDeliveryCommandException("body has no channel");
        }
        JsonValue cid = o.get("correlation_id");
        return new DeliveryCommand(id.longValueExact(), channel.getString(),
                cid instanceof JsonString s ? s.getString() : null);
    }
}
