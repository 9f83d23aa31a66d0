-- Version 3: the call list at scale.
--
-- field_clock goes: a field's stamp is the stamp of the latest change in
-- change_log that wrote it, which sync reads there when it merges; writing a
-- second row per field on every change cost more than all the rest of a bulk
-- import.
DROP TABLE field_clock;

-- One row per patient who accepts calls and has an active prescription: the
-- parts of their call-list entry that stay true from day to day until their
-- data changes (enlace_domain::CallQueueSummary), so that today's list is an
-- indexed range scan instead of a pass over every patient. Derived by the
-- store on every write that touches the patient, its prescriptions or its
-- interactions; never part of a change.
CREATE TABLE call_queue (
    patient_id        TEXT PRIMARY KEY NOT NULL,
    -- The patient's own zone; NULL means the pharmacy's.
    time_zone         TEXT,
    -- The patient is on the list from this local date on.
    opens_on          TEXT NOT NULL,
    first_due         TEXT NOT NULL,
    critical          INTEGER NOT NULL,
    attempts          INTEGER NOT NULL,
    outcome           TEXT NOT NULL CHECK (outcome IN ('open', 'resolved', 'exception')),
    preferred_language TEXT NOT NULL,
    program           TEXT,
    assigned_to       TEXT,
    -- The patient's preferred calling hours ("HH:MM"), if any.
    call_window_start TEXT,
    call_window_end   TEXT,
    -- The whole summary (retry time, recent call dates, ...) as JSON.
    summary           TEXT NOT NULL CHECK (json_valid(summary))
) STRICT, WITHOUT ROWID;
-- Today's list, most urgent first, per zone: the order of
-- CallQueueSummary::best_possible_key.
CREATE INDEX call_queue_priority ON call_queue (outcome, first_due, critical DESC, attempts, patient_id);
CREATE INDEX call_queue_opens ON call_queue (outcome, opens_on, time_zone);

-- The zones of queued patients ('' for the pharmacy's), kept by triggers, so
-- that grouping zones by their local date never scans the queue.
CREATE TABLE call_queue_zone (
    time_zone TEXT PRIMARY KEY NOT NULL,
    patients  INTEGER NOT NULL
) STRICT, WITHOUT ROWID;
CREATE TRIGGER call_queue_zone_insert AFTER INSERT ON call_queue BEGIN
    INSERT INTO call_queue_zone (time_zone, patients) VALUES (ifnull(new.time_zone, ''), 1)
        ON CONFLICT (time_zone) DO UPDATE SET patients = patients + 1;
END;
CREATE TRIGGER call_queue_zone_delete AFTER DELETE ON call_queue BEGIN
    UPDATE call_queue_zone SET patients = patients - 1 WHERE time_zone = ifnull(old.time_zone, '');
    DELETE FROM call_queue_zone WHERE time_zone = ifnull(old.time_zone, '') AND patients <= 0;
END;
