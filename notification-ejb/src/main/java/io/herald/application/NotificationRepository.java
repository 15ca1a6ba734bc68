package io.herald.application;

import io.herald.domain.model.notification.DeliveryEvent;
import io.herald.domain.model.notification.EmailLog;
import java.util.List;
import java.util.Optional;

/**
 * Where notifications and their delivery events are kept. Application services depend on this
 * interface; {@code infrastructure.persistence.jpa} implements it. Every method runs in the
 * caller's transaction.
 */
public interface NotificationRepository {

    /** The owner's notification with this request id (unique per owner). */
    Optional<EmailLog> findByRequestId(String owner, String requestId);

    /** Notifications of any owner with this request id, oldest first, at most {@code max}: for admins. */
    List<EmailLog> findByRequestIdAnyOwner(String requestId, int max);

    /**
     * One page of an owner's notifications, newest first ({@code created_at DESC, id DESC}),
     * at most {@code query.limit() + 1} rows so the caller can tell whether more follow.
     */
    List<EmailLog> page(NotificationQuery query);

    Optional<EmailLog> find(long id);

    /** Loads the row locked for update, so concurrent deliveries of one notification serialise. */
    Optional<EmailLog> findForUpdate(long id);

    /**
     * Loads these rows locked for update, in id order (so that chunks never deadlock each other);
     * ids with no row are missing from the map.
     */
    java.util.Map<Long, EmailLog> findAllForUpdate(java.util.Collection<Long> ids);

    /** Loads these rows (into the transaction's persistence context). */
    List<EmailLog> findAll(java.util.Collection<Long> ids);

    void add(EmailLog log);

    void addEvent(DeliveryEvent event);

    /** The notification's events, oldest first. */
    List<DeliveryEvent> events(long notificationId);
}
