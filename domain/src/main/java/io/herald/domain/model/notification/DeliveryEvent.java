package io.herald.domain.model.notification;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;

/**
 * Something that happened to a notification: accepted, an attempt started, delivered, failed,
 * retry scheduled. The detail carries the SMTP reply where there was one; it never carries
 * the recipient address or rendered content.
 */
@Entity
@Table(name = "delivery_event")
@NamedQuery(name = DeliveryEvent.FOR_LOG,
        query = "SELECT d FROM DeliveryEvent d WHERE d.emailLog.id = :emailLogId ORDER BY d.occurredAt, d.id")
public class DeliveryEvent {

    public static final String FOR_LOG = "DeliveryEvent.forLog";

    /** What kind of thing happened. */
    public enum Type { ACCEPTED, ATTEMPT_STARTED, DELIVERED, FAILED, RETRY_SCHEDULED, SKIPPED, REPLAYED, DEAD_LETTER_PURGED,
        CALLBACK_DELIVERED, CALLBACK_RETRY_SCHEDULED, CALLBACK_FAILED,
        /** The notification's personal data was erased on request (and, if it was pending, it was cancelled). */
        ERASED,
        /** Push: one device accepted it / failed (the detail says how) / was removed from its user (token unknown). */
        DEVICE_DELIVERED, DEVICE_FAILED, DEVICE_REMOVED,
        /** The address is on the suppression list for this mail: not sent. */
        SUPPRESSED,
        /** The template store could not be read: the notification was rendered with the last version known to the instance. */
        TEMPLATE_FALLBACK,
        /** Its batch was cancelled before it was sent. */
        CANCELLED,
        /** After delivery, the recipient's provider reported a bounce (the detail says hard or soft, and why). */
        BOUNCED,
        /** After delivery, the recipient reported the mail as spam. */
        COMPLAINED }

    @Id
    @SequenceGenerator(name = "delivery_event_seq", sequenceName = "delivery_event_seq", allocationSize = 500)
    @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "delivery_event_seq")
    private Long id;

    /** Mapped as a relationship so the unit of work inserts the log row before its events. */
    @ManyToOne(fetch = FetchType.LAZY, optional = false)
    @JoinColumn(name = "email_log_id", nullable = false, updatable = false)
    private EmailLog emailLog;

    @Enumerated(EnumType.STRING)
    @Column(name = "type", nullable = false, updatable = false)
    private Type type;

    @Column(name = "detail", updatable = false)
    private String detail;

    @Column(name = "duration_ms", updatable = false)
    private Long durationMs;

    @Column(name = "occurred_at", nullable = false, updatable = false)
    private OffsetDateTime occurredAt;

    protected DeliveryEvent() {
        // for JPA
    }

    public DeliveryEvent(EmailLog emailLog, Type type, String detail, Long durationMs, OffsetDateTime occurredAt) {
        this.emailLog = emailLog;
        this.type = type;
        this.detail = detail == null || detail.length() <= EmailLog.MAX_ERROR_LENGTH
                ? detail : detail.substring(0, EmailLog.MAX_ERROR_LENGTH);
        this.durationMs = durationMs;
        this.occurredAt = occurredAt;
    }

    public Long getId() { return id; }
    public Type getType() { return type; }
    public String getDetail() { return detail; }
    public Long getDurationMs() { return durationMs; }
    public OffsetDateTime getOccurredAt() { return occurredAt; }
}
