package io.herald.application.delivery;

import io.herald.application.CallbackRequest;
import io.herald.application.DeliveryCommand;
import io.herald.application.DeliveryTracker;
import io.herald.domain.model.callback.WebhookSignature;
import io.herald.domain.model.delivery.Channel;
import io.herald.domain.model.delivery.SendOutcome;
import io.herald.domain.model.notification.DeliveryEvent;
import jakarta.ejb.EJB;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Delivers status callbacks, signed per Standard Webhooks ({@code webhook-id},
 * {@code webhook-timestamp}, {@code webhook-signature}), through the {@link CallbackSender}; what
 * follows from the outcome is the delivery core's ({@link DeliveryOutcomes}), as for email and
 * push: a non-2xx answer or none is retried with backoff, attempts exhausted end in
 * CALLBACK_FAILED plus a dead letter, a target the network policy refuses fails at once
 * (ADR 0011). Event details never tell which failure happened beyond "refused by policy" or
 * "no 2xx answer".
 */
@Stateless
public class CallbackDeliveryService {

    @EJB
    private DeliveryTracker tracker;

    @EJB
    private DeliveryOutcomes outcomes;

    @Inject
    private CallbackSender sender;

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
        SendOutcome outcome = sender.send(new SignedCallback(callback.url(), headers, callback.body()));
        outcomes.apply(new DeliveryAttempt(Channel.CALLBACK, command, attempt, 4, null), outcome, sender.breakerDelay(),
                outcome instanceof SendOutcome.Delivered ? (System.nanoTime() - started) / 1_000_000 : null);
    }
}
