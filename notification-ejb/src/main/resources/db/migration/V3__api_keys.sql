-- API keys (issue 4). Only a SHA-256 hash of each key is stored, with a short visible prefix.
CREATE TABLE api_key (
    id           BIGSERIAL    PRIMARY KEY,
    prefix       VARCHAR(16)  NOT NULL,
    key_hash     CHAR(64)     NOT NULL,
    name         VARCHAR(100) NOT NULL,
    scopes       VARCHAR(64)  NOT NULL,
    created_at   TIMESTAMPTZ  NOT NULL,
    last_used_at TIMESTAMPTZ,
    revoked_at   TIMESTAMPTZ,
    CONSTRAINT api_key_prefix_key UNIQUE (prefix)
);
