-- Per-key rate limits (issue 4): a token bucket of `rate_burst` tokens refilled at
-- `rate_per_second`. NULL means the server's configured default.
ALTER TABLE api_key
    ADD COLUMN rate_per_second INTEGER CHECK (rate_per_second BETWEEN 1 AND 100000),
    ADD COLUMN rate_burst      INTEGER CHECK (rate_burst BETWEEN 1 AND 100000);
