package io.herald.application;

import jakarta.ejb.ApplicationException;

/**
 * A well-formed request that cannot be accepted as it stands (answered 422): push is not
 * configured, the user it names does not exist, its template is for another channel. The
 * message names the problem and never contains personal data.
 */
@ApplicationException(rollback = true)
public class UnacceptableNotificationException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** The problem's type, the last segment of its URI (e.g. {@code push-not-configured}). */
    private final String type;
    private final String title;

    private UnacceptableNotificationException(String type, String title, String detail) {
        super(detail);
        this.type = type;
        this.title = title;
    }

    public static UnacceptableNotificationException pushNotConfigured() {
        return new UnacceptableNotificationException("push-not-configured", "push not configured",
                "push notifications need FCM credentials: set herald.push.fcm.credentials-file (or HERALD_PUSH_FCM_CREDENTIALS_FILE)"
                        + " to a readable service-account JSON file");
    }

    public static UnacceptableNotificationException unknownUser() {
        return new UnacceptableNotificationException("unknown-user", "The user does not exist",
                "no user with this user_id; create it under /api/v1/users first, or give \"to\"");
    }

    public static UnacceptableNotificationException wrongChannel(String code, String templateChannel, String wanted) {
        return new UnacceptableNotificationException("template-channel-mismatch", "The template is for another channel",
                "template '" + code + "' is a " + templateChannel + " template; this notification is " + wanted);
    }

    public String type() {
        return type;
    }

    public String title() {
        return title;
    }
}
