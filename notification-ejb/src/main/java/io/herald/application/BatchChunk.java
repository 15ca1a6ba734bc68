package io.herald.application;

import static io.herald.infrastructure.json.Jsons.JSON;

import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonException;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;

/**
 * The body of a message on the batch queue: up to {@link #MAX_SIZE} notifications of one batch
 * to deliver together over one SMTP connection. Ids only, never addresses or content (as
 * {@link DeliveryCommand}). Serialised as JSON text.
 */
public record BatchChunk(long batchId, List<Long> notificationIds, String correlationId) {

    /** Notifications per chunk message. */
    public static final int MAX_SIZE = 100;

    public BatchChunk {
        notificationIds = List.copyOf(notificationIds);
        if (notificationIds.isEmpty() || notificationIds.size() > MAX_SIZE) {
            throw new IllegalArgumentException("a chunk holds 1.." + MAX_SIZE + " notifications");
        }
    }

    public String toJson() {
        JsonArrayBuilder ids = JSON.createArrayBuilder();
        notificationIds.forEach(ids::add);
        JsonObjectBuilder b = JSON.createObjectBuilder().add("batch_id", batchId).add("notification_ids", ids);
        if (correlationId != null) {
            b.add("correlation_id", correlationId);
        }
        return b.build().toString();
    }

    /** @throws UnreadableDeliveryCommandException when the text is not a chunk (poison: dead-letter it) */
    public static BatchChunk fromJson(String text) {
        if (text == null) {
            throw new UnreadableDeliveryCommandException("message has no text body");
        }
        JsonObject o;
        try (var reader = JSON.createReader(new StringReader(text))) {
            o = reader.readObject();
        } catch (JsonException | IllegalStateException e) {
            throw new UnreadableDeliveryCommandException("body is not a JSON object");
        }
        if (!(o.get("batch_id") instanceof JsonNumber batch) || !batch.isIntegral()) {
            throw new UnreadableDeliveryCommandException("body has no integral batch_id");
        }
        if (!(o.get("notification_ids") instanceof JsonArray array) || array.isEmpty() || array.size() > MAX_SIZE) {
            throw new UnreadableDeliveryCommandException("body has no list of 1.." + MAX_SIZE + " notification_ids");
        }
        List<Long> ids = new ArrayList<>(array.size());
        for (JsonValue v : array) {
            if (!(v instanceof JsonNumber n) || !n.isIntegral()) {
                throw new UnreadableDeliveryCommandException("notification_ids must be integers");
            }
            ids.add(n.longValueExact());
        }
        JsonValue cid = o.get("correlation_id");
        return new BatchChunk(batch.longValueExact(), ids, cid instanceof JsonString s ? s.getString() : null);
    }

    @Override
    public String toString() {
        return "BatchChunk[batch=" + batchId + ", notifications=" + notificationIds.size() + "]";
    }
}
