-- Version 9: what the server can prove (issue 19).
--
-- A PIN never leaves the laptop it was set on: it moves to a table of its
-- own that no change is ever written for, and the PINs that travelled in
-- the change log go from it.
CREATE TABLE local_pin (
    user_id  TEXT PRIMARY KEY NOT NULL,
    pin_hash TEXT NOT NULL
) STRICT;
INSERT INTO local_pin (user_id, pin_hash)
    SELECT id, pin_hash FROM user_account WHERE pin_hash IS NOT NULL;
UPDATE user_account SET pin_hash = NULL;
UPDATE change_log SET fields = json_remove(fields, '$.pin_hash')
    WHERE entity = 'user' AND json_type(fields, '$.pin_hash') IS NOT NULL;
DELETE FROM change_log WHERE entity = 'user' AND fields = '{}';
