package io.herald.domain.model.batch;

import io.herald.domain.model.notification.FieldError;
import java.util.List;

/** A recipient of a batch that was not accepted: its index in the request and what is wrong with it. */
public record RejectedRecipient(int index, List<FieldError> errors) {

    public RejectedRecipient {
        errors = List.copyOf(errors);
    }
}
