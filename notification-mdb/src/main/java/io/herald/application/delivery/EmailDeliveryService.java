package io.herald.application.delivery;

import io.herald.application.AttemptStart;
import io.herald.application.DeliveryCommand;
import io.herald.application.DeliveryTracker;
import io.herald.application.OutgoingEmail;
import io.herald.infrastructure.logging.Log;
import io.herald.domain.model.delivery.RetryPolicy;
import io.herald.infrastructure.mail.DeliveryFailureException;
import io.herald.infrastructure.mail.MailGateway;
import io.herald.infrastructure.mail.SmtpUnavailableException;
import io.herald.infrastructure.messaging.jms.consumer.DeadLetterRouter;
import io.herald.infrastructure.messaging.jms.JmsDestinations;
import io.herald.infrastructure.messaging.jms.NotificationPublisher;
import jakarta.ejb.EJB;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;
import org.eclipse.microprofile.faulttolerance.exceptions.TimeoutException;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.Tag;

/**
 * Delivers one email notification; runs in the consumer's XA transaction.
 *
 * <ul>
 *   <li>Sent: DELIVERED, committed with the message acknowledgement.</li>
 *   <li>Permanent failure: FAILED at once with the reason.</li>
 *   <li>Transient failure (4xx about this email, unknown errors): RETRY_SCHEDULED and a new
 *       message with a JMS delivery delay from the {@link RetryPolicy}, in the same transaction;
 *       once attempts run out, FAILED plus a copy in the dead-letter queue.</li>
 *   <li>Server unavailable or circuit open: deferred by the breaker's delay without counting
 *       the attempt.</li>
 * </ul>
 * Anything else (database down, a bug) is thrown: the transaction rolls back and the broker
 * redelivers, up to the poison limit, after which the consumer dead-letters the message.
 */
@Stateless
public class EmailDeliveryService {

    private static final Log LOG = Log.of(EmailDeliveryService.class);
    private static final Tag EMAIL = new Tag("channel", "email");

    @EJB
    private DeliveryTracker tracker;

    @EJB
    private NotificationPublisher publisher;

    @Inject
    private MailGateway mail;

    @Inject
    private DeadLetterRouter deadLetters;

    @Inject
    private MetricRegistry metrics;

    @Inject
    private RetryPolicy retryPolicy;

    /** The breaker's open delay as configured: a deferral waits exactly as long as the breaker stays open. */
    @Inject
    @ConfigProperty(name = MailGateway.BREAKER_DELAY_PROPERTY, defaultValue = "" + MailGateway.BREAKER_DELAY_MS)
    long breakerDelayMs;

    public void deliver(DeliveryCommand command) {
        AttemptStart start = startAttempt(command.notificationId());
        switch (start.kind()) {
            case NOT_FOUND -> throw new NotificationNotFoundException(command.notificationId());
            case ALREADY_FINISHED -> {
                LOG.fine(() -> "notification " + command.notificationId() + " already " + start.status() + "; skipped");
                return;
            }
            case FAILED_BEFORE_SEND -> {
                metrics.counter("notifications.failed", EMAIL).inc();
                return;
            }
            case READY -> send(command, start.email());
        }
    }

    /**
     * Starts the attempt, looking again for a short while if the notification is not visible
     * yet. The JMS message and the row commit in one XA transaction, but in phase two the broker
     * can make the message visible a few milliseconds before PostgreSQL's COMMIT PREPARED
     * completes. Waiting here (at most ~150 ms, in new transactions) avoids a rollback and the
     * resource adapter's redelivery delay; only a row still missing after that is an error.
     */
    private AttemptStart startAttempt(long notificationId) {
        AttemptStart start = tracker.startAttempt(notificationId);
        for (long pauseMs = 5; start.kind() == AttemptStart.Kind.NOT_FOUND && pauseMs <= 80; pauseMs *= 2) {
            try {
                Thread.sleep(pauseMs);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            start = tracker.startAttempt(notificationId);
        }
        return start;
    }

    private void send(DeliveryCommand command, OutgoingEmail email) {
        long started = System.nanoTime();
        try {
            String reply = mail.send(email);
            tracker.recordDelivered(email.notificationId(), email.templateVersion(), reply, elapsedMs(started));
            metrics.counter("notifications.delivered", EMAIL).inc();
        } catch (CircuitBreakerOpenException e) {
            defer(command, email, "SMTP circuit open");
        } catch (SmtpUnavailableException e) {
            defer(command, email, "SMTP server unavailable: " + e.getMessage());
        } catch (TimeoutException e) {
            defer(command, email, "SMTP server did not answer in time");
        } catch (DeliveryFailureException e) {
            handleFailure(command, email, e.isTransient(), e.getMessage(), started);
        }
    }

    /**
     * The server, not this email, is the problem: wait for it without using up an attempt, so
     * an outage of any length ends in delivery rather than in the dead-letter queue.
     */
    private void defer(DeliveryCommand command, OutgoingEmail email, String reason) {
        Duration delay = Duration.ofMillis(breakerDelayMs);
        tracker.recordDeferral(email.notificationId(), reason, at(delay));
        publisher.publishEmail(command, email.attempt(), email.jmsPriority(), delay.toMillis());
        metrics.counter("notifications.deferred", EMAIL).inc();
        LOG.fine(() -> "notification " + email.notificationId() + " deferred: " + reason);
    }

    private void handleFailure(DeliveryCommand command, OutgoingEmail email, boolean isTransient, String reason,
                               long started) {
        long durationMs = elapsedMs(started);
        if (isTransient && retryPolicy.allowsAnotherAfter(email.attempt())) {
            Duration delay = retryPolicy.delayAfter(email.attempt());
            tracker.recordRetry(email.notificationId(), reason, at(delay), durationMs);
            publisher.publishEmail(command, email.attempt() + 1, email.jmsPriority(), delay.toMillis());
            metrics.counter("notifications.retried", EMAIL).inc();
            LOG.info(() -> "notification " + email.notificationId() + " attempt " + email.attempt()
                    + " failed transiently; retry in " + delay.toMillis() + " ms");
        } else {
            String finalReason = isTransient ? "gave up after " + email.attempt() + " attempts: " + reason : reason;
            tracker.recordFailed(email.notificationId(), finalReason, durationMs);
            metrics.counter("notifications.failed", EMAIL).inc();
            if (isTransient) {
                // attempts exhausted: park a copy for operators to inspect and replay
                deadLetters.deadLetterExhausted(command, JmsDestinations.EMAIL_QUEUE_NAME, finalReason, email.attempt(),
                        tracker.failureHistory(email.notificationId()));
            }
            LOG.info(() -> "notification " + email.notificationId() + " failed: " + finalReason);
        }
    }

    private static OffsetDateTime at(Duration delay) {
        return OffsetDateTime.now(ZoneOffset.UTC).plus(delay);
    }

    private static long elapsedMs(long startedNanos) {
        return (System.nanoTime() - startedNanos) / 1_000_000;
    }
}
