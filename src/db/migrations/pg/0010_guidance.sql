-- 0010 — finding the dossier that cited a guidance (issue 10); as sqlite/0010.
--
-- A guidance before receipt shows the dossier that later cited it
-- (dossier.guidance_id, migration 0009), and the quality indicators count
-- the guidances followed by a dossier. Without an index each of those is a
-- scan of every dossier. Few dossiers cite a guidance, so the index holds
-- only those (a partial index: SQLite and PostgreSQL both have them). A
-- guidance is followed by at most one dossier: the index is unique, the
-- last guard behind the intake's own check.

CREATE UNIQUE INDEX dossier_guidance ON dossier (guidance_id) WHERE guidance_id IS NOT NULL;
