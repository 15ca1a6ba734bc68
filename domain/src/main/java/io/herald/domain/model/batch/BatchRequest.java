package io.herald.domain.model.batch;

import java.time.OffsetDateTime;
import java.util.List;

/**
 * A validated batch: one template for many recipients. Built only by
 * {@link io.herald.domain.model.notification.BatchRequestParser}.
 *
 * @param templateCode  the template every recipient gets
 * @param language      the template language, or null (a user's language, else {@code en})
 * @param category      the mail's category for suppressions and unsubscribe links, or null for the template's
 * @param priority      1..10, for retries that share the email queue with single notifications
 * @param sendAt        earliest delivery, or null for now
 * @param variablesJson the shared variables (canonical JSON)
 * @param metadataJson  the caller's metadata, or null
 * @param callbackUrl   where each recipient's terminal status is POSTed, or null for the default
 * @param correlationId the caller's correlation id, or null
 * @param fingerprint   identifies the request for {@code Idempotency-Key}
 * @param recipients    the valid recipients, in request order
 * @param rejected      the invalid ones, by index
 * @param submitted     how many recipients the request listed
 */
public record BatchRequest(String templateCode, String language, String category, int priority, OffsetDateTime sendAt,
                           String variablesJson, String metadataJson, String callbackUrl, String correlationId,
                           String fingerprint, List<BatchRecipient> recipients, List<RejectedRecipient> rejected,
                           int submitted) {

    public static final String DEFAULT_LANGUAGE = "en";

    public String languageOrDefault() {
        return language == null ? DEFAULT_LANGUAGE : language;
    }

    @Override
    public String toString() {
        return "BatchRequest[template=" + templateCode + "/" + language + ", recipients=" + recipients.size()
                + ", rejected=" + rejected.size() + "]";
    }
}
