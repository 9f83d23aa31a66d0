-- Version 7: syncing with the pharmacy's server.
--
-- Each change names its author (the signed-in user, `command:<account>`, or
-- empty for the device itself): the server checks the author's roles. A
-- change the server refused is marked rejected: it leaves the outbox and no
-- longer counts when an entity's row is derived from the log.
ALTER TABLE change_log ADD COLUMN author TEXT NOT NULL DEFAULT '';
ALTER TABLE change_log ADD COLUMN rejected_at TEXT;
ALTER TABLE change_log ADD COLUMN reject_reason TEXT;
DROP INDEX change_log_outbox;
CREATE INDEX change_log_outbox ON change_log (seq)
    WHERE origin = 'local' AND pushed_at IS NULL AND rejected_at IS NULL;

-- What the server refused, for the people whose work it was to see.
CREATE TABLE sync_notice (
    id          TEXT PRIMARY KEY NOT NULL,
    entity      TEXT NOT NULL,
    entity_id   TEXT NOT NULL,
    reason      TEXT NOT NULL,
    author      TEXT NOT NULL,
    noticed_at  TEXT NOT NULL,
    dismissed   INTEGER NOT NULL DEFAULT 0
) STRICT;
CREATE INDEX sync_notice_open ON sync_notice (author, noticed_at) WHERE dismissed = 0;

-- Requests from the pharmacy's website, created by the server's intake.
CREATE TABLE web_request (
    id            TEXT PRIMARY KEY NOT NULL,
    kind          TEXT NOT NULL,
    name          TEXT NOT NULL,
    date_of_birth TEXT,
    phone         TEXT NOT NULL,
    message       TEXT NOT NULL,
    patient_ref   TEXT,
    received_at   TEXT NOT NULL,
    status        TEXT NOT NULL,
    patient_id    TEXT,
    handled_by    TEXT
) STRICT;
CREATE INDEX web_request_open ON web_request (status, received_at);
