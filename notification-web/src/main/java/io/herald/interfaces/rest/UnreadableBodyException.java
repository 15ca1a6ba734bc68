package io.herald.interfaces.rest;

/** The request body cannot be read as a JSON object: too large, not UTF-8, malformed, too deep. */
public class UnreadableBodyException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final int status;

    UnreadableBodyException(int status, String detail) {
        super(detail);
        this.status = status;
    }

    /** 400, or 413 when the body is too large. */
    public int status() {
        return status;
    }
}
