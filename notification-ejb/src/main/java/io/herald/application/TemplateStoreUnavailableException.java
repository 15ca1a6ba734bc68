package io.herald.application;

import jakarta.ejb.ApplicationException;

/**
 * The template store could not be read and no version of the template was known before, so
 * there is nothing to fall back to. Transient: the same lookup may succeed later.
 *
 * <p>Not a rollback: the failed read ran outside the caller's transaction (see
 * {@link TemplateCatalog}), which remains usable; the caller decides what to do with it.
 */
@ApplicationException(rollback = false)
public class TemplateStoreUnavailableException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public TemplateStoreUnavailableException(String code, String language, Throwable cause) {
        super("templates cannot be read now, and no version of '" + code + "' (" + language + ") is known", cause);
    }
}
