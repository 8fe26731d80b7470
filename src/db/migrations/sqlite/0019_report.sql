-- 0019 — the periodic report on dossier handling (issue 14, item 1; D38).
--
-- The report reads three sets of dossiers, each through an index that holds
-- every column it needs (a covering index: the table's rows are never read):
--  1. received in the period: a range of received_at;
--  2. finished since the period began (resolved, withdrawn or refused in it,
--     and those still open at its end or at its start that finished later):
--     a range of finished_at;
--  3. still open now (finished_at IS NULL): the same index's NULL range.
-- So the report costs what the period and the time since it hold, never a
-- scan of every older dossier ("carried over" is 2 + 3 with received_at
-- before the period).
-- The two indexes also cover every column the service-quality indicators
-- and the dashboards read (0020, 0021; D39, D40): one pair of wide indexes on
-- the dossier table for the three, not three pairs (each index is paid at
-- every intake).
CREATE INDEX report_received ON dossier (received_at, agency_id, received_agency_id, procedure_id,
  channel, finished_at, due_at, apology_prev_due, paused_at, supplement_count, result_at, clock_start, paused_total);
CREATE INDEX report_finished ON dossier (finished_at, received_at, agency_id, procedure_id, status,
  channel, due_at, apology_prev_due, paused_at, supplement_count, supplement_at, supplemented_at,
  result_at, clock_start, paused_total);

-- The daily rollup (D38): for each closed Vietnam day (a day number, as
-- (t + 25200) / 86400), agency and procedure, the day's flows and the stock
-- at its end. Written by `motcua report rollup` (nightly) for the days
-- before report_rollup.through_day; the report reads it for those days and
-- the dossiers for the rest. Only rows with a non-zero cell are kept.
CREATE TABLE report_day (
  day          INTEGER NOT NULL,
  agency_id    INTEGER NOT NULL REFERENCES agency(id),
  procedure_id INTEGER NOT NULL REFERENCES procedure(id),
  received     INTEGER NOT NULL,
  online       INTEGER NOT NULL,
  resolved     INTEGER NOT NULL,
  early        INTEGER NOT NULL,
  late         INTEGER NOT NULL,
  withdrawn    INTEGER NOT NULL,
  refused      INTEGER NOT NULL,
  open_end     INTEGER NOT NULL,     -- open at the end of the day
  overdue_end  INTEGER NOT NULL,     -- of which overdue then
  PRIMARY KEY (day, agency_id, procedure_id)
) WITHOUT ROWID;
-- How far the rollup goes, per agency: the days before through_day are in
-- report_day. Keyed by (agency, day) — not a lone integer — so that a centre
-- moved into the province's database (migrate-store, D31) brings its own
-- state along without colliding; a report over several agencies uses the
-- least advanced.
CREATE TABLE report_rollup (
  agency_id    INTEGER NOT NULL REFERENCES agency(id),
  through_day  INTEGER NOT NULL,
  built_at     BIGINT NOT NULL,
  PRIMARY KEY (agency_id, through_day)
);
