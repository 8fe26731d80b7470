-- bench/dossier/fixture-chunk.sql — the dossiers of working days @lo..@hi
-- (wd.n), with their documents, steps, events, audit records and e-mails.
-- Run once per block of days, in day order, after fixture-setup.sql (whose
-- temp tables it uses), so that the tables' pages interleave through the
-- file roughly as they do when a server writes them day after day.
--
-- Each dossier gets a life: counter (92 %) or online (8 %) intake, then
-- forward 1→2, [request_supplement, supplement], forward 2→3, [apologize],
-- complete, return — or a refusal at step 2, a withdrawal at step 1, a
-- result never collected, a dossier stuck at step 3, a supplement never
-- brought. Every event has its time; the events after the fixture's "now"
-- (17:00 on its last day) have not happened yet, which leaves the recent
-- dossiers in every open state. The dossier row, its steps, its history,
-- audit records and notices are all derived from those same times, the way
-- src/app/dossier_actions.c writes them.

-- A: one row per dossier, with its random draws; its id is computed from its
-- code as the server does (ds_row_id in src/core/dossier.h)
DROP TABLE temp.ga;
CREATE TEMP TABLE ga AS
SELECT ((SELECT agency_id FROM home) * 1000000 + wd.ymd) * 10000000 + s.value AS id, wd.n AS dn, s.value AS seq, wd.ymd AS ymd, wd.t0 AS t0, wd.cnt AS cnt,
       (random() & 16777215) / 16777216.0 AS rp,
       (random() & 16777215) / 16777216.0 AS rj,
       (random() & 16777215) / 16777216.0 AS ron,
       (random() & 16777215) / 16777216.0 AS rd,
       (random() & 16777215) / 16777216.0 AS rk,
       (random() & 16777215) / 16777216.0 AS rs,
       (random() & 16777215) / 16777216.0 AS rs2,
       (random() & 16777215) / 16777216.0 AS rsup,
       (random() & 16777215) / 16777216.0 AS rpz,
       (random() & 16777215) / 16777216.0 AS rapo,
       (random() & 16777215) / 16777216.0 AS rret,
       (random() & 16777215) / 16777216.0 AS rorg,
       random() & 1152921504606846975 AS x1, random() & 1152921504606846975 AS x2,
       random() & 1152921504606846975 AS x3, random() & 1152921504606846975 AS x4
FROM wd, generate_series(1, wd.cnt) AS s
WHERE wd.n BETWEEN @lo AND @hi AND wd.cnt > 0;

-- B: procedure, the code's instant (the slot of its sequence number in the
-- working day 07:30–11:30, 13:00–17:00), intake or online acceptance instant
DROP TABLE IF EXISTS temp.gb;
CREATE TEMP TABLE gb AS
SELECT a.*, pw.pid, pw.pcode, pw.pname, pw.lv, pw.lu, pw.fcode, pw.u1, pw.u2, pw.u3, pw.u4,
       pw.c1, pw.c2, pw.c3,
       CASE WHEN a.m < 240 THEN 27000 + CAST(a.m * 60 AS INTEGER)
            ELSE 46800 + CAST((a.m - 240) * 60 AS INTEGER) END AS tod_s,
       a.ron < 0.08 AS online
FROM (SELECT ga.*, ((seq - 1) + rj) * 480.0 / cnt AS m FROM ga) a
JOIN pw ON a.rp >= pw.lo AND a.rp < pw.hi;

DROP TABLE IF EXISTS temp.gc;
CREATE TEMP TABLE gc AS
SELECT b.*, t0 + tod_s AS st,
       CASE WHEN NOT online THEN dn WHEN rd < 0.6 AND tod_s + 5400 <= 61200 THEN dn ELSE dn + 1 END AS dr,
       CASE WHEN NOT online THEN tod_s WHEN rd < 0.6 AND tod_s + 5400 <= 61200
            THEN tod_s + 1800 + CAST(rd * 6000 AS INTEGER) ELSE 27000 + CAST(rd * 10800 AS INTEGER) END AS tod_r
FROM gb b;

