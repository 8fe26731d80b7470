-- 0009 — the papers and the clock as the law stands in 2026 (issue 10).
--
-- 1. Lawful variants of a time limit: a procedure may have more than one
--    limit (marriage registration the same day, or up to 5 working days
--    when verification is needed — Law on Civil Status 2014 Art. 18). The
--    catalogue holds them as time_limit.variants[{code,name,value,unit}];
--    intake picks one and the dossier keeps what it picked (code, name,
--    value, unit: a later catalogue edit never changes a dossier taken in).
-- 2. The 15:00 cut-off (a dossier received after it starts its clock the
--    next morning) is the centre's practice, not law: a per-procedure
--    setting, on by default; the dossier keeps the setting it was taken in
--    with.
-- 3. Mẫu 01 names the authorised person who submits on the applicant's
--    behalf, and the book's volume and entry number (Mẫu 07 Sổ theo dõi hồ
--    sơ: one volume per field and year, entries numbered from 1).
-- 4. A refusal or stop may give its legal basis.
-- 5. Guidance before receipt: an incomplete paper dossier is not received
--    (no code, no clock, no book entry); the counter officer records a
--    guidance and prints Mẫu 02 for the citizen. A later, complete dossier
--    may cite the guidance it follows.
-- ADD COLUMN with a constant default rewrites no row.

ALTER TABLE procedure ADD COLUMN cutoff INTEGER NOT NULL DEFAULT 1 CHECK (cutoff = 0 OR cutoff = 1);

CREATE TABLE procedure_time_variant (
  procedure_id  INTEGER NOT NULL REFERENCES procedure(id) ON DELETE CASCADE,
  position      INTEGER NOT NULL,
  code          TEXT NOT NULL,                         -- a-z, 0-9, _ (1..40)
  name          TEXT NOT NULL,                         -- "Trường hợp cần xác minh"
  limit_value   REAL NOT NULL CHECK (limit_value > 0),
  limit_unit    TEXT NOT NULL CHECK (limit_unit = 'working_days' OR limit_unit = 'working_hours' OR limit_unit = 'same_day' OR limit_unit = 'days'),
  PRIMARY KEY (procedure_id, code)
);

CREATE TABLE guidance (
  id                INTEGER PRIMARY KEY,
  procedure_id      INTEGER NOT NULL REFERENCES procedure(id),
  -- the citizen guided: personal data, only for the dossier-handling roles
  applicant_name    TEXT NOT NULL,
  applicant_fold    TEXT NOT NULL,                     -- folded name, for search
  applicant_id      TEXT NOT NULL DEFAULT '',          -- personal identification number
  applicant_phone   TEXT NOT NULL DEFAULT '',
  applicant_email   TEXT NOT NULL DEFAULT '',
  applicant_address TEXT NOT NULL DEFAULT '',
  items             TEXT NOT NULL,                     -- JSON array: what is missing or wrong
  note              TEXT NOT NULL DEFAULT '',
  staff_id          INTEGER NOT NULL REFERENCES staff(id),
  unit_id           INTEGER REFERENCES unit(id),       -- the officer's unit then
  created_at        BIGINT NOT NULL
);
CREATE INDEX guidance_created ON guidance (created_at);
CREATE INDEX guidance_applicant ON guidance (applicant_id, created_at);

ALTER TABLE dossier ADD COLUMN limit_variant TEXT;        -- the variant's code (NULL: the base limit)
ALTER TABLE dossier ADD COLUMN limit_variant_name TEXT;
ALTER TABLE dossier ADD COLUMN cutoff INTEGER NOT NULL DEFAULT 1;
ALTER TABLE dossier ADD COLUMN agent_name TEXT;           -- the authorised person (NULL: none)
ALTER TABLE dossier ADD COLUMN agent_id TEXT;
ALTER TABLE dossier ADD COLUMN agent_address TEXT;
ALTER TABLE dossier ADD COLUMN agent_phone TEXT;
ALTER TABLE dossier ADD COLUMN agent_email TEXT;
ALTER TABLE dossier ADD COLUMN agent_document TEXT;       -- the authorisation ("Giấy ủy quyền số …")
ALTER TABLE dossier ADD COLUMN book_volume TEXT;          -- "HT-2026": field code and year
ALTER TABLE dossier ADD COLUMN book_entry INTEGER;
ALTER TABLE dossier ADD COLUMN refuse_basis TEXT;
ALTER TABLE dossier ADD COLUMN withdraw_basis TEXT;
ALTER TABLE dossier ADD COLUMN guidance_id INTEGER REFERENCES guidance(id);

CREATE TABLE book_seq (
  volume  TEXT PRIMARY KEY,
  last    INTEGER NOT NULL
);
