-- 0006 (PostgreSQL) — nothing to do.
--
-- On SQLite this migration rebuilds dossier_step and dossier_document as
-- WITHOUT ROWID tables, so a dossier's steps are stored together with their
-- key. That is SQLite storage tuning: the columns and keys do not change.
-- PostgreSQL has no rowid; its tables are heaps with the primary key as a
-- separate index either way, so the schema after 0006 is already the one
-- 0003 made. The number is kept so both backends count versions alike.
SELECT 1;
