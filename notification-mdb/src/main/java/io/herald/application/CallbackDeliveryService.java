package io.herald.application;

import io.herald.infrastructure.logging.Log;
import io.herald.domain.model.callback.WebhookSignature;
import io.herald.domain.model.delivery.RetryPolicy;
import io.herald.domain.model.notification.DeliveryEvent;
import io.herald.infrastructure.http.WebhookClient;
import io.herald.infrastructure.messaging.jms.DeadLetterRouter;
import io.herald.infrastructure.messaging.jms.JmsDestinations;
import io.herald.infrastructure.messaging.jms.NotificationPublisher;
import jakarta.ejb.EJB;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.ws.rs.ProcessingException;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.metrics.MetricRegistry;

/**
 * Delivers status callbacks, signed per Standard Webhooks ({@code webhook-id},
 * {@code webhook-timestamp}, {@code webhook-signature}). Same rules as email: a non-2xx answer
 * or no answer is retried with backoff through a delayed JMS message; when attempts run out the
 * callback is recorded as failed and a copy goes to the dead-letter queue. Every outcome is a
 * delivery event on the notification.
 */
@Stateless
public class CallbackDeliveryService {

    private static final Log LOG = Log.of(CallbackDeliveryService.class);

    @EJB
    private DeliveryTracker tracker;

    @EJB
    private NotificationPublisher publisher;

    @Inject
    private WebhookClient http;

    @Inject
    private DeadLetterRouter deadLetters;

    @Inject
    private RetryPolicy retryPolicy;

    @Inject
    private MetricRegistry metrics;

    @Inject
    @ConfigProperty(name = "herald.callback.secret")
    private Optional<String> secret;

    public void deliver(DeliveryCommand command, int attempt) {
        Optional<CallbackRequest> found = tracker.callbackFor(command.notificationId());
        if (found.isEmpty()) {
            return;
        }
        CallbackRequest callback = found.get();
        if (secret.isEmpty() || !WebhookSignature.isValidSecret(secret.get())) {
            tracker.recordCallback(command.notificationId(), DeliveryEvent.Type.CALLBACK_FAILED,
                    "not sent: herald.callback.secret is not configured (whsec_<base64>)", null);
            return;
        }
        long timestamp = Instant.now().getEpochSecond();
        Map<String, String> headers = Map.of(
                "webhook-id", callback.webhookId(),
                "webhook-timestamp", Long.toString(timestamp),
                "webhook-signature", WebhookSignature.sign(secret.get(), callback.webhookId(), timestamp, callback.body()));
        long started = System.nanoTime();
        String outcome;
        try {
            int status = http.post(callback.url(), headers, callback.body());
            if (status >= 200 && status < 300) {
                tracker.recordCallback(command.notificationId(), DeliveryEvent.Type.CALLBACK_DELIVERED,
                        "HTTP " + status + " (attempt " + attempt + ")", elapsedMs(started));
                metrics.counter("notifications.callbacks.delivered").inc();
                return;
            }
            outcome = "HTTP " + status;
        } catch (ProcessingException e) {
            outcome = "no answer: " + rootCause(e);
        }
        long durationMs = elapsedMs(started);
        if (retryPolicy.allowsAnotherAfter(attempt)) {
            Duration delay = retryPolicy.delayAfter(attempt);
            publisher.publishCallback(command, attempt + 1, delay.toMillis());
            tracker.recordCallback(command.notificationId(), DeliveryEvent.Type.CALLBACK_RETRY_SCHEDULED,
                    outcome + " (attempt " + attempt + "); next in " + delay.toMillis() + " ms", durationMs);
        } else {
            String reason = "callback gave up after " + attempt + " attempts: " + outcome;
            tracker.recordCallback(command.notificationId(), DeliveryEvent.Type.CALLBACK_FAILED, reason, durationMs);
            deadLetters.deadLetterExhausted(command, JmsDestinations.CALLBACK_QUEUE_NAME, reason, attempt,
                    java.util.List.of(Instant.now() + " CALLBACK_FAILED: " + outcome));
            metrics.counter("notifications.callbacks.failed").inc();
            LOG.info(() -> "callback for notification " + command.notificationId() + " failed: " + reason);
        }
    }

    private static String rootCause(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getClass().getSimpleName();
    }

    private static long elapsedMs(long startedNanos) {
        return (System.nanoTime() - startedNanos) / 1_000_000;
    }
}
