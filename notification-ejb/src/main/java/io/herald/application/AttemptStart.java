package io.herald.application;

import io.herald.domain.model.notification.NotificationStatus;

/**
 * Result of starting a delivery attempt.
 *
 * @param kind   what the consumer should do next
 * @param email  the email to send, when {@code kind == READY} on the email channel
 * @param push   the push to send, when {@code kind == READY} on the push channel
 * @param status the notification's status after the start
 */
public record AttemptStart(Kind kind, OutgoingEmail email, OutgoingPush push, NotificationStatus status) {

    static AttemptStart ready(OutgoingEmail email, NotificationStatus status) {
        return new AttemptStart(Kind.READY, email, null, status);
    }

    static AttemptStart ready(OutgoingPush push, NotificationStatus status) {
        return new AttemptStart(Kind.READY, null, push, status);
    }

    static AttemptStart of(Kind kind, NotificationStatus status) {
        return new AttemptStart(kind, null, null, status);
    }

    /** What starting the attempt found. */
    public enum Kind {
        /** Rendered and counted: send it. */
        READY,
        /** Already in a terminal status (e.g. a redelivery after a crash): do nothing. */
        ALREADY_FINISHED,
        /**
         * Finished before sending, and recorded: failed permanently (template missing or
         * unrenderable, no address or device, payload too large) or skipped (the user turned
         * the channel off).
         */
        FINISHED_BEFORE_SEND,
        /** No such notification (yet): the accepting transaction may still be committing. */
        NOT_FOUND
    }
}
