package io.herald.application;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.herald.domain.model.notification.NotificationStatus;
import io.herald.infrastructure.persistence.jpa.JpaRetentionRepository.Candidate;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;

class RetentionServiceTest {

    private static Candidate candidate(NotificationStatus status) {
        return new Candidate(1, status, "a@b.io", "{}", null);
    }

    @Test
    void theErasedEventSaysWhetherDeliveryWasCancelledAndNeverNamesTheAddress() {
        String delivered = RetentionService.eventDetail(candidate(NotificationStatus.DELIVERED), "e-1");
        assertEquals("personal data erased on request (erasure e-1)", delivered);
        assertTrue(RetentionService.eventDetail(candidate(NotificationStatus.ACCEPTED), "e-1")
                .endsWith("cancelled while ACCEPTED, nothing more is sent"));
        assertTrue(RetentionService.eventDetail(candidate(NotificationStatus.RETRY_SCHEDULED), "e-1")
                .contains("cancelled while RETRY_SCHEDULED"));
        assertTrue(RetentionService.eventDetail(candidate(NotificationStatus.PROCESSING), "e-1")
                .contains("may still complete"));
        for (NotificationStatus s : NotificationStatus.values()) {
            assertFalse(RetentionService.eventDetail(candidate(s), "e-1").contains("a@b.io"));
        }
    }

    @Test
    void aFailedRunIsLoggedByExceptionClassesOnly() {
        RuntimeException e = new IllegalStateException("Failing row contains (a@b.io)",
                new SQLException("Detail: Failing row contains (x@y.io)"));
        assertEquals("java.lang.IllegalStateException <- java.sql.SQLException", io.herald.infrastructure.logging.Log.causeClasses(e));
    }
}
