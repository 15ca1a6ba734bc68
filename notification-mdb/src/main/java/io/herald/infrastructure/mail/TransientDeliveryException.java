package io.herald.infrastructure.mail;

/** Timeouts, refused or reset connections, SMTP 4xx: worth another attempt later. */
public class TransientDeliveryException extends DeliveryFailureException {
    private static final long serialVersionUID = 1L;

    public TransientDeliveryException(String message, int smtpCode) {
        super(message, smtpCode);
    }

    @Override
    public boolean isTransient() {
        return true;
    }
}
