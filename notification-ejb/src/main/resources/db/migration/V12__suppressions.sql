-- Issue 11 §2: the suppression list, and the category of a template's mail.
ALTER TABLE template ADD COLUMN category VARCHAR(64) NOT NULL DEFAULT 'transactional';

-- address: lower-cased (Redaction.erasureKey); category null = every category
CREATE TABLE suppression (
    id         BIGSERIAL    PRIMARY KEY,
    address    VARCHAR(254) NOT NULL,
    reason     VARCHAR(16)  NOT NULL CHECK (reason IN ('HARD_BOUNCE', 'COMPLAINT', 'UNSUBSCRIBE', 'MANUAL')),
    category   VARCHAR(64),
    source     VARCHAR(100) NOT NULL,
    created_at TIMESTAMPTZ  NOT NULL
);
-- one entry per address, reason and category; also the lookup at delivery (by address)
CREATE UNIQUE INDEX suppression_address_reason_category_key ON suppression (address, reason, COALESCE(category, ''));
CREATE INDEX suppression_created_idx ON suppression (created_at DESC, id DESC);
