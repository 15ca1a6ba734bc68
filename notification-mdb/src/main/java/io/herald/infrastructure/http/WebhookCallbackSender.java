package io.herald.infrastructure.http;

import io.herald.application.delivery.CallbackSender;
import io.herald.application.delivery.SignedCallback;
import io.herald.domain.model.delivery.SendOutcome;
import io.herald.infrastructure.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.time.Duration;

/**
 * The callback channel's sender over {@link WebhookClient}. The outcome's detail is the same
 * whatever went wrong (an error status, a refused or timed-out connection, a TLS failure): the
 * status API must not tell a caller what is listening where (ADR 0011); the HTTP status is
 * logged at FINE only. A target the network policy refuses is permanent: retrying cannot help.
 */
@ApplicationScoped
public class WebhookCallbackSender implements CallbackSender {

    private static final Log LOG = Log.of(WebhookCallbackSender.class);

    /** The detail when the network policy refuses a target: permanent, not retried (ADR 0011). */
    public static final String REFUSED = "refused by policy";
    /** The detail for any other failure. */
    public static final String NO_2XX = "no 2xx answer";

    @Inject
    private WebhookClient http;

    @Override
    public SendOutcome send(SignedCallback callback) {
        try {
            int status = http.post(callback.url(), callback.headers(), callback.body());
            LOG.fine(() -> "callback answered HTTP " + status);
            return status >= 200 && status < 300 ? new SendOutcome.Delivered("2xx answer") : new SendOutcome.Transient(NO_2XX);
        } catch (IOException e) {
            if (isRefusal(e)) {
                LOG.info(() -> "callback " + e.getMessage());
                return new SendOutcome.Permanent(REFUSED);
            }
            LOG.fine(() -> "callback got no answer: " + Log.causeClasses(e));
            return new SendOutcome.Transient(NO_2XX);
        }
    }

    /** Callbacks have no circuit breaker: every failure is retried with backoff. */
    @Override
    public Duration breakerDelay() {
        return Duration.ZERO;
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
}
