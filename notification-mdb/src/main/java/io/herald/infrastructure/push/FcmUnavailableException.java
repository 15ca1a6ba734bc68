package io.herald.infrastructure.push;

/**
 * FCM could not be asked at all: the connection failed or timed out, the answer could not be
 * read, or no access token could be had (token endpoint unreachable or refusing the service
 * account, credentials file unusable). Says nothing about any message, so it is what the push
 * gateway's circuit breaker counts. The message is short and free of personal data and key
 * material: it names the step and the failure's class, never a device token or a payload.
 */
public class FcmUnavailableException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public FcmUnavailableException(String message) {
        super(message);
    }

    public FcmUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
