-- 0011 — the province model (issue 11, item 5): any centre of the province
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

ALTER TABLE dossier ADD COLUMN received_agency_id INTEGER REFERENCES agency(id);
ALTER TABLE unit ADD COLUMN is_counter INTEGER NOT NULL DEFAULT 0;
UPDATE unit SET is_counter = 1
  WHERE id IN (SELECT unit_id FROM procedure_step WHERE position = 1);
CREATE INDEX dossier_received_agency ON dossier (received_agency_id)
  WHERE received_agency_id IS NOT NULL;

-- SQLite cannot change a CHECK constraint: staff_role is rebuilt (no table
-- refers to it).
CREATE TABLE staff_role_new (
  staff_id  INTEGER NOT NULL REFERENCES staff(id) ON DELETE CASCADE,
  role      TEXT NOT NULL CHECK (role IN ('admin', 'reception', 'specialist', 'head', 'leader', 'province')),
  PRIMARY KEY (staff_id, role)
);
INSERT INTO staff_role_new (staff_id, role) SELECT staff_id, role FROM staff_role;
DROP TABLE staff_role;
ALTER TABLE staff_role_new RENAME TO staff_role;
