package io.herald.infrastructure.persistence.jpa;

import io.herald.domain.model.notification.DeliveryEvent;
import io.herald.domain.model.notification.EmailLog;
import io.herald.domain.model.notification.NotificationStatus;
import io.herald.domain.model.notification.Redaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.Query;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Removes personal data from notification rows (see {@link Redaction} for what is removed and
 * kept). Plain SQL: JPA cannot express {@code FOR UPDATE SKIP LOCKED} or a bounded UPDATE, and
 * the entity deliberately cannot write these columns. Every statement bumps {@code version}, so
 * a delivery that loaded the row before and tries to record an outcome afterwards fails its
 * optimistic check instead of overwriting a cancellation. Runs in the caller's transaction.
 *
 * <p>Native SQL here uses numbered parameters only ({@code ?1}) and no {@code #}, which
 * EclipseLink would take for a parameter marker.
 */
@ApplicationScoped
public class JpaRetentionRepository {

    /**
     * The terminal statuses as an SQL list, in the order of the partial index
     * {@code email_log_retention_idx} (V7__retention.sql): written out literally so the planner
     * can match the index predicate.
     */
    public static final String TERMINAL_STATUSES = sqlList(true);
    static final String PENDING_STATUSES = sqlList(false);

    /** What a redacted row keeps empty; the last error and event details are scrubbed of addresses. */
    private static final String REDACT_SET = "to_email = NULL, user_id = NULL, variables = NULL, metadata = NULL,"
            + " callback_url = NULL, last_error = regexp_replace(e.last_error, ?1, '<redacted>', 'g'),"
            + " redacted_at = now(), version = e.version + 1";

    private static final String SCRUB_EVENTS = "UPDATE delivery_event SET detail = regexp_replace(detail, ?1, '<redacted>', 'g')"
            + " WHERE email_log_id IN (SELECT id FROM batch) AND strpos(detail, '@') > 0";

    /**
     * One retention batch: the oldest finished, unredacted rows last changed before ?2, at most
     * ?3 of them, skipping rows another transaction holds (a concurrent run on another instance,
     * or a replay), so parallel runs share the work and never wait for each other.
     */
    static final String REDACT_FINISHED = "WITH batch AS (SELECT id FROM email_log"
            + " WHERE redacted_at IS NULL AND status IN (" + TERMINAL_STATUSES + ") AND updated_at < to_timestamp(?2)"
            + " ORDER BY updated_at LIMIT ?3 FOR UPDATE SKIP LOCKED),"
            + " events AS (" + SCRUB_EVENTS + ")"
            + " UPDATE email_log e SET " + REDACT_SET + " FROM batch WHERE e.id = batch.id";

    /**
     * Candidates for the erasure of an address (?1, ?2, ?3: the erasure key): the rows sent to
     * it, and rows whose variables or metadata contain it as text (checked exactly in Java,
     * {@link Redaction#mentions}). Not-yet-redacted rows only: redacted ones hold none of it.
     */
    private static final String CANDIDATES_WHERE = " WHERE redacted_at IS NULL AND (lower(to_email) = ?1"
            + " OR strpos(lower(CAST(variables AS text)), ?2) > 0 OR strpos(lower(CAST(metadata AS text)), ?3) > 0)";

    /**
     * Locks the candidates without changing them: their version stays, because a candidate the
     * exact check then leaves alone must not fail a concurrent delivery's optimistic check (which
     * would redeliver, and could resend, an email that has nothing to do with the erasure). The
     * rows that are erased get their version bumped by the cancel and redact statements.
     */
    static final String LOCK_CANDIDATES = "UPDATE email_log SET version = version" + CANDIDATES_WHERE;
    static final String SELECT_CANDIDATES = "SELECT id, status, to_email, CAST(variables AS text), CAST(metadata AS text)"
            + " FROM email_log" + CANDIDATES_WHERE + " ORDER BY id FOR UPDATE";

    /** Cancels the pending ones of {@code n} rows (?2..): SUPPRESSED with reason ?1. */
    static String cancelSql(int n) {
        return "UPDATE email_log SET status = '" + NotificationStatus.SUPPRESSED.name()
                + "', last_error = ?1, next_attempt_at = NULL, updated_at = now(), version = version + 1"
                + " WHERE status IN (" + PENDING_STATUSES + ") AND id IN (" + markers(2, n) + ")";
    }

    /** Redacts {@code n} rows (?2..) that are not redacted yet; ?1 is the address pattern. */
    static String redactSql(int n) {
        return "WITH batch AS (SELECT id FROM email_log WHERE redacted_at IS NULL AND id IN (" + markers(2, n) + ")),"
                + " events AS (" + SCRUB_EVENTS + ")"
                + " UPDATE email_log e SET " + REDACT_SET + " FROM batch WHERE e.id = batch.id";
    }

    @PersistenceContext(unitName = "notification")
    private EntityManager em;

    /** Redacts one batch of finished notifications last changed before {@code cutoff}; returns how many. */
    public int redactFinishedBefore(Instant cutoff, int limit) {
        return em.createNativeQuery(REDACT_FINISHED)
                .setParameter(1, Redaction.ADDRESS_PATTERN)
                .setParameter(2, cutoff.getEpochSecond() + cutoff.getNano() / 1e9)
                .setParameter(3, limit)
                .executeUpdate();
    }

    /** A row that may concern the address being erased, as it is now (locked). */
    public record Candidate(long id, NotificationStatus status, String toEmail, String variables, String metadata) {
    }

    /**
     * Locks and returns every unredacted row that is addressed to, or may mention, the erasure
     * key, in id order. The first statement is an UPDATE (that changes nothing) so that the rows
     * are locked, and the transaction's connection is in use, before they are read.
     */
    public List<Candidate> lockErasureCandidates(String key) {
        bind(em.createNativeQuery(LOCK_CANDIDATES), key).executeUpdate();
        List<?> rows = bind(em.createNativeQuery(SELECT_CANDIDATES), key).getResultList();
        return rows.stream().map(r -> (Object[]) r)
                .map(r -> new Candidate(((Number) r[0]).longValue(), NotificationStatus.valueOf((String) r[1]),
                        (String) r[2], (String) r[3], (String) r[4]))
                .toList();
    }

    private static Query bind(Query query, String key) {
        return query.setParameter(1, key).setParameter(2, key).setParameter(3, key);
    }

    /** Cancels those of the rows that are still pending (SUPPRESSED, nothing more is sent); returns how many. */
    public int cancelPending(List<Long> ids, String reason) {
        int cancelled = 0;
        for (List<Long> chunk : chunks(ids)) {
            Query q = em.createNativeQuery(cancelSql(chunk.size()));
            q.setParameter(1, reason);
            cancelled += bindIds(q, 2, chunk).executeUpdate();
        }
        return cancelled;
    }

    /** Redacts the rows with these ids (any status); returns how many were not redacted before. */
    public int redact(List<Long> ids) {
        int redacted = 0;
        for (List<Long> chunk : chunks(ids)) {
            Query q = em.createNativeQuery(redactSql(chunk.size()));
            q.setParameter(1, Redaction.ADDRESS_PATTERN);
            redacted += bindIds(q, 2, chunk).executeUpdate();
        }
        return redacted;
    }

    /** Records an event on a notification (after the SQL above, so the entity is read as it is now). */
    public void addEvent(long emailLogId, DeliveryEvent.Type type, String detail, OffsetDateTime at) {
        EmailLog log = em.find(EmailLog.class, emailLogId);
        if (log != null) {
            em.persist(new DeliveryEvent(log, type, detail, null, at));
        }
    }

    private static String sqlList(boolean terminal) {
        return Arrays.stream(NotificationStatus.values()).filter(s -> s.isTerminal() == terminal)
                .map(s -> "'" + s.name() + "'").collect(Collectors.joining(", "));
    }

    private static final int CHUNK = 500;

    private static List<List<Long>> chunks(List<Long> ids) {
        return java.util.stream.IntStream.range(0, (ids.size() + CHUNK - 1) / CHUNK)
                .mapToObj(i -> ids.subList(i * CHUNK, Math.min(ids.size(), (i + 1) * CHUNK))).toList();
    }

    private static String markers(int first, int count) {
        return java.util.stream.IntStream.range(first, first + count).mapToObj(i -> "?" + i)
                .collect(Collectors.joining(", "));
    }

    private static Query bindIds(Query q, int first, List<Long> ids) {
        for (int i = 0; i < ids.size(); i++) {
            q.setParameter(first + i, ids.get(i));
        }
        return q;
    }
}
