package io.herald.domain.model.notification;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class NotificationStatusTest {

    private static final OffsetDateTime NOW = OffsetDateTime.of(2026, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC);

    private static EmailLog accepted() {
        EmailRequest r = new EmailRequest(io.herald.domain.model.delivery.Channel.EMAIL, "r", null, "a@b.io", "t", "en", "{}", 5, null, null, null, null, "h");
        return EmailLog.accept("hk_owner001", r, r.recipient(), NOW);
    }

    @Test
    void terminalStatusesNeverMove() {
        for (NotificationStatus s : NotificationStatus.values()) {
            if (s.isTerminal()) {
                for (NotificationStatus next : NotificationStatus.values()) {
                    assertFalse(s.canMoveTo(next), s + " -> " + next);
                }
            }
        }
    }

    @Test
    void happyPathCountsTheAttempt() {
        EmailLog log = accepted();
        log.startAttempt(NOW);
        assertEquals(NotificationStatus.PROCESSING, log.getStatus());
        assertEquals(1, log.getAttempts());
        log.markDelivered(3, NOW.plusSeconds(1));
        assertEquals(NotificationStatus.DELIVERED, log.getStatus());
        assertEquals(3, log.getTemplateVersion());
        assertEquals(NOW.plusSeconds(1), log.getDeliveredAt());
    }

    @Test
    void retryThenDeliver() {
        EmailLog log = accepted();
        log.startAttempt(NOW);
        log.scheduleRetry("421 busy", NOW.plusSeconds(2), NOW);
        assertEquals(NotificationStatus.RETRY_SCHEDULED, log.getStatus());
        assertEquals("421 busy", log.getLastError());
        log.startAttempt(NOW.plusSeconds(2));
        assertEquals(2, log.getAttempts());
        log.markDelivered(1, NOW.plusSeconds(3));
        assertEquals(null, log.getLastError());
    }

    @Test
    void deliveredCannotFailOrBeDeliveredTwice() {
        EmailLog log = accepted();
        log.startAttempt(NOW);
        log.markDelivered(1, NOW);
        assertThrows(IllegalStatusTransitionException.class, () -> log.markFailed("x", NOW));
        assertThrows(IllegalStatusTransitionException.class, () -> log.startAttempt(NOW));
    }

    @Test
    void cannotDeliverWithoutAnAttempt() {
        assertThrows(IllegalStatusTransitionException.class, () -> accepted().markDelivered(1, NOW));
        assertTrue(NotificationStatus.ACCEPTED.canMoveTo(NotificationStatus.FAILED));
    }

    @Test
    void longErrorsAreTruncated() {
        EmailLog log = accepted();
        log.startAttempt(NOW);
        log.markFailed("x".repeat(5000), NOW);
        assertEquals(EmailLog.MAX_ERROR_LENGTH, log.getLastError().length());
    }

    @Test
    void failedNotificationsCanBeReplayedDeliveredOnesNot() {
        EmailLog failed = accepted();
        failed.startAttempt(NOW);
        failed.markFailed("gave up", NOW);
        failed.replay(NOW.plusSeconds(5));
        assertEquals(NotificationStatus.ACCEPTED, failed.getStatus());
        assertEquals(0, failed.getAttempts());
        EmailLog delivered = accepted();
        delivered.startAttempt(NOW);
        delivered.markDelivered(1, NOW);
        assertFalse(delivered.canBeReplayed());
        assertThrows(IllegalStatusTransitionException.class, () -> delivered.replay(NOW));
    }

    @Test
    void deferredAttemptsAreNotCounted() {
        EmailLog log = accepted();
        log.startAttempt(NOW);
        log.deferAttempt("circuit open", NOW.plusSeconds(10), NOW);
        assertEquals(0, log.getAttempts());
        assertEquals(NotificationStatus.RETRY_SCHEDULED, log.getStatus());
    }
}
