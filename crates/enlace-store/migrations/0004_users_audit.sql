-- Version 4: users and the audit trail.
--
-- The pharmacy's automatic-lock setting (HIPAA's automatic logoff).
ALTER TABLE pharmacy ADD COLUMN idle_lock_minutes INTEGER NOT NULL DEFAULT 15;
--
-- Users sync like any other record (a user signs in on any of the
-- pharmacy's laptops), so their password hashes travel in the change log;
-- they are argon2 PHC strings, never passwords.
CREATE TABLE user_account (
    id            TEXT PRIMARY KEY NOT NULL,
    username      TEXT NOT NULL,
    display_name  TEXT NOT NULL,
    -- JSON arrays: roles ("coordinator", "pharmacist", "supervisor") and
    -- languages spoken ("en-US", "es-US").
    roles         TEXT NOT NULL CHECK (json_valid(roles)),
    languages     TEXT NOT NULL CHECK (json_valid(languages)),
    ui_locale     TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    pin_hash      TEXT,
    active        INTEGER NOT NULL
) STRICT;
CREATE INDEX user_account_username ON user_account (username);

-- One row per audit event, chained per device (enlace_domain::audit).
-- Append-only: the triggers refuse every UPDATE and DELETE, and the hash
-- chain shows one made by going around them.
CREATE TABLE audit_event (
    id            TEXT PRIMARY KEY NOT NULL,
    device_id     TEXT NOT NULL,
    sequence      INTEGER NOT NULL,
    occurred_at   TEXT NOT NULL,
    user_id       TEXT,
    username      TEXT NOT NULL,
    action        TEXT NOT NULL,
    entity        TEXT,
    entity_id     TEXT,
    previous_hash TEXT NOT NULL,
    hash          TEXT NOT NULL
) STRICT;
CREATE UNIQUE INDEX audit_event_chain ON audit_event (device_id, sequence);
CREATE INDEX audit_event_record ON audit_event (entity_id, occurred_at) WHERE entity_id IS NOT NULL;
CREATE INDEX audit_event_user ON audit_event (username, occurred_at);
CREATE INDEX audit_event_time ON audit_event (occurred_at);
CREATE TRIGGER audit_event_no_update BEFORE UPDATE ON audit_event BEGIN
    SELECT RAISE(ABORT, 'audit events are append-only');
END;
CREATE TRIGGER audit_event_no_delete BEFORE DELETE ON audit_event BEGIN
    SELECT RAISE(ABORT, 'audit events are append-only');
END;
