-- 0008 — which step may issue the result.
--
-- A dossier is completed (its result issued) at its last processing step,
-- the signing step before the return at the counter. A procedure whose law
-- lets an earlier step issue the result (say, a certification signed by the
-- head of the unit that checks it) marks that step may_complete in the
-- catalogue; intake copies the mark into the dossier's control sheet, so a
-- later catalogue edit never changes a dossier already taken in.
-- ADD COLUMN with a constant default rewrites no row.

ALTER TABLE procedure_step ADD COLUMN may_complete BIGINT NOT NULL DEFAULT 0 CHECK (may_complete = 0 OR may_complete = 1);
ALTER TABLE dossier_step ADD COLUMN may_complete BIGINT NOT NULL DEFAULT 0;
