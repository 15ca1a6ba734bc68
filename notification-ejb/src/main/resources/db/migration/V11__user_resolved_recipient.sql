-- Issue 10: a notification may leave its recipient to the user directory (resolved at
-- delivery): until redacted it has an address or a user id, and its variables.
ALTER TABLE email_log DROP CONSTRAINT email_log_redacted_or_complete;
ALTER TABLE email_log ADD CONSTRAINT email_log_redacted_or_complete
    CHECK (redacted_at IS NOT NULL OR ((to_email IS NOT NULL OR user_id IS NOT NULL) AND variables IS NOT NULL));
