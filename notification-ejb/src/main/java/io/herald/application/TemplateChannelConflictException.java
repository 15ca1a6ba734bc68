package io.herald.application;

import jakarta.ejb.ApplicationException;

/**
 * A new version would change the channel of a template: notifications already accepted for the
 * code and language expect the channel its current version has.
 */
@ApplicationException(rollback = true)
public class TemplateChannelConflictException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public TemplateChannelConflictException(String code, String language, String current, String requested) {
        super("template '" + code + "' (" + language + ") is a " + current + " template; a new version cannot be "
                + requested + ": use another code");
    }
}
