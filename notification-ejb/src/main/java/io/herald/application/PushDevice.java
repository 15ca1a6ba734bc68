package io.herald.application;

import io.herald.domain.model.notification.Redaction;

/**
 * A device a push goes to. The token is personal data: never log it; {@link #reference()} is
 * what events and logs show instead.
 */
public record PushDevice(String token, String platform) {

    /** A short, stable, non-reversible reference to the token (the first 12 hex digits of its SHA-256). */
    public String reference() {
        return Redaction.auditReference(token);
    }

    @Override
    public String toString() {
        return "PushDevice[" + reference() + ", " + platform + "]";
    }
}
