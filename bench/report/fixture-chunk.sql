-- bench/report/fixture-chunk.sql — the dossiers of agency @ag on working days
-- @lo..@hi (wd.n), with their control sheet and evaluations. Run after
-- fixture-setup.sql (whose temp tables it uses), agency by agency and day
-- block by day block, so that every table is written in key order (a
-- dossier's id is <agency><YYMMDD><seq>, as the server makes it).
--
-- Each dossier draws a designed outcome ("kind"), with these shares:
--   refused 3 %, withdrawn 2 %, stuck 1 % (open and overdue for 30 days
--   to a year, then finished late), late 8 %, on time (finished on the due
--   day) 25 %, early 61 %;
-- channel: online 25 %, post 5 %, counter 70 %;
-- one supplement request (a pause of 1–7 days) for 5 % of the dossiers that
-- get a result or are stuck; a second one for 10 % of the late ones (more
-- than one supplement is late by the rule, DOMAIN.md §1.6); an apology for
-- 20 % of the late and 40 % of the stuck ones (the appointment moved 2–5
-- days, and the late ones finish after the new one too);
-- 3 % of the results are collected late (30–300 days; the others within 2
-- days); 30 % of the returned dossiers
-- evaluated (very satisfied 60 %, satisfied 32 %, not satisfied 8 %).
-- "Early" is a finish before the due day where the time limit leaves room
-- (not for same-day procedures: those finish on the day). Only the events
-- before the fixture's "now" (17:00 on its last day) have happened, which
-- leaves the recent dossiers open, in time or overdue.

DROP TABLE IF EXISTS temp.ga;
CREATE TEMP TABLE ga AS
SELECT (@ag * 1000000 + wd.ymd) * 10000000 + s.value AS id, wd.n AS dn, s.value AS seq, wd.ymd AS ymd,
       wd.t0 AS t0, ad.cnt AS cnt,
       (random() & 16777215) / 16777216.0 AS rp,
       (random() & 16777215) / 16777216.0 AS rj,
       (random() & 16777215) / 16777216.0 AS rj2,
       (random() & 16777215) / 16777216.0 AS ron,
       (random() & 16777215) / 16777216.0 AS rd,
       (random() & 16777215) / 16777216.0 AS rk,
       (random() & 16777215) / 16777216.0 AS rs,
       (random() & 16777215) / 16777216.0 AS rs2,
       (random() & 16777215) / 16777216.0 AS rpz,
       (random() & 16777215) / 16777216.0 AS rapo,
       (random() & 16777215) / 16777216.0 AS rf,
       (random() & 16777215) / 16777216.0 AS rret,
       (random() & 16777215) / 16777216.0 AS rev,
       (random() & 16777215) / 16777216.0 AS rlev,
       random() & 1152921504606846975 AS x1, random() & 1152921504606846975 AS x2
FROM agday ad JOIN wd ON wd.n = ad.n, generate_series(1, ad.cnt) AS s
WHERE ad.ag = @ag AND ad.n BETWEEN @lo AND @hi AND ad.cnt > 0;

-- procedure, time of day (the slot of the sequence number in the working
-- day 07:30–11:30, 13:00–17:00), channel, the clock's start (after 15:00: the
-- next working morning) and the due instant, as in bench/dossier/
DROP TABLE IF EXISTS temp.gb;
CREATE TEMP TABLE gb AS
SELECT a.*, p.pid, p.lv, p.lu, p.fcode, p.c1, p.c2, p.c3,
       CASE WHEN a.m < 240 THEN 27000 + CAST(a.m * 60 AS INTEGER)
            ELSE 46800 + CAST((a.m - 240) * 60 AS INTEGER) END AS tod,
       CASE WHEN a.ron < 0.25 THEN 'online' WHEN a.ron < 0.30 THEN 'post' ELSE 'counter' END AS chan
