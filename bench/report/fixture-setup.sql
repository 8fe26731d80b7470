-- bench/report/fixture-setup.sql — first part of the reports fixture
-- (bench/report.sh runs: this file, then fixture-chunk.sql once per agency
-- and block of working days, then fixture-finish.sql, in ONE sqlite3 process
-- on a fresh `motcua demo` database whose indexes and trigger on the loaded
-- tables the caller has dropped; it recreates them after the load).
--
-- The caller has created, before this file, two temp tables:
--   cfg(n, end_day, span_days)   how many dossiers; the last working day
--                                ('YYYY-MM-DD', local) and how many calendar
--                                days back the fixture starts (5 years)
--   hol(day, kind)               the calendar of `motcua calendar holidays
--                                YEAR`: 'off' days and weekend 'work' days
--
-- Lean on purpose (the reports read dossiers, their steps, evaluations and
-- petitions): no documents, history, audit records or e-mails, short
-- applicant fields. A fixture, not a measurement: no journal, no fsync.
PRAGMA journal_mode = OFF;
PRAGMA synchronous = OFF;
PRAGMA cache_size = -1048576;
PRAGMA foreign_keys = OFF;

-- Working days of the legal calendar, from span_days before end_day to 120
-- days after it (those only serve the deadline arithmetic).
CREATE TEMP TABLE wd (n INTEGER PRIMARY KEY, day TEXT, ymd INTEGER, t0 INTEGER, dow INTEGER);
INSERT INTO wd (n, day, ymd, t0, dow)
SELECT row_number() OVER (ORDER BY d), d, CAST(substr(strftime('%Y%m%d', d), 3) AS INTEGER),
       CAST(strftime('%s', d) AS INTEGER) - 25200, CAST(strftime('%w', d) AS INTEGER)
FROM (SELECT date((SELECT end_day FROM cfg), '-' || ((SELECT span_days FROM cfg) - 1) || ' days',
                  '+' || value || ' days') AS d
      FROM generate_series(0, (SELECT span_days + 119 FROM cfg)))
WHERE (strftime('%w', d) NOT IN ('0', '6') AND d NOT IN (SELECT day FROM hol WHERE kind = 'off'))
   OR d IN (SELECT day FROM hol WHERE kind = 'work');
CREATE TEMP TABLE nowt AS
SELECT t0 + 61200 AS now FROM wd WHERE day <= (SELECT end_day FROM cfg) ORDER BY n DESC LIMIT 1;

-- The agencies with a counter and their share of the dossiers: the home
-- commune 55 %, each other commune 15 %.
CREATE TEMP TABLE ag AS
SELECT a.id AS ag, CASE WHEN a.eid <> '' THEN a.eid ELSE a.code END AS eid,
       CASE WHEN a.is_home = 1 THEN 0.55 ELSE 0.15 END AS share
FROM agency a WHERE EXISTS (SELECT 1 FROM unit u WHERE u.agency_id = a.id AND u.code = 'TNTKQ');
UPDATE ag SET share = share / (SELECT sum(share) FROM ag);

-- Dossiers per agency and working day: more on Mondays, fewer on Fridays
-- and make-up Saturdays, +30 % over the five years, ±20 % noise; rounded
-- cumulatively so that the total is exactly cfg.n.
CREATE TEMP TABLE wdw AS
SELECT n, (CASE dow WHEN 1 THEN 1.25 WHEN 5 THEN 0.85 WHEN 0 THEN 0.6 WHEN 6 THEN 0.6 ELSE 1.0 END)
          * (0.85 + 0.3 * n / (SELECT max(n) FROM wd WHERE day <= (SELECT end_day FROM cfg)))
          * (0.8 + 0.4 * ((random() & 65535) / 65536.0)) AS w
FROM wd WHERE day <= (SELECT end_day FROM cfg);
CREATE TEMP TABLE cum AS
SELECT ag.ag, wdw.n, CAST(round((SELECT n FROM cfg) * (
           (SELECT coalesce(sum(a2.share), 0) FROM ag a2 WHERE a2.ag < ag.ag)
           + ag.share * sum(wdw.w) OVER (PARTITION BY ag.ag ORDER BY wdw.n) / (SELECT sum(w) FROM wdw)))
         AS INTEGER) AS c
FROM ag, wdw;
CREATE TEMP TABLE agday (ag INTEGER, n INTEGER, cnt INTEGER, PRIMARY KEY (ag, n));
INSERT INTO agday
SELECT ag, n, c - coalesce(lag(c) OVER (PARTITION BY ag ORDER BY n),
                           CAST(round((SELECT n FROM cfg) * (SELECT coalesce(sum(a2.share), 0) FROM ag a2
                                                             WHERE a2.ag < cum.ag)) AS INTEGER))
FROM cum;

