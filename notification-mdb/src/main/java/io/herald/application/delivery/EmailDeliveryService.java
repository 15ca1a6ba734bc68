package io.herald.application.delivery;

import io.herald.application.DeliveryCommand;
import io.herald.application.DeliveryTracker;
import io.herald.application.OutgoingEmail;
import io.herald.domain.model.delivery.Channel;
import io.herald.domain.model.delivery.SendOutcome;
import jakarta.ejb.EJB;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import org.eclipse.microprofile.metrics.MetricRegistry;

/**
 * Delivers one email notification; runs in the consumer's XA transaction. Starts the attempt
 * (counted, committed on its own), hands the rendered email to the {@link EmailSender} and lets
 * {@link DeliveryOutcomes} record what came of it: delivered, failed, retried with backoff,
 * deferred while the server is unavailable, or dead-lettered once attempts run out.
 *
 * <p>Anything else (database down, a bug) is thrown: the transaction rolls back and the broker
 * redelivers, up to the poison limit, after which the consumer dead-letters the message.
 */
@Stateless
public class EmailDeliveryService {

    @EJB
    private DeliveryTracker tracker;

    @EJB
    private DeliveryOutcomes outcomes;

    @Inject
    private EmailSender sender;

    @Inject
    private MetricRegistry metrics;

    public void deliver(DeliveryCommand command) {
        Attempts.begin(tracker, command, Channel.EMAIL, metrics).ifPresent(start -> send(command, start.email()));
    }

    private void send(DeliveryCommand command, OutgoingEmail email) {
        long started = System.nanoTime();
        SendOutcome outcome = sender.send(email);
        boolean reached = !(outcome instanceof SendOutcome.Unavailable || outcome instanceof SendOutcome.CircuitOpen);
        outcomes.apply(new DeliveryAttempt(Channel.EMAIL, command, email.attempt(), email.jmsPriority(), email.templateVersion()),
                outcome, sender.breakerDelay(), reached ? (System.nanoTime() - started) / 1_000_000 : null);
    }
}
