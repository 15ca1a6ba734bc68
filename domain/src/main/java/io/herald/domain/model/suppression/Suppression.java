package io.herald.domain.model.suppression;

import io.herald.domain.model.template.Template;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;
import java.util.Objects;

/**
 * An address that gets no more mail of a category (or of any), and why. The address is stored
 * lower-cased, the form in which erasure compares addresses too. It is personal data: never log it.
 *
 * <p>Which mail an entry blocks is {@link #blocks(String)}: bounces and complaints block every
 * mail; an unsubscribe blocks its own category (all non-transactional mail when it names none)
 * but never transactional mail unless it names the transactional category itself; a manual entry
 * blocks its category, or everything when it names none.
 */
@Entity
@Table(name = "suppression")
@NamedQuery(name = Suppression.FOR_ADDRESS, query = "SELECT s FROM Suppression s WHERE s.address = :address ORDER BY s.id")
public class Suppression {

    public static final String FOR_ADDRESS = "Suppression.forAddress";

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(name = "address", nullable = false, updatable = false)
    private String address;

    @Enumerated(EnumType.STRING)
    @Column(name = "reason", nullable = false, updatable = false)
    private SuppressionReason reason;

    /** Null: every category. */
    @Column(name = "category", updatable = false)
    private String category;

    @Column(name = "source", nullable = false, updatable = false)
    private String source;

    @Column(name = "created_at", nullable = false, updatable = false)
    private OffsetDateTime createdAt;

    protected Suppression() {
        // for JPA
    }

    /** @param address already in its lower-cased, validated form */
    public Suppression(String address, SuppressionReason reason, String category, String source, OffsetDateTime createdAt) {
        this.address = Objects.requireNonNull(address, "address");
        this.reason = Objects.requireNonNull(reason, "reason");
        this.category = category;
        this.source = Objects.requireNonNull(source, "source");
        this.createdAt = Objects.requireNonNull(createdAt, "createdAt");
    }

    /** Whether this entry stops mail of the given category (a template's category). */
    public boolean blocks(String mailCategory) {
        String mail = mailCategory == null ? Template.TRANSACTIONAL : mailCategory;
        return switch (reason) {
            case HARD_BOUNCE, COMPLAINT -> true;
            case MANUAL -> category == null || category.equals(mail);
            case UNSUBSCRIBE -> category == null ? !Template.TRANSACTIONAL.equals(mail) : category.equals(mail);
        };
    }

    public Long getId() { return id; }
    public String getAddress() { return address; }
    public SuppressionReason getReason() { return reason; }
    public String getCategory() { return category; }
    public String getSource() { return source; }
    public OffsetDateTime getCreatedAt() { return createdAt; }

    @Override
    public String toString() {
        return "Suppression[" + id + ", " + reason + ", " + (category == null ? "all" : category) + "]";
    }
}