FROM (SELECT ga.*, ((seq - 1) + rj) * 480.0 / cnt AS m FROM ga) a
JOIN apw p ON p.ag = @ag AND a.rp >= p.lo AND a.rp < p.hi;
DROP TABLE IF EXISTS temp.gc;
CREATE TEMP TABLE gc AS
SELECT b.*, b.t0 + b.tod AS rt, b.tod >= 54000 AS late,
       CASE WHEN b.tod >= 54000 THEN (SELECT t0 FROM wd WHERE wd.n = b.dn + 1) + 27000 ELSE b.t0 + b.tod END AS cs,
       CASE b.lu
         WHEN 'working_days' THEN (SELECT t0 FROM wd WHERE wd.n = b.dn + CAST(b.lv AS INTEGER))
                                  + CASE WHEN b.tod >= 54000 THEN 61200 ELSE b.tod END
                                  + CAST((b.lv - CAST(b.lv AS INTEGER)) * 28800 AS INTEGER)
         WHEN 'same_day' THEN (SELECT t0 FROM wd WHERE wd.n = b.dn + (b.tod >= 54000)) + 61200
         WHEN 'days' THEN b.t0 + b.tod + CAST(b.lv * 86400 AS INTEGER) + (b.tod >= 54000) * 86400
         ELSE b.t0 + b.tod + CAST(b.lv * 3600 AS INTEGER) END AS dt,
       CASE WHEN b.rk < 0.03 THEN 'REF' WHEN b.rk < 0.05 THEN 'WD' WHEN b.rk < 0.06 THEN 'STUCK'
            WHEN b.rk < 0.14 THEN 'LATE' WHEN b.rk < 0.39 THEN 'ONTIME' ELSE 'EARLY' END AS kind
FROM gb b;

-- supplements (pauses) and apology
DROP TABLE IF EXISTS temp.gd;
CREATE TEMP TABLE gd AS
SELECT c.*,
       CASE WHEN c.kind = 'LATE' AND c.rs >= 0.90 THEN 2
            WHEN c.kind IN ('EARLY', 'ONTIME', 'LATE', 'STUCK') AND c.rs < 0.05 THEN 1 ELSE 0 END AS nsup,
       c.cs + CAST((c.dt - c.cs) * c.c1 * (0.3 + 0.6 * c.rj2) AS INTEGER) AS e1p,
       86400 * (1 + CAST(6 * c.rpz AS INTEGER)) AS pz1, 86400 * (1 + CAST(3 * c.rs2 AS INTEGER)) AS pz2,
       (c.kind = 'LATE' AND c.rapo < 0.2) OR (c.kind = 'STUCK' AND c.rapo < 0.4) AS apo
FROM gc c;
DROP TABLE IF EXISTS temp.ge;
CREATE TEMP TABLE ge AS
SELECT d.*, d.e1p + 600 + CAST((d.dt - d.cs) * 0.1 AS INTEGER) AS sq1
FROM gd d;
DROP TABLE IF EXISTS temp.gf;
CREATE TEMP TABLE gf AS
SELECT e.*, e.sq1 + e.pz1 AS su1, e.sq1 + e.pz1 + 1800 AS sq2, e.sq1 + e.pz1 + 1800 + e.pz2 AS su2,
       e.dt + CASE e.nsup WHEN 0 THEN 0 WHEN 1 THEN e.pz1 ELSE e.pz1 + e.pz2 END AS dts
FROM ge e;
DROP TABLE IF EXISTS temp.gh;
CREATE TEMP TABLE gh AS
SELECT f.*,
       CASE f.nsup WHEN 0 THEN f.e1p WHEN 1 THEN f.su1 ELSE f.su2 END + 600 AS lo0,
       f.dts + 172800 + CAST(f.rapo * 259200 AS INTEGER) AS newdue,
       max(CASE f.nsup WHEN 0 THEN f.e1p WHEN 1 THEN f.su1 ELSE f.su2 END + 600,
           f.dts - 86400 - CAST(f.rapo * 86400 AS INTEGER)) AS ap
FROM gf f;
DROP TABLE IF EXISTS temp.gi;
CREATE TEMP TABLE gi AS
SELECT h.*, CASE WHEN h.apo THEN h.newdue ELSE h.dts END AS fdue,
       min(h.lo0, CASE WHEN h.apo THEN h.newdue ELSE h.dts END - 60) AS lo,
       ((CASE WHEN h.apo THEN h.newdue ELSE h.dts END + 25200) / 86400) * 86400 - 25200 AS dd0
