-- bench/report/fixture-finish.sql — last part of the reports fixture: the
-- daily code sequences, the petitions (1 per 200 dossiers), and the designed
-- proportions next to those the fixture holds (stdout, tab-separated:
-- name, designed, measured). The caller recreates the indexes and the
-- trigger afterwards and puts the file back in WAL mode.
INSERT INTO dossier_seq (agency_id, day, last)
SELECT ad.ag, wd.ymd, ad.cnt FROM agday ad JOIN wd ON wd.n = ad.n WHERE ad.cnt > 0 ORDER BY ad.ag, wd.ymd;

-- Petitions: received on a random working day of the five years, 07:30–17:00;
-- reflection 40 %, recommendation 35 %, complaint 20 %, denunciation 5 %;
-- acknowledged within 10 working days (95 %; else 1–3 days late); answered
-- before the resolution deadline (30 working days for complaints and
-- denunciations, 15 for the others) 85 %, late 10 %, never 5 %; 40 % of the
-- answered rated, 75 % of those satisfied.
CREATE TEMP TABLE pt0 AS
SELECT value AS i,
       1 + CAST(((random() & 16777215) / 16777216.0) * (SELECT count(*) FROM wd WHERE day <= (SELECT end_day FROM cfg)) AS INTEGER) AS dn,
       27000 + CAST(((random() & 16777215) / 16777216.0) * 34200 AS INTEGER) AS tod,
       (random() & 16777215) / 16777216.0 AS rag, (random() & 16777215) / 16777216.0 AS rty,
       (random() & 16777215) / 16777216.0 AS rch, (random() & 16777215) / 16777216.0 AS rack,
       (random() & 16777215) / 16777216.0 AS rans, (random() & 16777215) / 16777216.0 AS rsat,
       (random() & 16777215) / 16777216.0 AS rx,
       random() & 1152921504606846975 AS x1
FROM generate_series(1, (SELECT n FROM cfg) / 200);
CREATE TEMP TABLE agcum AS
SELECT ag, sum(share) OVER (ORDER BY ag) - share AS lo, sum(share) OVER (ORDER BY ag) AS hi FROM ag;
UPDATE agcum SET hi = 2.0 WHERE ag = (SELECT max(ag) FROM agcum);
CREATE TEMP TABLE pt1 AS
SELECT p.*, a.ag, w.t0 + p.tod AS rt,
       (SELECT t0 FROM wd WHERE wd.n = p.dn + 10) + p.tod AS ackdue,
       CASE WHEN p.rty < 0.40 THEN 'reflection' WHEN p.rty < 0.75 THEN 'recommendation'
            WHEN p.rty < 0.95 THEN 'complaint' ELSE 'denunciation' END AS type,
       CASE WHEN p.rch < 0.50 THEN 'online' WHEN p.rch < 0.75 THEN 'reception' WHEN p.rch < 0.85 THEN 'post'
            WHEN p.rch < 0.95 THEN 'email' ELSE 'hotline' END AS chan,
       (SELECT u.id FROM unit u WHERE u.agency_id = a.ag AND u.code = 'VP') AS unit
FROM pt0 p JOIN agcum a ON p.rag >= a.lo AND p.rag < a.hi JOIN wd w ON w.n = p.dn;
CREATE TEMP TABLE pt2 AS
SELECT p.*,
       CASE WHEN p.rack < 0.95 THEN p.rt + CAST((p.ackdue - p.rt) * 0.8 * p.rack AS INTEGER)
            ELSE p.ackdue + 86400 + CAST(p.rx * 172800 AS INTEGER) END AS ack,
       (SELECT t0 FROM wd WHERE wd.n = p.dn + CASE WHEN p.type IN ('complaint', 'denunciation') THEN 30 ELSE 15 END)
         + p.tod AS due,
       (SELECT sid FROM off WHERE off.unit = p.unit AND off.j = p.x1 % (SELECT k FROM offn WHERE offn.unit = p.unit)) AS officer