-- C: the legal clock, approximately: after 15:00 it starts the next working
-- morning; working days count the calendar's working days (same time of
-- day, or 17:00 after the cut-off); steps get their share of the span.
DROP TABLE IF EXISTS temp.gd;
CREATE TEMP TABLE gd AS
SELECT c.*, (SELECT t0 FROM wd WHERE wd.n = c.dr) + tod_r AS rt, tod_r >= 54000 AS late
FROM gc c;
DROP TABLE IF EXISTS temp.ge;
CREATE TEMP TABLE ge AS
SELECT d.*,
       CASE WHEN late THEN (SELECT t0 FROM wd WHERE wd.n = d.dr + 1) + 27000 ELSE rt END AS cs,
       CASE lu
         WHEN 'working_days' THEN (SELECT t0 FROM wd WHERE wd.n = d.dr + CAST(lv AS INTEGER))
                                  + CASE WHEN late THEN 61200 ELSE tod_r END
                                  + CAST((lv - CAST(lv AS INTEGER)) * 28800 AS INTEGER)
         WHEN 'same_day' THEN (SELECT t0 FROM wd WHERE wd.n = d.dr + late) + 61200
         WHEN 'days' THEN rt + CAST(lv * 86400 AS INTEGER) + late * 86400
         ELSE rt + CAST(lv * 3600 AS INTEGER) END AS dt
FROM gd d;

-- D: the dossier's life (times of each event, NULL: does not happen)
DROP TABLE IF EXISTS temp.gf;
CREATE TEMP TABLE gf AS
SELECT e.*, cs + CAST((dt - cs) * c1 AS INTEGER) AS sd1, cs + CAST((dt - cs) * c2 AS INTEGER) AS sd2,
       cs + CAST((dt - cs) * c3 AS INTEGER) AS sd3,
       CASE WHEN rk < 0.015 THEN 'REF' WHEN rk < 0.025 THEN 'WD' WHEN rk < 0.040 THEN 'NC'
            WHEN rk < 0.045 THEN 'STUCK' WHEN rk < 0.048 THEN 'SP' ELSE 'N' END AS kind,
       CASE WHEN rs < 0.05 THEN 1.03 + 0.8 * rs2 ELSE 0.15 + 0.8 * rs2 END AS sp,
       CAST(86400 * (1 + 9 * rpz) AS INTEGER) AS pz
FROM ge e;
DROP TABLE IF EXISTS temp.gh;
CREATE TEMP TABLE gh AS
SELECT f.*, (kind IN ('N', 'NC', 'STUCK') AND rsup < 0.04) AS sup,
       (kind IN ('N', 'NC', 'STUCK') AND sp > 1 AND rapo < 0.5) AS apo,
       max(rt + 300, cs + CAST((sd1 - cs) * sp AS INTEGER)) AS f1
FROM gf f;
DROP TABLE IF EXISTS temp.gi;
CREATE TEMP TABLE gi AS
SELECT h.*, max(f1 + 600, cs + CAST((sd2 - cs) * sp AS INTEGER)) AS f2r FROM gh h;
DROP TABLE IF EXISTS temp.gj;
CREATE TEMP TABLE gj AS
SELECT i.*, max(f2r + 600, cs + CAST((sd3 - cs) * sp AS INTEGER)) AS f3r,
       f1 + CAST((f2r - f1) * 0.3 AS INTEGER) AS sq,
       CASE WHEN sup THEN pz ELSE 0 END AS psh
FROM gi i;
DROP TABLE IF EXISTS temp.gk;
CREATE TEMP TABLE gk AS
SELECT j.*, f2r + psh AS f2, f3r + psh AS f3, sq + pz AS su, dt + psh AS dts FROM gj j;
DROP TABLE IF EXISTS temp.gl;
CREATE TEMP TABLE gl AS
SELECT k.*, f2 + (f3 - f2) / 2 AS ap,
       max(dts, f3) + 86400 + CAST(rapo * 172800 AS INTEGER) AS newdue,
       f3 + 600 + CAST(rret * max(7200, 0.25 * (dt - cs)) AS INTEGER) AS f4
FROM gk k;

