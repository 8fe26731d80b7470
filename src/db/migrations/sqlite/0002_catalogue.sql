-- 0002 — the procedure catalogue: fields, procedures with their legal time
-- limit, fees, required documents and internal steps; and the search index.

CREATE TABLE field (
  id    INTEGER PRIMARY KEY,
  code  TEXT NOT NULL UNIQUE,
  name  TEXT NOT NULL
);

CREATE TABLE procedure (
  id           INTEGER PRIMARY KEY,
  code         TEXT NOT NULL UNIQUE,                 -- national code, e.g. 1.001193
  name         TEXT NOT NULL,
  field_id     INTEGER NOT NULL REFERENCES field(id),
  level        TEXT NOT NULL CHECK (level IN ('commune', 'province')),
  agency_id    INTEGER REFERENCES agency(id),         -- implementing agency
  limit_value  REAL NOT NULL CHECK (limit_value > 0),
  limit_unit   TEXT NOT NULL CHECK (limit_unit IN ('working_days', 'working_hours', 'same_day', 'days')),
  limit_text   TEXT NOT NULL DEFAULT '',
  result       TEXT NOT NULL DEFAULT '',
  legal_basis  TEXT NOT NULL DEFAULT '[]',            -- JSON array of strings
  online       TEXT NOT NULL CHECK (online IN ('none', 'partial', 'full')),
  sequence     TEXT NOT NULL DEFAULT '',
  method       TEXT NOT NULL DEFAULT '',
  subjects     TEXT NOT NULL DEFAULT '',
  conditions   TEXT NOT NULL DEFAULT '',
  note         TEXT NOT NULL DEFAULT '',
  active       INTEGER NOT NULL DEFAULT 1,
  version      INTEGER NOT NULL DEFAULT 1,
  updated_at   BIGINT NOT NULL
);
CREATE INDEX procedure_field ON procedure (field_id, code);

CREATE TABLE procedure_fee (
  id            INTEGER PRIMARY KEY,
  procedure_id  INTEGER NOT NULL REFERENCES procedure(id) ON DELETE CASCADE,
  position      INTEGER NOT NULL,
  name          TEXT NOT NULL,
  amount        BIGINT NOT NULL CHECK (amount >= 0),  -- đồng
  note          TEXT NOT NULL DEFAULT ''
);
CREATE INDEX procedure_fee_proc ON procedure_fee (procedure_id, position);

-- Documents keep their id for ever (dossiers refer to them); a document
-- removed from a procedure is deactivated, not deleted.
CREATE TABLE procedure_document (
  id            INTEGER PRIMARY KEY,
  procedure_id  INTEGER NOT NULL REFERENCES procedure(id),
  position      INTEGER NOT NULL,
  name          TEXT NOT NULL,
  form          TEXT NOT NULL CHECK (form IN ('original', 'certified_copy', 'copy', 'presented')),
  count         INTEGER NOT NULL CHECK (count >= 1),
  mandatory     INTEGER NOT NULL,
  active        INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX procedure_document_proc ON procedure_document (procedure_id, active, position);

-- Internal steps; share is in the unit of the procedure's limit (for
-- same_day: fractions of the day) and the shares add up to the limit.
CREATE TABLE procedure_step (
  id            INTEGER PRIMARY KEY,
  procedure_id  INTEGER NOT NULL REFERENCES procedure(id) ON DELETE CASCADE,
  position      INTEGER NOT NULL,
  name          TEXT NOT NULL,
  unit_id       INTEGER NOT NULL REFERENCES unit(id),
  share         REAL NOT NULL CHECK (share > 0)
);
CREATE INDEX procedure_step_proc ON procedure_step (procedure_id, position);

-- Full-text search: rowid = procedure.id. The `vi` tokenizer folds case,
-- diacritics and đ → d, so "dang ky ket hon" finds "Đăng ký kết hôn".
CREATE VIRTUAL TABLE procedure_fts USING fts5 (name, field, code, tokenize = 'vi');
