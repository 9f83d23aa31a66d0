-- Version 5: pharmacist consults.
--
-- A consult request and where it stands; every transition is also a
-- consult_event (who, when, from which status and request version), so
-- that sync can tell two offline accepts of the same request or slot apart
-- and surface the later one as a conflict.
CREATE TABLE consult (
    id                 TEXT PRIMARY KEY NOT NULL,
    patient_id         TEXT NOT NULL,
    requested_by       TEXT NOT NULL,
    requested_at       TEXT NOT NULL,
    reason             TEXT NOT NULL,
    reason_text        TEXT NOT NULL,
    urgency            TEXT NOT NULL,
    language           TEXT NOT NULL,
    -- JSON array of enlace_domain::PreferredTime, on the patient's clock.
    preferred_times    TEXT NOT NULL CHECK (json_valid(preferred_times)),
    callback_phone     TEXT NOT NULL,
    notes              TEXT NOT NULL,
    status             TEXT NOT NULL,
    pharmacist_id      TEXT,
    slot_start         TEXT,
    slot_end           TEXT,
    interpreter_needed INTEGER NOT NULL,
    decline_reason     TEXT,
    outcome_notes      TEXT,
    -- Bumped by every transition; an accept names the version it saw.
    version            INTEGER NOT NULL
) STRICT;
CREATE INDEX consult_status ON consult (status, urgency, requested_at);
CREATE INDEX consult_patient ON consult (patient_id);
CREATE INDEX consult_pharmacist ON consult (pharmacist_id, slot_start) WHERE pharmacist_id IS NOT NULL;

CREATE TABLE consult_event (
    id               TEXT PRIMARY KEY NOT NULL,
    consult_id       TEXT NOT NULL,
    occurred_at      TEXT NOT NULL,
    username         TEXT NOT NULL,
    transition       TEXT NOT NULL,
    from_status      TEXT NOT NULL,
    to_status        TEXT NOT NULL,
    based_on_version INTEGER NOT NULL,
    pharmacist_id    TEXT,
    slot_start       TEXT,
    slot_end         TEXT,
    note             TEXT NOT NULL
) STRICT;
CREATE INDEX consult_event_consult ON consult_event (consult_id, occurred_at);

-- When each pharmacist takes consults (one row per pharmacist, id = the user's id).
CREATE TABLE availability (
    id           TEXT PRIMARY KEY NOT NULL,
    time_zone    TEXT NOT NULL,
    weekly       TEXT NOT NULL CHECK (json_valid(weekly)),
    exceptions   TEXT NOT NULL CHECK (json_valid(exceptions)),
    slot_minutes INTEGER NOT NULL
) STRICT;
