package io.herald.infrastructure.persistence.jpa;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.herald.domain.model.notification.NotificationStatus;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The SQL is checked against PostgreSQL by the integration tests; here, what can go wrong without one. */
class JpaRetentionRepositoryTest {

    /** The migration that last (re)created the retention index: V13 added CANCELLED to it. */
    private static String migration() throws IOException {
        try (InputStream in = JpaRetentionRepositoryTest.class.getResourceAsStream("/db/migration/V13__batches.sql")) {
            assertNotNull(in, "V13__batches.sql on the class path");
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void theJobsStatusListIsTheIndexPredicateSoThePlannerCanUseIt() throws IOException {
        Matcher index = Pattern.compile("CREATE INDEX email_log_retention_idx ON email_log \\(updated_at\\)\\s+"
                + "WHERE redacted_at IS NULL AND status IN \\(([^)]*)\\)").matcher(migration());
        assertTrue(index.find(), "partial index in V13__batches.sql");
        assertEquals(index.group(1), JpaRetentionRepository.TERMINAL_STATUSES);
        assertTrue(JpaRetentionRepository.REDACT_FINISHED.contains(
                "WHERE redacted_at IS NULL AND status IN (" + index.group(1) + ") AND updated_at < "));
    }

    @Test
    void terminalAndPendingListsCoverEveryStatusOnce() {
        Set<String> all = Arrays.stream(NotificationStatus.values()).map(s -> "'" + s.name() + "'")
                .collect(Collectors.toCollection(TreeSet::new));
        List<String> listed = Arrays.stream((JpaRetentionRepository.TERMINAL_STATUSES + ", "
                + JpaRetentionRepository.PENDING_STATUSES).split(", ")).toList();
        assertEquals(all, new TreeSet<>(listed));
        assertEquals(all.size(), listed.size());
        assertTrue(JpaRetentionRepository.PENDING_STATUSES.contains("'ACCEPTED'"));
        assertFalse(JpaRetentionRepository.PENDING_STATUSES.contains("'DELIVERED'"));
    }

    @Test
    void nativeSqlUsesOnlyNumberedParametersAndNoPoundSign() {
        for (String sql : List.of(JpaRetentionRepository.REDACT_FINISHED, JpaRetentionRepository.LOCK_CANDIDATES,
                JpaRetentionRepository.SELECT_CANDIDATES, JpaRetentionRepository.cancelSql(3), JpaRetentionRepository.redactSql(3))) {
            assertFalse(sql.contains("#"), "EclipseLink reads # as a parameter marker: " + sql);
            assertFalse(Pattern.compile("\\?(?![0-9])").matcher(sql).find(), "unnumbered parameter in " + sql);
            assertFalse(sql.contains("::"), "use CAST: " + sql);
        }
        assertEquals(Set.of("1", "2", "3"), parameters(JpaRetentionRepository.REDACT_FINISHED));
        assertEquals(Set.of("1", "2", "3"), parameters(JpaRetentionRepository.SELECT_CANDIDATES));
        assertEquals(Set.of("1", "2", "3", "4"), parameters(JpaRetentionRepository.cancelSql(3)));
        assertEquals(Set.of("1", "2", "3", "4"), parameters(JpaRetentionRepository.redactSql(3)));
    }

    @Test
    void redactionClearsEveryPersonalColumnAndMarksTheRow() {
        for (String sql : List.of(JpaRetentionRepository.REDACT_FINISHED, JpaRetentionRepository.redactSql(1))) {
            for (String column : List.of("to_email", "user_id", "variables", "metadata", "callback_url")) {
                assertTrue(sql.contains(" " + column + " = NULL"), column + " in " + sql);
            }
            assertTrue(sql.contains("redacted_at = now()"), sql);
            assertTrue(sql.contains("version = e.version + 1"), sql);
            assertTrue(sql.contains("UPDATE delivery_event SET detail = regexp_replace(detail, ?1"), sql);
            assertFalse(sql.contains("request_hash"), "the fingerprint stays for idempotency: " + sql);
        }
        assertTrue(JpaRetentionRepository.REDACT_FINISHED.contains("FOR UPDATE SKIP LOCKED"));
        // locking the candidates changes no version: rows the exact check leaves alone keep theirs
        assertTrue(JpaRetentionRepository.LOCK_CANDIDATES.contains("SET version = version WHERE"),
                JpaRetentionRepository.LOCK_CANDIDATES);
        assertTrue(JpaRetentionRepository.cancelSql(1).contains("version = version + 1"));
    }

    private static Set<String> parameters(String sql) {
        Matcher m = Pattern.compile("\\?([0-9]+)").matcher(sql);
        Set<String> names = new TreeSet<>();
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }
}
