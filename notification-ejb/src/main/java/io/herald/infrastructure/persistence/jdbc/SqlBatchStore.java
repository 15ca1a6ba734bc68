package io.herald.infrastructure.persistence.jdbc;

import io.herald.application.BatchStore;
import io.herald.domain.model.batch.Batch;
import io.herald.domain.model.batch.BatchRecipient;
import io.herald.domain.model.batch.BatchRequest;
import io.herald.domain.model.notification.DeliveryEvent;
import io.herald.domain.model.notification.EmailLog;
import io.herald.domain.model.notification.NotificationStatus;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.TypedQuery;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import javax.sql.DataSource;

/**
 * Batches in PostgreSQL ({@code batch} and {@code email_log.batch_id}, V13). Writes go through
 * JDBC on the transaction's connection ({@code jdbc/notification}, enlisted in the caller's XA
 * transaction): the notifications and their ACCEPTED events of a batch as JDBC batches, which
 * the driver sends as multi-row INSERTs ({@code reWriteBatchedInserts}, server-config). Ids come
 * from the same sequences as EclipseLink's and in the same way: each {@code nextval} is the end
 * of a block of {@value #ID_BLOCK} ids (V5), so the two never hand out the same id.
 */
@ApplicationScoped
public class SqlBatchStore implements BatchStore {

    /** The sequences' increment and the entities' allocationSize (V5__larger_id_blocks.sql). */
    static final int ID_BLOCK = 500;
    /** Rows per executeBatch: bounds the driver's buffers for a batch of 100,000. */
    private static final int ROWS_PER_EXECUTE = 2_000;
    private static final String CANCELLABLE = NotificationStatus.CANCELLABLE.stream()
            .map(s -> "'" + s.name() + "'").sorted().collect(Collectors.joining(", "));

    static final String INSERT_NOTIFICATION = "INSERT INTO email_log (id, owner, request_id, request_hash, channel, user_id,"
            + " to_email, template_code, template_language, requested_language, variables, metadata, priority, status,"
            + " attempts, correlation_id, callback_url, send_at, created_at, updated_at, version, batch_id, category)"
            + " VALUES (?, ?, ?, ?, 'email', ?, ?, ?, ?, ?, ?, NULL, ?, 'ACCEPTED', 0, ?, ?, ?, ?, ?, 0, ?, ?)";
    static final String INSERT_EVENT = "INSERT INTO delivery_event (id, email_log_id, type, detail, duration_ms, occurred_at)"
            + " VALUES (?, ?, ?, ?, NULL, ?)";

    @Resource(lookup = "jdbc/notification")
    private DataSource dataSource;

    @PersistenceContext(unitName = "notification")
    private EntityManager em;

