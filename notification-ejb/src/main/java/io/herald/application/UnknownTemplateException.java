package io.herald.application;

import jakarta.ejb.ApplicationException;

/** The request names a template that has no active version in the requested language. */
@ApplicationException(rollback = true)
public class UnknownTemplateException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final String code;
    private final String language;

    public UnknownTemplateException(String code, String language) {
        super("no active template '" + code + "' in language '" + language + "'");
        this.code = code;
        this.language = language;
    }

    public String code() { return code; }
    public String language() { return language; }
}
