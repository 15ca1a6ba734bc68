package io.herald.infrastructure.persistence.jpa;

import io.herald.domain.model.user.Device;
import io.herald.domain.model.user.DeviceKey;
import io.herald.domain.model.user.User;
import io.herald.domain.model.user.UserKey;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import java.util.List;
import java.util.Optional;

/**
 * Stores the user directory: users ({@code app_user}) and their push devices
 * ({@code user_device}, keyed by owner and the SHA-256 of the token). Every lookup is by owner:
 * one owner's users are invisible to another's. Deleting a user deletes its devices (the
 * foreign key cascades in the database). Runs in the caller's transaction.
 */
@ApplicationScoped
public class JpaUserRepository {

    @PersistenceContext(unitName = "notification")
    private EntityManager em;

    /** The owner's user with this id. */
    public Optional<User> find(String owner, String id) {
        return Optional.ofNullable(em.find(User.class, new UserKey(owner, id)));
    }

    /**
     * The owner's user with this id, its row locked until the transaction ends: changes to one
     * user's devices serialise (the device limit holds, and the user cannot be deleted meanwhile).
     */
    public Optional<User> findForUpdate(String owner, String id) {
        return Optional.ofNullable(em.find(User.class, new UserKey(owner, id), LockModeType.PESSIMISTIC_WRITE));
    }

    public boolean exists(String owner, String id) {
        return find(owner, id).isPresent();
    }

    /** Users of any owner with this id, by owner, at most {@code max}: for admins. */
    public List<User> findAnyOwner(String id, int max) {
        return em.createNamedQuery(User.BY_ID_ANY_OWNER, User.class).setParameter("id", id).setMaxResults(max)
                .getResultList();
    }

    /**
     * Inserts a new user at once, unless the owner already has one with its id (then nothing
     * happens). Plain SQL, {@code ON CONFLICT DO NOTHING}: a create that loses a race for an id
     * waits for the winner and then inserts nothing, instead of failing with a unique violation,
     * whose message (logged by EclipseLink and the container) would quote the id. Inserted at
     * once, so that the user's devices, which are not mapped as a relation, always come after it.
     *
     * @return whether the user was inserted
     */
    public boolean addIfAbsent(User user) {
        return em.createNativeQuery(INSERT_IF_ABSENT)
                .setParameter(1, user.getOwner())
                .setParameter(2, user.getId())
                .setParameter(3, user.getName())
                .setParameter(4, user.getEmail())
                .setParameter(5, user.getLanguage())
                .setParameter(6, user.getTimezone())
                .setParameter(7, user.isEmailEnabled())
                .setParameter(8, user.isPushEnabled())
                .setParameter(9, user.getCreatedAt().toInstant().toString())
                .setParameter(10, user.getUpdatedAt().toInstant().toString())
                .executeUpdate() == 1;
    }

    /**
     * Numbered parameters only, no {@code #} (EclipseLink would take it for a parameter marker)
     * and CAST rather than {@code ::}, as in {@link JpaRetentionRepository}. Times travel as
     * ISO-8601 text, which PostgreSQL reads to the microsecond.
     */
    static final String INSERT_IF_ABSENT = "INSERT INTO app_user (owner, id, name, email, language, timezone, pref_email,"
            + " pref_push, created_at, updated_at, version) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8,"
            + " CAST(?9 AS TIMESTAMPTZ), CAST(?10 AS TIMESTAMPTZ), 0) ON CONFLICT (owner, id) DO NOTHING";

    /** Deletes a user; the database deletes its devices. */
    public void remove(User user) {
        em.remove(user);
    }

    /** The user's devices, oldest first. */
    public List<Device> devices(String owner, String userId) {
        return em.createNamedQuery(Device.FOR_USER, Device.class).setParameter("owner", owner)
                .setParameter("userId", userId).getResultList();
    }

    public long countDevices(String owner, String userId) {
        return em.createNamedQuery(Device.COUNT_FOR_USER, Long.class).setParameter("owner", owner)
                .setParameter("userId", userId).getSingleResult();
    }

    /** The owner's device with this token, whichever of the owner's users holds it. */
    public Optional<Device> device(String owner, String token) {
        return Optional.ofNullable(em.find(Device.class, new DeviceKey(owner, Device.hashOf(token))))
                .filter(d -> d.getToken().equals(token));
    }

    /**
     * As {@link #device}, the row locked until the transaction ends: a token being moved to
     * another user cannot be deleted with its old user meanwhile (that user's cascade then finds
     * it moved, and leaves it).
     */
    public Optional<Device> deviceForUpdate(String owner, String token) {
        return Optional.ofNullable(em.find(Device.class, new DeviceKey(owner, Device.hashOf(token)), LockModeType.PESSIMISTIC_WRITE))
                .filter(d -> d.getToken().equals(token));
    }

    public void addDevice(Device device) {
        em.persist(device);
    }

    public void removeDevice(Device device) {
        em.remove(device);
    }

    /**
     * Deletes the users, of every owner, whose address is the erasure key (the address
     * lower-cased, {@code Redaction.erasureKey}), compared lower-cased like erasure compares
     * notification recipients (addresses are ASCII); their devices go with them. Returns how many.
     */
    public int deleteByErasureKey(String key) {
        return em.createNamedQuery(User.DELETE_BY_ERASURE_KEY).setParameter("key", key).executeUpdate();
    }
}
