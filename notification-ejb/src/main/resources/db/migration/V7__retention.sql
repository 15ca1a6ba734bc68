-- Retention and erasure of personal data (issue 9). A redacted notification keeps its ids,
-- request_hash (idempotency), status, attempts, timestamps and events; recipient, user id,
-- variables, metadata and callback URL become NULL and redacted_at says when.
ALTER TABLE email_log ALTER COLUMN to_email DROP NOT NULL;
ALTER TABLE email_log ALTER COLUMN variables DROP NOT NULL;
ALTER TABLE email_log ADD COLUMN redacted_at TIMESTAMPTZ;

-- Only a redacted row may lack its recipient or variables.
ALTER TABLE email_log ADD CONSTRAINT email_log_redacted_or_complete
    CHECK (redacted_at IS NOT NULL OR (to_email IS NOT NULL AND variables IS NOT NULL));

-- The retention job's work list: finished, not yet redacted rows by the time they last
-- changed. The status list must stay the one in JpaRetentionRepository (the terminal statuses
-- of NotificationStatus; RetentionSqlTest checks it), or the planner cannot use the index.
-- Rows leave the index once redacted, so it holds about herald.retention.days of traffic.
CREATE INDEX email_log_retention_idx ON email_log (updated_at)
    WHERE redacted_at IS NULL AND status IN ('DELIVERED', 'FAILED', 'SUPPRESSED', 'SKIPPED');
