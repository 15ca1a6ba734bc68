package io.herald.domain.model.notification;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.OffsetDateTime;
import java.util.Objects;

/**
 * One email notification: what was asked for (recipient, template, variables), and where it
 * stands (status, attempts, last error). The row is written in the same XA transaction as the
 * JMS message that asks for its delivery, so a row exists exactly when delivery was promised.
 *
 * <p>The request's fingerprint ({@code requestHash}) lets a repeated {@code request_id} be told
 * apart from a conflicting re-use of the same id with a different body.
 *
 * <p>Every notification belongs to its {@code owner}, the caller that created it (an API key's
 * prefix or {@code jwt:<subject>}): request ids are unique per owner, and only the owner (or an
 * admin) can read it.
 *
 * <p>Once redacted ({@link #getRedactedAt()}: by the retention job or an erasure request, see
 * {@link Redaction}) the personal data is gone: recipient, user id, variables, metadata and
 * callback URL are null. Redaction is done in SQL, never through this entity, which is why
 * those columns are not updatable here.
 */
@Entity
@Table(name = "email_log")
@NamedQuery(name = EmailLog.BY_OWNER_AND_REQUEST_ID,
        query = "SELECT e FROM EmailLog e WHERE e.owner = :owner AND e.requestId = :requestId")
@NamedQuery(name = EmailLog.BY_REQUEST_ID, query = "SELECT e FROM EmailLog e WHERE e.requestId = :requestId ORDER BY e.id")
public class EmailLog {

    public static final String BY_OWNER_AND_REQUEST_ID = "EmailLog.byOwnerAndRequestId";
    /** Across owners: for admins only. */
    public static final String BY_REQUEST_ID = "EmailLog.byRequestId";
    /** Longest error text kept on the row; the full story is in the delivery events. */
    public static final int MAX_ERROR_LENGTH = 1000;

