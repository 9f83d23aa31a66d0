-- The server trusts only what it can prove (issue 19).
--
-- Devices: a new one waits for a supervisor's approval; a setup device
-- brings the data it held before, once. Devices registered before this
-- version were all trusted: they stay approved.
ALTER TABLE devices ADD COLUMN approved_by TEXT;
ALTER TABLE devices ADD COLUMN approved_at TEXT;
ALTER TABLE devices ADD COLUMN bootstrap_until TEXT;
UPDATE devices SET approved_by = username, approved_at = registered_at;

-- A user's credential on one device: the proof that they gave their
-- password to the server from there. Only its SHA-256 is kept.
CREATE TABLE credentials (
    token_hash TEXT PRIMARY KEY NOT NULL,
    device_id  TEXT NOT NULL,
    user_id    TEXT NOT NULL,
    issued_at  TEXT NOT NULL
) STRICT;
CREATE INDEX credentials_device ON credentials (device_id, user_id);

-- Consecutive wrong passwords per username, for the server's lockout.
CREATE TABLE sign_in_failures (
    username TEXT PRIMARY KEY NOT NULL,
    failures INTEGER NOT NULL,
    last_at  TEXT
) STRICT;

-- Each device's audit chain as the server holds it: the next event must
-- follow it, and a laptop compares its own chain with it.
CREATE TABLE audit_heads (
    device_id TEXT PRIMARY KEY NOT NULL,
    sequence  INTEGER NOT NULL,
    hash      TEXT NOT NULL
) STRICT;
INSERT INTO audit_heads (device_id, sequence, hash)
    SELECT device_id, max(CAST(fields->>'sequence' AS INTEGER)), fields->>'hash'
    FROM changes WHERE entity = 'audit-event' GROUP BY device_id;

-- A PIN never leaves the laptop it was set on: the ones that travelled go.
UPDATE changes SET fields = json_remove(fields, '$.pin_hash')
    WHERE entity = 'user' AND fields->'pin_hash' IS NOT NULL;
DELETE FROM changes WHERE entity = 'user' AND fields = '{}';
