package io.herald.infrastructure.push;

import io.herald.application.RenderedPush;
import io.herald.application.delivery.PushSender;
import io.herald.application.delivery.PushToDevice;
import io.herald.domain.model.delivery.SendOutcome;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;
import org.eclipse.microprofile.faulttolerance.exceptions.TimeoutException;

/**
 * The push channel's sender: {@link PushGateway} (FCM HTTP v1 behind
 * @Timeout/@Retry/@CircuitBreaker) with its answers and failures named as outcomes. FCM that
 * cannot be reached, does not answer, refuses our credentials or is not configured any more is
 * unavailable (the push waits for it without using an attempt); an open breaker is said so;
 * an unknown token is permanent with {@code recipientGone}, so the device is removed.
 */
@ApplicationScoped
public class FcmPushSender implements PushSender {

    @Inject
    private PushGateway fcm;

    @Inject
    @ConfigProperty(name = PushGateway.BREAKER_DELAY_PROPERTY, defaultValue = "" + PushGateway.BREAKER_DELAY_MS)
    long breakerDelayMs;

    @Override
    public SendOutcome send(PushToDevice push) {
        RenderedPush content = push.content();
        try {
            return fcm.send(new FcmMessage(push.device().token(), content.title(), content.body(), content.data(),
                    content.image())).outcome();
        } catch (CircuitBreakerOpenException e) {
            return new SendOutcome.CircuitOpen("FCM circuit open");
        } catch (TimeoutException e) {
            return new SendOutcome.Unavailable("FCM did not answer in time");
        } catch (FcmUnavailableException e) {
            return new SendOutcome.Unavailable("FCM unavailable: " + e.getMessage());
        } catch (PushNotConfiguredException e) {
            return new SendOutcome.Unavailable("push is not configured (herald.push.fcm.credentials-file)");
        }
    }

    @Override
    public Duration breakerDelay() {
        return Duration.ofMillis(breakerDelayMs);
    }
}