    @Id
    @SequenceGenerator(name = "email_log_seq", sequenceName = "email_log_seq", allocationSize = 500)
    @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "email_log_seq")
    private Long id;

    @Column(name = "owner", nullable = false, updatable = false)
    private String owner;

    @Column(name = "request_id", nullable = false, updatable = false)
    private String requestId;

    @Column(name = "request_hash", nullable = false, updatable = false)
    private String requestHash;

    /** {@code email} or {@code push} ({@link io.herald.domain.model.delivery.Channel#wireName()}). */
    @Column(name = "channel", nullable = false, updatable = false)
    private String channel = "email";

    @Column(name = "user_id", updatable = false)
    private String userId;

    /** Null once redacted. */
    @Column(name = "to_email", updatable = false)
    private String toEmail;

    @Column(name = "template_code", nullable = false, updatable = false)
    private String templateCode;

    /** The language delivery used (or will use): the request's, else the user's at delivery. */
    @Column(name = "template_language", nullable = false)
    private String templateLanguage;

    /** The language the request named, or null when it left the choice to the user's profile. */
    @Column(name = "requested_language", updatable = false)
    private String requestedLanguage;

    @Column(name = "template_version")
    private Integer templateVersion;

    /** JSON object text (jsonb column); null once redacted. */
    @Column(name = "variables", updatable = false)
    private String variables;

    /** JSON object text (jsonb column), caller's metadata such as campaign_id. */
    @Column(name = "metadata", updatable = false)
    private String metadata;

    @Column(name = "priority", nullable = false, updatable = false)
    private int priority;

    @Enumerated(EnumType.STRING)
    @Column(name = "status", nullable = false)
    private NotificationStatus status;

    @Column(name = "attempts", nullable = false)
    private int attempts;

    @Column(name = "last_error")
    private String lastError;

    @Column(name = "correlation_id", updatable = false)
    private String correlationId;

    @Column(name = "callback_url", updatable = false)
    private String callbackUrl;

    @Column(name = "send_at", updatable = false)
    private OffsetDateTime sendAt;

    @Column(name = "next_attempt_at")
    private OffsetDateTime nextAttemptAt;

    @Column(name = "created_at", nullable = false, updatable = false)
    private OffsetDateTime createdAt;

    @Column(name = "updated_at", nullable = false)
    private OffsetDateTime updatedAt;

    @Column(name = "delivered_at")
    private OffsetDateTime deliveredAt;

    /** The batch this notification belongs to, or null. Batch members are written only by SQL (JDBC batches). */
    @Column(name = "batch_id", insertable = false, updatable = false)
    private Long batchId;

    /** The category its batch named (suppressions, unsubscribe links), or null for the template's. */
    @Column(name = "category", insertable = false, updatable = false)
    private String category;

    /** When the personal data was removed; null while it is kept. Written only by SQL. */
    @Column(name = "redacted_at", insertable = false, updatable = false)
    private OffsetDateTime redactedAt;

    @Version
    @Column(name = "version", nullable = false)
    private long version;

    protected EmailLog() {
        // for JPA
    }

    /** A freshly accepted notification for a validated request of {@code owner}. */
    public static EmailLog accept(String owner, EmailRequest request, String toEmail, OffsetDateTime now) {
        EmailLog log = new EmailLog();
        log.owner = Objects.requireNonNull(owner, "owner");
        log.requestId = request.requestId();
        log.requestHash = request.fingerprint();
        log.userId = request.userId();
        log.toEmail = toEmail;
        log.templateCode = request.templateCode();
        log.channel = request.channel().wireName();
        log.templateLanguage = request.languageOrDefault();
        log.requestedLanguage = request.language();
        log.variables = request.variablesJson();
        log.metadata = request.metadataJson();
        log.priority = request.priority();
        log.correlationId = request.correlationId();
        log.callbackUrl = request.callbackUrl();
        log.sendAt = request.sendAt();
        log.status = NotificationStatus.ACCEPTED;
        log.createdAt = now;
        log.updatedAt = now;
        return log;
    }

    /** Begins a delivery attempt: counts it and moves to PROCESSING. */
    public void startAttempt(OffsetDateTime now) {
        moveTo(NotificationStatus.PROCESSING, now);
        attempts++;
        nextAttemptAt = null;
    }

    public void markDelivered(Integer usedTemplateVersion, OffsetDateTime now) {
        moveTo(NotificationStatus.DELIVERED, now);
        templateVersion = usedTemplateVersion;
        deliveredAt = now;
        lastError = null;
    }

    /**
     * Not sent, and never will be, by the recipient's choice (the user turned the channel off):
     * terminal, without an attempt.
     */
    public void markSkipped(String reason, OffsetDateTime now) {
        moveTo(NotificationStatus.SKIPPED, now);
        lastError = truncate(reason);
    }

    /** Not sent: the address is on the suppression list for this mail's category. Terminal. */
    public void markSuppressed(String reason, OffsetDateTime now) {
        moveTo(NotificationStatus.SUPPRESSED, now);
        lastError = truncate(reason);
    }

    /** Delivery resolved the language from the user's profile (the request named none). */
    public void useLanguage(String language) {
        if (requestedLanguage != null) {
            throw new IllegalStateException("the request chose the language");
        }
        templateLanguage = Objects.requireNonNull(language, "language");
    }

    public void markFailed(String reason, OffsetDateTime now) {
        moveTo(NotificationStatus.FAILED, now);
        lastError = truncate(reason);
    }

    public void scheduleRetry(String reason, OffsetDateTime nextAttempt, OffsetDateTime now) {
        moveTo(NotificationStatus.RETRY_SCHEDULED, now);
        lastError = truncate(reason);
        nextAttemptAt = nextAttempt;
    }

    /**
     * The attempt never reached the mail server (its circuit breaker was open): it does not
     * count against the attempt limit, however long the outage lasts.
     */
    public void deferAttempt(String reason, OffsetDateTime nextAttempt, OffsetDateTime now) {
        scheduleRetry(reason, nextAttempt, now);
        attempts = Math.max(0, attempts - 1);
    }

    /**
     * An operator replays this notification from the dead-letter queue: it starts over with a
     * fresh attempt budget. Never for one already delivered, suppressed or skipped, nor for a
     * redacted one (there is no recipient left to send to).
     */
    public void replay(OffsetDateTime now) {
        if (!canBeReplayed()) {
            throw new IllegalStatusTransitionException(id == null ? -1 : id, status, NotificationStatus.ACCEPTED);
        }
        status = NotificationStatus.ACCEPTED;
        attempts = 0;
        nextAttemptAt = null;
        updatedAt = now;
    }

    public boolean canBeReplayed() {
        return redactedAt == null && (status == NotificationStatus.FAILED || !status.isTerminal());
    }

    /** Whether the personal data of this notification was removed. */
    public boolean isRedacted() {
        return redactedAt != null;
    }

    private void moveTo(NotificationStatus next, OffsetDateTime now) {
        if (!status.canMoveTo(next)) {
            throw new IllegalStatusTransitionException(id == null ? -1 : id, status, next);
        }
        status = next;
        updatedAt = now;
    }

    private static String truncate(String reason) {
        if (reason == null || reason.length() <= MAX_ERROR_LENGTH) {
            return reason;
        }
        return reason.substring(0, MAX_ERROR_LENGTH);
    }

    /** Whether a request with this fingerprint is the same request as the one stored. */
    public boolean isSameRequestAs(String fingerprint) {
        return Objects.equals(requestHash, fingerprint);
    }

    public Long getId() { return id; }
    public String getOwner() { return owner; }
    public String getRequestId() { return requestId; }
    public String getUserId() { return userId; }
    public String getToEmail() { return toEmail; }
    public String getTemplateCode() { return templateCode; }
    public String getTemplateLanguage() { return templateLanguage; }
    public String getRequestedLanguage() { return requestedLanguage; }
    public String getChannel() { return channel; }
    public Integer getTemplateVersion() { return templateVersion; }
    public String getVariables() { return variables; }
    public String getMetadata() { return metadata; }
    public int getPriority() { return priority; }
    public NotificationStatus getStatus() { return status; }
    public int getAttempts() { return attempts; }
    public String getLastError() { return lastError; }
    public String getCorrelationId() { return correlationId; }
    public String getCallbackUrl() { return callbackUrl; }
    public OffsetDateTime getSendAt() { return sendAt; }
    public OffsetDateTime getNextAttemptAt() { return nextAttemptAt; }
    public OffsetDateTime getCreatedAt() { return createdAt; }
    public OffsetDateTime getUpdatedAt() { return updatedAt; }
    public OffsetDateTime getDeliveredAt() { return deliveredAt; }
    public OffsetDateTime getRedactedAt() { return redactedAt; }
    public Long getBatchId() { return batchId; }

    /** The category of this mail: its batch's, else the template's. */
    public String categoryOr(String templateCategory) {
        return category != null ? category : templateCategory;
    }
}
