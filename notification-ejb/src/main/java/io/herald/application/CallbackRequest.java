package io.herald.application;

import static io.herald.infrastructure.json.Jsons.JSON;

import io.herald.domain.model.notification.EmailLog;
import jakarta.json.JsonObjectBuilder;

/**
 * A status callback to POST: the URL, a stable webhook id (the same on every retry, so
 * receivers can deduplicate) and the JSON body
 * {@code {type, notification_id, request_id, status, error, attempts, timestamp, correlation_id}}.
 */
public record CallbackRequest(String url, String webhookId, String body) {

    static CallbackRequest of(EmailLog log, String url) {
        JsonObjectBuilder b = JSON.createObjectBuilder()
                .add("type", "notification." + log.getStatus().name().toLowerCase())
                .add("notification_id", log.getId())
                .add("request_id", log.getRequestId())
                .add("status", log.getStatus().name())
                .add("attempts", log.getAttempts())
                .add("timestamp", log.getUpdatedAt().toInstant().toString());
        if (log.getLastError() != null) {
            b.add("error", log.getLastError());
        } else {
            b.addNull("error");
        }
        if (log.getCorrelationId() != null) {
            b.add("correlation_id", log.getCorrelationId());
        } else {
            b.addNull("correlation_id");
        }
        return new CallbackRequest(url, "msg_" + log.getId() + "_" + log.getStatus().name().toLowerCase(), b.build().toString());
    }
}
