-- pgbench custom script: the database work of one accepted notification, under the two-phase
-- commit the XA transaction manager drives (PREPARE TRANSACTION, then COMMIT PREPARED).
-- Same tables, indexes and columns as the service (V1/V2 migrations, in a scratch database):
-- the email_log row (status ACCEPTED) and its ACCEPTED delivery_event. pgbench substitutes
-- :client_id and :r textually (simple query mode), also inside the quoted request_id and gid.
\set r random(1, 9000000000000000000)
BEGIN;
INSERT INTO email_log (id, owner, request_id, request_hash, user_id, to_email, template_code, template_language,
    template_version, variables, metadata, priority, status, attempts, last_error, correlation_id, send_at,
    next_attempt_at, created_at, updated_at, delivered_at, version, callback_url)
  VALUES (nextval('email_log_seq'), 'bench', 'pgb-:client_id-:r', md5(':r') || md5(':client_id'), NULL,
    'bench-:client_id@example.com', 'bench', 'en', 1, '{"i": :client_id}', NULL, 5, 'ACCEPTED', 0, NULL, NULL,
    NULL, NULL, now(), now(), NULL, 1, NULL);
INSERT INTO delivery_event (id, email_log_id, type, detail, duration_ms, occurred_at)
  VALUES (nextval('delivery_event_seq'), currval('email_log_seq'), 'ACCEPTED', NULL, NULL, now());
PREPARE TRANSACTION 'pgb-:client_id-:r';
COMMIT PREPARED 'pgb-:client_id-:r';
