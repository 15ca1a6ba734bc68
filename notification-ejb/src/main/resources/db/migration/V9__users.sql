-- Issue 10: the user directory. A user belongs to an owner (the caller that manages it: an API
-- key's prefix or jwt:<subject>, as email_log.owner) and has the caller's own id, unique per
-- owner. Profile fields are optional; the two preferences default to true.
CREATE TABLE app_user (
    owner      VARCHAR(255) NOT NULL,
    id         VARCHAR(255) NOT NULL,
    name       VARCHAR(200),
    email      VARCHAR(254),
    language   VARCHAR(16),
    timezone   VARCHAR(64),
    pref_email BOOLEAN      NOT NULL DEFAULT TRUE,
    pref_push  BOOLEAN      NOT NULL DEFAULT TRUE,
    created_at TIMESTAMPTZ  NOT NULL,
    updated_at TIMESTAMPTZ  NOT NULL,
    version    BIGINT       NOT NULL DEFAULT 0,
    CONSTRAINT app_user_pkey PRIMARY KEY (owner, id)
);
-- erasure by address (ADR 0009) finds users by their lower-cased address, across owners
CREATE INDEX app_user_email_idx ON app_user (lower(email));
-- admins look an id up across owners (as email_log_request_id_idx does for request ids)
CREATE INDEX app_user_id_idx ON app_user (id);

-- Push devices. A token is unique per owner: registering a token another user of the same
-- owner holds moves it (one device, one user). Tokens may be up to 4096 characters, and a btree
-- entry cannot exceed 2704 bytes, so a UNIQUE constraint on the token itself would refuse long
-- tokens ("index row size exceeds btree maximum"). Uniqueness is therefore kept on token_hash,
-- the SHA-256 (lower-case hex) of the token's UTF-8 bytes, written by the application with
-- the token (Device.hashOf); lookups go by (owner, token_hash).
CREATE TABLE user_device (
    owner        VARCHAR(255)  NOT NULL,
    token_hash   CHAR(64)      NOT NULL CHECK (token_hash ~ '^[0-9a-f]{64}$'),
    user_id      VARCHAR(255)  NOT NULL,
    token        VARCHAR(4096) NOT NULL,
    platform     VARCHAR(16)   NOT NULL CHECK (platform IN ('android', 'ios', 'web')),
    created_at   TIMESTAMPTZ   NOT NULL,
    last_seen_at TIMESTAMPTZ   NOT NULL,
    CONSTRAINT user_device_pkey PRIMARY KEY (owner, token_hash),
    CONSTRAINT user_device_user_fkey FOREIGN KEY (owner, user_id)
        REFERENCES app_user (owner, id) ON DELETE CASCADE
);
-- a user's devices (and the foreign key's cascade)
CREATE INDEX user_device_user_idx ON user_device (owner, user_id);
