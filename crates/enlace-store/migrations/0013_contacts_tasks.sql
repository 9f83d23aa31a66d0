-- Version 13: every contact, not only the reminder call; follow-up tasks.
--
-- An interaction now says who started it (direction), who was on the other
-- end (party) and what it was about (reason); a logged contact that did not
-- answer the refill question has no disposition. SQLite cannot drop a NOT
-- NULL, so the table is rebuilt (nothing refers to it by a foreign key, and
-- its change log is untouched: rows keep their ids). Rows from before keep
-- NULL direction and party: readers take the channel's direction and the
-- patient.
CREATE TABLE interaction_v13 (
    id                 TEXT PRIMARY KEY NOT NULL,
    patient_id         TEXT NOT NULL,
    occurred_at        TEXT NOT NULL,
    recorded_by        TEXT NOT NULL,
    channel            TEXT NOT NULL,
    direction          TEXT,
    party              TEXT,
    reason             TEXT,
    disposition        TEXT,
    notes              TEXT NOT NULL,
    language           TEXT NOT NULL,
    interpreter_used   INTEGER NOT NULL DEFAULT 0,
    duration_seconds   INTEGER,
    refill_fulfillment TEXT,
    refill_on          TEXT,
    decline_reason     TEXT,
    callback_at        TEXT
) STRICT;
INSERT INTO interaction_v13 (id, patient_id, occurred_at, recorded_by, channel, disposition, notes, language,
                             interpreter_used, duration_seconds, refill_fulfillment, refill_on, decline_reason,
                             callback_at)
SELECT id, patient_id, occurred_at, recorded_by, channel, disposition, notes, language,
       interpreter_used, duration_seconds, refill_fulfillment, refill_on, decline_reason, callback_at
FROM interaction;
DROP TABLE interaction;
ALTER TABLE interaction_v13 RENAME TO interaction;
CREATE INDEX interaction_patient ON interaction (patient_id, occurred_at);
CREATE INDEX interaction_occurred ON interaction (occurred_at);

-- A follow-up task: due at an instant set on the patient's or the
-- coordinator's clock, for one user or a pool, open until done or cancelled.
CREATE TABLE task (
    id                TEXT PRIMARY KEY NOT NULL,
    patient_id        TEXT,
    interaction_id    TEXT,
    reason            TEXT NOT NULL,
    notes             TEXT NOT NULL,
    due_at            TEXT NOT NULL,
    due_clock         TEXT NOT NULL CHECK (due_clock IN ('patient', 'coordinator')),
    due_zone          TEXT NOT NULL,
    assignee_kind     TEXT NOT NULL CHECK (assignee_kind IN ('user', 'any-coordinator', 'any-pharmacist')),
    assignee_username TEXT,
    status            TEXT NOT NULL CHECK (status IN ('open', 'done', 'cancelled')),
    created_by        TEXT NOT NULL,
    created_at        TEXT NOT NULL,
    closed_by         TEXT,
    closed_at         TEXT
) STRICT;
CREATE INDEX task_open ON task (due_at) WHERE status = 'open';
CREATE INDEX task_patient ON task (patient_id, due_at);

-- Every step on a task, by whoever took it: two laptops closing one task
-- leave two events and one closed task.
CREATE TABLE task_event (
    id                TEXT PRIMARY KEY NOT NULL,
    task_id           TEXT NOT NULL,
    kind              TEXT NOT NULL,
    username          TEXT NOT NULL,
    occurred_at       TEXT NOT NULL,
    assignee_kind     TEXT,
    assignee_username TEXT,
    due_at            TEXT
) STRICT;
CREATE INDEX task_event_task ON task_event (task_id, occurred_at);

-- How long an open task may be past due before the supervisor's desk shows it.
ALTER TABLE pharmacy ADD COLUMN task_escalation_hours INTEGER NOT NULL DEFAULT 24;
