package io.herald.application;

import jakarta.ejb.ApplicationException;

/** A create names an id the owner already has a user with (answered 409). The message names neither. */
@ApplicationException(rollback = true)
public class UserAlreadyExistsException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public UserAlreadyExistsException() {
        super("the owner already has a user with this id");
    }
}
