package io.herald.domain.model.notification;

import java.time.OffsetDateTime;

/**
 * A validated request to send one email. Built only by {@link EmailRequestParser}, so every
 * instance is well-formed: a syntactically valid recipient, a template code, a priority in 1..10.
 *
 * @param requestId     caller's idempotency key
 * @param userId        caller's user id, optional
 * @param recipient     address the email goes to
 * @param templateCode  template to render
 * @param language      template language, defaults to {@code en}
 * @param variablesJson canonical JSON object of template variables
 * @param priority      1 (lowest) to 10 (highest)
 * @param sendAt        earliest delivery time, or null for now
 * @param correlationId caller's correlation id, optional
 * @param metadataJson  canonical JSON of the caller's metadata, or null
 * @param callbackUrl   where to POST terminal statuses, or null for the configured default
 * @param fingerprint   SHA-256 of the canonical request, to tell a repeat from a conflicting re-use
 */
public record EmailRequest(
        String requestId,
        String userId,
        String recipient,
        String templateCode,
        String language,
        String variablesJson,
        int priority,
        OffsetDateTime sendAt,
        String correlationId,
        String metadataJson,
        String callbackUrl,
        String fingerprint) {

    public static final int DEFAULT_PRIORITY = 5;

    /** JMS priority (0..9) for this request's priority (1..10). */
    public int jmsPriority() {
        return priority - 1;
    }

    @Override
    public String toString() {
        // never print recipient or variables: they are PII
        return "EmailRequest[requestId=" + requestId + ", template=" + templateCode + "/" + language + "]";
    }
}
