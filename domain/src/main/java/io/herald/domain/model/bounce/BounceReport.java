package io.herald.domain.model.bounce;

import io.herald.domain.model.notification.Redaction;
import java.util.List;
import java.util.Objects;

/**
 * One bounce or complaint as a provider reported it, in Herald's terms: the kind, the addresses
 * it is about (one or more: SES reports every bounced recipient of a message), an address-free
 * diagnostic, and the notification it is about when the report lets us tell
 * ({@code X-Notification-Id} of the original mail, or the caller's {@code notification_id}).
 *
 * @param source where it came from, for the suppression entry ({@code ses}, {@code webhook})
 */
public record BounceReport(BounceKind kind, List<String> addresses, String diagnostic, Long notificationId, String source) {

    /** Longest diagnostic kept (an event's detail is at most 1000 characters). */
    public static final int MAX_DIAGNOSTIC = 500;

    public BounceReport {
        Objects.requireNonNull(kind, "kind");
        addresses = List.copyOf(addresses);
        Objects.requireNonNull(source, "source");
        diagnostic = scrub(diagnostic);
    }

    /**
     * A provider's diagnostic without anything that looks like an address (SMTP replies quote
     * the recipient), without control characters, and bounded: it becomes an event detail.
     */
    public static String scrub(String diagnostic) {
        if (diagnostic == null || diagnostic.isBlank()) {
            return null;
        }
        String text = diagnostic.replaceAll(Redaction.ADDRESS_PATTERN, "<address>").replaceAll("[\\p{Cntrl}]+", " ").strip();
        return text.length() <= MAX_DIAGNOSTIC ? text : text.substring(0, MAX_DIAGNOSTIC);
    }

    /** The detail of the event a matched notification gets: kind, then the diagnostic. */
    public String eventDetail() {
        return diagnostic == null ? kind.wireName() + " (" + source + ")" : kind.wireName() + " (" + source + "): " + diagnostic;
    }
}