-- E: what has happened by "now", the officers, the applicant
DROP TABLE temp.g;
CREATE TEMP TABLE g AS
SELECT l.id, l.dn, l.seq, l.ymd, l.pid, l.pcode, l.pname, l.lv, l.lu, l.fcode, l.u1, l.u2, l.u3, l.u4,
       l.online, l.kind, l.sup, l.apo, l.pz, CAST(l.pz * 0.24 AS INTEGER) AS pzw,
       l.st, l.rt, l.cs, l.dt, l.dts, l.newdue, l.sd1,
       -- deadlines move with a supplement brought (steps 2–4 were open) and
       -- an apology (steps 3–4), once those have happened
       l.sd2 + CASE WHEN l.sup AND l.su <= nowt.now THEN l.psh ELSE 0 END AS sd2,
       l.sd3 + CASE WHEN l.sup AND l.su <= nowt.now THEN l.psh ELSE 0 END
             + CASE WHEN l.apo AND l.ap <= nowt.now THEN l.newdue - l.dts ELSE 0 END AS sd3,
       CASE WHEN l.apo AND l.ap <= nowt.now THEN l.newdue
            WHEN l.sup AND l.su <= nowt.now THEN l.dts ELSE l.dt END AS sd4,
       (SELECT eid FROM home) || '-' || printf('%06d', l.ymd) || '-' || printf('%04d', l.seq) AS code,
       CASE WHEN l.online AND l.st <= nowt.now THEN l.st END AS c_st,
       CASE WHEN l.rt <= nowt.now THEN l.rt END AS c_rt,
       CASE WHEN l.kind <> 'WD' AND l.f1 <= nowt.now THEN l.f1 END AS c_f1,
       CASE WHEN l.kind = 'WD' AND l.f1 <= nowt.now THEN l.f1 END AS c_wd,
       CASE WHEN (l.sup OR l.kind = 'SP') AND l.sq <= nowt.now THEN l.sq END AS c_sq,
       CASE WHEN l.sup AND l.su <= nowt.now THEN l.su END AS c_su,
       CASE WHEN l.kind IN ('N', 'NC', 'STUCK') AND l.f2 <= nowt.now THEN l.f2 END AS c_f2,
       CASE WHEN l.kind = 'REF' AND l.f2 <= nowt.now THEN l.f2 END AS c_rf,
       CASE WHEN l.apo AND l.ap <= nowt.now THEN l.ap END AS c_ap,
       CASE WHEN l.kind IN ('N', 'NC') AND l.f3 <= nowt.now THEN l.f3 END AS c_f3,
       CASE WHEN l.kind = 'N' AND l.f4 <= nowt.now THEN l.f4 END AS c_f4,
       (l.dts - l.ap) >= 86400 AS apo_early,
       (SELECT sid FROM rec WHERE rec.j = l.x1 % (SELECT count(*) FROM rec)) AS h1,
       (SELECT sid FROM off WHERE off.unit = l.u2 AND off.j = l.x2 % (SELECT k FROM offn WHERE offn.unit = l.u2)) AS h2,
       (SELECT sid FROM off WHERE off.unit = l.u3 AND off.j = l.x3 % (SELECT k FROM offn WHERE offn.unit = l.u3)) AS h3,
       (SELECT sid FROM rec WHERE rec.j = (l.x1 / 7) % (SELECT count(*) FROM rec)) AS h4,
       (l.fcode IN ('HKD', 'XD') AND l.rorg < 0.4) OR l.rorg < 0.01 AS org,
       fam.nm || ' ' || mid.nm || ' ' || giv.nm AS aname,
       fam.fo || ' ' || mid.fo || ' ' || giv.fo AS afold,
       prov.code || ((1950 + l.x3 % 56 >= 2000) * 2 + mid.female)
         || printf('%02d', (1950 + l.x3 % 56) % 100) || printf('%06d', l.x4 % 1000000) AS aid,
       mob.p || printf('%07d', l.x2 % 10000000) AS aphone,
       CASE WHEN (l.x4 / 1000000) % 100 < 22
            THEN replace(giv.fo || '.' || fam.fo, ' ', '') || ((l.x4 / 100000000) % 1000) || '@gmail.com'
            ELSE '' END AS aemail,
       ((l.x1 / 1000) % 250 + 1) || ' ' || street.nm || ', phường Hội An, thành phố Đà Nẵng' AS aaddr,
       CASE WHEN l.fcode = 'HKD' THEN 'Hộ kinh doanh ' || giv.nm || ' ' || street.nm
            ELSE 'Công ty TNHH Xây dựng ' || giv.nm || ' Hội An' END AS aorg,
       (SELECT tc FROM tax WHERE tax.i = l.x4 % (SELECT count(*) FROM tax)) AS atax,
       CASE WHEN l.online THEN 'online' WHEN l.x1 % 10 = 0 THEN 'post' ELSE 'counter' END AS retm,
       (SELECT txt FROM why WHERE why.kind = 'supplement' AND why.i = l.x2 % 4) AS sreason,
       (SELECT items FROM why WHERE why.kind = 'supplement' AND why.i = l.x2 % 4) AS sitems,
       (SELECT txt FROM why WHERE why.kind = 'supplement_note' AND why.i = l.x3 % 2) AS snote,
       (SELECT txt FROM why WHERE why.kind = 'refuse' AND why.i = l.x3 % 3) AS rreason,
       (SELECT txt FROM why WHERE why.kind = 'withdraw' AND why.i = l.x3 % 2) AS wreason,
       (SELECT txt FROM why WHERE why.kind = 'apology' AND why.i = l.x2 % 3) AS areason,
       'Đã giải quyết: ' || l.pname AS summary,
       nowt.now AS now
