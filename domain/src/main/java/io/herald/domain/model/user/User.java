package io.herald.domain.model.user;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.OffsetDateTime;
import java.util.Objects;

/**
 * A person a caller sends to, in that caller's user directory: the caller's own id for them,
 * how to reach them (address, language, time zone) and what they want (email and push
 * preferences). Push devices are {@link Device} rows of the same owner and user id.
 *
 * <p>Every user belongs to its {@code owner}, like a notification (an API key's prefix or
 * {@code jwt:<subject>}): ids are unique per owner, and only the owner (or an admin acting for
 * it) can see or change them. Everything here except the owner is personal data: none of it
 * may appear in a log line or an exception message ({@link #toString()} names the owner only).
 */
@Entity(name = "AppUser")
@Table(name = "app_user")
@IdClass(UserKey.class)
@NamedQuery(name = User.BY_ID_ANY_OWNER, query = "SELECT u FROM AppUser u WHERE u.id = :id ORDER BY u.owner")
@NamedQuery(name = User.DELETE_BY_ERASURE_KEY, query = "DELETE FROM AppUser u WHERE LOWER(u.email) = :key")
public class User {

    /** Across owners: for admins only. */
    public static final String BY_ID_ANY_OWNER = "AppUser.byIdAnyOwner";
    /** Erasure of an address ({@code io.herald.domain.model.notification.Redaction#erasureKey}), across owners. */
    public static final String DELETE_BY_ERASURE_KEY = "AppUser.deleteByErasureKey";

    @Id
    @Column(name = "owner", nullable = false, updatable = false)
    private String owner;

    @Id
    @Column(name = "id", nullable = false, updatable = false)
    private String id;

    @Column(name = "name")
    private String name;

    @Column(name = "email")
    private String email;

    @Column(name = "language")
    private String language;

    @Column(name = "timezone")
    private String timezone;

    @Column(name = "pref_email", nullable = false)
    private boolean emailEnabled = true;

    @Column(name = "pref_push", nullable = false)
    private boolean pushEnabled = true;

    @Column(name = "created_at", nullable = false, updatable = false)
    private OffsetDateTime createdAt;

    @Column(name = "updated_at", nullable = false)
    private OffsetDateTime updatedAt;

    @Version
    @Column(name = "version", nullable = false)
    private long version;

    protected User() {
        // for JPA
    }

    /** A new user of {@code owner} from a validated draft (its devices are not part of the row). */
    public static User create(String owner, UserDraft draft, OffsetDateTime now) {
        User user = new User();
        user.owner = Objects.requireNonNull(owner, "owner");
        user.id = draft.id();
        user.createdAt = now;
        user.replace(draft, now);
        return user;
    }

    /** Sets every profile field from a validated draft of the same user (full replace). */
    public void replace(UserDraft draft, OffsetDateTime now) {
        if (!id.equals(draft.id())) {
            throw new IllegalArgumentException("a draft of another user");
        }
        name = draft.name();
        email = draft.email();
        language = draft.language();
        timezone = draft.timezone();
        emailEnabled = draft.emailEnabled();
        pushEnabled = draft.pushEnabled();
        updatedAt = now;
    }

    /** Changes the fields the patch names, and only those. */
    public void apply(UserPatch patch, OffsetDateTime now) {
        if (patch.name() != null) {
            name = patch.name().value();
        }
        if (patch.email() != null) {
            email = patch.email().value();
        }
        if (patch.language() != null) {
            language = patch.language().value();
        }
        if (patch.timezone() != null) {
            timezone = patch.timezone().value();
        }
        if (patch.emailEnabled() != null) {
            emailEnabled = patch.emailEnabled();
        }
        if (patch.pushEnabled() != null) {
            pushEnabled = patch.pushEnabled();
        }
        updatedAt = now;
    }

    public String getOwner() { return owner; }
    public String getId() { return id; }
    public String getName() { return name; }
    public String getEmail() { return email; }
    public String getLanguage() { return language; }
    public String getTimezone() { return timezone; }
    public boolean isEmailEnabled() { return emailEnabled; }
    public boolean isPushEnabled() { return pushEnabled; }
    public OffsetDateTime getCreatedAt() { return createdAt; }
    public OffsetDateTime getUpdatedAt() { return updatedAt; }
    public long getVersion() { return version; }

    @Override
    public String toString() {
        return "User[owner=" + owner + "]";
    }
}
