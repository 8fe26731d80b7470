-- 0020 — the service-quality indicators of Decision 766 (issue 14, item 2).
-- As sqlite/0020: the report's two indexes (0019) carry (INCLUDE) every column
-- the indicators read, so a period is an index-only scan where the visibility
-- map allows it (autovacuum keeps it for pages not changed since) —
-- docs/DECISIONS.md D39. No table: the indicators are computed from the
-- dossiers, procedures, evaluations and petitions.
--
-- A dossier counts in a period when the centre held it during the period:
-- received in it (report_received, 0019), received before and finished in it or
-- still open (report_finished, 0019: NULL is one range of it), or received before and
-- finished after it — then it took longer than the period itself, which the
-- duration index finds among the few long dossiers.
CREATE INDEX dossier_duration ON dossier ((finished_at - received_at), received_at, finished_at);
-- The "not satisfied" evaluations (5.4), and the petitions of a period (5.2–5.3).
CREATE INDEX evaluation_level ON evaluation (level, created_at, agency_id, dossier_id);
CREATE INDEX petition_received ON petition (received_at);