FROM pt1 p;
CREATE TEMP TABLE pt3 AS
SELECT p.*,
       CASE WHEN p.rans < 0.85 THEN p.ack + 600 + CAST((p.due - p.ack - 600) * (0.2 + 0.75 * p.rx) AS INTEGER)
            WHEN p.rans < 0.95 THEN p.due + 86400 + CAST(p.rx * 864000 AS INTEGER) END AS ans
FROM pt2 p;
CREATE TEMP TABLE pt AS
SELECT p.*, CASE WHEN p.ack <= nowt.now THEN p.ack END AS c_ack,
       CASE WHEN p.ans <= nowt.now THEN p.ans END AS c_ans,
       CASE WHEN p.ans + 86400 <= nowt.now AND p.rsat < 0.40 THEN p.ans + 86400 END AS c_sat
FROM pt3 p, nowt;
INSERT INTO petition (code, agency_id, unit_id, officer_id, channel, type, subject, content, name, status,
                      received_at, ack_due_at, acked_at, accepted_at, due_at, answer, answered_at,
                      satisfaction, satisfaction_at, created_by, created_at, updated_at)
SELECT 'PA-' || substr(h, 1, 4) || '-' || substr(h, 5, 4) || '-' || substr(h, 9, 4), ag, unit, officer, chan, type,
       'Phản ánh số ' || i, 'Nội dung phản ánh số ' || i || '.', 'Công dân ' || i,
       CASE WHEN c_ans IS NOT NULL THEN 'answered' WHEN c_ack IS NOT NULL THEN 'accepted' ELSE 'received' END,
       rt, ackdue, c_ack, c_ack, due, CASE WHEN c_ans IS NOT NULL THEN 'Đã trả lời.' ELSE '' END, c_ans,
       CASE WHEN c_sat IS NOT NULL THEN CASE WHEN rsat < 0.30 THEN 'satisfied' ELSE 'not_satisfied' END END, c_sat,
       NULL, rt, max(rt, coalesce(c_ack, 0), coalesce(c_ans, 0), coalesce(c_sat, 0))
FROM (SELECT pt.*, upper(hex(randomblob(6))) AS h FROM pt)
ORDER BY rt;

-- The proportions: designed (the shares the chunk draws from; "-": follows
-- from the others) and measured in the fixture.
.mode list
.separator "\t"
SELECT 'dossiers', (SELECT n FROM cfg), count(*) FROM dossier;
SELECT 'first_day', min(day), 'last_day', max(day) FROM wd WHERE day <= (SELECT end_day FROM cfg);
SELECT 'per_year_' || strftime('%Y', received_at + 25200, 'unixepoch'), '-', count(*) FROM dossier GROUP BY 1 ORDER BY 1;
SELECT 'agency_' || a.code, printf('%.1f%%', 100.0 * ag.share), printf('%.1f%%', 100.0 * count(*) / (SELECT count(*) FROM dossier))
FROM dossier d JOIN agency a ON a.id = d.agency_id JOIN ag ON ag.ag = d.agency_id GROUP BY d.agency_id ORDER BY d.agency_id;
SELECT 'channel_' || channel, CASE channel WHEN 'online' THEN '25%' WHEN 'post' THEN '5%' ELSE '70%' END,
       printf('%.1f%%', 100.0 * count(*) / (SELECT count(*) FROM dossier)) FROM dossier GROUP BY channel ORDER BY channel;
