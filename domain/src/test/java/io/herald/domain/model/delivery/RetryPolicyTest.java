package io.herald.domain.model.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {

    private final RetryPolicy noJitter = new RetryPolicy(5, Duration.ofSeconds(2), Duration.ofSeconds(600), () -> 0.5);

    @Test
    void backoffDoubles() {
        assertEquals(Duration.ofSeconds(2), noJitter.delayAfter(1));
        assertEquals(Duration.ofSeconds(4), noJitter.delayAfter(2));
        assertEquals(Duration.ofSeconds(8), noJitter.delayAfter(3));
        assertEquals(Duration.ofSeconds(16), noJitter.delayAfter(4));
    }

    @Test
    void backoffIsCapped() {
        assertEquals(Duration.ofSeconds(600), noJitter.delayAfter(12));
        assertEquals(Duration.ofSeconds(600), noJitter.delayAfter(1000));
        RetryPolicy maxJitter = new RetryPolicy(5, Duration.ofSeconds(2), Duration.ofSeconds(600), () -> 0.999);
        assertEquals(Duration.ofSeconds(600), maxJitter.delayAfter(20));
    }

    @Test
    void jitterStaysWithinTwentyPercent() {
        RetryPolicy low = new RetryPolicy(5, Duration.ofSeconds(10), Duration.ofSeconds(600), () -> 0.0);
        RetryPolicy high = new RetryPolicy(5, Duration.ofSeconds(10), Duration.ofSeconds(600), () -> 1.0);
        assertEquals(Duration.ofSeconds(8), low.delayAfter(1));
        assertEquals(Duration.ofSeconds(12), high.delayAfter(1));
    }

    @Test
    void attemptsAreBounded() {
        assertTrue(noJitter.allowsAnotherAfter(4));
        assertFalse(noJitter.allowsAnotherAfter(5));
        assertThrows(IllegalArgumentException.class, () -> new RetryPolicy(0, Duration.ofSeconds(1), Duration.ofSeconds(1), () -> 0));
    }
}
