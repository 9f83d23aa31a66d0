-- Version 8: the supervisor's desk.
--
-- The exception queue's recorded items: coordinators' flags, and rule items
-- (attempt cap, wrong number, renewal needed) once a supervisor assigned or
-- resolved them. A rule item's id is derived from the patient, its kind and
-- the day it opened (enlace_domain::rule_case_id), so the same item acted
-- on from two laptops is one row. Open rule items nobody acted on yet are
-- not stored: they are read off the call queue and the prescriptions.
CREATE TABLE exception_case (
    id              TEXT PRIMARY KEY NOT NULL,
    patient_id      TEXT NOT NULL,
    kind            TEXT NOT NULL,
    source          TEXT NOT NULL CHECK (source IN ('rule', 'flag')),
    opened_on       TEXT NOT NULL,
    interaction_id  TEXT,
    note            TEXT NOT NULL DEFAULT '',
    raised_by       TEXT NOT NULL DEFAULT '',
    raised_at       TEXT NOT NULL,
    assigned_to     TEXT,
    assigned_by     TEXT,
    assigned_at     TEXT,
    -- A flag is raised without a status (only the queue's workers write it).
    status          TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'resolved')),
    outcome         TEXT,
    resolution_note TEXT,
    resolved_by     TEXT,
    resolved_at     TEXT
) STRICT;
CREATE INDEX exception_case_open ON exception_case (status, raised_at);
CREATE INDEX exception_case_patient ON exception_case (patient_id);
CREATE INDEX exception_case_raised ON exception_case (raised_at) WHERE source = 'flag';

-- Productivity counts consult requests by when they were made.
CREATE INDEX consult_requested ON consult (requested_at);
