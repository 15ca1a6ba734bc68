package io.herald.domain.model.delivery;

import java.time.Duration;
import java.util.Objects;

/**
 * The one rule, for every channel, of what follows from a {@link SendOutcome}:
 *
 * <table>
 *   <caption>outcome → decision</caption>
 *   <tr><th>outcome</th><th>decision</th></tr>
 *   <tr><td>Delivered</td><td>{@link Complete}</td></tr>
 *   <tr><td>Permanent</td><td>{@link GiveUp} at once, no dead letter (nothing to replay)</td></tr>
 *   <tr><td>Transient</td><td>{@link RetryLater}, counted, after the provider's Retry-After (capped)
 *       or the {@link RetryPolicy}'s backoff; once attempts run out, {@link GiveUp} with a dead
 *       letter for operators to replay</td></tr>
 *   <tr><td>Unavailable, CircuitOpen</td><td>{@link RetryLater}, not counted, after the channel's
 *       breaker delay: an outage of any length ends in delivery, not in the dead-letter queue</td></tr>
 * </table>
 *
 * Pure: it records nothing and sends nothing. The delivery core applies the decision.
 */
public final class OutcomePolicy {

    private final RetryPolicy retries;

    public OutcomePolicy(RetryPolicy retries) {
        this.retries = Objects.requireNonNull(retries, "retries");
    }

    /**
     * @param outcome      what the attempt came to
     * @param attempt      the (1-based) attempt that produced it
     * @param breakerDelay how long the channel's circuit breaker stays open: the wait when the
     *                     provider is unavailable
     */
    public Decision decide(SendOutcome outcome, int attempt, Duration breakerDelay) {
        if (outcome instanceof SendOutcome.Delivered d) {
            return new Complete(d.detail());
        }
        if (outcome instanceof SendOutcome.Permanent p) {
            return new GiveUp(p.detail(), false);
        }
        if (outcome instanceof SendOutcome.Transient t) {
            return retries.allowsAnotherAfter(attempt)
                    ? new RetryLater(t.detail(), delayAfter(t, attempt), attempt + 1, true)
                    : new GiveUp("gave up after " + attempt + " attempts: " + t.detail(), true);
        }
        // Unavailable or CircuitOpen: the provider is the problem, not the message
        return new RetryLater(outcome.detail(), breakerDelay, attempt, false);
    }

    private Duration delayAfter(SendOutcome.Transient t, int attempt) {
        return t.requestedDelay()
                .map(asked -> asked.compareTo(retries.cap()) > 0 ? retries.cap() : asked)
                .orElseGet(() -> retries.delayAfter(attempt));
    }

    /** What to do after an attempt. */
    public sealed interface Decision {
    }

    /** Done: the provider has the message. */
    public record Complete(String detail) implements Decision {
    }

    /**
     * Try again after {@code delay} as attempt {@code nextAttempt}; {@code attemptCounted} is
     * false when the attempt never reached the provider (it does not use up the budget).
     */
    public record RetryLater(String reason, Duration delay, int nextAttempt, boolean attemptCounted) implements Decision {
    }

    /** Finished without delivery; {@code deadLetter}: park a copy for operators (attempts ran out). */
    public record GiveUp(String reason, boolean deadLetter) implements Decision {
    }
}
