package io.herald.application;

import jakarta.ejb.ApplicationException;

/** Registering one more device would give a user more than it may have (answered 422). */
@ApplicationException(rollback = true)
public class TooManyDevicesException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final int max;

    public TooManyDevicesException(int max) {
        super("a user has at most " + max + " devices");
        this.max = max;
    }

    public int max() {
        return max;
    }
}
