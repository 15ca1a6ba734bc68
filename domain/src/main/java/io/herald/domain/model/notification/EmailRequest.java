package io.herald.domain.model.notification;

import io.herald.domain.model.delivery.Channel;
import java.time.OffsetDateTime;

/**
 * A validated request to send one notification (email or push). Built only by
 * {@link EmailRequestParser}, so every instance is well-formed: a template code, a priority in
 * 1..10, and a recipient: an email address, or a user id whose address or devices are looked up
 * at delivery (always so for push).
 *
 * @param channel       email or push

 * @param requestId     caller's idempotency key
 * @param userId        caller's user id, optional
 * @param recipient     address the email goes to, or null to use the user's address at delivery
 * @param templateCode  template to render
 * @param language      template language, or null: the user's language at delivery, else {@code en}
 * @param variablesJson canonical JSON object of template variables
 * @param priority      1 (lowest) to 10 (highest)
 * @param sendAt        earliest delivery time, or null for now
 * @param correlationId caller's correlation id, optional
 * @param metadataJson  canonical JSON of the caller's metadata, or null
 * @param callbackUrl   where to POST terminal statuses, or null for the configured default
 * @param fingerprint   SHA-256 of the canonical request, to tell a repeat from a conflicting re-use
 */
public record EmailRequest(
        Channel channel,
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
    /** The language when neither the request nor the user's profile names one. */
    public static final String DEFAULT_LANGUAGE = "en";

    /** Whether the recipient (address or devices) comes from the user directory at delivery. */
    public boolean resolvesUserAtDelivery() {
        return recipient == null;
    }

    /** The language to use unless the user's profile says otherwise. */
    public String languageOrDefault() {
        return language == null ? DEFAULT_LANGUAGE : language;
    }

    /** JMS priority (0..9) for this request's priority (1..10). */
    public int jmsPriority() {
        return priority - 1;
    }

    @Override
    public String toString() {
        // never print recipient or variables: they are PII
        return "EmailRequest[" + channel + ", requestId=" + requestId + ", template=" + templateCode + "/" + language + "]";
    }
}
