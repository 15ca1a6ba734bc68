package io.herald.application;

/**
 * Outcome of asking to accept a notification.
 *
 * @param outcome what happened
 * @param view    the notification that now stands for the request (new or existing)
 */
public record Acceptance(Outcome outcome, NotificationView view) {

    /** How a request relates to what was already stored under its request id. */
    public enum Outcome {
        /** New notification stored and queued. */
        ACCEPTED,
        /** Same request seen before and still on its way: nothing new queued. */
        DUPLICATE_PENDING,
        /** Same request seen before and already finished: nothing new queued. */
        DUPLICATE_FINISHED,
        /** Same request id with a different body. */
        CONFLICT
    }
}
