package io.herald.application;

/**
 * A message parked in the dead-letter queue, as operators see it. No addresses or content: the
 * body of a delivery message holds ids only.
 */
public record DeadLetter(
        String messageId,
        Long notificationId,
        String reason,
        Integer attempts,
        Integer deliveryCount,
        String originalDestination,
        String firstFailureAt,
        String lastFailureAt,
        String deadLetteredAt,
        String attemptHistory) {
}
