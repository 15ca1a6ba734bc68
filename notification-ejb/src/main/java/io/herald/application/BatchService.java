package io.herald.application;

import static io.herald.infrastructure.json.Jsons.JSON;

import io.herald.domain.model.batch.Batch;
import io.herald.domain.model.batch.BatchRecipient;
import io.herald.domain.model.batch.BatchRequest;
import io.herald.domain.model.batch.RejectedRecipient;
import io.herald.domain.model.delivery.Channel;
import io.herald.domain.model.notification.EmailLog;
import io.herald.domain.model.notification.FieldError;
import io.herald.domain.model.notification.InvalidNotificationRequestException;
import io.herald.domain.model.notification.NotificationStatus;
import io.herald.domain.model.template.Template;
import io.herald.infrastructure.logging.Log;
import jakarta.ejb.EJB;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObjectBuilder;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Accepts batches and reports on them. {@link #accept} is one XA transaction, as for a single
 * notification: the batch, one notification per valid recipient (each readable through the
 * status API) and the chunk messages that ask for their delivery commit together or not at all.
 * Delivery takes a chunk at a time (the batch consumer); a member that fails transiently is
 * retried on its own through the email queue.
 */
@Stateless
public class BatchService {

    private static final Log LOG = Log.of(BatchService.class);

    @Inject
    private BatchStore batches;

    @Inject
    private TemplateCatalog catalog;

    @EJB
    private DeliveryQueue queue;

    /**
     * @param idempotencyKey the {@code Idempotency-Key} header, or null
     * @throws InvalidNotificationRequestException when no recipient can be accepted
     * @throws UnknownTemplateException            when the template does not exist in the batch's language
     */
    public BatchAcceptance accept(String owner, BatchRequest request, String idempotencyKey) {
        if (idempotencyKey != null) {
            Optional<BatchAcceptance> repeat = findExisting(owner, request, idempotencyKey);
            if (repeat.isPresent()) {
                return repeat.get();
            }
        }
        checkTemplate(request);
        List<RejectedRecipient> rejected = new ArrayList<>(request.rejected());
        List<BatchRecipient> accepted = withoutUnknown(owner, request.recipients(), rejected);
        rejected.sort(Comparator.comparingInt(RejectedRecipient::index));
        if (accepted.isEmpty()) {
            throw new InvalidNotificationRequestException(List.of(new FieldError("recipients",
                    "none of the " + request.submitted() + " recipients can be accepted; see rejected")), rejected);
        }
        long batchId = batches.nextBatchId();
        List<String> requestIds = accepted.stream()
                .map(r -> r.requestId() != null ? r.requestId() : generatedRequestId(batchId, r.index())).toList();
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        List<Long> ids = batches.insert(batchId, owner, idempotencyKey, request, accepted, requestIds, toJson(rejected), now);
        long delayMs = request.sendAt() == null ? 0 : Math.max(0, Duration.between(now, request.sendAt()).toMillis());
        for (int from = 0; from < ids.size(); from += BatchChunk.MAX_SIZE) {
            List<Long> chunk = ids.subList(from, Math.min(ids.size(), from + BatchChunk.MAX_SIZE));
            queue.enqueue(new BatchChunk(batchId, chunk, request.correlationId()), request.priority() - 1, delayMs);
        }
        LOG.info(() -> "accepted batch " + batchId + ": " + ids.size() + " notifications, " + rejected.size() + " rejected");
        return new BatchAcceptance(BatchAcceptance.Outcome.ACCEPTED, batchId, ids.size(), rejected);
    }

    /** The request id of a recipient that named none. */
    static String generatedRequestId(long batchId, int index) {
        return "batch-" + batchId + "-" + index;
    }

    /**
     * A repeat of an earlier batch with the same {@code Idempotency-Key}: the same answer (same
     * batch, nothing stored again), or a conflict when the body differs.
     */
    public Optional<BatchAcceptance> findExisting(String owner, BatchRequest request, String idempotencyKey) {
        return batches.findByIdempotencyKey(owner, idempotencyKey).map(b -> b.isSameRequestAs(request.fingerprint())
                ? BatchAcceptance.repeat(b.getId(), b.getAccepted(), b.getRejected())
                : BatchAcceptance.conflict(b.getId()));
    }

    private void checkTemplate(BatchRequest request) {
        Optional<Template> template = catalog.lookup(request.templateCode(), request.languageOrDefault()).template();
        if (template.isEmpty()) {
            throw new UnknownTemplateException(request.templateCode(), request.languageOrDefault());
        }
        if (!Channel.EMAIL.wireName().equals(template.get().getChannel())) {
            throw UnacceptableNotificationException.wrongChannel(request.templateCode(), template.get().getChannel(),
                    Channel.EMAIL.wireName());
        }
    }

    /**
     * The recipients that the stored state allows: a request id the owner has not used yet; a
     * user (when the address is to come from the user directory) that exists. The others are
     * added to {@code rejected}.
     */
    private List<BatchRecipient> withoutUnknown(String owner, List<BatchRecipient> recipients, List<RejectedRecipient> rejected) {
        Set<String> used = batches.usedRequestIds(owner,
                recipients.stream().map(BatchRecipient::requestId).filter(id -> id != null).toList());
        Set<String> users = batches.existingUsers(owner,
                recipients.stream().filter(r -> r.to() == null).map(BatchRecipient::userId).distinct().toList());
        List<BatchRecipient> accepted = new ArrayList<>(recipients.size());
        for (BatchRecipient r : recipients) {
            if (r.requestId() != null && used.contains(r.requestId())) {
                rejected.add(new RejectedRecipient(r.index(), List.of(new FieldError("request_id",
                        "already names one of your notifications"))));
            } else if (r.to() == null && !users.contains(r.userId())) {
                rejected.add(new RejectedRecipient(r.index(), List.of(new FieldError("user_id",
                        "no such user in your user directory"))));
            } else {
                accepted.add(r);
            }
        }
        return accepted;
    }

    /** The rejected recipients as the API shows them: {@code [{index, errors: [{field, message}]}]}. */
    public static String toJson(List<RejectedRecipient> rejected) {
        JsonArrayBuilder list = JSON.createArrayBuilder();
        for (RejectedRecipient r : rejected) {
            JsonArrayBuilder errors = JSON.createArrayBuilder();
            r.errors().forEach(e -> errors.add(JSON.createObjectBuilder().add("field", e.field()).add("message", e.message())));
            JsonObjectBuilder item = JSON.createObjectBuilder().add("index", r.index()).add("errors", errors);
            list.add(item);
        }
        return list.build().toString();
    }

    /** The owner's batch with its progress. */
    public Optional<BatchProgress> progress(String owner, long batchId) {
        return batches.find(owner, batchId).map(this::progressOf);
    }

    private BatchProgress progressOf(Batch batch) {
        Map<NotificationStatus, Long> counts = batches.countByStatus(batch.getId());
        long total = counts.values().stream().mapToLong(Long::longValue).sum();
        long finished = counts.entrySet().stream().filter(e -> e.getKey().isTerminal()).mapToLong(Map.Entry::getValue).sum();
        OffsetDateTime completedAt = total > 0 && finished == total ? batches.lastChange(batch.getId()).orElse(null) : null;
        return new BatchProgress(batch, counts, total, finished, completedAt);
    }

    /**
     * Cancels what of the owner's batch has not been sent yet: every notification not being
     * sent and not finished becomes CANCELLED. Those being sent at this moment finish as they
     * do. Cancelling again changes nothing.
     *
     * @return how many notifications were cancelled, or empty when the owner has no such batch
     */
    public Optional<Integer> cancel(String owner, long batchId) {
        if (batches.find(owner, batchId).isEmpty()) {
            return Optional.empty();
        }
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        int cancelled = batches.cancel(batchId, "the batch was cancelled at " + now.toInstant(), now);
        LOG.info(() -> "batch " + batchId + " cancelled: " + cancelled + " notifications not sent");
        return Optional.of(cancelled);
    }

    /**
     * A page of the batch's notifications in id order, optionally of one status; {@code next} is
     * the id to continue after when more follow. Empty when the owner has no such batch.
     */
    public Optional<BatchMembers> members(String owner, long batchId, NotificationStatus status, long afterId, int limit) {
        if (batches.find(owner, batchId).isEmpty()) {
            return Optional.empty();
        }
        List<EmailLog> rows = batches.members(batchId, status, afterId, limit);
        boolean more = rows.size() > limit;
        List<EmailLog> page = more ? rows.subList(0, limit) : rows;
        Long next = more ? page.get(page.size() - 1).getId() : null;
        return Optional.of(new BatchMembers(page.stream().map(log -> NotificationView.of(log, List.of())).toList(), next));
    }

    /** A page of a batch's notifications and the id to continue after (null on the last page). */
    public record BatchMembers(List<NotificationView> items, Long next) {
    }
}
