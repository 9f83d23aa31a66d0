-- Enlace sync server, PostgreSQL. Several server instances may push at once:
-- a change with a lower sequence number can commit after one with a higher.
-- Each change records the id of the transaction that wrote it; pulls hand
-- out only changes of transactions older than every one still running
-- (pg_snapshot_xmin), in (transaction id, sequence) order, so the cursor
-- never passes a change that has yet to commit.
CREATE TABLE changes (
    seq         BIGSERIAL PRIMARY KEY,
    txid        XID8 NOT NULL DEFAULT pg_current_xact_id(),
    change_id   TEXT NOT NULL UNIQUE,
    entity      TEXT NOT NULL,
    entity_id   TEXT NOT NULL,
    fields      TEXT NOT NULL,
    hlc         TEXT NOT NULL,
    device_id   TEXT NOT NULL,
    author      TEXT NOT NULL,
    received_at TEXT NOT NULL
);
CREATE INDEX changes_cursor ON changes (txid, seq);
CREATE INDEX changes_entity ON changes (entity, entity_id);

-- Changes refused, and why: a decision is final, so a push sent again (or
-- a stale copy arriving late) gets the same answer.
CREATE TABLE rejections (
    change_id TEXT PRIMARY KEY,
    reason    TEXT NOT NULL
);

CREATE TABLE devices (
    device_id     TEXT PRIMARY KEY,
    device_name   TEXT NOT NULL,
    username      TEXT NOT NULL,
    token_hash    TEXT NOT NULL UNIQUE,
    bootstrap     BOOLEAN NOT NULL,
    registered_at TEXT NOT NULL,
    revoked_at    TEXT
);

-- Each consult as the accepted changes leave it (enlace_sync::ConsultState
-- as JSON): what judges the next step.
CREATE TABLE consult_state (
    id            TEXT PRIMARY KEY,
    pharmacist_id TEXT,
    scheduled     BOOLEAN NOT NULL,
    state         TEXT NOT NULL
);
CREATE INDEX consult_state_booked ON consult_state (pharmacist_id) WHERE scheduled;

CREATE TABLE server_state (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
