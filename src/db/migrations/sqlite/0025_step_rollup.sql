-- 0025 — the daily rollup of the control sheet's steps (issue 14; D40, D41).
--
-- For each closed Vietnam day (a day number, as (t + 25200) / 86400) the
-- steps finished that day, grouped by the dossier's agency, the step's unit
-- and handler (0: none) and outcome ('' : none): how many, how many with a
-- start, the sum of their wall-clock seconds (finished - started: the
-- dashboards' average) and of their working seconds on the legal clock of
-- the dossier's agency, computed at rollup time (the officers' average).
-- Written by `motcua report rollup` (nightly) for the days before
-- step_rollup.through_day; the dashboards' breakdowns by unit and officer
-- and the officers' figures read it for those days and dossier_step for the
-- rest (D38's pattern: right with or without it).
CREATE TABLE step_day (
  day          INTEGER NOT NULL,
  agency_id    INTEGER NOT NULL,
  unit_id      INTEGER NOT NULL,
  handler_id   INTEGER NOT NULL,
  outcome      TEXT NOT NULL,
  steps        INTEGER NOT NULL,
  timed        INTEGER NOT NULL,
  secs         BIGINT NOT NULL,
  work_secs    BIGINT NOT NULL,
  PRIMARY KEY (day, agency_id, unit_id, handler_id, outcome)
) WITHOUT ROWID;
-- one officer's period is a range
CREATE INDEX step_day_handler ON step_day (handler_id, day);
-- How far the step rollup goes (per agency, as report_rollup: the days
-- before the least advanced agency's through_day are in step_day).
CREATE TABLE step_rollup (
  agency_id    INTEGER NOT NULL REFERENCES agency(id),
  through_day  INTEGER NOT NULL,
  built_at     BIGINT NOT NULL,
  PRIMARY KEY (agency_id, through_day)
);
-- The officers' "dossiers handled" (distinct dossiers: not a sum of days)
-- stays live; this index holds every column it reads, so one officer's
-- period is an index-only range (it replaces 0022's narrower one).
DROP INDEX dossier_step_handler;
CREATE INDEX dossier_step_handler ON dossier_step (handler_id, finished_at, outcome, dossier_id);
