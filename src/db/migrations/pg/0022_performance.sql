-- 0022 — the officers' figures (issue 14, D41): one officer's period is a
-- range of each of these indexes (steps handed over, dossiers received,
-- evaluations tied to him, petitions he answered).
CREATE INDEX dossier_step_handler ON dossier_step (handler_id, finished_at);
CREATE INDEX dossier_received_by ON dossier (received_by, received_at);
CREATE INDEX evaluation_staff ON evaluation (staff_id, created_at);
CREATE INDEX petition_officer ON petition (officer_id, answered_at);
