package io.herald.application.delivery;

import io.herald.application.CallbackRequest;
import io.herald.application.DeliveryCommand;
import io.herald.application.DeliveryTracker;
import io.herald.infrastructure.logging.Log;
import io.herald.domain.model.callback.WebhookSignature;
import io.herald.domain.model.delivery.RetryPolicy;
import io.herald.domain.model.notification.DeliveryEvent;
import io.herald.infrastructure.http.CallbackRefusedException;
import io.herald.infrastructure.http.WebhookClient;
import io.herald.infrastructure.messaging.jms.consumer.DeadLetterRouter;
import io.herald.infrastructure.messaging.jms.JmsDestinations;
import io.herald.infrastructure.messaging.jms.NotificationPublisher;
import jakarta.ejb.EJB;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import java.io.IOException;
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
 * callback is recorded as failed and a copy goes to the dead-letter queue. A target the network
 * policy refuses (ADR 0011) is recorded as failed at once, without retries or dead letter. Every
 * outcome is a delivery event on the notification, worded so that it never tells which of these
 * failures happened beyond "refused by policy" or "no 2xx" (the HTTP status is logged at FINE).
 */
@Stateless
public class CallbackDeliveryService {

    private static final Log LOG = Log.of(CallbackDeliveryService.class);

    /** The recorded reason when the network policy refuses a target: permanent, not retried (ADR 0011). */
    static final String REFUSED = "refused by policy";

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
        try {
            int status = http.post(callback.url(), headers, callback.body());
            LOG.fine(() -> "callback attempt " + attempt + " answered HTTP " + status);
            if (status >= 200 && status < 300) {
                tracker.recordCallback(command.notificationId(), DeliveryEvent.Type.CALLBACK_DELIVERED,
                        "2xx answer (attempt " + attempt + ")", elapsedMs(started));
                metrics.counter("notifications.callbacks.delivered").inc();
                return;
            }
        } catch (IOException e) {
            if (isRefusal(e)) {
                LOG.info(() -> "callback for notification " + command.notificationId() + " " + e.getMessage());
                tracker.recordCallback(command.notificationId(), DeliveryEvent.Type.CALLBACK_FAILED, REFUSED, null);
                metrics.counter("notifications.callbacks.refused").inc();
                metrics.counter("notifications.callbacks.failed").inc();
                return;
            }
            LOG.fine(() -> "callback attempt " + attempt + " got no answer: " + Log.causeClasses(e));
        }
        // From here on the detail is the same whatever happened (an error status, a refused or
        // timed-out connection, a TLS failure), and carries no duration: the status API must not
        // tell a caller what is listening where (ADR 0011).
        if (retryPolicy.allowsAnotherAfter(attempt)) {
            Duration delay = retryPolicy.delayAfter(attempt);
            publisher.publishCallback(command, attempt + 1, delay.toMillis());
            tracker.recordCallback(command.notificationId(), DeliveryEvent.Type.CALLBACK_RETRY_SCHEDULED,
                    "no 2xx answer (attempt " + attempt + "); next in " + delay.toMillis() + " ms", null);
        } else {
            String reason = "no 2xx after " + attempt + " attempts";
            tracker.recordCallback(command.notificationId(), DeliveryEvent.Type.CALLBACK_FAILED, reason, null);
            deadLetters.deadLetterExhausted(command, JmsDestinations.CALLBACK_QUEUE_NAME, reason, attempt,
                    java.util.List.of(Instant.now() + " CALLBACK_FAILED: " + reason));
            metrics.counter("notifications.callbacks.failed").inc();
            LOG.info(() -> "callback for notification " + command.notificationId() + " failed: " + reason);
        }
    }

    /** The policy refused the target: thrown by the client itself or from inside its connection path. */
    static boolean isRefusal(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof CallbackRefusedException) {
                return true;
            }
        }
        return false;
    }

    private static long elapsedMs(long startedNanos) {
        return (System.nanoTime() - startedNanos) / 1_000_000;
    }
}
