-- 0006 — a dossier's steps and documents stored together with their key.
--
-- dossier_step and dossier_document are keyed by (dossier_id, …). As rowid
-- tables each had a hidden rowid and a separate index for that key: reading a
-- dossier's control sheet read the index, then the rows elsewhere in the
-- file, and every intake wrote both. WITHOUT ROWID keeps the rows in key
-- order in one B-tree: a dossier's steps are one page read, and an intake
-- writes half the pages (measured in bench/README.md). The columns and keys
-- are unchanged; only SQLite's storage differs (PostgreSQL has no rowid).

CREATE TABLE dossier_step_new (
  dossier_id   INTEGER NOT NULL REFERENCES dossier(id),
  position     INTEGER NOT NULL,
  name         TEXT NOT NULL,
  unit_id      INTEGER NOT NULL REFERENCES unit(id),
  due_at       BIGINT NOT NULL,
  started_at   BIGINT,
  finished_at  BIGINT,
  handler_id   INTEGER REFERENCES staff(id),
  outcome      TEXT CHECK (outcome = 'early' OR outcome = 'on_time' OR outcome = 'late' OR outcome = 'skipped'),
  PRIMARY KEY (dossier_id, position)
) WITHOUT ROWID;
INSERT INTO dossier_step_new (dossier_id, position, name, unit_id, due_at, started_at, finished_at,
                              handler_id, outcome)
SELECT dossier_id, position, name, unit_id, due_at, started_at, finished_at, handler_id, outcome
FROM dossier_step ORDER BY dossier_id, position;
DROP TABLE dossier_step;
ALTER TABLE dossier_step_new RENAME TO dossier_step;

CREATE TABLE dossier_document_new (
  dossier_id   INTEGER NOT NULL REFERENCES dossier(id),
  document_id  INTEGER NOT NULL REFERENCES procedure_document(id),
  form         TEXT NOT NULL CHECK (form = 'original' OR form = 'certified_copy' OR form = 'copy' OR form = 'presented'),
  count        INTEGER NOT NULL CHECK (count >= 1),
  PRIMARY KEY (dossier_id, document_id)
) WITHOUT ROWID;
INSERT INTO dossier_document_new (dossier_id, document_id, form, count)
SELECT dossier_id, document_id, form, count FROM dossier_document ORDER BY dossier_id, document_id;
DROP TABLE dossier_document;
ALTER TABLE dossier_document_new RENAME TO dossier_document;
