package io.herald.infrastructure.mail;

/**
 * DKIM signing is configured but cannot be done now: a setting is missing, or the key file is
 * unreadable or not a usable key. The mail is not sent unsigned; the attempt is deferred like
 * one that found the server unavailable, so nothing is lost and the condition shows in the
 * notification's events until it is fixed. The message names the setting or the problem, never
 * a value or key material.
 */
public class DkimUnavailableException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public DkimUnavailableException(String message) {
        super(message);
    }
}
