-- 0019 — the periodic report on dossier handling (issue 14, item 1; D38);
-- as sqlite/0019. The columns the report only reads are INCLUDEd (not keys)
-- so the index-only scans stay narrow at the top of the tree.
CREATE INDEX report_received ON dossier (received_at) INCLUDE (agency_id, procedure_id, channel);
CREATE INDEX report_finished ON dossier (finished_at) INCLUDE (received_at, agency_id, procedure_id,
  status, due_at, apology_prev_due, supplement_count, supplement_at, supplemented_at);

-- The daily rollup (D38); as sqlite/0019.
CREATE TABLE report_day (
  day          INTEGER NOT NULL,
  agency_id    BIGINT NOT NULL REFERENCES agency(id),
  procedure_id BIGINT NOT NULL REFERENCES procedure(id),
  received     INTEGER NOT NULL,
  online       INTEGER NOT NULL,
  resolved     INTEGER NOT NULL,
  early        INTEGER NOT NULL,
  late         INTEGER NOT NULL,
  withdrawn    INTEGER NOT NULL,
  refused      INTEGER NOT NULL,
  open_end     INTEGER NOT NULL,
  overdue_end  INTEGER NOT NULL,
  PRIMARY KEY (day, agency_id, procedure_id)
);
CREATE TABLE report_rollup (
  id           INTEGER PRIMARY KEY CHECK (id = 1),
  through_day  INTEGER NOT NULL,
  built_at     BIGINT NOT NULL
);