FROM gl l, nowt
JOIN fam ON fam.i = 1 + l.x1 % 20
JOIN mid ON mid.i = 1 + (l.x2 / 100) % 16
JOIN giv ON giv.i = 1 + (l.x3 / 100) % 30
JOIN street ON street.i = 1 + (l.x4 / 100) % 16
JOIN prov ON prov.i = 1 + (l.x1 / 100) % 12
JOIN mob ON mob.i = 1 + (l.x2 / 10000) % 25;

INSERT INTO dossier (id, code, procedure_id, agency_id, status, channel, return_method, applicant_kind,
  applicant_name, applicant_fold, applicant_id, applicant_phone, applicant_email, applicant_address,
  org_name, tax_code, limit_value, limit_unit, submitted_at, received_at, clock_start, due_at,
  original_due_at, paused_at, paused_from, paused_total, supplement_count, supplement_reason,
  supplement_items, supplement_at, supplemented_at, supplement_note, apology_count, apology_at,
  apology_reason, apology_early, apology_prev_due, refused_at, refuse_reason, withdrawn_at,
  withdraw_reason, result_summary, result_at, finished_at, returned_at, returned_to, returned_method,
  current_step, assignee_id, received_by, version, created_at, updated_at)
SELECT id, code, pid, (SELECT agency_id FROM home),
  CASE WHEN c_f4 IS NOT NULL THEN 'returned' WHEN c_rf IS NOT NULL THEN 'refused'
       WHEN c_wd IS NOT NULL THEN 'withdrawn' WHEN c_f3 IS NOT NULL THEN 'result_ready'
       WHEN c_sq IS NOT NULL AND c_su IS NULL THEN 'supplement_requested'
       WHEN c_f1 IS NOT NULL THEN 'processing' WHEN c_rt IS NOT NULL THEN 'received'
       ELSE 'submitted' END,
  CASE WHEN online THEN 'online' WHEN id % 50 = 0 THEN 'post' ELSE 'counter' END, retm,
  CASE WHEN org THEN 'organization' ELSE 'person' END, aname, afold, aid, aphone, aemail, aaddr,
  CASE WHEN org THEN aorg ELSE '' END, CASE WHEN org THEN atax ELSE '' END, lv, lu,
  CASE WHEN online THEN st END, c_rt, CASE WHEN c_rt IS NOT NULL THEN cs END,
  CASE WHEN c_rt IS NULL THEN NULL WHEN c_ap IS NOT NULL THEN newdue
       WHEN c_su IS NOT NULL THEN dts ELSE dt END,
  CASE WHEN c_rt IS NOT NULL THEN dt END,
  CASE WHEN c_sq IS NOT NULL AND c_su IS NULL THEN c_sq END,
  CASE WHEN c_sq IS NOT NULL AND c_su IS NULL THEN 'processing' END,
  CASE WHEN c_su IS NOT NULL THEN pzw ELSE 0 END,
  c_sq IS NOT NULL, CASE WHEN c_sq IS NOT NULL THEN sreason END,
  CASE WHEN c_sq IS NOT NULL THEN sitems END, c_sq, c_su, CASE WHEN c_su IS NOT NULL THEN snote END,
  c_ap IS NOT NULL, c_ap, CASE WHEN c_ap IS NOT NULL THEN areason END,
  CASE WHEN c_ap IS NOT NULL THEN apo_early END, CASE WHEN c_ap IS NOT NULL THEN dts END,
  c_rf, CASE WHEN c_rf IS NOT NULL THEN rreason END, c_wd, CASE WHEN c_wd IS NOT NULL THEN wreason END,
  CASE WHEN c_f3 IS NOT NULL THEN summary END, c_f3, coalesce(c_f3, c_rf, c_wd),
  c_f4, CASE WHEN c_f4 IS NULL THEN NULL WHEN id % 9 = 0 THEN 'Người được ủy quyền của ' || aname ELSE aname END,
  CASE WHEN c_f4 IS NOT NULL THEN CASE WHEN retm = 'post' THEN 'post' ELSE 'counter' END END,
  CASE WHEN c_rt IS NULL THEN NULL WHEN c_f3 IS NOT NULL THEN 4 WHEN c_f2 IS NOT NULL THEN 3
       WHEN c_f1 IS NOT NULL THEN 2 ELSE 1 END,
  CASE WHEN c_f3 IS NOT NULL OR c_rf IS NOT NULL OR c_wd IS NOT NULL THEN NULL
       WHEN c_f2 IS NOT NULL THEN h3 WHEN c_sq IS NOT NULL THEN NULL
       WHEN c_f1 IS NOT NULL THEN h2 WHEN c_rt IS NOT NULL THEN h1 END,
  CASE WHEN c_rt IS NOT NULL THEN h1 END,
  (c_st IS NOT NULL) + (c_rt IS NOT NULL) + (c_f1 IS NOT NULL) + (c_wd IS NOT NULL) + (c_sq IS NOT NULL)
    + (c_su IS NOT NULL) + (c_f2 IS NOT NULL) + (c_rf IS NOT NULL) + (c_ap IS NOT NULL)
    + (c_f3 IS NOT NULL) + (c_f4 IS NOT NULL),
  coalesce(c_st, c_rt),
  max(coalesce(c_st, 0), coalesce(c_rt, 0), coalesce(c_f1, 0), coalesce(c_wd, 0), coalesce(c_sq, 0),
      coalesce(c_su, 0), coalesce(c_f2, 0), coalesce(c_rf, 0), coalesce(c_ap, 0), coalesce(c_f3, 0),
      coalesce(c_f4, 0))
