-- 0011 — the province model (issue 11, item 5); as sqlite/0011 (BIGINT ids): any centre of the province
-- receives a dossier for any procedure of the province.
--
-- 1. dossier.received_agency_id: the agency whose centre received the
--    dossier and issued the receipt (its e-ID prefixes the code). NULL: the
--    competent agency itself (dossier.agency_id) received it — every dossier
--    taken in before this migration, and every one received where it is
--    handled.
-- 2. unit.is_counter: the agency's one-stop counter (Bộ phận Tiếp nhận và Trả
--    kết quả), where a dossier received for another agency starts and where
--    its result is returned. Set here for every unit that is the first step
--    of a procedure (the counter, as the catalogue already knew it).
-- 3. A new staff role, 'province' (a province officer: reads every agency's
--    dossiers, acts on none).
-- ADD COLUMN with a constant default rewrites no row.

ALTER TABLE dossier ADD COLUMN received_agency_id BIGINT REFERENCES agency(id);
ALTER TABLE unit ADD COLUMN is_counter INTEGER NOT NULL DEFAULT 0;
UPDATE unit SET is_counter = 1
  WHERE id IN (SELECT unit_id FROM procedure_step WHERE position = 1);
CREATE INDEX dossier_received_agency ON dossier (received_agency_id)
  WHERE received_agency_id IS NOT NULL;

ALTER TABLE staff_role DROP CONSTRAINT staff_role_role_check;
ALTER TABLE staff_role ADD CONSTRAINT staff_role_role_check
  CHECK (role IN ('admin', 'reception', 'specialist', 'head', 'leader', 'province'));
