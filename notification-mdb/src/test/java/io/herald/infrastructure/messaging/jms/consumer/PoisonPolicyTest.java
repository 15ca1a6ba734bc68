package io.herald.infrastructure.messaging.jms.consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PoisonPolicyTest {

    private final PoisonPolicy policy = new PoisonPolicy(5, 3, Duration.ofSeconds(10));

    @Test
    void aRoundFailsOnlyAfterItsDeliveries() {
        assertFalse(policy.roundFailed(1));
        assertFalse(policy.roundFailed(5));
        assertTrue(policy.roundFailed(6));
    }

    @Test
    void aReadableMessageIsPutBackWithADoublingDelayThenDeadLettered() {
        assertEquals(Optional.of(Duration.ofSeconds(10)), policy.nextRound(true, 0));
        assertEquals(Optional.of(Duration.ofSeconds(20)), policy.nextRound(true, 1));
        assertEquals(Optional.of(Duration.ofSeconds(40)), policy.nextRound(true, 2));
        assertEquals(Optional.empty(), policy.nextRound(true, 3));
        assertEquals(Optional.empty(), policy.nextRound(true, 7), "a count past the limit (config lowered) dead-letters too");
        assertEquals(Duration.ofSeconds(70), policy.window());
    }

    @Test
    void anUnreadableMessageIsDeadLetteredAtOnce() {
        assertEquals(Optional.empty(), policy.nextRound(false, 0));
    }

    @Test
    void noRequeuesMeansTheFirstFailedRoundDeadLetters() {
        PoisonPolicy none = new PoisonPolicy(5, 0, Duration.ofSeconds(10));
        assertEquals(Optional.empty(), none.nextRound(true, 0));
        assertEquals(Duration.ZERO, none.window());
    }

    @Test
    void nonsenseSettingsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new PoisonPolicy(0, 3, Duration.ofSeconds(1)));
        assertThrows(IllegalArgumentException.class, () -> new PoisonPolicy(5, -1, Duration.ofSeconds(1)));
        assertThrows(IllegalArgumentException.class, () -> new PoisonPolicy(5, 1, Duration.ofSeconds(-1)));
    }
}
