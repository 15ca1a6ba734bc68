package io.herald.application.delivery;

/**
 * A delivery message names a notification that is not (yet) in the database. Thrown so the
 * message is redelivered: the accepting transaction may still be finishing its commit.
 */
public class NotificationNotFoundException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public NotificationNotFoundException(long notificationId) {
        super("notification " + notificationId + " not found");
    }
}
