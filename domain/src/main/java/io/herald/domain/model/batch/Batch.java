package io.herald.domain.model.batch;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;

/**
 * A batch: one template sent to many recipients, each of them an ordinary notification (an
 * {@code email_log} row with this batch's id) that can be read, retried and reported on its own.
 * The batch keeps what the request said and when it was accepted, first worked on and
 * cancelled; its progress is counted from its notifications.
 *
 * <p>Written only by SQL (the batch and its up to 100,000 notifications go in with JDBC batches
 * in one transaction); read through JPA.
 */
@Entity
@Table(name = "batch")
public class Batch {

    @Id
    private Long id;

    @Column(name = "owner", insertable = false, updatable = false)
    private String owner;

    @Column(name = "idempotency_key", insertable = false, updatable = false)
    private String idempotencyKey;

    @Column(name = "request_hash", insertable = false, updatable = false)
    private String requestHash;

    @Column(name = "template_code", insertable = false, updatable = false)
    private String templateCode;

    @Column(name = "language", insertable = false, updatable = false)
    private String language;

    @Column(name = "category", insertable = false, updatable = false)
    private String category;

    @Column(name = "send_at", insertable = false, updatable = false)
    private OffsetDateTime sendAt;

    @Column(name = "metadata", insertable = false, updatable = false)
    private String metadata;

    @Column(name = "accepted", insertable = false, updatable = false)
    private int accepted;

    /** The rejected recipients as JSON ({@code [{index, errors}]}), so a repeat can answer as the first time did. */
    @Column(name = "rejected", insertable = false, updatable = false)
    private String rejected;

    @Column(name = "created_at", insertable = false, updatable = false)
    private OffsetDateTime createdAt;

    @Column(name = "started_at", insertable = false, updatable = false)
    private OffsetDateTime startedAt;

    @Column(name = "cancelled_at", insertable = false, updatable = false)
    private OffsetDateTime cancelledAt;

    protected Batch() {
        // for JPA
    }

    /** Whether a request with this fingerprint is the one this batch was created from. */
    public boolean isSameRequestAs(String fingerprint) {
        return requestHash != null && requestHash.equals(fingerprint);
    }

    public Long getId() { return id; }
    public String getOwner() { return owner; }
    public String getIdempotencyKey() { return idempotencyKey; }
    public String getTemplateCode() { return templateCode; }
    public String getLanguage() { return language; }
    public String getCategory() { return category; }
    public OffsetDateTime getSendAt() { return sendAt; }
    public String getMetadata() { return metadata; }
    public int getAccepted() { return accepted; }
    public String getRejected() { return rejected; }
    public OffsetDateTime getCreatedAt() { return createdAt; }
    public OffsetDateTime getStartedAt() { return startedAt; }
    public OffsetDateTime getCancelledAt() { return cancelledAt; }
}
