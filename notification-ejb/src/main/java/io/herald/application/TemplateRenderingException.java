package io.herald.application;

import jakarta.ejb.ApplicationException;

/** A template cannot be compiled or applied: a permanent failure for any notification using it. */
@ApplicationException(rollback = true)
public class TemplateRenderingException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public TemplateRenderingException(String message) {
        super(message);
    }
}
