-- 0003 (PostgreSQL) — dossiers: intake, processing steps (the control sheet), every
-- action (the history), attachments of online submissions, daily code
-- sequences. "Overdue" is never stored: it is derived from due_at.
-- CHECKs are written as OR chains, not IN lists: SQLite evaluates a constant
-- IN list through a temporary table built for every row inserted (measured:
-- it doubled the cost of an intake).

CREATE TABLE dossier (
  id                BIGINT PRIMARY KEY,            -- from the code (ds_row_id), else dossier_id_seq
  code              TEXT NOT NULL UNIQUE,          -- <agency e-ID>-YYMMDD-<seq>
  procedure_id      BIGINT NOT NULL REFERENCES procedure(id),
  agency_id         BIGINT NOT NULL REFERENCES agency(id),
  status            TEXT NOT NULL CHECK (status = 'submitted' OR status = 'received' OR status = 'processing' OR status = 'supplement_requested' OR status = 'result_ready' OR status = 'returned' OR status = 'refused' OR status = 'withdrawn'),
  channel           TEXT NOT NULL CHECK (channel = 'counter' OR channel = 'post' OR channel = 'online'),
  return_method     TEXT NOT NULL CHECK (return_method = 'counter' OR return_method = 'post' OR return_method = 'online'),
  -- the applicant: personal data, only for the staff roles that handle dossiers
  applicant_kind    TEXT NOT NULL CHECK (applicant_kind = 'person' OR applicant_kind = 'organization'),
  applicant_name    TEXT NOT NULL,
  applicant_fold    TEXT NOT NULL,                 -- folded name, for staff search
  applicant_id      TEXT NOT NULL DEFAULT '',      -- personal identification number
  applicant_phone   TEXT NOT NULL DEFAULT '',
  applicant_email   TEXT NOT NULL DEFAULT '',
  applicant_address TEXT NOT NULL DEFAULT '',
  org_name          TEXT NOT NULL DEFAULT '',
  tax_code          TEXT NOT NULL DEFAULT '',
  -- the legal clock (Unix seconds); limit copied from the procedure at intake
  limit_value       DOUBLE PRECISION NOT NULL,
  limit_unit        TEXT NOT NULL,
  submitted_at      BIGINT,                        -- online submissions
  received_at       BIGINT,                        -- accepted: the clock runs
  clock_start       BIGINT,
  due_at            BIGINT,                        -- the appointment promised now
  original_due_at   BIGINT,                        -- the first appointment
  paused_at         BIGINT,                        -- waiting for a supplement since
  paused_from       TEXT,                          -- status to go back to
  paused_total      BIGINT NOT NULL DEFAULT 0,     -- working seconds paused so far
  supplement_count  BIGINT NOT NULL DEFAULT 0,
  supplement_reason TEXT,
  supplement_items  TEXT,                          -- JSON array of strings
  supplement_at     BIGINT,
  supplemented_at   BIGINT,
  supplement_note   TEXT,
  apology_count     BIGINT NOT NULL DEFAULT 0,
  apology_at        BIGINT,
  apology_reason    TEXT,
  apology_early     BIGINT,                       -- ≥1 working day before the due instant
  apology_prev_due  BIGINT,                        -- the appointment the apology replaced
  refused_at        BIGINT,
  refuse_reason     TEXT,
  withdrawn_at      BIGINT,
  withdraw_reason   TEXT,
  result_summary    TEXT,
  result_at         BIGINT,
  finished_at       BIGINT,                        -- end of processing (on-time statistics)
  returned_at       BIGINT,
  returned_to       TEXT,
  returned_method   TEXT,
  current_step      BIGINT,                       -- position in dossier_step
  assignee_id       BIGINT REFERENCES staff(id),
  received_by       BIGINT REFERENCES staff(id),
  version           BIGINT NOT NULL DEFAULT 1,
  created_at        BIGINT NOT NULL,
  updated_at        BIGINT NOT NULL
);
-- The id comes from the code (core/dossier.h ds_row_id) and is inserted
-- explicitly; an INSERT that gives NULL gets the next value of a sequence,
-- as SQLite gives a NULL INTEGER PRIMARY KEY a new rowid (lastval() then
-- returns it, as last_insert_rowid does).
CREATE SEQUENCE dossier_id_seq;
CREATE FUNCTION dossier_default_id() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.id IS NULL THEN
    NEW.id := nextval('dossier_id_seq');
  END IF;
  RETURN NEW;
