package io.herald.infrastructure.push;

import io.herald.domain.model.delivery.SendOutcome;
import java.time.Duration;
import java.util.Optional;

/**
 * What FCM made of one message to one device. Reasons are short, fixed texts built from the
 * HTTP status and FCM's error code (e.g. {@code FCM 404 UNREGISTERED}): never a device token,
 * a payload or FCM's free-text message.
 */
public sealed interface FcmResult {

    /** The message name or reason: PII-free, for the delivery event. */
    String detail();

    /**
     * The delivery core's outcome for this one send. {@link TokenInvalid} is a permanent failure
     * for this device; the caller also removes the device, and decides what one dead device
     * among several means for the notification.
     */
    SendOutcome outcome();

    /** FCM took the message; {@code messageName} is its id ({@code projects/p/messages/0:...}). */
    record Accepted(String messageName) implements FcmResult {
        @Override
        public String detail() {
            return messageName;
        }

        @Override
        public SendOutcome outcome() {
            return new SendOutcome.Delivered(messageName == null ? "accepted" : messageName);
        }
    }

    /**
     * The device token is dead or not this project's (404 {@code UNREGISTERED}, 403
     * {@code SENDER_ID_MISMATCH}, 400 {@code INVALID_ARGUMENT} about {@code message.token}):
     * the device should be removed.
     */
    record TokenInvalid(String reason) implements FcmResult {
        @Override
        public String detail() {
            return reason;
        }

        @Override
        public SendOutcome outcome() {
            return new SendOutcome.Permanent(reason, true);
        }
    }

    /** FCM will never take this message as it is (a 4xx about the message). */
    record Rejected(String reason) implements FcmResult {
        @Override
        public String detail() {
            return reason;
        }

        @Override
        public SendOutcome outcome() {
            return new SendOutcome.Permanent(reason);
        }
    }

    /**
     * Try again later (429 {@code QUOTA_EXCEEDED}, 500, 503, other 5xx); {@code retryAfter} is
     * FCM's {@code Retry-After}, or null when it sent none.
     */
    record Transient(String reason, Duration retryAfter) implements FcmResult {
        public Transient {
            if (retryAfter != null && retryAfter.isNegative()) {
                retryAfter = Duration.ZERO;
            }
        }

        public Optional<Duration> requestedDelay() {
            return Optional.ofNullable(retryAfter);
        }

        @Override
        public String detail() {
            return reason;
        }

        @Override
        public SendOutcome outcome() {
            return new SendOutcome.Transient(reason, retryAfter);
        }
    }

    /**
     * FCM refuses this sender, not the message: still 401 with a fresh access token, 403
     * {@code PERMISSION_DENIED}, 401 {@code THIRD_PARTY_AUTH_ERROR} (APNs or web-push
     * credentials), 404 for the project. Waiting (and an operator) may help; the message is not
     * at fault.
     */
    record Unavailable(String reason) implements FcmResult {
        @Override
        public String detail() {
            return reason;
        }

        @Override
        public SendOutcome outcome() {
            return new SendOutcome.Unavailable(reason);
        }
    }
}
