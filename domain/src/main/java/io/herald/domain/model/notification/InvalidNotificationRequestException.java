package io.herald.domain.model.notification;

import java.util.List;

/** The request body does not describe a notification we can accept; each bad field is named. */
public class InvalidNotificationRequestException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final transient List<FieldError> errors;

    public InvalidNotificationRequestException(List<FieldError> errors) {
        super("invalid notification request: " + errors.size() + " field error(s)");
        this.errors = List.copyOf(errors);
    }

    public List<FieldError> errors() {
        return errors;
    }
}