FROM gh h;

-- the end of processing (result issued, refusal, withdrawal)
DROP TABLE IF EXISTS temp.gj;
CREATE TEMP TABLE gj AS
SELECT i.*,
       CASE i.kind
         WHEN 'EARLY' THEN CASE WHEN i.dd0 - i.lo > 3600 THEN i.lo + CAST((i.dd0 - i.lo) * (0.1 + 0.85 * i.rf) AS INTEGER)
                                ELSE i.lo + CAST((i.fdue - i.lo) * (0.2 + 0.6 * i.rf) AS INTEGER) END
         WHEN 'ONTIME' THEN i.fdue - CAST(min(14400, (i.fdue - i.lo) * 0.5) * i.rf AS INTEGER)
         WHEN 'LATE' THEN i.fdue + 3600 + CAST(i.rf * (0.5 * (i.dt - i.cs) + 259200) AS INTEGER)
         WHEN 'STUCK' THEN i.fdue + 30 * 86400 + CAST(i.rf * 335 * 86400 AS INTEGER)
         WHEN 'REF' THEN i.lo + CAST((i.dts - i.lo) * (0.2 + 0.6 * i.rf) AS INTEGER)
         WHEN 'WD' THEN i.cs + 300 + CAST((i.dt - i.cs) * 0.3 * i.rf AS INTEGER)
       END AS f
FROM gi i;
DROP TABLE IF EXISTS temp.gk;
CREATE TEMP TABLE gk AS
SELECT j.*,
       CASE WHEN j.kind = 'WD' THEN j.f ELSE j.e1p END AS e1,
       CASE WHEN j.kind = 'WD' THEN NULL WHEN j.kind = 'REF' THEN j.f
            WHEN j.kind = 'STUCK' THEN j.lo + CAST((j.dts - j.lo) * 0.5 AS INTEGER)
            ELSE j.lo + (j.f - j.lo) / 2 END AS e2,
       CASE WHEN j.kind IN ('EARLY', 'ONTIME', 'LATE', 'STUCK') THEN j.f END AS e3,
       CASE WHEN j.kind IN ('EARLY', 'ONTIME', 'LATE', 'STUCK')
            THEN j.f + CASE WHEN j.rret < 0.03 THEN 2592000 + CAST(j.rret / 0.03 * 23328000 AS INTEGER)
                            ELSE 600 + CAST(j.rret * 172800 AS INTEGER) END END AS ret
FROM gj j;

-- E: what has happened by "now"
DROP TABLE temp.g;
CREATE TEMP TABLE g AS
SELECT k.*,
       CASE WHEN k.e1 <= nowt.now THEN k.e1 END AS c_e1,
       CASE WHEN k.e2 <= nowt.now THEN k.e2 END AS c_e2,
       CASE WHEN k.e3 <= nowt.now THEN k.e3 END AS c_e3,
       CASE WHEN k.ret <= nowt.now THEN k.ret END AS c_ret,
       CASE WHEN k.f <= nowt.now THEN k.f END AS c_f,
       CASE WHEN k.nsup >= 1 AND k.sq1 <= nowt.now THEN k.sq1 END AS c_sq1,
       CASE WHEN k.nsup >= 1 AND k.su1 <= nowt.now THEN k.su1 END AS c_su1,
       CASE WHEN k.nsup >= 2 AND k.sq2 <= nowt.now THEN k.sq2 END AS c_sq2,
       CASE WHEN k.nsup >= 2 AND k.su2 <= nowt.now THEN k.su2 END AS c_su2,
       CASE WHEN k.apo AND k.ap <= nowt.now THEN k.ap END AS c_ap,
       (SELECT sid FROM off WHERE off.unit = s1.unit AND off.j = k.x1 % (SELECT k FROM offn WHERE offn.unit = s1.unit)) AS h1,
       (SELECT sid FROM off WHERE off.unit = s2.unit AND off.j = k.x2 % (SELECT k FROM offn WHERE offn.unit = s2.unit)) AS h2,
       (SELECT sid FROM off WHERE off.unit = s3.unit AND off.j = (k.x2 / 7) % (SELECT k FROM offn WHERE offn.unit = s3.unit)) AS h3,
       (SELECT sid FROM off WHERE off.unit = s4.unit AND off.j = (k.x1 / 7) % (SELECT k FROM offn WHERE offn.unit = s4.unit)) AS h4,
       (SELECT eid FROM ag WHERE ag.ag = @ag) || '-' || printf('%06d', k.ymd) || '-' || printf('%04d', k.seq) AS code,
       fam.nm || ' ' || giv.nm AS aname, fam.fo || ' ' || giv.fo AS afold,
       nowt.now AS now
