package io.herald.domain.model.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.herald.domain.model.delivery.OutcomePolicy.Complete;
import io.herald.domain.model.delivery.OutcomePolicy.GiveUp;
import io.herald.domain.model.delivery.OutcomePolicy.RetryLater;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class OutcomePolicyTest {

    /** Three attempts, 1 s base, 60 s cap, no jitter (random 0.5 → factor 1.0). */
    private final OutcomePolicy policy = new OutcomePolicy(
            new RetryPolicy(3, Duration.ofSeconds(1), Duration.ofSeconds(60), () -> 0.5));
    private final Duration breaker = Duration.ofSeconds(8);

    @Test
    void deliveredCompletes() {
        Complete c = assertInstanceOf(Complete.class, policy.decide(new SendOutcome.Delivered("250 OK"), 1, breaker));
        assertEquals("250 OK", c.detail());
    }

    @Test
    void permanentGivesUpAtOnceWithoutDeadLetter() {
        GiveUp g = assertInstanceOf(GiveUp.class, policy.decide(new SendOutcome.Permanent("550 no such user"), 1, breaker));
        assertEquals("550 no such user", g.reason());
        assertFalse(g.deadLetter());
    }

    @Test
    void transientRetriesWithBackoffAndCountsTheAttempt() {
        RetryLater r = assertInstanceOf(RetryLater.class, policy.decide(new SendOutcome.Transient("451 later"), 2, breaker));
        assertEquals(Duration.ofSeconds(2), r.delay());
        assertEquals(3, r.nextAttempt());
        assertTrue(r.attemptCounted());
        assertEquals("451 later", r.reason());
    }

    @Test
    void transientHonoursTheProvidersRetryAfterButNotBeyondTheCap() {
        RetryLater asked = assertInstanceOf(RetryLater.class,
                policy.decide(new SendOutcome.Transient("503", Duration.ofSeconds(7)), 1, breaker));
        assertEquals(Duration.ofSeconds(7), asked.delay());
        RetryLater capped = assertInstanceOf(RetryLater.class,
                policy.decide(new SendOutcome.Transient("503", Duration.ofHours(5)), 1, breaker));
        assertEquals(Duration.ofSeconds(60), capped.delay());
    }

    @Test
    void transientOnTheLastAttemptGivesUpIntoTheDeadLetterQueue() {
        GiveUp g = assertInstanceOf(GiveUp.class, policy.decide(new SendOutcome.Transient("451 later"), 3, breaker));
        assertEquals("gave up after 3 attempts: 451 later", g.reason());
        assertTrue(g.deadLetter());
    }

    @Test
    void unavailableAndOpenCircuitWaitForTheBreakerWithoutCounting() {
        for (SendOutcome o : new SendOutcome[] {new SendOutcome.Unavailable("down"), new SendOutcome.CircuitOpen("open")}) {
            RetryLater r = assertInstanceOf(RetryLater.class, policy.decide(o, 3, breaker));
            assertEquals(breaker, r.delay());
            assertEquals(3, r.nextAttempt(), "the same attempt again");
            assertFalse(r.attemptCounted());
        }
    }

    @Test
    void aNegativeRetryAfterMeansNow() {
        assertEquals(Duration.ZERO, new SendOutcome.Transient("x", Duration.ofSeconds(-3)).retryAfter());
    }
}
