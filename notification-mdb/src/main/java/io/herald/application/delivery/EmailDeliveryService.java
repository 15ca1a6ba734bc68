package io.herald.application.delivery;

import io.herald.application.AttemptStart;
import io.herald.application.DeliveryCommand;
import io.herald.application.DeliveryTracker;
import io.herald.application.OutgoingEmail;
import io.herald.domain.model.delivery.Channel;
import io.herald.domain.model.delivery.SendOutcome;
import io.herald.infrastructure.logging.Log;
import jakarta.ejb.EJB;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.Tag;

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

    private static final Log LOG = Log.of(EmailDeliveryService.class);

    @EJB
    private DeliveryTracker tracker;

    @EJB
    private DeliveryOutcomes outcomes;

    @Inject
    private EmailSender sender;

    @Inject
    private MetricRegistry metrics;

    public void deliver(DeliveryCommand command) {
        AttemptStart start = Attempts.start(tracker, command.notificationId());
        switch (start.kind()) {
            case NOT_FOUND -> throw new NotificationNotFoundException(command.notificationId());
            case ALREADY_FINISHED -> LOG.fine(() -> "notification " + command.notificationId() + " already "
                    + start.status() + "; skipped");
            case FINISHED_BEFORE_SEND -> metrics.counter("notifications.finished_before_send", new Tag("channel", "email")).inc();
            case READY -> send(command, start.email());
        }
    }

    private void send(DeliveryCommand command, OutgoingEmail email) {
        long started = System.nanoTime();
        SendOutcome outcome = sender.send(email);
        boolean reached = !(outcome instanceof SendOutcome.Unavailable || outcome instanceof SendOutcome.CircuitOpen);
        outcomes.apply(new DeliveryAttempt(Channel.EMAIL, command, email.attempt(), email.jmsPriority(), email.templateVersion()),
                outcome, sender.breakerDelay(), reached ? (System.nanoTime() - started) / 1_000_000 : null);
    }
}
