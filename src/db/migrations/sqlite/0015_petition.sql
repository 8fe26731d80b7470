-- 0015 — citizens' voice, first slice (issue 13): petitions (đơn) from every
-- channel to a published answer, the public feedback form, comments on
-- published answers. Rules: DOMAIN.md §4, DECISIONS D33.
--
-- A petition belongs to the agency that handles it (agency_id: an officer
-- sees his agency's, D27). Its public tracking code is random (not guessable,
-- not personal). The petitioner's identity (name, e-mail, phone, address,
-- ID number) is personal data: never in the audit record, never on a public
-- page; for a denunciation it is shown only through the audited identity
-- read. Deadlines are stored instants computed on the legal clock when the
-- petition is received or accepted; "overdue" is never stored.
-- The reception book (form 03/TCD) and reception days come later and will
-- point at petitions (a visit split into several).

CREATE TABLE petition (
  id               INTEGER PRIMARY KEY,
  code             TEXT NOT NULL UNIQUE,              -- PA-XXXX-XXXX-XXXX, random
  agency_id        INTEGER NOT NULL REFERENCES agency(id),
  unit_id          INTEGER REFERENCES unit(id),       -- assigned unit
  officer_id       INTEGER REFERENCES staff(id),      -- assigned officer
  channel          TEXT NOT NULL CHECK (channel = 'online' OR channel = 'reception' OR channel = 'post' OR channel = 'email' OR channel = 'hotline'),
  type             TEXT NOT NULL CHECK (type = 'complaint' OR type = 'denunciation' OR type = 'recommendation' OR type = 'reflection'),
  field            TEXT NOT NULL DEFAULT '',
  subject          TEXT NOT NULL DEFAULT '',
  content          TEXT NOT NULL,
  fold             TEXT NOT NULL DEFAULT '',          -- folded code, subject and content, for the inbox search
  people           INTEGER NOT NULL DEFAULT 1,
  -- the petitioner: personal data
  name             TEXT NOT NULL,
  email            TEXT NOT NULL DEFAULT '',
  phone            TEXT NOT NULL DEFAULT '',
  address          TEXT NOT NULL DEFAULT '',
  id_number        TEXT NOT NULL DEFAULT '',
  status           TEXT NOT NULL CHECK (status = 'received' OR status = 'accepted' OR status = 'forwarded' OR status = 'answered'),
  complex          INTEGER NOT NULL DEFAULT 0,
  extensions       INTEGER NOT NULL DEFAULT 0,
  reopened         INTEGER NOT NULL DEFAULT 0,
  received_at      BIGINT NOT NULL,
  ack_due_at       BIGINT NOT NULL,                   -- status answer / acceptance / classification
  forward_due_at   BIGINT,                            -- forward when not competent (recommendation, denunciation)
  acked_at         BIGINT,
  accepted_at      BIGINT,
  due_at           BIGINT,                            -- resolution
  forwarded_to     TEXT NOT NULL DEFAULT '',
  forward_doc      TEXT NOT NULL DEFAULT '',
  forwarded_at     BIGINT,
  answer           TEXT NOT NULL DEFAULT '',
  answered_at      BIGINT,
  pub_title        TEXT NOT NULL DEFAULT '',
  pub_question     TEXT NOT NULL DEFAULT '',
  pub_answer       TEXT NOT NULL DEFAULT '',
  pub_fold         TEXT NOT NULL DEFAULT '',          -- folded title + question + answer, for search
  published_at     BIGINT,
  satisfaction     TEXT CHECK (satisfaction IS NULL OR satisfaction = 'satisfied' OR satisfaction = 'not_satisfied'),
  satisfaction_at  BIGINT,
  attachment_sha256 TEXT REFERENCES attachment(sha256),
  attachment_name  TEXT NOT NULL DEFAULT '',
  created_by       INTEGER REFERENCES staff(id),      -- NULL: the online form
  created_at       BIGINT NOT NULL,
  updated_at       BIGINT NOT NULL
);
CREATE INDEX petition_agency_status ON petition (agency_id, status, ack_due_at);
CREATE INDEX petition_published ON petition (published_at) WHERE published_at IS NOT NULL;

CREATE TABLE petition_comment (
  id            INTEGER PRIMARY KEY,
  petition_id   INTEGER NOT NULL REFERENCES petition(id),
  name          TEXT NOT NULL,                        -- shown once approved
  email         TEXT NOT NULL,                        -- never shown
  content       TEXT NOT NULL,
  status        TEXT NOT NULL CHECK (status = 'pending' OR status = 'approved' OR status = 'rejected'),
  created_at    BIGINT NOT NULL,
  moderated_at  BIGINT,
  moderator_id  INTEGER REFERENCES staff(id)
);
CREATE INDEX petition_comment_status ON petition_comment (status, created_at);
CREATE INDEX petition_comment_petition ON petition_comment (petition_id, status, created_at);
