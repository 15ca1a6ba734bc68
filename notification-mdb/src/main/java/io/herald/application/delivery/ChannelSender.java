package io.herald.application.delivery;

import io.herald.domain.model.delivery.SendOutcome;
import java.time.Duration;

/**
 * Hands one message to a channel's provider and names what came of it. Implementations live in
 * infrastructure (SMTP, FCM, HTTP callbacks); they translate their provider's answers and
 * failures into {@link SendOutcome}s and never decide what follows: that is
 * {@link DeliveryOutcomes}' job, the same for every channel.
 *
 * @param <M> what the channel sends (an email, a push to one device, a signed callback)
 */
public interface ChannelSender<M> {

    SendOutcome send(M message);

    /**
     * How long this channel's circuit breaker stays open, as configured: the wait after an
     * {@link SendOutcome.Unavailable} or {@link SendOutcome.CircuitOpen} outcome.
     */
    Duration breakerDelay();
}
