package io.herald.infrastructure.push;

/**
 * Push was asked for but no FCM credentials are configured
 * ({@code herald.push.fcm.credentials-file}, or the environment variable
 * {@code HERALD_PUSH_FCM_CREDENTIALS_FILE}). Not a provider outage: it never counts against the
 * circuit breaker and is not retried.
 */
public class PushNotConfiguredException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public PushNotConfiguredException(String message) {
        super(message);
    }
}
