package io.herald.domain.model.delivery;

import java.time.Duration;
import java.util.Optional;

/**
 * What one attempt to hand a message to a channel's provider (SMTP server, FCM, a callback
 * receiver) came to. Every channel sender answers with one of these named outcomes, and one
 * policy ({@link OutcomePolicy}) decides what follows from it, whatever the channel.
 *
 * <p>Details and reasons are written for the status API and logs: they never contain an
 * address, a device token, a name or rendered content.
 */
public sealed interface SendOutcome {

    /** Short text for the delivery event (provider reply, message id), PII-free. */
    String detail();

    /** The provider accepted the message. */
    record Delivered(String detail) implements SendOutcome {
    }

    /**
     * This message can never be delivered as it is (bad recipient, rejected content): fail now.
     * {@code recipientGone}: the provider says the recipient itself no longer exists (an
     * unregistered device token, a mailbox that does not exist), so it should not be used again.
     */
    record Permanent(String detail, boolean recipientGone) implements SendOutcome {
        public Permanent(String detail) {
            this(detail, false);
        }
    }

    /**
     * This message failed for now and may succeed later (a 4xx about it, a quota, an unexpected
     * error): retry with backoff, counting the attempt; {@code retryAfter} is what the provider
     * asked for, if anything, and wins over the backoff.
     */
    record Transient(String detail, Duration retryAfter) implements SendOutcome {
        public Transient {
            if (retryAfter != null && retryAfter.isNegative()) {
                retryAfter = Duration.ZERO;
            }
        }

        public Transient(String detail) {
            this(detail, null);
        }

        public Optional<Duration> requestedDelay() {
            return Optional.ofNullable(retryAfter);
        }
    }

    /**
     * The provider, not this message, is the problem (cannot connect, no answer in time,
     * credentials refused): wait without using up an attempt.
     */
    record Unavailable(String detail) implements SendOutcome {
    }

    /** The channel's circuit breaker is open: nothing was tried; wait as long as it stays open. */
    record CircuitOpen(String detail) implements SendOutcome {
    }
}
