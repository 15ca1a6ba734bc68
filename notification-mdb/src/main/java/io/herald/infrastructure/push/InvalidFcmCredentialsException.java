package io.herald.infrastructure.push;

/**
 * A service-account file that cannot be used: unreadable, not JSON, or a field missing or
 * malformed. The message names the file's field ({@code "private_key"}, {@code "project_id"},
 * ...) and what is wrong with it, never its value.
 */
public class InvalidFcmCredentialsException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public InvalidFcmCredentialsException(String message) {
        super(message);
    }
}
