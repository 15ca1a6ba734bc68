package io.herald.domain.model.notification;

import java.util.List;

/** The request body does not describe a notification we can accept; each bad field is named. */
public class InvalidNotificationRequestException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final transient List<FieldError> errors;
    private final transient List<io.herald.domain.model.batch.RejectedRecipient> rejected;

    public InvalidNotificationRequestException(List<FieldError> errors) {
        this(errors, List.of());
    }

    /** A batch none of whose recipients is valid: the envelope's errors and each recipient's. */
    public InvalidNotificationRequestException(List<FieldError> errors, List<io.herald.domain.model.batch.RejectedRecipient> rejected) {
        super("invalid notification request: " + errors.size() + " field error(s)");
        this.errors = List.copyOf(errors);
        this.rejected = List.copyOf(rejected);
    }

    /** For a batch: the recipients that were rejected, by index (empty otherwise). */
    public List<io.herald.domain.model.batch.RejectedRecipient> rejected() {
        return rejected;
    }

    public List<FieldError> errors() {
        return errors;
    }
}
