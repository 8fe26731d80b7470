-- 0019 — the periodic report on dossier handling (issue 14, item 1; D38);
-- as sqlite/0019. The columns the report only reads are INCLUDEd (not keys)
-- so the index-only scans stay narrow at the top of the tree.
-- The two indexes also cover every column the service-quality indicators
-- and the dashboards read (0020, 0021; D39, D40): one pair of wide indexes on
-- the dossier table for the three, not three pairs (each index is paid at
-- every intake).
CREATE INDEX report_received ON dossier (received_at, agency_id) INCLUDE (id, received_agency_id,
  procedure_id, channel, finished_at, due_at, apology_prev_due, paused_at, supplement_count,
  result_at, clock_start, paused_total);
CREATE INDEX report_finished ON dossier (finished_at, received_at) INCLUDE (id, agency_id,
  procedure_id, status, channel, due_at, apology_prev_due, paused_at, supplement_count, supplement_at,
  supplemented_at, result_at, clock_start, paused_total);

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
-- How far the rollup goes, per agency: the days before through_day are in
-- report_day. Keyed by (agency, day) — not a lone integer — so that a centre
-- moved into the province's database (migrate-store, D31) brings its own
-- state along without colliding; a report over several agencies uses the
-- least advanced.
CREATE TABLE report_rollup (
  agency_id    BIGINT NOT NULL REFERENCES agency(id),
  through_day  INTEGER NOT NULL,
  built_at     BIGINT NOT NULL,
  PRIMARY KEY (agency_id, through_day)
);
