package io.herald.infrastructure.mail;

import io.herald.application.OutgoingEmail;
import io.herald.application.delivery.EmailSender;
import io.herald.domain.model.delivery.SendOutcome;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;
import org.eclipse.microprofile.faulttolerance.exceptions.TimeoutException;

/**
 * The email channel's sender: {@link MailGateway} (guarded by @Timeout/@Retry/@CircuitBreaker)
 * with its failures named as outcomes. A server that cannot be reached or does not answer is
 * unavailable; an open breaker is said so; an SMTP reply about this email is transient (4xx) or
 * permanent (5xx) as {@link SmtpFailureClassifier} decided. DKIM signing that is configured but
 * cannot be done is unavailable too: the mail waits rather than going out unsigned.
 */
@ApplicationScoped
public class SmtpEmailSender implements EmailSender {

    @Inject
    private MailGateway mail;

    /** The breaker's open delay as configured: a deferral waits exactly as long as the breaker stays open. */
    @Inject
    @ConfigProperty(name = MailGateway.BREAKER_DELAY_PROPERTY, defaultValue = "" + MailGateway.BREAKER_DELAY_MS)
    long breakerDelayMs;

    @Override
    public SendOutcome send(OutgoingEmail email) {
        try {
            return new SendOutcome.Delivered(mail.send(email));
        } catch (CircuitBreakerOpenException e) {
            return new SendOutcome.CircuitOpen("SMTP circuit open");
        } catch (SmtpUnavailableException e) {
            return new SendOutcome.Unavailable("SMTP server unavailable: " + e.getMessage());
        } catch (TimeoutException e) {
            return new SendOutcome.Unavailable("SMTP server did not answer in time");
        } catch (DkimUnavailableException e) {
            return new SendOutcome.Unavailable("DKIM signing unavailable: " + e.getMessage());
        } catch (DeliveryFailureException e) {
            return e.isTransient() ? new SendOutcome.Transient(e.getMessage()) : new SendOutcome.Permanent(e.getMessage());
        }
    }

    @Override
    public Duration breakerDelay() {
        return Duration.ofMillis(breakerDelayMs);
    }
}
