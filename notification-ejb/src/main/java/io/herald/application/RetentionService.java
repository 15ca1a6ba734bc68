package io.herald.application;

import io.herald.domain.model.notification.DeliveryEvent;
import io.herald.domain.model.notification.Redaction;
import io.herald.domain.model.notification.RetentionPolicy;
import io.herald.infrastructure.logging.Log;
import io.herald.infrastructure.persistence.jpa.JpaRetentionRepository;
import io.herald.infrastructure.persistence.jpa.JpaRetentionRepository.Candidate;
import io.herald.infrastructure.persistence.jpa.JpaUserRepository;
import jakarta.annotation.Resource;
import jakarta.ejb.SessionContext;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Personal data is not kept forever (issue 9).
 *
 * <ul>
 *   <li><b>Retention</b> ({@link #runRetention}): finished notifications whose last change is
 *       older than {@code herald.retention.days} are redacted, in batches of
 *       {@code herald.retention.batch-size}, each its own short transaction. Run by
 *       {@link RetentionJob} and by operators through the admin API.</li>
 *   <li><b>Erasure</b> ({@link #erase}): every notification sent to an address, or whose
 *       variables or metadata contain it, is redacted at once, whatever its status; pending ones
 *       are cancelled first (SUPPRESSED) so nothing more is sent. Users of the directory (of
 *       every owner) with that address are deleted, with their devices. One transaction; an
 *       {@code ERASED} event on each notification, and an {@code AUDIT} log line without the
 *       address.</li>
 * </ul>
 * Users are live data, kept until their owner deletes them or their address is erased:
 * retention does not touch them.
 * What redaction removes and keeps: {@link Redaction}.
 */
@Stateless
public class RetentionService {

    private static final Log LOG = Log.of(RetentionService.class);
    static final String CANCEL_REASON = "cancelled: personal data erased on request";

    @Inject
    private JpaRetentionRepository repository;

    @Inject
    private JpaUserRepository users;

    @Inject
    @ConfigProperty(name = "herald.retention.days", defaultValue = "" + RetentionPolicy.DEFAULT_DAYS)
    private int days;

    @Inject
    @ConfigProperty(name = "herald.retention.batch-size", defaultValue = "" + RetentionPolicy.DEFAULT_BATCH_SIZE)
    private int batchSize;

    @Resource
    private SessionContext context;

    /** The configured policy; IllegalArgumentException naming the property if it is invalid. */
    @TransactionAttribute(TransactionAttributeType.SUPPORTS)
    public RetentionPolicy policy() {
        return new RetentionPolicy(days, batchSize);
    }

    /** Why the configured policy is invalid, if it is. */
    @TransactionAttribute(TransactionAttributeType.SUPPORTS)
    public Optional<String> configurationProblem() {
        try {
            policy();
            return Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.of(e.getMessage());
        }
    }

    /** What one retention run did. */
    public record Run(int redacted, int batches, Instant cutoff, long millis) {
    }

    /**
     * Redacts every notification that finished before the retention period, batch after batch
     * until one comes back short. Rows locked by a concurrent run are left to it.
     */
    @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
    public Run runRetention() {
        RetentionPolicy policy = policy();
        long started = System.nanoTime();
        Instant cutoff = policy.cutoff(Instant.now());
        RetentionService self = context.getBusinessObject(RetentionService.class);
        int total = 0;
        int batches = 0;
        int redacted;
        do {
            redacted = self.redactBatch(cutoff, policy.batchSize());
            total += redacted;
            batches++;
        } while (policy.mayHaveMore(redacted));
        Run run = new Run(total, batches, cutoff, (System.nanoTime() - started) / 1_000_000);
        if (total > 0) {
            LOG.info(() -> "retention: " + run.redacted() + " finished notification(s) redacted (last changed before "
                    + cutoff + ") in " + run.batches() + " batch(es), " + run.millis() + " ms");
        } else {
            LOG.fine(() -> "retention: nothing to redact (cutoff " + cutoff + ")");
        }
        return run;
    }

    @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
    public int redactBatch(Instant cutoff, int limit) {
        return repository.redactFinishedBefore(cutoff, limit);
    }

    /**
     * What an erasure did. {@code notifications} counts every notification redacted, cancelled
     * ones included; {@code users} the users of the directory deleted (of every owner).
     */
    public record Erasure(String id, int notifications, int cancelled, int users) {
    }

    /**
     * Erases an address: validated and compared as {@link Redaction#erasureKey} says. Empty
     * address key → IllegalArgumentException (the caller validates first).
     *
     * @param address the address as the admin gave it
     * @param caller  who asked (API key prefix or JWT subject), for the audit line
     */
    @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
    public Erasure erase(String address, String caller) {
        String key = Redaction.erasureKey(address).orElseThrow(() -> new IllegalArgumentException("not a valid address"));
        String erasureId = UUID.randomUUID().toString();
        Erasure erasure = context.getBusinessObject(RetentionService.class).eraseInTransaction(key, erasureId);
        // after the commit: the audit line states what really happened, and never the address
        LOG.info(() -> "AUDIT erasure " + erasureId + " by " + caller + ": recipient " + Redaction.auditReference(key)
                + ", " + erasure.notifications() + " notification(s) redacted, " + erasure.cancelled()
                + " of them cancelled before delivery, " + erasure.users() + " user(s) deleted");
        return erasure;
    }

    @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
    public Erasure eraseInTransaction(String key, String erasureId) {
        int deletedUsers = users.deleteByErasureKey(key);
        List<Candidate> matches = repository.lockErasureCandidates(key).stream()
                .filter(c -> Redaction.isRecipient(c.toEmail(), key) || Redaction.mentions(c.variables(), key)
                        || Redaction.mentions(c.metadata(), key))
                .toList();
        if (matches.isEmpty()) {
            return new Erasure(erasureId, 0, 0, deletedUsers);
        }
        List<Long> ids = matches.stream().map(Candidate::id).toList();
        int cancelled = repository.cancelPending(ids, CANCEL_REASON);
        int redacted = repository.redact(ids);
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        for (Candidate c : matches) {
            repository.addEvent(c.id(), DeliveryEvent.Type.ERASED, eventDetail(c, erasureId), now);
        }
        return new Erasure(erasureId, redacted, cancelled, deletedUsers);
    }

    static String eventDetail(Candidate c, String erasureId) {
        String detail = "personal data erased on request (erasure " + erasureId + ")";
        return switch (c.status()) {
            case ACCEPTED, RETRY_SCHEDULED -> detail + "; cancelled while " + c.status() + ", nothing more is sent";
            case PROCESSING -> detail + "; cancelled while PROCESSING: an attempt already at the mail server may still"
                    + " complete, nothing more is sent";
            default -> detail;
        };
    }
}
