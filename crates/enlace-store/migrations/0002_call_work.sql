-- Version 2: working the call list.
-- Retry and contact-limit settings, the pharmacy system's ids (for import),
-- the patient's program, coordinator and preferred calling hours, the details
-- a documented call carries, and full-text patient search.

ALTER TABLE pharmacy ADD COLUMN retry_after_hours INTEGER NOT NULL DEFAULT 4;
ALTER TABLE pharmacy ADD COLUMN max_attempts INTEGER NOT NULL DEFAULT 3;
ALTER TABLE pharmacy ADD COLUMN daily_call_limit INTEGER NOT NULL DEFAULT 1;
ALTER TABLE pharmacy ADD COLUMN weekly_call_limit INTEGER NOT NULL DEFAULT 3;

ALTER TABLE patient ADD COLUMN external_id TEXT;
ALTER TABLE patient ADD COLUMN zip TEXT;
ALTER TABLE patient ADD COLUMN program TEXT;
ALTER TABLE patient ADD COLUMN assigned_to TEXT;
ALTER TABLE patient ADD COLUMN call_window_start TEXT;
ALTER TABLE patient ADD COLUMN call_window_end TEXT;
-- Names, ids, phone digits and birth date as search tokens. Derived by the
-- store on every write, like search_key; never part of a change.
ALTER TABLE patient ADD COLUMN search_text TEXT NOT NULL DEFAULT '';
CREATE INDEX patient_external_id ON patient (external_id) WHERE external_id IS NOT NULL;

ALTER TABLE prescription ADD COLUMN rx_number TEXT;
CREATE INDEX prescription_rx_number ON prescription (rx_number) WHERE rx_number IS NOT NULL;

ALTER TABLE interaction ADD COLUMN interpreter_used INTEGER NOT NULL DEFAULT 0;
ALTER TABLE interaction ADD COLUMN duration_seconds INTEGER;
ALTER TABLE interaction ADD COLUMN refill_fulfillment TEXT;
ALTER TABLE interaction ADD COLUMN refill_on TEXT;
ALTER TABLE interaction ADD COLUMN decline_reason TEXT;
ALTER TABLE interaction ADD COLUMN callback_at TEXT;
CREATE INDEX interaction_occurred ON interaction (occurred_at);

-- External-content FTS5 index over patient.search_text; the tokenizer folds
-- accents and case, so "nunez" finds Núñez.
CREATE VIRTUAL TABLE patient_fts USING fts5(
    search_text,
    content = 'patient',
    content_rowid = 'rowid',
    tokenize = 'unicode61 remove_diacritics 2'
);
CREATE TRIGGER patient_fts_insert AFTER INSERT ON patient BEGIN
    INSERT INTO patient_fts (rowid, search_text) VALUES (new.rowid, new.search_text);
END;
CREATE TRIGGER patient_fts_delete AFTER DELETE ON patient BEGIN
    INSERT INTO patient_fts (patient_fts, rowid, search_text) VALUES ('delete', old.rowid, old.search_text);
END;
CREATE TRIGGER patient_fts_update AFTER UPDATE OF search_text ON patient BEGIN
    INSERT INTO patient_fts (patient_fts, rowid, search_text) VALUES ('delete', old.rowid, old.search_text);
    INSERT INTO patient_fts (rowid, search_text) VALUES (new.rowid, new.search_text);
END;
