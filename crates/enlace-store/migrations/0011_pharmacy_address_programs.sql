-- Where the pharmacy is and the programs its patients enroll in, editable in
-- Settings. Both are JSON: an address object and a list of names.
ALTER TABLE pharmacy ADD COLUMN address TEXT NOT NULL DEFAULT '{"line1":"","line2":"","city":"","state":"","zip":""}';
ALTER TABLE pharmacy ADD COLUMN programs TEXT NOT NULL DEFAULT '[]';