FROM g ORDER BY id;

-- the documents: the mandatory ones, and some of the optional ones
INSERT INTO dossier_document (dossier_id, document_id, form, count)
SELECT g.id, d.id, d.form, CASE WHEN (g.id + d.id) % 13 = 0 THEN 2 ELSE 1 END
FROM g JOIN procedure_document d ON d.procedure_id = g.pid AND d.active = 1
WHERE d.mandatory = 1 OR (g.id * 7 + d.id) % 10 < 3
ORDER BY g.id, d.id;

-- the control sheet (dossiers accepted by now: online ones get their steps
-- when a reception officer accepts them)
INSERT INTO dossier_step (dossier_id, position, name, unit_id, due_at, started_at, finished_at,
                          handler_id, outcome)
SELECT id, position, name, unit_id, due, started, fin,
       CASE WHEN started IS NULL THEN NULL WHEN position = 1 THEN h1 WHEN position = 2 THEN h2
            WHEN position = 3 THEN h3 WHEN fin IS NOT NULL THEN h4 END,
       CASE WHEN fin IS NULL THEN NULL WHEN fin > due THEN 'late'
            WHEN (fin + 25200) / 86400 < (due + 25200) / 86400 THEN 'early' ELSE 'on_time' END
FROM (SELECT g.*, s.position, s.name, s.unit_id,
             CASE s.position WHEN 1 THEN g.sd1 WHEN 2 THEN g.sd2 WHEN 3 THEN g.sd3 ELSE g.sd4 END AS due,
             CASE s.position WHEN 1 THEN g.c_rt WHEN 2 THEN g.c_f1 WHEN 3 THEN g.c_f2 ELSE g.c_f3 END AS started,
             CASE s.position WHEN 1 THEN coalesce(g.c_f1, g.c_wd) WHEN 2 THEN coalesce(g.c_f2, g.c_rf)
                             WHEN 3 THEN g.c_f3 ELSE g.c_f4 END AS fin
      FROM g JOIN procedure_step s ON s.procedure_id = g.pid
      WHERE g.c_rt IS NOT NULL)
