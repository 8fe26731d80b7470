-- 0024 — recognition of exemplary officials and good practices (issue 15,
-- item 4: "mô hình hay, gương điển hình"). As pg/0024 (the same meaning;
-- ids differ). Docs: docs/API.md "Recognition", docs/DECISIONS.md D43.
--
-- A nomination is one row: an official (staff_id) or a good practice (title,
-- unit), the year it is for, the reasons, the official's measured figures as
-- they were when nominated (JSON, refreshed when recognised), and its state:
-- nominated → endorsed → recognised | declined; withdrawn from the first two.
-- Every step is a row of recognition_event (who, when, the comment) and an
-- audit record.
CREATE TABLE recognition (
  id             INTEGER PRIMARY KEY,
  agency_id      INTEGER NOT NULL REFERENCES agency(id),
  kind           TEXT NOT NULL CHECK (kind = 'official' OR kind = 'practice'),
  staff_id       INTEGER REFERENCES staff(id),
  title          TEXT NOT NULL DEFAULT '',
  unit_id        INTEGER REFERENCES unit(id),
  year           INTEGER NOT NULL,
  reasons        TEXT NOT NULL,
  figures        TEXT,
  status         TEXT NOT NULL CHECK (status = 'nominated' OR status = 'endorsed' OR status = 'recognised' OR status = 'declined' OR status = 'withdrawn'),
  nominated_by   INTEGER NOT NULL REFERENCES staff(id),
  created_at     BIGINT NOT NULL,
  updated_at     BIGINT NOT NULL,
  recognised_at  BIGINT,
  CHECK ((kind = 'official' AND staff_id IS NOT NULL) OR (kind = 'practice' AND title <> ''))
);
CREATE INDEX recognition_agency ON recognition (agency_id, status, year);

CREATE TABLE recognition_event (
  id              INTEGER PRIMARY KEY,
  recognition_id  INTEGER NOT NULL REFERENCES recognition(id),
  action          TEXT NOT NULL,
  staff_id        INTEGER NOT NULL REFERENCES staff(id),
  comment         TEXT NOT NULL DEFAULT '',
  at              BIGINT NOT NULL
);
CREATE INDEX recognition_event_rec ON recognition_event (recognition_id, id);

-- A citizen's praise attached as evidence: from an evaluation's comment or a
-- petition's content. `text` is the source's text as it was (staff only);
-- `public_text` the excerpt with the citizen's name, phones, e-mails and ID
-- numbers taken out — the only form a public page shows. The source (kind,
-- id) is shown to staff only.
CREATE TABLE recognition_praise (
  id              INTEGER PRIMARY KEY,
  recognition_id  INTEGER NOT NULL REFERENCES recognition(id),
  source          TEXT NOT NULL CHECK (source = 'evaluation' OR source = 'petition'),
  source_id       INTEGER NOT NULL,
  text            TEXT NOT NULL,
  public_text     TEXT NOT NULL,
  added_by        INTEGER NOT NULL REFERENCES staff(id),
  added_at        BIGINT NOT NULL,
  UNIQUE (recognition_id, source, source_id)
);
