package io.herald.infrastructure.mail;

/** SMTP 5xx recipient or policy errors, invalid address, authentication failure: never retried. */
public class PermanentDeliveryException extends DeliveryFailureException {
    private static final long serialVersionUID = 1L;

    public PermanentDeliveryException(String message, int smtpCode) {
        super(message, smtpCode);
    }

    @Override
    public boolean isTransient() {
        return false;
    }
}
