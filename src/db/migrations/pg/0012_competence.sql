-- 0012 — competence (issue 11, item 5; docs/DECISIONS.md D29); as
-- sqlite/0012 (BIGINT ids): a commune-level procedure of the catalogue is
-- implemented by several agencies of the province, each running the
-- catalogue's steps with its own units (the unit of the same code).
--
-- procedure.agency_id stays the procedure's own agency (the steps' units are
-- its units; the competent agency by default). procedure_agency lists the
-- OTHER agencies that implement it too; none for a procedure of one agency
-- (every procedure before this migration, every provincial procedure).

CREATE TABLE procedure_agency (
  procedure_id  BIGINT NOT NULL REFERENCES procedure(id) ON DELETE CASCADE,
  agency_id     BIGINT NOT NULL REFERENCES agency(id),
  PRIMARY KEY (procedure_id, agency_id)
);
CREATE INDEX procedure_agency_agency ON procedure_agency (agency_id);
