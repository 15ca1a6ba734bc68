package io.herald.infrastructure.persistence.jpa;

import io.herald.application.NotificationRepository;
import io.herald.application.NotificationQuery;
import io.herald.domain.model.notification.DeliveryEvent;
import io.herald.domain.model.notification.EmailLog;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.TypedQuery;
import java.util.List;
import java.util.Optional;

/** Stores email notifications and their delivery events. Runs in the caller's transaction. */
@ApplicationScoped
public class JpaNotificationRepository implements NotificationRepository {

    @PersistenceContext(unitName = "notification")
    private EntityManager em;

    /** The owner's notification with this request id (unique per owner). */
    @Override
    public Optional<EmailLog> findByRequestId(String owner, String requestId) {
        return em.createNamedQuery(EmailLog.BY_OWNER_AND_REQUEST_ID, EmailLog.class)
                .setParameter("owner", owner)
                .setParameter("requestId", requestId)
                .getResultStream()
                .findFirst();
    }

    /** Notifications of any owner with this request id, oldest first, at most {@code max}: for admins. */
    @Override
    public List<EmailLog> findByRequestIdAnyOwner(String requestId, int max) {
        return em.createNamedQuery(EmailLog.BY_REQUEST_ID, EmailLog.class)
                .setParameter("requestId", requestId)
                .setMaxResults(max)
                .getResultList();
    }

    /**
     * One page of an owner's notifications, newest first ({@code created_at DESC, id DESC}), at
     * most {@code query.limit() + 1} rows so the caller can tell whether more follow. The
     * position is the keyset {@code (created_at, id) < (after)}, written with a redundant
     * {@code created_at <= :at} that PostgreSQL can use as the start of the scan on
     * {@code email_log_owner_created_idx (owner, created_at DESC, id DESC)}: every page costs
     * the same, however deep.
     */
    @Override
    public List<EmailLog> page(NotificationQuery query) {
        StringBuilder jpql = new StringBuilder("SELECT e FROM EmailLog e WHERE e.owner = :owner");
        if (query.status() != null) {
            jpql.append(" AND e.status = :status");
        }
        if (query.channel() != null) {
            jpql.append(" AND e.channel = :channel");
        }
        if (query.userId() != null) {
            jpql.append(" AND e.userId = :userId");
        }
        if (query.since() != null) {
            jpql.append(" AND e.createdAt >= :since");
        }
        if (query.after() != null) {
            jpql.append(" AND e.createdAt <= :afterAt AND (e.createdAt < :afterAt OR e.id < :afterId)");
        }
        jpql.append(" ORDER BY e.createdAt DESC, e.id DESC");
        TypedQuery<EmailLog> q = em.createQuery(jpql.toString(), EmailLog.class).setParameter("owner", query.owner());
        if (query.status() != null) {
            q.setParameter("status", query.status());
        }
        if (query.channel() != null) {
            q.setParameter("channel", query.channel());
        }
        if (query.userId() != null) {
            q.setParameter("userId", query.userId());
        }
        if (query.since() != null) {
            q.setParameter("since", query.since());
        }
        if (query.after() != null) {
            q.setParameter("afterAt", query.after().createdAt()).setParameter("afterId", query.after().id());
        }
        return q.setMaxResults(query.limit() + 1).getResultList();
    }

    @Override
    public Optional<EmailLog> find(long id) {
        return Optional.ofNullable(em.find(EmailLog.class, id));
    }

    /** Loads the row locked for update, so concurrent deliveries of one notification serialise. */
    @Override
    public Optional<EmailLog> findForUpdate(long id) {
        return Optional.ofNullable(em.find(EmailLog.class, id, LockModeType.PESSIMISTIC_WRITE));
    }

    @Override
    public java.util.Map<Long, EmailLog> findAllForUpdate(java.util.Collection<Long> ids) {
        java.util.Map<Long, EmailLog> rows = new java.util.LinkedHashMap<>();
        if (ids.isEmpty()) {
            return rows;
        }
        em.createQuery("SELECT e FROM EmailLog e WHERE e.id IN :ids ORDER BY e.id", EmailLog.class)
                .setParameter("ids", List.copyOf(ids))
                .setLockMode(LockModeType.PESSIMISTIC_WRITE)
                .getResultList()
                .forEach(log -> rows.put(log.getId(), log));
        return rows;
    }

    @Override
    public List<EmailLog> findAll(java.util.Collection<Long> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        return em.createQuery("SELECT e FROM EmailLog e WHERE e.id IN :ids", EmailLog.class)
                .setParameter("ids", List.copyOf(ids)).getResultList();
    }

    @Override
    public void add(EmailLog log) {
        em.persist(log);
    }

    @Override
    public void addEvent(DeliveryEvent event) {
        em.persist(event);
    }

    @Override
    public List<DeliveryEvent> events(long emailLogId) {
        return em.createNamedQuery(DeliveryEvent.FOR_LOG, DeliveryEvent.class)
                .setParameter("emailLogId", emailLogId)
                .getResultList();
    }
}
