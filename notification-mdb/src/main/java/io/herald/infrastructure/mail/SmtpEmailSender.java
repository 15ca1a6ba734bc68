package io.herald.infrastructure.mail;

import io.herald.application.OutgoingEmail;
import io.herald.application.delivery.EmailSender;
import io.herald.application.delivery.TimedOutcome;
import io.herald.domain.model.delivery.SendOutcome;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
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
            return CIRCUIT_OPEN;
        } catch (TimeoutException e) {
            return new SendOutcome.Unavailable("SMTP server did not answer in time");
        } catch (DkimUnavailableException e) {
            return dkimUnavailable(e);
        } catch (DeliveryFailureException e) {
            return outcomeOf(e);
        }
    }

    /** A chunk over one connection ({@link MailGateway#sendChunk}); outcomes named as for one email. */
    @Override
    public List<TimedOutcome> sendAll(List<OutgoingEmail> emails) {
        List<MailGateway.Sent> sent;
        try {
            sent = mail.sendChunk(emails);
        } catch (CircuitBreakerOpenException e) {
            return emails.stream().map(x -> new TimedOutcome(CIRCUIT_OPEN, 0)).toList();
        } catch (DeliveryFailureException e) {
            SendOutcome outcome = outcomeOf(e);
            return emails.stream().map(x -> new TimedOutcome(outcome, 0)).toList();
        }
        List<TimedOutcome> outcomes = new ArrayList<>(sent.size());
        for (MailGateway.Sent s : sent) {
            outcomes.add(new TimedOutcome(s.failure() == null ? new SendOutcome.Delivered(s.reply()) : outcomeOf(s.failure()),
                    s.durationMs()));
        }
        return outcomes;
    }

    private static final SendOutcome CIRCUIT_OPEN = new SendOutcome.CircuitOpen("SMTP circuit open");

    /** A chunk member's failure: DKIM that cannot sign, or an SMTP failure. */
    private static SendOutcome outcomeOf(RuntimeException e) {
        if (e instanceof DkimUnavailableException) {
            return dkimUnavailable(e);
        }
        return outcomeOf((DeliveryFailureException) e);
    }

    private static SendOutcome dkimUnavailable(RuntimeException e) {
        return new SendOutcome.Unavailable("DKIM signing unavailable: " + e.getMessage());
    }

    /** The one mapping of SMTP failures to outcomes: unavailable server, else 4xx transient, 5xx permanent. */
    private static SendOutcome outcomeOf(DeliveryFailureException e) {
        if (e instanceof SmtpUnavailableException) {
            return new SendOutcome.Unavailable("SMTP server unavailable: " + e.getMessage());
        }
        return e.isTransient() ? new SendOutcome.Transient(e.getMessage()) : new SendOutcome.Permanent(e.getMessage());
    }

    @Override
    public Duration breakerDelay() {
        return Duration.ofMillis(breakerDelayMs);
    }
}
