-- Version 10: a real pharmacy's first day (issue 20).
--
-- A patient the pharmacy no longer serves (deceased, moved away) stays with
-- their history but is off every list.
ALTER TABLE patient ADD COLUMN status TEXT NOT NULL DEFAULT 'active'
    CHECK (status IN ('active', 'deceased', 'moved-away'));

-- Whether a person (or the pharmacy system's report) gave the patient's zone,
-- rather than the ZIP suggesting it. Zones already on file are suggestions
-- until confirmed: calls keep to the hours every zone of their ZIP allows.
ALTER TABLE patient ADD COLUMN time_zone_confirmed INTEGER NOT NULL DEFAULT 0;
