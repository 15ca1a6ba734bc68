-- Notification service schema, version 1. Owned by Flyway; JPA never generates DDL.

-- EclipseLink reads nextval as the END of a block of allocationSize ids: start at 50
CREATE SEQUENCE email_log_seq INCREMENT BY 50 START WITH 50 MINVALUE 50;

CREATE TABLE email_log (
    id                BIGINT PRIMARY KEY,
    request_id        VARCHAR(255) NOT NULL,
    request_hash      CHAR(64)     NOT NULL,
    user_id           VARCHAR(255),
    to_email          VARCHAR(254) NOT NULL,
    template_code     VARCHAR(100) NOT NULL,
    template_language VARCHAR(16)  NOT NULL,
    template_version  INTEGER,
    variables         JSONB        NOT NULL DEFAULT '{}'::jsonb,
    metadata          JSONB,
    priority          SMALLINT     NOT NULL CHECK (priority BETWEEN 1 AND 10),
    status            VARCHAR(32)  NOT NULL,
    attempts          INTEGER      NOT NULL DEFAULT 0,
    last_error        TEXT,
    correlation_id    VARCHAR(128),
    send_at           TIMESTAMPTZ,
    next_attempt_at   TIMESTAMPTZ,
    created_at        TIMESTAMPTZ  NOT NULL,
    updated_at        TIMESTAMPTZ  NOT NULL,
    delivered_at      TIMESTAMPTZ,
    version           BIGINT       NOT NULL DEFAULT 0,
    CONSTRAINT email_log_request_id_key UNIQUE (request_id)
);
CREATE INDEX email_log_status_idx ON email_log (status);
CREATE INDEX email_log_created_at_idx ON email_log (created_at);
CREATE INDEX email_log_user_id_idx ON email_log (user_id);

CREATE SEQUENCE delivery_event_seq INCREMENT BY 50 START WITH 50 MINVALUE 50;

CREATE TABLE delivery_event (
    id           BIGINT PRIMARY KEY,
    email_log_id BIGINT      NOT NULL REFERENCES email_log (id) ON DELETE CASCADE,
    type         VARCHAR(32) NOT NULL,
    detail       TEXT,
    duration_ms  BIGINT,
    occurred_at  TIMESTAMPTZ NOT NULL
);
CREATE INDEX delivery_event_email_log_id_idx ON delivery_event (email_log_id);

CREATE TABLE template (
    id         BIGSERIAL PRIMARY KEY,
    code       VARCHAR(100) NOT NULL,
    language   VARCHAR(16)  NOT NULL,
    version    INTEGER      NOT NULL,
    channel    VARCHAR(16)  NOT NULL,
    subject    TEXT,
    body_html  TEXT,
    body_text  TEXT,
    active     BOOLEAN      NOT NULL DEFAULT TRUE,
    created_at TIMESTAMPTZ  NOT NULL,
    CONSTRAINT template_code_language_version_key UNIQUE (code, language, version)
);