FROM gk k, nowt
JOIN ast s1 ON s1.ag = @ag AND s1.pid = k.pid AND s1.position = 1
JOIN ast s2 ON s2.ag = @ag AND s2.pid = k.pid AND s2.position = 2
JOIN ast s3 ON s3.ag = @ag AND s3.pid = k.pid AND s3.position = 3
JOIN ast s4 ON s4.ag = @ag AND s4.pid = k.pid AND s4.position = 4
JOIN fam ON fam.i = 1 + k.x1 % 10
JOIN giv ON giv.i = 1 + (k.x2 / 16) % 10;

INSERT INTO dossier (id, code, procedure_id, agency_id, status, channel, return_method, applicant_kind,
  applicant_name, applicant_fold, applicant_id, applicant_phone, applicant_email, applicant_address,
  limit_value, limit_unit, submitted_at, received_at, clock_start, due_at,
  original_due_at, paused_at, paused_from, paused_total, supplement_count, supplement_reason,
  supplement_at, supplemented_at, apology_count, apology_at,
  apology_reason, apology_early, apology_prev_due, refused_at, refuse_reason, withdrawn_at,
  withdraw_reason, result_at, finished_at, returned_at, returned_to, returned_method,
  current_step, assignee_id, received_by, version, created_at, updated_at, eval_secret)
