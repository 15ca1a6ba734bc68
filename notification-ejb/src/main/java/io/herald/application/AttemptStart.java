package io.herald.application;

import io.herald.domain.model.notification.NotificationStatus;

/**
 * Result of starting a delivery attempt.
 *
 * @param kind   what the consumer should do next
 * @param email  the email to send, when {@code kind == READY}
 * @param status the notification's status after the start
 */
public record AttemptStart(Kind kind, OutgoingEmail email, NotificationStatus status) {

    /** What starting the attempt found. */
    public enum Kind {
        /** Rendered and counted: send it. */
        READY,
        /** Already in a terminal status (e.g. a redelivery after a crash): do nothing. */
        ALREADY_FINISHED,
        /** Failed permanently before sending (template missing or unrenderable); recorded. */
        FAILED_BEFORE_SEND,
        /** No such notification (yet): the accepting transaction may still be committing. */
        NOT_FOUND
    }
}
