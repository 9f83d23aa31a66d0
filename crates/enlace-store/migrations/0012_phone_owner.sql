-- Whose each phone number is, for the caller on the line: a patient's own
-- numbers, their caregiver's, their prescriber's office (phone and fax).
-- Derived from patient.phones and patient_profile by the triggers below on
-- every write, whichever path wrote (edits, imports, sync, a restore); never
-- part of a change. Roles are enlace_domain::CallerRole's stored names.
CREATE TABLE phone_owner (
    e164       TEXT NOT NULL,
    patient_id TEXT NOT NULL,
    role       TEXT NOT NULL,
    PRIMARY KEY (e164, patient_id, role)
) STRICT, WITHOUT ROWID;
CREATE INDEX phone_owner_patient ON phone_owner (patient_id);

-- The numbers each kind of row holds, once: the triggers and the backfill read these.
CREATE VIEW patient_numbers AS
    SELECT patient.id AS patient_id, json_extract(phone.value, '$.e164') AS e164, 'patient' AS role
    FROM patient, json_each(patient.phones) AS phone;
CREATE VIEW profile_numbers AS
    SELECT id AS patient_id, json_extract(caregiver, '$.phone') AS e164, 'caregiver' AS role FROM patient_profile
    UNION ALL SELECT id, json_extract(prescriber, '$.phone'), 'prescriber-office' FROM patient_profile
    UNION ALL SELECT id, json_extract(prescriber, '$.fax'), 'prescriber-office' FROM patient_profile;

CREATE TRIGGER phone_owner_patient_insert AFTER INSERT ON patient BEGIN
    INSERT OR IGNORE INTO phone_owner (e164, patient_id, role)
        SELECT e164, patient_id, role FROM patient_numbers WHERE patient_id = new.id AND e164 <> '';
END;
CREATE TRIGGER phone_owner_patient_update AFTER UPDATE OF phones ON patient BEGIN
    DELETE FROM phone_owner WHERE patient_id = old.id AND role = 'patient';
    INSERT OR IGNORE INTO phone_owner (e164, patient_id, role)
        SELECT e164, patient_id, role FROM patient_numbers WHERE patient_id = new.id AND e164 <> '';
END;
CREATE TRIGGER phone_owner_patient_delete AFTER DELETE ON patient BEGIN
    DELETE FROM phone_owner WHERE patient_id = old.id AND role = 'patient';
END;

CREATE TRIGGER phone_owner_profile_insert AFTER INSERT ON patient_profile BEGIN
    INSERT OR IGNORE INTO phone_owner (e164, patient_id, role)
        SELECT e164, patient_id, role FROM profile_numbers WHERE patient_id = new.id AND e164 <> '';
END;
CREATE TRIGGER phone_owner_profile_update AFTER UPDATE OF caregiver, prescriber ON patient_profile BEGIN
    DELETE FROM phone_owner WHERE patient_id = old.id AND role IN ('caregiver', 'prescriber-office');
    INSERT OR IGNORE INTO phone_owner (e164, patient_id, role)
        SELECT e164, patient_id, role FROM profile_numbers WHERE patient_id = new.id AND e164 <> '';
END;
CREATE TRIGGER phone_owner_profile_delete AFTER DELETE ON patient_profile BEGIN
    DELETE FROM phone_owner WHERE patient_id = old.id AND role IN ('caregiver', 'prescriber-office');
END;

-- What earlier versions stored.
INSERT OR IGNORE INTO phone_owner (e164, patient_id, role)
    SELECT e164, patient_id, role FROM patient_numbers WHERE e164 <> ''
    UNION ALL SELECT e164, patient_id, role FROM profile_numbers WHERE e164 <> '';
