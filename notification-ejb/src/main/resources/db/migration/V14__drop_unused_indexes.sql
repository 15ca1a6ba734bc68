-- Two indexes no query uses (issue 11 §5, measured in the benchmark's batch phase):
--  * email_log_status_idx (status): every status filter is per owner (email_log_owner_created_idx),
--    per batch (email_log_batch_idx) or for retention (email_log_retention_idx, partial on status);
--  * email_log_created_at_idx (created_at): listing is per owner, newest first
--    (email_log_owner_created_idx), and retention goes by updated_at.
-- Every status change rewrites the row outside HOT (status is in the batch and retention indexes),
-- so each index costs an entry per insert and per status change: three per email.
-- The whole integration suite ran with idx_scan = 0 on both.
DROP INDEX IF EXISTS email_log_status_idx;
DROP INDEX IF EXISTS email_log_created_at_idx;
