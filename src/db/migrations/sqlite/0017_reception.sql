-- 0017 — citizens' voice, second part (issue 13): leaders' reception days,
-- advance registration for a session, and the reception book (form 03/TCD).
-- Rules: DOMAIN.md §4.1, DECISIONS D36.
--
-- reception_duty: the personal reception duty per leader role, configurable
-- (Law 42/2013: commune chairman at least 1 day a week, Art. 15; provincial
-- chairman at least 1 day a month, Art. 12; heads of agencies at least 1 day
-- a month, Art. 18). `level` is the agency level the duty applies to.
-- reception_session: a published session of an agency (public: nothing
-- personal). reception_registration: a citizen's advance registration (name
-- and contact are personal data: never public, never in an audit record).
-- reception_visit: one row of the reception book; its matters become
-- petitions (reception_matter links them), one per matter (Art. 25(3)).

CREATE TABLE reception_duty (
  role        TEXT PRIMARY KEY,                     -- commune_chairman | province_chairman | agency_head | …
  name_vi     TEXT NOT NULL,
  name_en     TEXT NOT NULL,
  level       TEXT NOT NULL CHECK (level = 'commune' OR level = 'province' OR level = 'any'),
  days        INTEGER NOT NULL CHECK (days >= 0 AND days <= 31),
  per         TEXT NOT NULL CHECK (per = 'week' OR per = 'month'),
  updated_at  BIGINT NOT NULL DEFAULT 0
);
INSERT INTO reception_duty (role, name_vi, name_en, level, days, per) VALUES
  ('commune_chairman', 'Chủ tịch UBND cấp xã', 'Commune People''s Committee chairman', 'commune', 1, 'week'),
  ('province_chairman', 'Chủ tịch UBND cấp tỉnh', 'Provincial People''s Committee chairman', 'province', 1, 'month'),
  ('agency_head', 'Thủ trưởng cơ quan hành chính', 'Head of an administrative agency', 'any', 0, 'month');

CREATE TABLE reception_session (
  id           INTEGER PRIMARY KEY,
  agency_id    INTEGER NOT NULL REFERENCES agency(id),
  leader_name  TEXT NOT NULL,                        -- the official receiving (a public duty)
  leader_title TEXT NOT NULL DEFAULT '',
  leader_role  TEXT NOT NULL DEFAULT '',             -- a reception_duty role, or '' (other)
  starts_at    BIGINT NOT NULL,
  ends_at      BIGINT NOT NULL,
  place        TEXT NOT NULL,
  kind         TEXT NOT NULL CHECK (kind = 'regular' OR kind = 'periodic' OR kind = 'ad_hoc'),
  mode         TEXT NOT NULL CHECK (mode = 'in_person' OR mode = 'online'),
  capacity     INTEGER NOT NULL DEFAULT 20,          -- advance registrations accepted
  note         TEXT NOT NULL DEFAULT '',
  cancelled    INTEGER NOT NULL DEFAULT 0,
  created_by   INTEGER REFERENCES staff(id),
  created_at   BIGINT NOT NULL,
  updated_at   BIGINT NOT NULL
);
CREATE INDEX reception_session_agency ON reception_session (agency_id, starts_at);

CREATE TABLE reception_registration (
  id          INTEGER PRIMARY KEY,
  session_id  INTEGER NOT NULL REFERENCES reception_session(id),
  code        TEXT NOT NULL UNIQUE,                  -- confirmation code, random
  name        TEXT NOT NULL,                         -- personal data
  contact     TEXT NOT NULL,                         -- personal data: phone or e-mail
  subject     TEXT NOT NULL,
  created_at  BIGINT NOT NULL
);
CREATE INDEX reception_registration_session ON reception_registration (session_id);

CREATE TABLE reception_visit (
  id                 INTEGER PRIMARY KEY,
  agency_id          INTEGER NOT NULL REFERENCES agency(id),
  seq                INTEGER NOT NULL,               -- number in the agency's book
  session_id         INTEGER REFERENCES reception_session(id),
  visited_at         BIGINT NOT NULL,
  visitors           TEXT NOT NULL,                  -- personal data: name(s)
  address            TEXT NOT NULL DEFAULT '',       -- personal data
  id_number          TEXT NOT NULL DEFAULT '',       -- personal data
  people             INTEGER NOT NULL DEFAULT 1,
  content            TEXT NOT NULL,                  -- summary of the whole visit
  prior_handling     TEXT NOT NULL DEFAULT '',       -- bodies that already handled it
  within_competence  INTEGER NOT NULL DEFAULT 1,
  guided_to          TEXT NOT NULL DEFAULT '',       -- guidance to the competent body
  guided_doc         TEXT NOT NULL DEFAULT '',
  transfer_to        TEXT NOT NULL DEFAULT '',       -- the body the matter is transferred to
  transfer_doc       TEXT NOT NULL DEFAULT '',
  follow_up          TEXT NOT NULL DEFAULT '',
  note               TEXT NOT NULL DEFAULT '',
  created_by         INTEGER REFERENCES staff(id),
  created_at         BIGINT NOT NULL,
  UNIQUE (agency_id, seq)
);
CREATE INDEX reception_visit_agency ON reception_visit (agency_id, visited_at);

CREATE TABLE reception_matter (
  id           INTEGER PRIMARY KEY,
  visit_id     INTEGER NOT NULL REFERENCES reception_visit(id),
  position     INTEGER NOT NULL,
  petition_id  INTEGER NOT NULL REFERENCES petition(id),
  type         TEXT NOT NULL,
  field        TEXT NOT NULL DEFAULT '',
  UNIQUE (visit_id, position)
);
CREATE INDEX reception_matter_petition ON reception_matter (petition_id);
