package io.herald.domain.model.notification;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class RetentionPolicyTest {

    @Test
    void cutoffIsTheConfiguredNumberOfDaysBeforeNow() {
        Instant now = Instant.parse("2026-03-31T12:00:00Z");
        assertEquals(Instant.parse("2026-03-01T12:00:00Z"), new RetentionPolicy(30, 1000).cutoff(now));
        assertEquals(Instant.parse("2026-03-30T12:00:00Z"), new RetentionPolicy(1, 1000).cutoff(now));
    }

    @Test
    void aFullBatchMeansThereMayBeMore() {
        RetentionPolicy p = new RetentionPolicy(30, 100);
        assertTrue(p.mayHaveMore(100));
        assertFalse(p.mayHaveMore(99));
        assertFalse(p.mayHaveMore(0));
    }

    @Test
    void nonsenseIsRefusedNamingTheProperty() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new RetentionPolicy(0, 1000)).getMessage()
                .contains("herald.retention.days"));
        assertThrows(IllegalArgumentException.class, () -> new RetentionPolicy(-5, 1000));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new RetentionPolicy(30, 0)).getMessage()
                .contains("herald.retention.batch-size"));
        assertThrows(IllegalArgumentException.class, () -> new RetentionPolicy(30, RetentionPolicy.MAX_BATCH_SIZE + 1));
        new RetentionPolicy(RetentionPolicy.DEFAULT_DAYS, RetentionPolicy.DEFAULT_BATCH_SIZE);
    }
}
