package io.herald.application;

/**
 * An email ready to hand to SMTP: recipient and rendered content, plus ids for headers.
 * {@code listUnsubscribeUrl} is the one-click unsubscribe link for {@code List-Unsubscribe}
 * (RFC 8058), or null when the mail has none (transactional mail, links off).
 * Contains PII: never log it.
 */
public record OutgoingEmail(
        long notificationId,
        String requestId,
        String correlationId,
        String recipient,
        RenderedEmail content,
        int attempt,
        int templateVersion,
        int jmsPriority,
        String listUnsubscribeUrl) {

    @Override
    public String toString() {
        return "OutgoingEmail[notificationId=" + notificationId + ", attempt=" + attempt + "]";
    }
}
