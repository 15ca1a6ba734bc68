package io.herald.application;

import io.herald.domain.model.batch.Batch;
import io.herald.domain.model.batch.BatchRecipient;
import io.herald.domain.model.batch.BatchRequest;
import io.herald.domain.model.notification.EmailLog;
import io.herald.domain.model.notification.NotificationStatus;
import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Where batches and their notifications are kept. Built for size: a batch of 100,000 goes in as
 * JDBC batches, not entity by entity, and progress is counted in SQL. Every method runs in the
 * caller's transaction; {@code infrastructure.persistence} implements it.
 */
public interface BatchStore {

    /** A new batch id. */
    long nextBatchId();

    /** Of these request ids, those the owner already used. */
    Set<String> usedRequestIds(String owner, Collection<String> requestIds);

    /** Of these user ids, those in the owner's user directory. */
    Set<String> existingUsers(String owner, Collection<String> userIds);

    /**
     * Stores the batch and one ACCEPTED notification per recipient (with its ACCEPTED event).
     *
     * @param requestIds   each recipient's request id, in recipient order
     * @param rejectedJson the rejected recipients as the API reports them
     * @return the notification ids, in recipient order
     */
    List<Long> insert(long batchId, String owner, String idempotencyKey, BatchRequest request, List<BatchRecipient> recipients,
                      List<String> requestIds, String rejectedJson, OffsetDateTime now);

    Optional<Batch> find(String owner, long batchId);

    Optional<Batch> findByIdempotencyKey(String owner, String idempotencyKey);

    /** How many of the batch's notifications are in each status (statuses with none left out). */
    Map<NotificationStatus, Long> countByStatus(long batchId);

    /** When the batch's last notification changed: its completion time once all are terminal. */
    Optional<OffsetDateTime> lastChange(long batchId);

    /** Notes the first attempt on the batch, unless one was noted already. */
    void markStarted(long batchId, OffsetDateTime now);

    /**
     * Cancels the batch's notifications that are not being sent and not finished (each CANCELLED
     * with an event), and notes the cancellation.
     *
     * @return how many were cancelled
     */
    int cancel(long batchId, String reason, OffsetDateTime now);

    /**
     * A page of the batch's notifications in id order (optionally of one status), after
     * {@code afterId}, at most {@code limit + 1} so the caller can tell whether more follow.
     */
    List<EmailLog> members(long batchId, NotificationStatus status, long afterId, int limit);
}
