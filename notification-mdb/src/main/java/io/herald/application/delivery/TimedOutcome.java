package io.herald.application.delivery;

import io.herald.domain.model.delivery.SendOutcome;

/** What one send came to, and how long it took (ms). */
public record TimedOutcome(SendOutcome outcome, long durationMs) {

    /** Whether the provider was reached at all (not unavailable, breaker not open). */
    public boolean reached() {
        return !(outcome instanceof SendOutcome.Unavailable || outcome instanceof SendOutcome.CircuitOpen);
    }
}
