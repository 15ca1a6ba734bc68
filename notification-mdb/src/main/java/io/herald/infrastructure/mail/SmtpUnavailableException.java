package io.herald.infrastructure.mail;

/**
 * The mail server itself is unreachable or not serving (connection refused or reset, timeout,
 * 421 service not available), as opposed to a 4xx about one message. Only these trip the
 * circuit breaker, and waiting them out never uses up a notification's attempts.
 */
public class SmtpUnavailableException extends TransientDeliveryException {
    private static final long serialVersionUID = 1L;

    public SmtpUnavailableException(String message, int smtpCode) {
        super(message, smtpCode);
    }
}
