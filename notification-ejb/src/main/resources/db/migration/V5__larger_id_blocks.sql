-- Issue 5 profile: every persist that ran out of its block of 50 ids held EclipseLink's
-- sequencing lock while fetching the next block, and under load the other request and delivery
-- threads queued behind it. Blocks of 500 make that 10x rarer. Must match allocationSize in
-- EmailLog and DeliveryEvent.
-- EclipseLink takes nextval() as the END of a block of allocationSize ids. Marking the current
-- value as used makes the next nextval() last_value + 500: a block right above every id handed
-- out so far (on a fresh database, ids 51..550).
ALTER SEQUENCE email_log_seq INCREMENT BY 500;
SELECT setval('email_log_seq', (SELECT last_value FROM email_log_seq), true);
ALTER SEQUENCE delivery_event_seq INCREMENT BY 500;
SELECT setval('delivery_event_seq', (SELECT last_value FROM delivery_event_seq), true);