SELECT id, code, pid, @ag,
  CASE WHEN c_ret IS NOT NULL THEN 'returned'
       WHEN kind = 'REF' AND c_f IS NOT NULL THEN 'refused'
       WHEN kind = 'WD' AND c_f IS NOT NULL THEN 'withdrawn'
       WHEN c_f IS NOT NULL THEN 'result_ready'
       WHEN (c_sq1 IS NOT NULL AND c_su1 IS NULL) OR (c_sq2 IS NOT NULL AND c_su2 IS NULL) THEN 'supplement_requested'
       WHEN c_e1 IS NOT NULL THEN 'processing' ELSE 'received' END,
  chan, CASE WHEN chan = 'post' THEN 'post' ELSE 'counter' END, 'person', aname, afold,
  '0' || printf('%011d', x1 % 100000000000), '09' || printf('%08d', x2 % 100000000), '', '',
  lv, lu, CASE WHEN chan = 'online' THEN rt - 1800 - CAST(rd * 50000 AS INTEGER) END, rt, cs,
  CASE WHEN c_ap IS NOT NULL THEN newdue
       ELSE dt + CASE WHEN c_su1 IS NOT NULL THEN pz1 ELSE 0 END + CASE WHEN c_su2 IS NOT NULL THEN pz2 ELSE 0 END END,
  dt,
  CASE WHEN c_sq2 IS NOT NULL AND c_su2 IS NULL THEN c_sq2 WHEN c_sq1 IS NOT NULL AND c_su1 IS NULL THEN c_sq1 END,
  CASE WHEN (c_sq1 IS NOT NULL AND c_su1 IS NULL) OR (c_sq2 IS NOT NULL AND c_su2 IS NULL) THEN 'processing' END,
  CAST(((c_su1 IS NOT NULL) * pz1 + (c_su2 IS NOT NULL) * pz2) * 0.24 AS INTEGER),
  (c_sq1 IS NOT NULL) + (c_sq2 IS NOT NULL),
  CASE WHEN c_sq1 IS NOT NULL THEN 'Thiếu giấy tờ.' END,
  coalesce(c_sq2, c_sq1), coalesce(c_su2, c_su1),
  c_ap IS NOT NULL, c_ap, CASE WHEN c_ap IS NOT NULL THEN 'Cần xác minh thêm.' END,
  CASE WHEN c_ap IS NOT NULL THEN (dts - ap) >= 86400 END, CASE WHEN c_ap IS NOT NULL THEN dts END,
  CASE WHEN kind = 'REF' THEN c_f END, CASE WHEN kind = 'REF' AND c_f IS NOT NULL THEN 'Không đủ điều kiện.' END,
  CASE WHEN kind = 'WD' THEN c_f END, CASE WHEN kind = 'WD' AND c_f IS NOT NULL THEN 'Công dân xin rút.' END,
  CASE WHEN kind IN ('EARLY', 'ONTIME', 'LATE', 'STUCK') THEN c_f END, c_f,
  c_ret, CASE WHEN c_ret IS NOT NULL THEN aname END,
  CASE WHEN c_ret IS NOT NULL THEN CASE WHEN chan = 'post' THEN 'post' ELSE 'counter' END END,
  CASE WHEN kind = 'WD' THEN 1 WHEN kind = 'REF' AND c_f IS NOT NULL THEN 2 WHEN c_e3 IS NOT NULL THEN 4
       WHEN c_e2 IS NOT NULL THEN 3 WHEN c_e1 IS NOT NULL THEN 2 ELSE 1 END,
  CASE WHEN c_f IS NOT NULL THEN NULL
       WHEN (c_sq1 IS NOT NULL AND c_su1 IS NULL) OR (c_sq2 IS NOT NULL AND c_su2 IS NULL) THEN NULL
       WHEN c_e2 IS NOT NULL THEN h3 WHEN c_e1 IS NOT NULL THEN h2 ELSE h1 END,
  h1,
  1 + (c_e1 IS NOT NULL) + (c_e2 IS NOT NULL) + (c_f IS NOT NULL AND kind IN ('EARLY', 'ONTIME', 'LATE', 'STUCK'))
    + (c_ret IS NOT NULL) + (c_sq1 IS NOT NULL) + (c_su1 IS NOT NULL) + (c_sq2 IS NOT NULL)
    + (c_su2 IS NOT NULL) + (c_ap IS NOT NULL),
  CASE WHEN chan = 'online' THEN rt - 1800 - CAST(rd * 50000 AS INTEGER) ELSE rt END,
  max(rt, coalesce(c_e1, 0), coalesce(c_e2, 0), coalesce(c_f, 0), coalesce(c_ret, 0), coalesce(c_su2, c_sq2, c_su1, c_sq1, 0),
      coalesce(c_ap, 0)),
  upper(hex(randomblob(5)))
FROM g ORDER BY id;

-- the control sheet: 4 steps, the handler of each step begun, the outcome of
-- each step finished against its share of the time limit (the last step, the
-- return, against the appointment)
INSERT INTO dossier_step (dossier_id, position, name, unit_id, due_at, started_at, finished_at,
                          handler_id, outcome, may_complete)
SELECT id, position, name, unit, due, started, fin,
       CASE WHEN started IS NULL THEN NULL WHEN position = 1 THEN h1 WHEN position = 2 THEN h2
            WHEN position = 3 THEN h3 ELSE h4 END,
       CASE WHEN fin IS NULL THEN NULL WHEN fin > due THEN 'late'
            WHEN (fin + 25200) / 86400 < (due + 25200) / 86400 THEN 'early' ELSE 'on_time' END,
       may_complete
