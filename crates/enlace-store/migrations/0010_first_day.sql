-- Version 10: a real pharmacy's first day (issue 20).
--
-- A patient the pharmacy no longer serves (deceased, moved away) stays with
-- their history but is off every list.
ALTER TABLE patient ADD COLUMN status TEXT NOT NULL DEFAULT 'active'
    CHECK (status IN ('active', 'deceased', 'moved-away'));
