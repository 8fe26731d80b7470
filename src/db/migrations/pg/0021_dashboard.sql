-- 0021 — the dashboards' indexes (issue 14, item 3; DECISIONS D40).
--
-- Every dashboard figure is an aggregate over a range of one instant:
-- received_at (received), finished_at (resolved, on time, handling time),
-- returned_at (handed back), a step's finished_at (by unit, by officer).
-- Each index leads with that instant and carries the columns the aggregate
-- reads, so a period is one index range read without touching the rows
-- (a covering index on SQLite, an index-only scan on PostgreSQL once the
-- table is vacuumed) — bounded by the period, never all of history.
-- received_at and finished_at: the report's two wide indexes (0019) cover
-- every column the dashboards read.
CREATE INDEX dossier_dash_returned ON dossier (returned_at, agency_id, received_agency_id);
CREATE INDEX dossier_step_finished ON dossier_step (finished_at, unit_id, outcome, handler_id, started_at);
