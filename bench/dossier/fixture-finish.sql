-- bench/dossier/fixture-finish.sql — last part of the fixture: the daily
-- code sequences, back to WAL, and a summary on stdout (the caller
-- checkpoints the WAL afterwards, from another connection).
INSERT INTO dossier_seq (agency_id, day, last)
SELECT (SELECT agency_id FROM home), ymd, cnt FROM wd WHERE cnt > 0 ORDER BY n;

PRAGMA journal_mode = WAL;
PRAGMA synchronous = FULL;

.mode list
.separator "\t"
SELECT 'dossiers', count(*) FROM dossier;
SELECT 'first_day', min(day), 'last_day', max(day), 'working_days', count(*) FROM wd WHERE cnt > 0;
SELECT 'per_day_min', min(cnt), 'per_day_max', max(cnt) FROM wd WHERE cnt > 0;
SELECT 'status_' || status, count(*) FROM dossier GROUP BY status ORDER BY count(*) DESC;
SELECT 'procedures_used', count(DISTINCT procedure_id) FROM dossier;
SELECT 'dossier_step', count(*) FROM dossier_step;
SELECT 'dossier_document', count(*) FROM dossier_document;
SELECT 'dossier_event', count(*) FROM dossier_event;
SELECT 'audit', count(*) FROM audit;
SELECT 'outbox', count(*) FROM outbox;
