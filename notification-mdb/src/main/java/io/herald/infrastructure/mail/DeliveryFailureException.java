package io.herald.infrastructure.mail;

/**
 * The mail server did not take an email. {@link #isTransient()} says whether trying again later
 * can help. The message is safe to store and log: addresses are redacted.
 */
public abstract class DeliveryFailureException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final int smtpCode;

    protected DeliveryFailureException(String message, int smtpCode) {
        super(message);
        this.smtpCode = smtpCode;
    }

    /** SMTP reply code, or 0 when the failure had none (e.g. connection refused). */
    public int smtpCode() {
        return smtpCode;
    }

    public abstract boolean isTransient();
}
