-- 0023 — officials who serve the people (issue 15, items 1, 2, 3, 5): the
-- agency's public-service ethics criteria per year, each official's yearly
-- commitments against them, and the evaluation cycle (self-assessment, the
-- head's assessment, the leader's conclusion). As pg/0023 (same meaning; ids
-- differ). Docs: docs/API.md "Officials: criteria, commitments, evaluation",
-- docs/DECISIONS.md D42.
--
-- The criteria, a commitment's items and an evaluation's scores are small
-- JSON documents in TEXT columns: read and written whole, never queried
-- inside (both stores keep them as text).

-- One set per agency and year. `groups`: [{"name", "criteria": [{"id",
-- "text", "weight", "measure"}]}] — criterion ids are small integers that
-- stay the same across edits (commitments and scores refer to them).
-- Published: frozen (the public page shows it); a leader may reopen it with
-- a recorded reason (official_event), which makes it a draft again.
CREATE TABLE criteria_set (
  id            INTEGER PRIMARY KEY,
  agency_id     INTEGER NOT NULL REFERENCES agency(id),
  year          INTEGER NOT NULL,
  state         TEXT NOT NULL CHECK (state IN ('draft', 'published')),
  scale_max     INTEGER NOT NULL,
  groups_json   TEXT NOT NULL,
  next_id       INTEGER NOT NULL,
  version       INTEGER NOT NULL DEFAULT 0,
  created_at    BIGINT NOT NULL,
  updated_at    BIGINT NOT NULL,
  published_at  BIGINT,
  published_by  INTEGER REFERENCES staff(id),
  UNIQUE (agency_id, year)
);

-- One commitment per official and year. `items`: [{"criterion", "text"}];
-- `measures`: [{"metric", "target"}] checked against the measured figures.
CREATE TABLE commitment (
  id           INTEGER PRIMARY KEY,
  agency_id    INTEGER NOT NULL REFERENCES agency(id),
  staff_id     INTEGER NOT NULL REFERENCES staff(id),
  unit_id      INTEGER REFERENCES unit(id),
  year         INTEGER NOT NULL,
  set_id       INTEGER NOT NULL REFERENCES criteria_set(id),
  state        TEXT NOT NULL CHECK (state IN ('draft', 'submitted', 'approved', 'returned')),
  items        TEXT NOT NULL,
  measures     TEXT NOT NULL,
  comment      TEXT NOT NULL DEFAULT '',
  created_at   BIGINT NOT NULL,
  updated_at   BIGINT NOT NULL,
  approved_at  BIGINT,
  approved_by  INTEGER REFERENCES staff(id),
  UNIQUE (staff_id, year)
);
CREATE INDEX commitment_agency ON commitment (agency_id, year);

-- An evaluation cycle of an agency: the yearly one, and an optional
-- mid-year one, with the deadline of each stage (Vietnam day numbers).
CREATE TABLE appraisal_cycle (
  id           INTEGER PRIMARY KEY,
  agency_id    INTEGER NOT NULL REFERENCES agency(id),
  year         INTEGER NOT NULL,
  kind         TEXT NOT NULL CHECK (kind IN ('yearly', 'midyear')),
  self_due     BIGINT NOT NULL,
  head_due     BIGINT NOT NULL,
  leader_due   BIGINT NOT NULL,
  created_at   BIGINT NOT NULL,
  created_by   INTEGER REFERENCES staff(id),
  reminded_at  BIGINT,
  UNIQUE (agency_id, year, kind)
);

-- One official's evaluation in a cycle. `self_json`: [{"criterion", "score",
-- "evidence"}]; `head_json`: [{"criterion", "score", "comment"}]. Stages:
-- self → head → leader → concluded; concluded is frozen but for a leader's
-- recorded reopening.
CREATE TABLE appraisal (
  id            INTEGER PRIMARY KEY,
  cycle_id      INTEGER NOT NULL REFERENCES appraisal_cycle(id),
  agency_id     INTEGER NOT NULL REFERENCES agency(id),
  staff_id      INTEGER NOT NULL REFERENCES staff(id),
  unit_id       INTEGER REFERENCES unit(id),
  state         TEXT NOT NULL CHECK (state IN ('self', 'head', 'leader', 'concluded')),
  self_json     TEXT NOT NULL DEFAULT '[]',
  self_summary  TEXT NOT NULL DEFAULT '',
  head_json     TEXT NOT NULL DEFAULT '[]',
  head_comment  TEXT NOT NULL DEFAULT '',
  rating        TEXT CHECK (rating IN ('excellent', 'good', 'completed', 'not_completed')),
  conclusion    TEXT NOT NULL DEFAULT '',
  self_at       BIGINT,
  head_at       BIGINT,
  concluded_at  BIGINT,
  concluded_by  INTEGER REFERENCES staff(id),
  reopened      INTEGER NOT NULL DEFAULT 0,
  created_at    BIGINT NOT NULL,
  updated_at    BIGINT NOT NULL,
  UNIQUE (cycle_id, staff_id)
);
CREATE INDEX appraisal_staff ON appraisal (staff_id);

-- The history of every state change of a criteria set, a commitment or an
-- evaluation (who, when, from, to, the comment or reason), shown on their
-- pages; the audit trail holds the full before/after as well. One of the
-- three references is set (foreign keys, so that migrate-store renumbers
-- them with their rows).
CREATE TABLE official_event (
  id             INTEGER PRIMARY KEY,
  set_id         INTEGER REFERENCES criteria_set(id),
  commitment_id  INTEGER REFERENCES commitment(id),
  appraisal_id   INTEGER REFERENCES appraisal(id),
  at             BIGINT NOT NULL,
  staff_id       INTEGER REFERENCES staff(id),
  action         TEXT NOT NULL,
  state_from     TEXT NOT NULL DEFAULT '',
  state_to       TEXT NOT NULL DEFAULT '',
  comment        TEXT NOT NULL DEFAULT '',
  CHECK ((CASE WHEN set_id IS NULL THEN 0 ELSE 1 END)
       + (CASE WHEN commitment_id IS NULL THEN 0 ELSE 1 END)
       + (CASE WHEN appraisal_id IS NULL THEN 0 ELSE 1 END) = 1)
);
CREATE INDEX official_event_set ON official_event (set_id);
CREATE INDEX official_event_commitment ON official_event (commitment_id);
CREATE INDEX official_event_appraisal ON official_event (appraisal_id);
