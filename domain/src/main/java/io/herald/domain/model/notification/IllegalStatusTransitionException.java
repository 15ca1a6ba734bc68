package io.herald.domain.model.notification;

/** Raised when code tries to move a notification along a transition its lifecycle forbids. */
public class IllegalStatusTransitionException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    public IllegalStatusTransitionException(long notificationId, NotificationStatus from, NotificationStatus to) {
        super("notification " + notificationId + " cannot move from " + from + " to " + to);
    }
}
