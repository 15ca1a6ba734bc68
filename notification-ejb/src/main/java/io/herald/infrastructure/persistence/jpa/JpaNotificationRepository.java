package io.herald.infrastructure.persistence.jpa;

import io.herald.application.NotificationRepository;
import io.herald.domain.model.notification.DeliveryEvent;
import io.herald.domain.model.notification.EmailLog;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
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