-- Procedures each agency implements (its own and those of procedure_agency),
-- weighted as a commune centre sees them, with the agency's units of the 4
-- steps (found by unit code, D29) and the cumulative shares of the time limit
-- at the end of steps 1–3.
CREATE TEMP TABLE apw0 AS
SELECT ag.ag, p.id AS pid, p.limit_value AS lv, p.limit_unit AS lu, f.code AS fcode,
       (CASE f.code WHEN 'CT' THEN 6 WHEN 'HT' THEN 4 WHEN 'CTR' THEN 3 WHEN 'HKD' THEN 1.5
                    WHEN 'BTXH' THEN 1 WHEN 'XD' THEN 1 WHEN 'DD' THEN 0.5 ELSE 0.2 END)
       * (CASE p.code WHEN '2.000815' THEN 4 WHEN '2.000884' THEN 2 WHEN '1.001193' THEN 2
                      WHEN '1.000894' THEN 1.5 ELSE 1 END) AS w,
       (SELECT sum(share) FROM (SELECT share FROM procedure_step s WHERE s.procedure_id = p.id ORDER BY position LIMIT 1))
         / (SELECT sum(share) FROM procedure_step s WHERE s.procedure_id = p.id) AS c1,
       (SELECT sum(share) FROM (SELECT share FROM procedure_step s WHERE s.procedure_id = p.id ORDER BY position LIMIT 2))
         / (SELECT sum(share) FROM procedure_step s WHERE s.procedure_id = p.id) AS c2,
       (SELECT sum(share) FROM (SELECT share FROM procedure_step s WHERE s.procedure_id = p.id ORDER BY position LIMIT 3))
         / (SELECT sum(share) FROM procedure_step s WHERE s.procedure_id = p.id) AS c3
FROM ag JOIN procedure p ON p.active = 1
        AND (p.agency_id = ag.ag OR EXISTS (SELECT 1 FROM procedure_agency pa WHERE pa.procedure_id = p.id AND pa.agency_id = ag.ag))
JOIN field f ON f.id = p.field_id
WHERE (SELECT count(*) FROM procedure_step s WHERE s.procedure_id = p.id) = 4
  AND NOT EXISTS (SELECT 1 FROM procedure_step s JOIN unit u ON u.id = s.unit_id
                  WHERE s.procedure_id = p.id
                    AND NOT EXISTS (SELECT 1 FROM unit u2 WHERE u2.agency_id = ag.ag AND u2.code = u.code));
CREATE TEMP TABLE apw AS
SELECT *, (sum(w) OVER (PARTITION BY ag ORDER BY pid) - w) / sum(w) OVER (PARTITION BY ag) AS lo,
          sum(w) OVER (PARTITION BY ag ORDER BY pid) / sum(w) OVER (PARTITION BY ag) AS hi
FROM apw0;
UPDATE apw SET hi = 2.0 WHERE pid = (SELECT max(pid) FROM apw a2 WHERE a2.ag = apw.ag);
-- the agency's version of each catalogue step (unit by code)
CREATE TEMP TABLE ast AS
SELECT a.ag, s.procedure_id AS pid, s.position, s.name, u2.id AS unit, u2.code AS ucode, s.may_complete
FROM (SELECT DISTINCT ag, pid FROM apw) a
JOIN procedure_step s ON s.procedure_id = a.pid
JOIN unit u ON u.id = s.unit_id
JOIN unit u2 ON u2.agency_id = a.ag AND u2.code = u.code;
CREATE UNIQUE INDEX ast_k ON ast (ag, pid, position);

-- Officers by unit (those a step can be handed to), numbered from 0
CREATE TEMP TABLE off AS
SELECT s.unit_id AS unit, row_number() OVER (PARTITION BY s.unit_id ORDER BY s.id) - 1 AS j, s.id AS sid
FROM staff s WHERE s.active = 1 AND s.unit_id IS NOT NULL
  AND EXISTS (SELECT 1 FROM staff_role r WHERE r.staff_id = s.id
              AND r.role IN ('reception', 'specialist', 'head', 'leader'));
CREATE UNIQUE INDEX off_uj ON off (unit, j);
CREATE TEMP TABLE offn AS SELECT unit, count(*) AS k FROM off GROUP BY unit;

-- Short applicant names (personal data is in the real rows; here a few bytes)
CREATE TEMP TABLE fam (i INTEGER PRIMARY KEY, nm TEXT, fo TEXT);
INSERT INTO fam (nm, fo) VALUES ('Nguyễn','nguyen'),('Trần','tran'),('Lê','le'),('Phạm','pham'),('Huỳnh','huynh'),
  ('Hoàng','hoang'),('Phan','phan'),('Võ','vo'),('Đặng','dang'),('Bùi','bui');
CREATE TEMP TABLE giv (i INTEGER PRIMARY KEY, nm TEXT, fo TEXT);
INSERT INTO giv (nm, fo) VALUES ('Văn Bình','van binh'),('Thị Hoa','thi hoa'),('Minh Tuấn','minh tuan'),
  ('Thị Lan','thi lan'),('Ngọc Hương','ngoc huong'),('Văn Dũng','van dung'),('Thanh Trang','thanh trang'),
  ('Hữu Phúc','huu phuc'),('Thị Mai','thi mai'),('Quốc Hùng','quoc hung');

-- Per-chunk work table (filled by fixture-chunk.sql)
CREATE TEMP TABLE g (id INTEGER PRIMARY KEY);
