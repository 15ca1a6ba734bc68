package io.herald.application.delivery;

import io.herald.application.DeliveryQueue;
import io.herald.application.DeliveryTracker;
import io.herald.domain.model.delivery.Channel;
import io.herald.domain.model.delivery.OutcomePolicy;
import io.herald.domain.model.delivery.OutcomePolicy.Complete;
import io.herald.domain.model.delivery.OutcomePolicy.Decision;
import io.herald.domain.model.delivery.OutcomePolicy.GiveUp;
import io.herald.domain.model.delivery.OutcomePolicy.RetryLater;
import io.herald.domain.model.delivery.RetryPolicy;
import io.herald.domain.model.delivery.SendOutcome;
import io.herald.domain.model.notification.DeliveryEvent;
import io.herald.infrastructure.logging.Log;
import io.herald.infrastructure.messaging.jms.JmsDestinations;
import jakarta.ejb.EJB;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.Tag;

/**
 * The delivery core: turns the outcome of an attempt on any channel into what follows, in the
 * consumer's XA transaction, using the one {@link OutcomePolicy}:
 *
 * <table>
 *   <caption>decision → what is recorded and sent</caption>
 *   <tr><th>decision</th><th>email / push notification</th><th>status callback</th></tr>
 *   <tr><td>complete</td><td>DELIVERED (+ its callback queued)</td><td>CALLBACK_DELIVERED event</td></tr>
 *   <tr><td>retry, counted</td><td>RETRY_SCHEDULED + a delayed message for the next attempt</td>
 *       <td>CALLBACK_RETRY_SCHEDULED + a delayed message</td></tr>
 *   <tr><td>retry, not counted (deferral)</td><td>RETRY_SCHEDULED, attempt not counted, + a delayed
 *       message for the same attempt</td><td>(callbacks have no breaker)</td></tr>
 *   <tr><td>give up</td><td>FAILED (+ its callback queued)</td><td>CALLBACK_FAILED</td></tr>
 *   <tr><td>give up, attempts exhausted</td><td>the same, plus a copy in the dead-letter queue</td>
 *       <td>the same, plus a copy in the dead-letter queue</td></tr>
 * </table>
 *
 * Retries are JMS delivery delays, never a sleeping thread. Metrics:
 * {@code notifications.delivered|retried|deferred|failed} tagged with the channel.
 */
@Stateless
public class DeliveryOutcomes {

    private static final Log LOG = Log.of(DeliveryOutcomes.class);

    @EJB
    private DeliveryTracker tracker;

    @EJB
    private DeliveryQueue queue;

    @Inject
    private DeadLetters deadLetters;

    @Inject
    private MetricRegistry metrics;

    @Inject
    private RetryPolicy retryPolicy;

    /**
     * Records the outcome of an attempt and asks for what follows.
     *
     * @param breakerDelay the channel's breaker delay ({@link ChannelSender#breakerDelay()})
     * @param durationMs   how long the attempt took, or null when it never reached the provider
     * @return the decision that was applied
     */
    public Decision apply(DeliveryAttempt attempt, SendOutcome outcome, Duration breakerDelay, Long durationMs) {
        Decision decision = new OutcomePolicy(retryPolicy).decide(outcome, attempt.number(), breakerDelay);
        if (attempt.channel().isNotificationChannel()) {
            applyToNotification(attempt, decision, durationMs);
        } else {
            applyToCallback(attempt, decision, durationMs);
        }
        return decision;
    }

    /**
     * {@link #apply} for every member of a batch chunk, in one call: the members the policy
     * completes are recorded together ({@link DeliveryTracker#recordAllDelivered}), each other
     * outcome exactly as {@link #apply} records it. Same decisions, same rows, events, metrics
     * and callbacks; one container round trip per chunk instead of two per member.
     */
    public void applyAll(List<AttemptResult> results, Duration breakerDelay) {
        OutcomePolicy policy = new OutcomePolicy(retryPolicy);
        List<DeliveryTracker.Delivered> delivered = new ArrayList<>(results.size());
        Tag channel = null;
        for (AttemptResult r : results) {
            Decision decision = policy.decide(r.outcome(), r.attempt().number(), breakerDelay);
            if (decision instanceof Complete c && r.attempt().channel().isNotificationChannel()) {
                delivered.add(new DeliveryTracker.Delivered(r.attempt().notificationId(), r.attempt().templateVersion(),
                        c.detail(), r.durationMs()));
                channel = new Tag("channel", r.attempt().channel().wireName());
            } else if (r.attempt().channel().isNotificationChannel()) {
                applyToNotification(r.attempt(), decision, r.durationMs());
            } else {
                applyToCallback(r.attempt(), decision, r.durationMs());
            }
        }
        if (!delivered.isEmpty()) {
            tracker.recordAllDelivered(delivered);
            metrics.counter("notifications.delivered", channel).inc(delivered.size());
        }
    }

