package io.herald.application;

/**
 * An email ready to hand to SMTP: recipient and rendered content, plus ids for headers.
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
        int jmsPriority) {

    @Override
    public String toString() {
        return "OutgoingEmail[notificationId=" + notificationId + ", attempt=" + attempt + "]";
    }
}