END
$$;
CREATE TRIGGER dossier_default_id BEFORE INSERT ON dossier
  FOR EACH ROW EXECUTE FUNCTION dossier_default_id();
CREATE INDEX dossier_received ON dossier (received_at, status);
CREATE INDEX dossier_open ON dossier (status, due_at);
CREATE INDEX dossier_assignee ON dossier (assignee_id, status, due_at);

CREATE TABLE dossier_document (
  dossier_id   BIGINT NOT NULL REFERENCES dossier(id),
  document_id  BIGINT NOT NULL REFERENCES procedure_document(id),
  form         TEXT NOT NULL CHECK (form = 'original' OR form = 'certified_copy' OR form = 'copy' OR form = 'presented'),
  count        BIGINT NOT NULL CHECK (count >= 1),
  PRIMARY KEY (dossier_id, document_id)
);

-- The control sheet: one row per planned step, deadlines from the shares.
CREATE TABLE dossier_step (
  dossier_id   BIGINT NOT NULL REFERENCES dossier(id),
  position     BIGINT NOT NULL,
  name         TEXT NOT NULL,
  unit_id      BIGINT NOT NULL REFERENCES unit(id),
  due_at       BIGINT NOT NULL,
  started_at   BIGINT,
  finished_at  BIGINT,
  handler_id   BIGINT REFERENCES staff(id),
  outcome      TEXT CHECK (outcome = 'early' OR outcome = 'on_time' OR outcome = 'late' OR outcome = 'skipped'),
  PRIMARY KEY (dossier_id, position)
);

-- Every action on a dossier, in order: the hand-overs of the control sheet.
CREATE TABLE dossier_event (
  id            BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
  dossier_id    BIGINT NOT NULL REFERENCES dossier(id),
  at            BIGINT NOT NULL,
  action        TEXT NOT NULL,
  actor_id      BIGINT REFERENCES staff(id),       -- NULL: the citizen (online)
  from_status   TEXT,
  to_status     TEXT NOT NULL,
  from_step     BIGINT,
  to_step       BIGINT,
  to_staff_id   BIGINT REFERENCES staff(id),
  outcome       TEXT,                               -- of the step handed over
  note          TEXT
);
CREATE INDEX dossier_event_dossier ON dossier_event (dossier_id, id);

CREATE TABLE dossier_seq (
  agency_id  BIGINT NOT NULL REFERENCES agency(id),
  day        BIGINT NOT NULL,                      -- YYMMDD
  last       BIGINT NOT NULL,
  PRIMARY KEY (agency_id, day)
);

-- Files of online submissions, stored once by content.
CREATE TABLE attachment (
  sha256      TEXT PRIMARY KEY,
  mime        TEXT NOT NULL,
  size        BIGINT NOT NULL,
  data        BYTEA NOT NULL,
  created_at  BIGINT NOT NULL
);
CREATE TABLE dossier_attachment (
  dossier_id   BIGINT NOT NULL REFERENCES dossier(id),
  sha256       TEXT NOT NULL REFERENCES attachment(sha256),
  name         TEXT NOT NULL,
  document_id  BIGINT REFERENCES procedure_document(id),
  PRIMARY KEY (dossier_id, sha256)
);

-- Simple fixed-window rate limits (public submissions per address).
CREATE TABLE rate_limit (
  key           TEXT PRIMARY KEY,
  window_start  BIGINT NOT NULL,
  count         BIGINT NOT NULL
);
