-- The server trusts only what it can prove (issue 19). See the SQLite
-- migration of the same name for what each part is for.
ALTER TABLE devices ADD COLUMN approved_by TEXT;
ALTER TABLE devices ADD COLUMN approved_at TEXT;
ALTER TABLE devices ADD COLUMN bootstrap_until TEXT;
UPDATE devices SET approved_by = username, approved_at = registered_at;

CREATE TABLE credentials (
    token_hash TEXT PRIMARY KEY,
    device_id  TEXT NOT NULL,
    user_id    TEXT NOT NULL,
    issued_at  TEXT NOT NULL
);
CREATE INDEX credentials_device ON credentials (device_id, user_id);

CREATE TABLE sign_in_failures (
    username TEXT PRIMARY KEY,
    failures INTEGER NOT NULL,
    last_at  TEXT
);

CREATE TABLE audit_heads (
    device_id TEXT PRIMARY KEY,
    sequence  BIGINT NOT NULL,
    hash      TEXT NOT NULL
);
INSERT INTO audit_heads (device_id, sequence, hash)
    SELECT DISTINCT ON (device_id) device_id, (fields::json->>'sequence')::bigint, fields::json->>'hash'
    FROM changes WHERE entity = 'audit-event'
    ORDER BY device_id, (fields::json->>'sequence')::bigint DESC;

UPDATE changes SET fields = (fields::jsonb - 'pin_hash')::text
    WHERE entity = 'user' AND fields::jsonb ? 'pin_hash';
DELETE FROM changes WHERE entity = 'user' AND fields::jsonb = '{}'::jsonb;