    /** One attempt of a chunk and how it went. */
    public record AttemptResult(DeliveryAttempt attempt, SendOutcome outcome, Long durationMs) {
    }

    private void applyToNotification(DeliveryAttempt attempt, Decision decision, Long durationMs) {
        long id = attempt.notificationId();
        Tag channel = new Tag("channel", attempt.channel().wireName());
        if (decision instanceof Complete c) {
            tracker.recordDelivered(id, attempt.templateVersion(), c.detail(), durationMs);
            metrics.counter("notifications.delivered", channel).inc();
        } else if (decision instanceof RetryLater r) {
            if (r.attemptCounted()) {
                tracker.recordRetry(id, r.reason(), at(r.delay()), durationMs);
                metrics.counter("notifications.retried", channel).inc();
                LOG.info(() -> attempt.channel().wireName() + " notification " + id + " attempt " + attempt.number()
                        + " failed transiently; retry in " + r.delay().toMillis() + " ms");
            } else {
                tracker.recordDeferral(id, r.reason(), at(r.delay()));
                metrics.counter("notifications.deferred", channel).inc();
                LOG.fine(() -> "notification " + id + " deferred: " + r.reason());
            }
            queue.enqueue(attempt.channel(), attempt.command(), r.nextAttempt(), attempt.jmsPriority(), r.delay().toMillis());
        } else if (decision instanceof GiveUp g) {
            tracker.recordFailed(id, g.reason(), durationMs);
            metrics.counter("notifications.failed", channel).inc();
            if (g.deadLetter()) {
                park(attempt, g.reason());
            }
            LOG.info(() -> attempt.channel().wireName() + " notification " + id + " failed: " + g.reason());
        }
    }

    private void applyToCallback(DeliveryAttempt attempt, Decision decision, Long durationMs) {
        long id = attempt.notificationId();
        Tag channel = new Tag("channel", Channel.CALLBACK.wireName());
        if (decision instanceof Complete c) {
            tracker.recordCallback(id, DeliveryEvent.Type.CALLBACK_DELIVERED,
                    c.detail() + " (attempt " + attempt.number() + ")", durationMs);
            metrics.counter("notifications.delivered", channel).inc();
        } else if (decision instanceof RetryLater r) {
            // no duration on callback failures: it would tell what is listening where (ADR 0011)
            tracker.recordCallback(id, DeliveryEvent.Type.CALLBACK_RETRY_SCHEDULED,
                    r.reason() + " (attempt " + attempt.number() + "); next in " + r.delay().toMillis() + " ms", null);
            queue.enqueue(Channel.CALLBACK, attempt.command(), r.nextAttempt(), attempt.jmsPriority(), r.delay().toMillis());
            metrics.counter("notifications.retried", channel).inc();
        } else if (decision instanceof GiveUp g) {
            tracker.recordCallback(id, DeliveryEvent.Type.CALLBACK_FAILED, g.reason(), null);
            metrics.counter("notifications.failed", channel).inc();
            if (g.deadLetter()) {
                park(attempt, g.reason());
            }
            LOG.info(() -> "callback for notification " + id + " failed: " + g.reason());
        }
    }

    /** Attempts ran out: park a copy for operators to inspect and replay. */
    private void park(DeliveryAttempt attempt, String reason) {
        deadLetters.parkExhausted(attempt.command(), JmsDestinations.queueName(attempt.channel()), reason,
                attempt.number(), tracker.failureHistory(attempt.notificationId(), attempt.channel()));
    }

    private static OffsetDateTime at(Duration delay) {
        return OffsetDateTime.now(ZoneOffset.UTC).plus(delay);
    }
}
