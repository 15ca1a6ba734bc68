package io.herald.application;

import io.herald.domain.model.notification.DeliveryEvent;
import io.herald.domain.model.notification.EmailLog;
import io.herald.domain.model.notification.NotificationStatus;
import java.time.OffsetDateTime;
import java.util.List;

/**
 * What the status API shows of a notification: where it stands and what happened to it. Once
 * its personal data was removed, {@code redactedAt} says when, and {@code userId} is null.
 */
public record NotificationView(
        long notificationId,
        String owner,
        String requestId,
        String channel,
        String userId,
        NotificationStatus status,
        int attempts,
        String lastError,
        String correlationId,
        String templateCode,
        String templateLanguage,
        Integer templateVersion,
        int priority,
        OffsetDateTime sendAt,
        OffsetDateTime nextAttemptAt,
        OffsetDateTime createdAt,
        OffsetDateTime updatedAt,
        OffsetDateTime deliveredAt,
        List<Event> events,
        OffsetDateTime redactedAt,
        Long batchId) {

    /** One delivery event. */
    public record Event(String type, String detail, Long durationMs, OffsetDateTime at) {
    }

    static NotificationView of(EmailLog log, List<DeliveryEvent> events) {
        return new NotificationView(log.getId(), log.getOwner(), log.getRequestId(), log.getChannel(), log.getUserId(), log.getStatus(),
                log.getAttempts(), log.getLastError(), log.getCorrelationId(), log.getTemplateCode(),
                log.getTemplateLanguage(), log.getTemplateVersion(), log.getPriority(), log.getSendAt(),
                log.getNextAttemptAt(), log.getCreatedAt(), log.getUpdatedAt(), log.getDeliveredAt(),
                events.stream().map(e -> new Event(e.getType().name(), e.getDetail(), e.getDurationMs(), e.getOccurredAt()))
                        .toList(),
                log.getRedactedAt(), log.getBatchId());
    }
}