    @Override
    public long nextBatchId() {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT nextval('batch_seq')");
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot allocate a batch id", e);
        }
    }

    @Override
    public Set<String> usedRequestIds(String owner, Collection<String> requestIds) {
        return matching("SELECT request_id FROM email_log WHERE owner = ? AND request_id = ANY (?)", owner, requestIds);
    }

    @Override
    public Set<String> existingUsers(String owner, Collection<String> userIds) {
        return matching("SELECT id FROM app_user WHERE owner = ? AND id = ANY (?)", owner, userIds);
    }

    private Set<String> matching(String sql, String owner, Collection<String> values) {
        Set<String> found = new HashSet<>();
        if (values.isEmpty()) {
            return found;
        }
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            Array array = c.createArrayOf("varchar", values.toArray());
            ps.setString(1, owner);
            ps.setArray(2, array);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    found.add(rs.getString(1));
                }
            }
            return found;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot check the batch's recipients", e);
        }
    }

    @Override
    public List<Long> insert(long batchId, String owner, String idempotencyKey, BatchRequest request,
                             List<BatchRecipient> recipients, List<String> requestIds, String rejectedJson, OffsetDateTime now) {
        try (Connection c = dataSource.getConnection()) {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO batch (id, owner, idempotency_key, request_hash,"
                    + " template_code, language, category, send_at, metadata, accepted, rejected, created_at)"
                    + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                ps.setLong(1, batchId);
                ps.setString(2, owner);
                ps.setString(3, idempotencyKey);
                ps.setString(4, request.fingerprint());
                ps.setString(5, request.templateCode());
                ps.setString(6, request.language());
                ps.setString(7, request.category());
                ps.setObject(8, request.sendAt());
                ps.setString(9, request.metadataJson());
                ps.setInt(10, recipients.size());
                ps.setString(11, rejectedJson);
                ps.setObject(12, now);
                ps.executeUpdate();
            }
            List<Long> ids = allocate(c, "email_log_seq", recipients.size());
            try (PreparedStatement ps = c.prepareStatement(INSERT_NOTIFICATION)) {
                for (int i = 0; i < recipients.size(); i++) {
                    BatchRecipient r = recipients.get(i);
                    ps.setLong(1, ids.get(i));
                    ps.setString(2, owner);
                    ps.setString(3, requestIds.get(i));
                    ps.setString(4, request.fingerprint());
                    ps.setString(5, r.userId());
                    ps.setString(6, r.to());
                    ps.setString(7, request.templateCode());
                    // with an address and no language: English, as for a single notification
                    ps.setString(8, request.languageOrDefault());
                    ps.setString(9, request.language());
                    ps.setString(10, r.variablesJson());
                    ps.setInt(11, request.priority());
                    ps.setString(12, request.correlationId());
                    ps.setString(13, request.callbackUrl());
                    ps.setObject(14, request.sendAt());
                    ps.setObject(15, now);
                    ps.setObject(16, now);
                    ps.setLong(17, batchId);
                    ps.setString(18, request.category());
                    ps.addBatch();
                    if ((i + 1) % ROWS_PER_EXECUTE == 0) {
                        ps.executeBatch();
                    }
                }
                ps.executeBatch();
            }
            insertEvents(c, ids, DeliveryEvent.Type.ACCEPTED, "accepted in batch " + batchId, now);
            return ids;
        } catch (SQLException e) {
            throw new BatchStoreException("cannot store the batch", e);
        }
    }

    private void insertEvents(Connection c, List<Long> notificationIds, DeliveryEvent.Type type, String detail,
                              OffsetDateTime at) throws SQLException {
        List<Long> eventIds = allocate(c, "delivery_event_seq", notificationIds.size());
        try (PreparedStatement ps = c.prepareStatement(INSERT_EVENT)) {
            for (int i = 0; i < notificationIds.size(); i++) {
                ps.setLong(1, eventIds.get(i));
                ps.setLong(2, notificationIds.get(i));
                ps.setString(3, type.name());
                ps.setString(4, detail);
                ps.setObject(5, at);
                ps.addBatch();
                if ((i + 1) % ROWS_PER_EXECUTE == 0) {
                    ps.executeBatch();
                }
            }
            ps.executeBatch();
        }
    }

    /** {@code n} fresh ids of a sequence: whole blocks of {@value #ID_BLOCK}, each ending at a nextval. */
    static List<Long> allocate(Connection c, String sequence, int n) throws SQLException {
        List<Long> ids = new ArrayList<>(n);
        if (n == 0) {
            return ids;
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT nextval('" + sequence + "') FROM generate_series(1, ?)")) {
            ps.setInt(1, (n + ID_BLOCK - 1) / ID_BLOCK);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    blockEndingAt(rs.getLong(1), n - ids.size(), ids);
                }
            }
        }
        return ids;
    }

    /** Appends up to {@code wanted} ids of the block that ends at {@code end}, lowest first. */
    static void blockEndingAt(long end, int wanted, List<Long> into) {
        for (long id = end - ID_BLOCK + 1; id <= end && wanted > 0; id++, wanted--) {
            into.add(id);
        }
    }

    @Override
    public Optional<Batch> find(String owner, long batchId) {
        return Optional.ofNullable(em.find(Batch.class, batchId)).filter(b -> b.getOwner().equals(owner));
    }

    @Override
    public Optional<Batch> findByIdempotencyKey(String owner, String idempotencyKey) {
        return em.createQuery("SELECT b FROM Batch b WHERE b.owner = :owner AND b.idempotencyKey = :key", Batch.class)
                .setParameter("owner", owner).setParameter("key", idempotencyKey)
                .getResultStream().findFirst();
    }

    @Override
    public Map<NotificationStatus, Long> countByStatus(long batchId) {
        Map<NotificationStatus, Long> counts = new EnumMap<>(NotificationStatus.class);
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT status, count(*) FROM email_log WHERE batch_id = ? GROUP BY status")) {
            ps.setLong(1, batchId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    counts.put(NotificationStatus.valueOf(rs.getString(1)), rs.getLong(2));
                }
            }
            return counts;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot count the batch's notifications", e);
        }
    }

    @Override
    public Optional<OffsetDateTime> lastChange(long batchId) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT max(updated_at) FROM email_log WHERE batch_id = ?")) {
            ps.setLong(1, batchId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.ofNullable(rs.getObject(1, OffsetDateTime.class)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the batch's progress", e);
        }
    }

    @Override
    public void markStarted(long batchId, OffsetDateTime now) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("UPDATE batch SET started_at = ? WHERE id = ? AND started_at IS NULL")) {
            ps.setObject(1, now);
            ps.setLong(2, batchId);
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot note the batch's start", e);
        }
    }

    @Override
    public int cancel(long batchId, String reason, OffsetDateTime now) {
        try (Connection c = dataSource.getConnection()) {
            List<Long> cancelled = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("UPDATE email_log SET status = 'CANCELLED', last_error = ?,"
                    + " next_attempt_at = NULL, updated_at = ?, version = version + 1"
                    + " WHERE batch_id = ? AND status IN (" + CANCELLABLE + ") RETURNING id")) {
                ps.setString(1, reason);
                ps.setObject(2, now);
                ps.setLong(3, batchId);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        cancelled.add(rs.getLong(1));
                    }
                }
            }
            insertEvents(c, cancelled, DeliveryEvent.Type.CANCELLED, reason, now);
            try (PreparedStatement ps = c.prepareStatement("UPDATE batch SET cancelled_at = COALESCE(cancelled_at, ?) WHERE id = ?")) {
                ps.setObject(1, now);
                ps.setLong(2, batchId);
                ps.executeUpdate();
            }
            return cancelled.size();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot cancel the batch", e);
        }
    }

    @Override
    public List<EmailLog> members(long batchId, NotificationStatus status, long afterId, int limit) {
        String jpql = "SELECT e FROM EmailLog e WHERE e.batchId = :batch AND e.id > :after"
                + (status == null ? "" : " AND e.status = :status") + " ORDER BY e.id";
        TypedQuery<EmailLog> q = em.createQuery(jpql, EmailLog.class)
                .setParameter("batch", batchId).setParameter("after", afterId).setMaxResults(limit + 1);
        if (status != null) {
            q.setParameter("status", status);
        }
        return q.getResultList();
    }
}
