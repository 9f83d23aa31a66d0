-- Version 6: enrolling patients.
--
-- A draft holds the whole form as JSON (enlace_domain::EnrollmentForm) while
-- it is being filled in, so it survives a restart and the automatic lock and
-- another coordinator can resume it. Drafts hold health information like
-- any patient record: they live in this encrypted store and sync the same way.
CREATE TABLE enrollment_draft (
    id         TEXT PRIMARY KEY NOT NULL,
    form       TEXT NOT NULL CHECK (json_valid(form)),
    status     TEXT NOT NULL CHECK (status IN ('open', 'submitted', 'discarded')),
    started_by TEXT NOT NULL,
    started_at TEXT NOT NULL,
    updated_by TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    -- The patient the draft created or updated, once submitted.
    patient_id TEXT
) STRICT;
CREATE INDEX enrollment_draft_open ON enrollment_draft (status, updated_at);

-- What enrollment records about a patient beyond what the call list needs
-- (one row per patient, id = the patient's id). JSON columns hold
-- enlace_domain types: address, caregiver, insurance, prescriber, allergies.
CREATE TABLE patient_profile (
    id                         TEXT PRIMARY KEY NOT NULL,
    sex                        TEXT,
    address                    TEXT NOT NULL CHECK (json_valid(address)),
    email                      TEXT,
    interpreter_wanted         INTEGER NOT NULL,
    caregiver                  TEXT CHECK (caregiver IS NULL OR json_valid(caregiver)),
    insurance                  TEXT NOT NULL CHECK (json_valid(insurance)),
    prescriber                 TEXT NOT NULL CHECK (json_valid(prescriber)),
    -- JSON array; empty means "none known".
    allergies                  TEXT NOT NULL CHECK (json_valid(allergies)),
    auto_refill                INTEGER NOT NULL,
    privacy_notice_acknowledged_at TEXT NOT NULL,
    enrolled_by                TEXT NOT NULL,
    enrolled_at                TEXT NOT NULL
) STRICT;

-- Every verbal consent and revocation: who recorded it, when, the language
-- the text was read in and its exact version (a Fluent message id).
-- Append-only by use: a revocation is a new record.
CREATE TABLE consent_record (
    id                       TEXT PRIMARY KEY NOT NULL,
    patient_id               TEXT NOT NULL,
    action                   TEXT NOT NULL CHECK (action IN ('granted', 'revoked')),
    recorded_by              TEXT NOT NULL,
    recorded_at              TEXT NOT NULL,
    language                 TEXT NOT NULL,
    text_version             TEXT NOT NULL,
    consent_calls            INTEGER NOT NULL,
    consent_texts            INTEGER NOT NULL,
    consent_voicemail_detail INTEGER NOT NULL
) STRICT;
CREATE INDEX consent_record_patient ON consent_record (patient_id, recorded_at);

-- The duplicate check looks patients up by date of birth.
CREATE INDEX patient_birth ON patient (date_of_birth);
