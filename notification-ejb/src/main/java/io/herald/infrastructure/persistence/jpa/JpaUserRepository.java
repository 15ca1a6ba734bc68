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
     * Inserts a user at once (flushed), so that its devices, which are not mapped as a relation,
     * can never be inserted before it; a duplicate id fails here, as a unique violation.
     */
    public void add(User user) {
        em.persist(user);
        em.flush();
    }

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
