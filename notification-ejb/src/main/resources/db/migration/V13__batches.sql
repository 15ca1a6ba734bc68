-- Issue 11 §1: batches. A batch row keeps the request; each recipient is an ordinary
-- notification (email_log) carrying batch_id. Both are written with JDBC batches in the
-- accepting transaction, ids taken from the sequences in blocks exactly as EclipseLink does.
CREATE SEQUENCE batch_seq INCREMENT BY 1 START WITH 1;

CREATE TABLE batch (
    id              BIGINT       PRIMARY KEY,
    owner           VARCHAR(255) NOT NULL,
    idempotency_key VARCHAR(255),
    request_hash    CHAR(64)     NOT NULL,
    template_code   VARCHAR(100) NOT NULL,
    language        VARCHAR(16),
    category        VARCHAR(64),
    send_at         TIMESTAMPTZ,
    metadata        JSONB,
    accepted        INTEGER      NOT NULL,
    rejected        JSONB        NOT NULL DEFAULT '[]'::jsonb,
    created_at      TIMESTAMPTZ  NOT NULL,
    started_at      TIMESTAMPTZ,
    cancelled_at    TIMESTAMPTZ
);
-- Idempotency-Key is unique per caller
CREATE UNIQUE INDEX batch_owner_idempotency_key ON batch (owner, idempotency_key) WHERE idempotency_key IS NOT NULL;
CREATE INDEX batch_created_idx ON batch (owner, created_at DESC);

ALTER TABLE email_log ADD COLUMN batch_id BIGINT;
-- the batch's category (suppressions, unsubscribe links) when it named one; null: the template's
ALTER TABLE email_log ADD COLUMN category VARCHAR(64);
-- progress counts (index-only) and the paged listing of a batch's notifications, by status or not
CREATE INDEX email_log_batch_idx ON email_log (batch_id, status, id) WHERE batch_id IS NOT NULL;

-- CANCELLED is terminal: the retention index's predicate lists the terminal statuses in the
-- order JpaRetentionRepository.TERMINAL_STATUSES writes them
DROP INDEX email_log_retention_idx;
CREATE INDEX email_log_retention_idx ON email_log (updated_at)
    WHERE redacted_at IS NULL AND status IN ('DELIVERED', 'FAILED', 'SUPPRESSED', 'SKIPPED', 'CANCELLED');