SELECT 'status_' || status, '-', count(*) FROM dossier GROUP BY status ORDER BY count(*) DESC;
-- of the dossiers received more than 90 days before "now" (their lives are
-- over, but for the stuck and the uncollected): the outcome
CREATE TEMP TABLE old AS
SELECT status, finished_at, due_at, result_at, supplement_count, apology_count
FROM dossier WHERE received_at < (SELECT now FROM nowt) - 90 * 86400;
SELECT 'old_refused', '3%', printf('%.2f%%', 100.0 * sum(status = 'refused') / count(*)) FROM old;
SELECT 'old_withdrawn', '2%', printf('%.2f%%', 100.0 * sum(status = 'withdrawn') / count(*)) FROM old;
SELECT 'old_open_overdue (stuck, not yet finished)', '< 1%', printf('%.2f%%', 100.0 * sum(finished_at IS NULL AND due_at < (SELECT now FROM nowt)) / count(*)) FROM old;
SELECT 'old_late (finished after due, or >1 supplement)', '8% + the stuck finished',
       printf('%.2f%%', 100.0 * sum(result_at IS NOT NULL AND (finished_at > due_at OR supplement_count > 1)) / count(*)) FROM old;
SELECT 'old_on_time (due day)', '25% + the early of same-day procedures',
       printf('%.2f%%', 100.0 * sum(result_at IS NOT NULL AND supplement_count <= 1 AND finished_at <= due_at
                                    AND (finished_at + 25200) / 86400 = (due_at + 25200) / 86400) / count(*)) FROM old;
SELECT 'old_early (before the due day)', '61% less same-day procedures',
       printf('%.2f%%', 100.0 * sum(result_at IS NOT NULL AND supplement_count <= 1
                                    AND (finished_at + 25200) / 86400 < (due_at + 25200) / 86400) / count(*)) FROM old;
SELECT 'old_early_or_on_time', '86%',
       printf('%.2f%%', 100.0 * sum(result_at IS NOT NULL AND supplement_count <= 1 AND finished_at <= due_at) / count(*)) FROM old;
SELECT 'old_supplement_1', '4.6%', printf('%.2f%%', 100.0 * sum(supplement_count = 1) / count(*)) FROM old;
SELECT 'old_supplement_2', '0.8%', printf('%.2f%%', 100.0 * sum(supplement_count = 2) / count(*)) FROM old;
SELECT 'old_apology', '2.0%', printf('%.2f%%', 100.0 * sum(apology_count > 0) / count(*)) FROM old;
SELECT 'old_uncollected_yet (result_ready; 3% are collected 30-300 days late)', '< 2.8%', printf('%.2f%%', 100.0 * sum(status = 'result_ready') / count(*)) FROM old;
SELECT 'open_now', '-', count(*) FROM dossier WHERE finished_at IS NULL;
SELECT 'open_now_overdue', '-', count(*) FROM dossier WHERE finished_at IS NULL AND due_at < (SELECT now FROM nowt);
SELECT 'dossier_step', '4 per dossier', count(*) FROM dossier_step;
SELECT 'evaluated_of_returned', '~30%', printf('%.1f%%', 100.0 * (SELECT count(*) FROM evaluation) / count(*)) FROM dossier WHERE status = 'returned';
SELECT 'evaluation_' || level, CASE level WHEN 'very_satisfied' THEN '60%' WHEN 'satisfied' THEN '32%' ELSE '8%' END,
       printf('%.1f%%', 100.0 * count(*) / (SELECT count(*) FROM evaluation)) FROM evaluation GROUP BY level ORDER BY level;
SELECT 'petitions', (SELECT n FROM cfg) / 200, count(*) FROM petition;
SELECT 'petition_' || type, CASE type WHEN 'reflection' THEN '40%' WHEN 'recommendation' THEN '35%' WHEN 'complaint' THEN '20%' ELSE '5%' END,
       printf('%.1f%%', 100.0 * count(*) / (SELECT count(*) FROM petition)) FROM petition GROUP BY type ORDER BY type;
SELECT 'petition_answered_on_time (of those due >30 days ago)', '85%',
       printf('%.1f%%', 100.0 * sum(answered_at IS NOT NULL AND answered_at <= due_at) / count(*))
FROM petition WHERE due_at < (SELECT now FROM nowt) - 30 * 86400;
