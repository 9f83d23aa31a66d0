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

CREATE TRIGGER phone_owner_patient_insert AFTER INSERT ON patient BEGIN
    INSERT OR IGNORE INTO phone_owner (e164, patient_id, role)
        SELECT json_extract(phone.value, '$.e164'), new.id, 'patient' FROM json_each(new.phones) AS phone
        WHERE json_extract(phone.value, '$.e164') IS NOT NULL;
END;
CREATE TRIGGER phone_owner_patient_update AFTER UPDATE OF phones ON patient BEGIN
    DELETE FROM phone_owner WHERE patient_id = old.id AND role = 'patient';
    INSERT OR IGNORE INTO phone_owner (e164, patient_id, role)
        SELECT json_extract(phone.value, '$.e164'), new.id, 'patient' FROM json_each(new.phones) AS phone
        WHERE json_extract(phone.value, '$.e164') IS NOT NULL;
END;
CREATE TRIGGER phone_owner_patient_delete AFTER DELETE ON patient BEGIN
    DELETE FROM phone_owner WHERE patient_id = old.id AND role = 'patient';
END;

CREATE TRIGGER phone_owner_profile_insert AFTER INSERT ON patient_profile BEGIN
    INSERT OR IGNORE INTO phone_owner (e164, patient_id, role)
        SELECT number, new.id, role FROM (
            SELECT json_extract(new.caregiver, '$.phone') AS number, 'caregiver' AS role
            UNION ALL SELECT json_extract(new.prescriber, '$.phone'), 'prescriber-office'
            UNION ALL SELECT json_extract(new.prescriber, '$.fax'), 'prescriber-office'
        ) WHERE number IS NOT NULL AND number <> '';
END;
CREATE TRIGGER phone_owner_profile_update AFTER UPDATE OF caregiver, prescriber ON patient_profile BEGIN
    DELETE FROM phone_owner WHERE patient_id = old.id AND role IN ('caregiver', 'prescriber-office');
    INSERT OR IGNORE INTO phone_owner (e164, patient_id, role)
        SELECT number, new.id, role FROM (
            SELECT json_extract(new.caregiver, '$.phone') AS number, 'caregiver' AS role
            UNION ALL SELECT json_extract(new.prescriber, '$.phone'), 'prescriber-office'
            UNION ALL SELECT json_extract(new.prescriber, '$.fax'), 'prescriber-office'
        ) WHERE number IS NOT NULL AND number <> '';
END;
CREATE TRIGGER phone_owner_profile_delete AFTER DELETE ON patient_profile BEGIN
    DELETE FROM phone_owner WHERE patient_id = old.id AND role IN ('caregiver', 'prescriber-office');
END;

-- What earlier versions stored.
INSERT OR IGNORE INTO phone_owner (e164, patient_id, role)
    SELECT json_extract(phone.value, '$.e164'), patient.id, 'patient'
    FROM patient, json_each(patient.phones) AS phone
    WHERE json_extract(phone.value, '$.e164') IS NOT NULL;
INSERT OR IGNORE INTO phone_owner (e164, patient_id, role)
    SELECT number, id, role FROM (
        SELECT id, json_extract(caregiver, '$.phone') AS number, 'caregiver' AS role FROM patient_profile
        UNION ALL SELECT id, json_extract(prescriber, '$.phone'), 'prescriber-office' FROM patient_profile
        UNION ALL SELECT id, json_extract(prescriber, '$.fax'), 'prescriber-office' FROM patient_profile
    ) WHERE number IS NOT NULL AND number <> '';
