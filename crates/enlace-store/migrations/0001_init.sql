-- Enlace local store, version 1.
-- Entity tables hold the current state; change_log holds every change that
-- produced it (the outbox for sync); field_clock holds, per field, the stamp
-- of the change that last wrote it so sync can merge field by field.
-- No foreign keys: changes from other devices may arrive in any order.

CREATE TABLE local_state (
    key   TEXT PRIMARY KEY NOT NULL,
    value TEXT NOT NULL
) STRICT;

CREATE TABLE change_log (
    seq        INTEGER PRIMARY KEY AUTOINCREMENT,
    change_id  TEXT NOT NULL UNIQUE,
    entity     TEXT NOT NULL,
    entity_id  TEXT NOT NULL,
    fields     TEXT NOT NULL CHECK (json_valid(fields)),
    hlc        TEXT NOT NULL,
    device_id  TEXT NOT NULL,
    origin     TEXT NOT NULL CHECK (origin IN ('local', 'remote')),
    pushed_at  TEXT
) STRICT;
CREATE INDEX change_log_outbox ON change_log (seq) WHERE origin = 'local' AND pushed_at IS NULL;
CREATE INDEX change_log_entity ON change_log (entity, entity_id);

CREATE TABLE field_clock (
    entity    TEXT NOT NULL,
    entity_id TEXT NOT NULL,
    field     TEXT NOT NULL,
    hlc       TEXT NOT NULL,
    PRIMARY KEY (entity, entity_id, field)
) STRICT, WITHOUT ROWID;

CREATE TABLE pharmacy (
    id                      TEXT PRIMARY KEY NOT NULL,
    name                    TEXT NOT NULL,
    phone                   TEXT NOT NULL,
    time_zone               TEXT NOT NULL,
    calling_window_start    TEXT NOT NULL,
    calling_window_end      TEXT NOT NULL,
    reminder_lead_days      INTEGER NOT NULL,
    refill_too_soon_percent INTEGER NOT NULL
) STRICT;

CREATE TABLE patient (
    id                       TEXT PRIMARY KEY NOT NULL,
    given_name               TEXT NOT NULL,
    middle_name              TEXT,
    family_name              TEXT NOT NULL,
    second_family_name       TEXT,
    -- Folded full name (no accents, lower case) for search. Derived by the
    -- store from the name columns on every write; never part of a change.
    search_key               TEXT NOT NULL DEFAULT '',
    -- Folded "family second-family given middle", so that Álvarez sorts with
    -- the A's; derived the same way.
    sort_key                 TEXT NOT NULL DEFAULT '',
    date_of_birth            TEXT NOT NULL,
    preferred_language       TEXT NOT NULL,
    time_zone                TEXT,
    phones                   TEXT NOT NULL CHECK (json_valid(phones)),
    consent_calls            INTEGER NOT NULL,
    consent_texts            INTEGER NOT NULL,
    consent_voicemail_detail INTEGER NOT NULL
) STRICT;
CREATE INDEX patient_search ON patient (search_key);
CREATE INDEX patient_sort ON patient (sort_key);

CREATE TABLE prescription (
    id              TEXT PRIMARY KEY NOT NULL,
    patient_id      TEXT NOT NULL,
    drug            TEXT NOT NULL,
    strength        TEXT NOT NULL,
    directions      TEXT NOT NULL,
    days_supply     INTEGER NOT NULL CHECK (days_supply > 0),
    quantity        REAL NOT NULL,
    refills_left    INTEGER NOT NULL CHECK (refills_left >= 0),
    last_fill_date  TEXT NOT NULL,
    expires_on      TEXT,
    prescriber_name TEXT NOT NULL,
    prescriber_npi  TEXT,
    critical        INTEGER NOT NULL,
    active          INTEGER NOT NULL
) STRICT;
CREATE INDEX prescription_patient ON prescription (patient_id);

CREATE TABLE interaction (
    id          TEXT PRIMARY KEY NOT NULL,
    patient_id  TEXT NOT NULL,
    occurred_at TEXT NOT NULL,
    recorded_by TEXT NOT NULL,
    channel     TEXT NOT NULL,
    disposition TEXT NOT NULL,
    notes       TEXT NOT NULL,
    language    TEXT NOT NULL
) STRICT;
CREATE INDEX interaction_patient ON interaction (patient_id, occurred_at);

CREATE TABLE preference (
    id        TEXT PRIMARY KEY NOT NULL,
    ui_locale TEXT NOT NULL
) STRICT;
