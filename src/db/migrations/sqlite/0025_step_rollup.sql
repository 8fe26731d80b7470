-- 0025 — the daily rollup of the control sheet's steps (issue 14; D40, D41).
--
-- For each closed Vietnam day (a day number, as (t + 25200) / 86400) the
-- steps finished that day, grouped by the dossier's agency, the step's unit
-- and handler and outcome ('' : none): how many, how many with a
-- start, the sum of their wall-clock seconds (finished - started: the
-- dashboards' average) and of their working seconds on the legal clock of
-- the dossier's agency, computed at rollup time (the officers' average).
-- Written by `motcua report rollup` (nightly) for the days before
-- step_rollup.through_day; the dashboards' breakdowns by unit and officer
-- and the officers' figures read it for those days and dossier_step for the
-- rest (D38's pattern: right with or without it).
CREATE TABLE step_day (
  day          INTEGER NOT NULL,
  agency_id    INTEGER NOT NULL REFERENCES agency(id),
  unit_id      INTEGER REFERENCES unit(id),      -- NULL: none
  handler_id   INTEGER REFERENCES staff(id),     -- NULL: none
  outcome      TEXT NOT NULL,
  steps        INTEGER NOT NULL,
  timed        INTEGER NOT NULL,
  secs         BIGINT NOT NULL,
  work_secs    BIGINT NOT NULL
);
-- One row per (day, agency, unit, handler, outcome), written once by the
-- rollup; no key (unit and handler may be NULL) but foreign keys, so a
-- centre moved into the province's database (migrate-store, D31) brings
-- its rows with their ids mapped. A period is a range of days, one
-- officer's a range of his.
CREATE INDEX step_day_day ON step_day (day);
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
-- and the steps open at a period's end stay live; this index holds every
-- column they read, so one officer's period is index-only ranges (it
-- replaces 0022's narrower one).
DROP INDEX dossier_step_handler;
CREATE INDEX dossier_step_handler ON dossier_step (handler_id, finished_at, outcome, dossier_id,
  started_at, due_at);