FROM (SELECT g.id, g.h1, g.h2, g.h3, g.h4, s.position, s.name, s.unit, s.may_complete,
             CASE s.position
               WHEN 1 THEN g.cs + CAST((g.dt - g.cs) * g.c1 AS INTEGER)
               WHEN 2 THEN g.cs + CAST((g.dt - g.cs) * g.c2 AS INTEGER) + (g.c_su1 IS NOT NULL) * g.pz1 + (g.c_su2 IS NOT NULL) * g.pz2
               WHEN 3 THEN g.cs + CAST((g.dt - g.cs) * g.c3 AS INTEGER) + (g.c_su1 IS NOT NULL) * g.pz1 + (g.c_su2 IS NOT NULL) * g.pz2
                           + CASE WHEN g.c_ap IS NOT NULL THEN g.newdue - g.dts ELSE 0 END
               ELSE CASE WHEN g.c_ap IS NOT NULL THEN g.newdue
                         ELSE g.dt + (g.c_su1 IS NOT NULL) * g.pz1 + (g.c_su2 IS NOT NULL) * g.pz2 END END AS due,
             CASE s.position WHEN 1 THEN g.rt WHEN 2 THEN g.c_e1 WHEN 3 THEN g.c_e2 ELSE g.c_e3 END AS started,
             CASE s.position WHEN 1 THEN g.c_e1 WHEN 2 THEN CASE WHEN g.kind <> 'WD' THEN g.c_e2 END
                             WHEN 3 THEN g.c_e3 ELSE g.c_ret END AS fin
      FROM g JOIN ast s ON s.ag = @ag AND s.pid = g.pid)
ORDER BY id, position;

-- the intake, as the server records it: one event in the history and one
-- audit record (`motcua check` wants both); the later events are not kept
-- (the reports read the dossier row and its control sheet)
INSERT INTO dossier_event (dossier_id, at, action, actor_id, from_status, to_status, to_step, to_staff_id)
SELECT id, CASE WHEN chan = 'online' THEN created_at ELSE rt END,
       CASE WHEN chan = 'online' THEN 'submit' ELSE 'receive' END,
       CASE WHEN chan = 'online' THEN NULL ELSE h1 END, NULL,
       CASE WHEN chan = 'online' THEN 'submitted' ELSE 'received' END,
       CASE WHEN chan = 'online' THEN NULL ELSE 1 END, CASE WHEN chan = 'online' THEN NULL ELSE h1 END
FROM (SELECT g.*, d.created_at FROM g JOIN dossier d ON d.id = g.id) ORDER BY id;
INSERT INTO audit (at, actor, action, entity, entity_id, before, after, request_id)
SELECT CASE WHEN chan = 'online' THEN d.created_at ELSE g.rt END,
       CASE WHEN chan = 'online' THEN 'anonymous' ELSE (SELECT username FROM staff WHERE staff.id = g.h1) END,
       CASE WHEN chan = 'online' THEN 'dossier.submit' ELSE 'dossier.receive' END, 'dossier', g.code, NULL,
       json_object('channel', g.chan, 'due_at', strftime('%Y-%m-%dT%H:%M:%S+07:00', g.dt + 25200, 'unixepoch'),
                   'procedure', (SELECT code FROM procedure WHERE procedure.id = g.pid),
                   'received_at', strftime('%Y-%m-%dT%H:%M:%S+07:00', g.rt + 25200, 'unixepoch'),
                   'status', 'received'),
       printf('%012x', random() & 281474976710655)
FROM g JOIN dossier d ON d.id = g.id ORDER BY g.id;

-- citizens' evaluations of returned dossiers (30 %), within 3 days of the return
INSERT INTO evaluation (agency_id, dossier_id, level, channel, staff_id, created_at, updated_at)
SELECT @ag, id,
       CASE WHEN rlev < 0.60 THEN 'very_satisfied' WHEN rlev < 0.92 THEN 'satisfied' ELSE 'not_satisfied' END,
       CASE WHEN x2 % 20 < 14 THEN 'tablet' WHEN x2 % 20 < 19 THEN 'tracking' ELSE 'email' END,
       CASE WHEN x2 % 20 < 14 THEN h4 END,
       c_ret + 60 + CAST(rev * 864000 AS INTEGER), c_ret + 60 + CAST(rev * 864000 AS INTEGER)
FROM g WHERE c_ret IS NOT NULL AND rev < 0.30 AND c_ret + 60 + CAST(rev * 864000 AS INTEGER) <= now
ORDER BY id;

-- the work tables' memory back before the next chunk
DROP TABLE temp.ga;
DROP TABLE temp.gb;
DROP TABLE temp.gc;
DROP TABLE temp.gd;
DROP TABLE temp.ge;
DROP TABLE temp.gf;
DROP TABLE temp.gh;
DROP TABLE temp.gi;
DROP TABLE temp.gj;
DROP TABLE temp.gk;
