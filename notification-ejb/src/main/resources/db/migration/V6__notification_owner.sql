-- Tenancy (issue 9): every notification belongs to the caller that created it (an API key's
-- prefix, or jwt:<subject>), and request_id is unique per owner, not globally. Rows created
-- before this migration had no recorded owner; they get the owner 'legacy', which no caller
-- can be (key prefixes start with hk_, JWT callers with jwt:), so only admins see them.
ALTER TABLE email_log ADD COLUMN owner VARCHAR(255);
UPDATE email_log SET owner = 'legacy' WHERE owner IS NULL;
ALTER TABLE email_log ALTER COLUMN owner SET NOT NULL;
ALTER TABLE email_log DROP CONSTRAINT email_log_request_id_key;
ALTER TABLE email_log ADD CONSTRAINT email_log_owner_request_id_key UNIQUE (owner, request_id);
-- admins look a request_id up across owners
CREATE INDEX email_log_request_id_idx ON email_log (request_id);
