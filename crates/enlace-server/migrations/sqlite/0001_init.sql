-- Enlace sync server, SQLite. Writers are serialized by SQLite itself, so a
-- change's sequence number is also its commit order: the pull cursor is the
-- last sequence number handed out.
CREATE TABLE changes (
    seq         INTEGER PRIMARY KEY AUTOINCREMENT,
    change_id   TEXT NOT NULL UNIQUE,
    entity      TEXT NOT NULL,
    entity_id   TEXT NOT NULL,
    fields      TEXT NOT NULL,
    hlc         TEXT NOT NULL,
    device_id   TEXT NOT NULL,
    author      TEXT NOT NULL,
    received_at TEXT NOT NULL
) STRICT;
CREATE INDEX changes_entity ON changes (entity, entity_id);

-- Changes refused, and why: a decision is final, so a push sent again (or
-- a stale copy arriving late) gets the same answer.
CREATE TABLE rejections (
    change_id TEXT PRIMARY KEY NOT NULL,
    reason    TEXT NOT NULL
) STRICT;

CREATE TABLE devices (
    device_id     TEXT PRIMARY KEY NOT NULL,
    device_name   TEXT NOT NULL,
    username      TEXT NOT NULL,
    -- SHA-256 of the device's token; the token itself is never stored.
    token_hash    TEXT NOT NULL UNIQUE,
    bootstrap     INTEGER NOT NULL,
    registered_at TEXT NOT NULL,
    revoked_at    TEXT
) STRICT;

-- Each consult as the accepted changes leave it (enlace_sync::ConsultState
-- as JSON): what judges the next step.
CREATE TABLE consult_state (
    id            TEXT PRIMARY KEY NOT NULL,
    pharmacist_id TEXT,
    scheduled     INTEGER NOT NULL,
    state         TEXT NOT NULL
) STRICT;
CREATE INDEX consult_state_booked ON consult_state (pharmacist_id) WHERE scheduled = 1;

CREATE TABLE server_state (
    key   TEXT PRIMARY KEY NOT NULL,
    value TEXT NOT NULL
) STRICT;
