-- 0019 — the periodic report on dossier handling (issue 14, item 1; D38);
-- as sqlite/0019. The columns the report only reads are INCLUDEd (not keys)
-- so the index-only scans stay narrow at the top of the tree.
CREATE INDEX report_received ON dossier (received_at) INCLUDE (agency_id, procedure_id, channel);
CREATE INDEX report_finished ON dossier (finished_at) INCLUDE (received_at, agency_id, procedure_id,
  status, due_at, apology_prev_due, supplement_count, supplement_at, supplemented_at);