ORDER BY id, position;

-- the history: one row per event that happened (k orders a dossier's events)
DROP TABLE temp.ev;
CREATE TEMP TABLE ev AS
SELECT * FROM (
  SELECT id AS did, code, 1 AS k, c_st AS at, 'submit' AS action, NULL AS actor, NULL AS from_status,
         'submitted' AS to_status, NULL AS from_step, NULL AS to_step, NULL AS to_staff, NULL AS outcome,
         NULL AS note, NULL AS due_b, NULL AS due_a, NULL AS notice FROM g WHERE c_st IS NOT NULL
  UNION ALL
  SELECT id, code, 2, c_rt, CASE WHEN online THEN 'accept' ELSE 'receive' END, h1,
         CASE WHEN online THEN 'submitted' END, 'received', NULL, 1, h1, NULL, NULL, NULL, dt, 'received'
  FROM g WHERE c_rt IS NOT NULL
  UNION ALL
  SELECT id, code, 3, c_f1, 'forward', h1, 'received', 'processing', 1, 2, h2,
         CASE WHEN c_f1 > sd1 THEN 'late' WHEN (c_f1 + 25200) / 86400 < (sd1 + 25200) / 86400 THEN 'early' ELSE 'on_time' END,
         NULL, dt, dt, NULL FROM g WHERE c_f1 IS NOT NULL
  UNION ALL
  SELECT id, code, 3, c_wd, 'withdraw', h1, 'received', 'withdrawn', 1, 1, NULL,
         CASE WHEN c_wd > sd1 THEN 'late' WHEN (c_wd + 25200) / 86400 < (sd1 + 25200) / 86400 THEN 'early' ELSE 'on_time' END,
         wreason, dt, dt, NULL FROM g WHERE c_wd IS NOT NULL
  UNION ALL
  SELECT id, code, 4, c_sq, 'request_supplement', h2, 'processing', 'supplement_requested', 2, 2, NULL,
         NULL, sreason, dt, dt, 'supplement' FROM g WHERE c_sq IS NOT NULL
  UNION ALL
  SELECT id, code, 5, c_su, 'supplement', h1, 'supplement_requested', 'processing', 2, 2, NULL, NULL,
         snote, dt, dts, NULL FROM g WHERE c_su IS NOT NULL
  UNION ALL
  SELECT id, code, 6, c_f2, 'forward', h2, 'processing', 'processing', 2, 3, h3,
         CASE WHEN c_f2 > sd2 THEN 'late' WHEN (c_f2 + 25200) / 86400 < (sd2 + 25200) / 86400 THEN 'early' ELSE 'on_time' END,
         NULL, dts, dts, NULL FROM g WHERE c_f2 IS NOT NULL
  UNION ALL
  SELECT id, code, 6, c_rf, 'refuse', h2, 'processing', 'refused', 2, 2, NULL,
         CASE WHEN c_rf > sd2 THEN 'late' WHEN (c_rf + 25200) / 86400 < (sd2 + 25200) / 86400 THEN 'early' ELSE 'on_time' END,
         rreason, dts, dts, 'refused' FROM g WHERE c_rf IS NOT NULL
  UNION ALL
  SELECT id, code, 7, c_ap, 'apologize', h3, 'processing', 'processing', 3, 3, h3, NULL, areason,
         dts, newdue, 'apology' FROM g WHERE c_ap IS NOT NULL
  UNION ALL
  SELECT id, code, 8, c_f3, 'complete', h3, 'processing', 'result_ready', 3, 4, NULL,
         CASE WHEN c_f3 > sd3 THEN 'late' WHEN (c_f3 + 25200) / 86400 < (sd3 + 25200) / 86400 THEN 'early' ELSE 'on_time' END,
         summary, sd4, sd4, 'result_ready' FROM g WHERE c_f3 IS NOT NULL
  UNION ALL
  SELECT id, code, 9, c_f4, 'return', h4, 'result_ready', 'returned', 4, 4, NULL,
         CASE WHEN c_f4 > sd4 THEN 'late' WHEN (c_f4 + 25200) / 86400 < (sd4 + 25200) / 86400 THEN 'early' ELSE 'on_time' END,
         NULL, sd4, sd4, NULL FROM g WHERE c_f4 IS NOT NULL
);
DROP TABLE IF EXISTS temp.evo;
CREATE TEMP TABLE evo AS
SELECT ev.*, row_number() OVER (PARTITION BY did ORDER BY k) AS ord FROM ev;

INSERT INTO dossier_event (dossier_id, at, action, actor_id, from_status, to_status, from_step, to_step,
                           to_staff_id, outcome, note)
SELECT did, at, action, actor, from_status, to_status, from_step, to_step, to_staff, outcome, note
FROM evo ORDER BY at, did, k;

-- the audit trail, as audit_write() stores it (JSON with sorted keys)
INSERT INTO audit (at, actor, action, entity, entity_id, before, after, request_id)
SELECT e.at, coalesce((SELECT username FROM staff WHERE staff.id = e.actor), 'anonymous'),
       'dossier.' || e.action, 'dossier', e.code,
       CASE WHEN e.action IN ('submit', 'receive') THEN NULL
            ELSE json_object('due_at', CASE WHEN e.due_b IS NULL THEN ''
                                            ELSE strftime('%Y-%m-%dT%H:%M:%S+07:00', e.due_b + 25200, 'unixepoch') END,
                             'status', e.from_status, 'step', coalesce(e.from_step, 0), 'version', e.ord - 1) END,
       CASE e.action
         WHEN 'submit' THEN json_object('channel', 'online', 'files', 0, 'procedure', g.pcode,
                                        'status', 'submitted',
                                        'submitted_at', strftime('%Y-%m-%dT%H:%M:%S+07:00', e.at + 25200, 'unixepoch'))
         WHEN 'receive' THEN json_object('channel', CASE WHEN g.id % 50 = 0 THEN 'post' ELSE 'counter' END,
                                         'due_at', strftime('%Y-%m-%dT%H:%M:%S+07:00', g.dt + 25200, 'unixepoch'),
                                         'procedure', g.pcode,
                                         'received_at', strftime('%Y-%m-%dT%H:%M:%S+07:00', e.at + 25200, 'unixepoch'),
                                         'status', 'received')
         ELSE json_object('due_at', strftime('%Y-%m-%dT%H:%M:%S+07:00', e.due_a + 25200, 'unixepoch'),
                          'status', e.to_status, 'step', coalesce(e.to_step, 0), 'version', e.ord) END,
       printf('%012x', random() & 281474976710655)
FROM evo e JOIN g ON g.id = e.did ORDER BY e.at, e.did, e.k;

-- the notices to applicants who gave an e-mail address (sent long ago; a
-- few refused by the receiving server)
INSERT INTO outbox (created_at, kind, dossier_code, to_addr, subject, body, attempts, next_attempt_at,
                    sent_at, failed_at, last_error)
SELECT e.at, 'dossier.' || e.notice, e.code, g.aemail, '[Mã hồ sơ ' || e.code || '] ' || t.title,
       replace(replace(replace(replace(replace(replace(replace(replace(t.body,
         '{NAME}', g.aname), '{CODE}', e.code), '{PROC}', g.pname), '{PCODE}', g.pcode),
         '{RECV}', strftime('%H:%M %d/%m/%Y', g.rt + 25200, 'unixepoch')),
         '{DUE}', strftime('%H:%M %d/%m/%Y', e.due_a + 25200, 'unixepoch')),
         '{REASON}', coalesce(e.note, '')), '{ITEM}', coalesce(json_extract(g.sitems, '$[0]'), '')),
       1, e.at,
       CASE WHEN (e.did + e.k) % 300 <> 0 THEN e.at + 1 + (e.did % 5) END,
       CASE WHEN (e.did + e.k) % 300 = 0 THEN e.at + 2 END,
       CASE WHEN (e.did + e.k) % 300 = 0 THEN 'smtp 550: Failed sending data to the peer' ELSE '' END
FROM evo e JOIN g ON g.id = e.did JOIN tpl t ON t.kind = e.notice
WHERE g.aemail <> '' ORDER BY e.at, e.did, e.k;
