-- Issue 10: notifications on more than one channel, recipients resolved at delivery, listing.
-- channel: 'email' or 'push'. to_email may now be empty until delivery resolves the user's
-- address (a user_id-only request). template_language is the language used at delivery; the
-- request's own choice (if any) is kept in requested_language.
ALTER TABLE email_log ADD COLUMN channel VARCHAR(16) NOT NULL DEFAULT 'email';
ALTER TABLE email_log ADD COLUMN requested_language VARCHAR(16);
UPDATE email_log SET requested_language = template_language;
ALTER TABLE email_log ALTER COLUMN to_email DROP NOT NULL;
-- the caller's listing, newest first, keyset-paged on (created_at, id)
CREATE INDEX email_log_owner_created_idx ON email_log (owner, created_at DESC, id DESC);
