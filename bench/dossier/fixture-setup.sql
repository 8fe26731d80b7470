-- bench/dossier/fixture-setup.sql — first part of the 1,000,000-dossier
-- fixture (bench/dossier.sh runs: this file, then fixture-chunk.sql once per
-- block of working days, then fixture-finish.sql, in ONE sqlite3 process on a
-- fresh `motcua demo` database).
--
-- The caller has created two temp tables before:
--   cfg(n, end_day, span_days)   how many dossiers; the last working day
--                                ('YYYY-MM-DD', local) and how many calendar
--                                days back the fixture starts
--   hol(day, kind)               the calendar of `motcua calendar holidays
--                                YEAR`: 'off' days and weekend 'work' days
--
-- and set, before those, `PRAGMA temp_store = MEMORY` (setting it drops
-- every temp table).
--
-- A fixture, not a measurement: no journal and no fsync while loading; the
-- finish part puts the file back in WAL mode.
PRAGMA journal_mode = OFF;
PRAGMA synchronous = OFF;
PRAGMA cache_size = -1048576;
PRAGMA foreign_keys = OFF;

-- the home agency: dossier codes are <eid>-YYMMDD-<seq>
CREATE TEMP TABLE home AS
SELECT id AS agency_id, CASE WHEN eid <> '' THEN eid ELSE code END AS eid
FROM agency WHERE is_home = 1 ORDER BY id LIMIT 1;

-- Working days (the shipped legal calendar: weekends, days off, make-up
-- working Saturdays), from span_days before end_day to 120 days after it
-- (those only serve the deadline arithmetic).
CREATE TEMP TABLE wd (n INTEGER PRIMARY KEY, day TEXT, ymd INTEGER, t0 INTEGER, dow INTEGER,
                      cnt INTEGER NOT NULL DEFAULT 0, base INTEGER NOT NULL DEFAULT 0);
INSERT INTO wd (n, day, ymd, t0, dow)
SELECT row_number() OVER (ORDER BY d), d, CAST(substr(strftime('%Y%m%d', d), 3) AS INTEGER),
       CAST(strftime('%s', d) AS INTEGER) - 25200, CAST(strftime('%w', d) AS INTEGER)
FROM (SELECT date((SELECT end_day FROM cfg), '-' || ((SELECT span_days FROM cfg) - 1) || ' days',
                  '+' || value || ' days') AS d
      FROM generate_series(0, (SELECT span_days + 119 FROM cfg)))
WHERE (strftime('%w', d) NOT IN ('0', '6') AND d NOT IN (SELECT day FROM hol WHERE kind = 'off'))
   OR d IN (SELECT day FROM hol WHERE kind = 'work');

-- Dossiers per day: more on Mondays, fewer on Fridays and make-up
-- Saturdays, +30 % over the two years, ±20 % noise; rounded cumulatively so
-- the total is exactly cfg.n.
CREATE TEMP TABLE wdw AS
SELECT n, (CASE dow WHEN 1 THEN 1.25 WHEN 5 THEN 0.85 WHEN 0 THEN 0.6 WHEN 6 THEN 0.6 ELSE 1.0 END)
          * (0.85 + 0.3 * n / (SELECT max(n) FROM wd WHERE day <= (SELECT end_day FROM cfg)))
          * (0.8 + 0.4 * ((random() & 65535) / 65536.0)) AS w
FROM wd WHERE day <= (SELECT end_day FROM cfg);
CREATE TEMP TABLE dayc AS
SELECT n, cum - lag(cum, 1, 0) OVER (ORDER BY n) AS cnt, lag(cum, 1, 0) OVER (ORDER BY n) AS base
FROM (SELECT n, CAST(round((SELECT n FROM cfg) * sum(w) OVER (ORDER BY n) / (SELECT sum(w) FROM wdw))
                     AS INTEGER) AS cum FROM wdw);
UPDATE wd SET cnt = dayc.cnt, base = dayc.base FROM dayc WHERE dayc.n = wd.n;
-- "now" of the fixture: 17:00 on the last day
CREATE TEMP TABLE nowt AS
SELECT t0 + 61200 AS now FROM wd WHERE day <= (SELECT end_day FROM cfg) ORDER BY n DESC LIMIT 1;

-- Procedures, weighted as a commune centre sees them (certifications and
-- civil status most; complaints rarely); with the units of their 4 steps
-- and the cumulative shares of the time limit at the end of steps 1–3.
CREATE TEMP TABLE pw0 AS
SELECT p.id AS pid, p.code AS pcode, p.name AS pname, p.limit_value AS lv, p.limit_unit AS lu,
       f.code AS fcode,
       (CASE f.code WHEN 'CT' THEN 6 WHEN 'HT' THEN 4 WHEN 'CTR' THEN 3 WHEN 'HKD' THEN 1.5
                    WHEN 'BTXH' THEN 1 WHEN 'XD' THEN 1 WHEN 'DD' THEN 0.5 ELSE 0.2 END)
       * (CASE p.code WHEN '2.000815' THEN 4 WHEN '2.000884' THEN 2 WHEN '1.001193' THEN 2
                      WHEN '1.000894' THEN 1.5 ELSE 1 END) AS w,
       (SELECT unit_id FROM procedure_step s WHERE s.procedure_id = p.id ORDER BY position LIMIT 1 OFFSET 0) AS u1,
       (SELECT unit_id FROM procedure_step s WHERE s.procedure_id = p.id ORDER BY position LIMIT 1 OFFSET 1) AS u2,
       (SELECT unit_id FROM procedure_step s WHERE s.procedure_id = p.id ORDER BY position LIMIT 1 OFFSET 2) AS u3,
       (SELECT unit_id FROM procedure_step s WHERE s.procedure_id = p.id ORDER BY position LIMIT 1 OFFSET 3) AS u4,
       (SELECT sum(share) FROM (SELECT share FROM procedure_step s WHERE s.procedure_id = p.id ORDER BY position LIMIT 1))
         / (SELECT sum(share) FROM procedure_step s WHERE s.procedure_id = p.id) AS c1,
       (SELECT sum(share) FROM (SELECT share FROM procedure_step s WHERE s.procedure_id = p.id ORDER BY position LIMIT 2))
         / (SELECT sum(share) FROM procedure_step s WHERE s.procedure_id = p.id) AS c2,
       (SELECT sum(share) FROM (SELECT share FROM procedure_step s WHERE s.procedure_id = p.id ORDER BY position LIMIT 3))
         / (SELECT sum(share) FROM procedure_step s WHERE s.procedure_id = p.id) AS c3
FROM procedure p JOIN field f ON f.id = p.field_id WHERE p.active = 1;
CREATE TEMP TABLE pw AS
SELECT *, (sum(w) OVER (ORDER BY pid) - w) / (SELECT sum(w) FROM pw0) AS lo,
          sum(w) OVER (ORDER BY pid) / (SELECT sum(w) FROM pw0) AS hi
FROM pw0;
UPDATE pw SET hi = 2.0 WHERE pid = (SELECT max(pid) FROM pw);

-- Officers by unit (those a dossier can be handed to), numbered from 0
CREATE TEMP TABLE off AS
SELECT s.unit_id AS unit, row_number() OVER (PARTITION BY s.unit_id ORDER BY s.id) - 1 AS j,
       s.id AS sid, s.username AS uname
FROM staff s WHERE s.active = 1 AND s.unit_id IS NOT NULL
  AND EXISTS (SELECT 1 FROM staff_role r WHERE r.staff_id = s.id
              AND r.role IN ('reception', 'specialist', 'head', 'leader'));
CREATE UNIQUE INDEX off_uj ON off (unit, j);
CREATE TEMP TABLE offn AS SELECT unit, count(*) AS k FROM off GROUP BY unit;
-- reception officers (intake, return, supplement, withdrawal)
CREATE TEMP TABLE rec AS
SELECT row_number() OVER (ORDER BY s.id) - 1 AS j, s.id AS sid, s.username AS uname
FROM staff s WHERE s.active = 1 AND EXISTS (SELECT 1 FROM staff_role r WHERE r.staff_id = s.id AND r.role = 'reception');

-- Names, streets, reasons
CREATE TEMP TABLE fam (i INTEGER PRIMARY KEY, nm TEXT, fo TEXT);
INSERT INTO fam (nm, fo) VALUES ('Nguyễn','nguyen'),('Nguyễn','nguyen'),('Nguyễn','nguyen'),('Trần','tran'),('Trần','tran'),
  ('Lê','le'),('Lê','le'),('Phạm','pham'),('Huỳnh','huynh'),('Hoàng','hoang'),('Phan','phan'),('Võ','vo'),
  ('Đặng','dang'),('Bùi','bui'),('Đỗ','do'),('Hồ','ho'),('Ngô','ngo'),('Dương','duong'),('Lý','ly'),('Trương','truong');
CREATE TEMP TABLE mid (i INTEGER PRIMARY KEY, nm TEXT, fo TEXT, female INTEGER);
INSERT INTO mid (nm, fo, female) VALUES ('Văn','van',0),('Văn','van',0),('Thị','thi',1),('Thị','thi',1),('Minh','minh',0),
  ('Ngọc','ngoc',1),('Thanh','thanh',1),('Hữu','huu',0),('Đức','duc',0),('Thị Mỹ','thi my',1),('Công','cong',0),
  ('Quốc','quoc',0),('Thu','thu',1),('Xuân','xuan',1),('Thị Kim','thi kim',1),('Bá','ba',0);
CREATE TEMP TABLE giv (i INTEGER PRIMARY KEY, nm TEXT, fo TEXT);
INSERT INTO giv (nm, fo) VALUES ('Bình','binh'),('An','an'),('Hoa','hoa'),('Lan','lan'),('Tuấn','tuan'),('Dũng','dung'),
  ('Hương','huong'),('Trang','trang'),('Phúc','phuc'),('Sơn','son'),('Hải','hai'),('Linh','linh'),('Nam','nam'),
  ('Thảo','thao'),('Vy','vy'),('Khoa','khoa'),('Tài','tai'),('Duyên','duyen'),('Hùng','hung'),('Mai','mai'),
  ('Long','long'),('Nhung','nhung'),('Quang','quang'),('Tâm','tam'),('Thành','thanh'),('Yến','yen'),('Việt','viet'),
  ('Hạnh','hanh'),('Khánh','khanh'),('Oanh','oanh');
CREATE TEMP TABLE street (i INTEGER PRIMARY KEY, nm TEXT);
INSERT INTO street (nm) VALUES ('Trần Phú'),('Nguyễn Duy Hiệu'),('Lê Lợi'),('Phan Châu Trinh'),('Bạch Đằng'),
  ('Hai Bà Trưng'),('Nguyễn Thị Minh Khai'),('Cửa Đại'),('Trần Hưng Đạo'),('Lý Thường Kiệt'),('Hùng Vương'),
  ('Nguyễn Trường Tộ'),('Trần Quang Khải'),('Lạc Long Quân'),('Tôn Đức Thắng'),('Hoàng Diệu');
CREATE TEMP TABLE prov (i INTEGER PRIMARY KEY, code TEXT);
INSERT INTO prov (code) VALUES ('048'),('048'),('048'),('048'),('048'),('048'),('048'),('049'),('049'),('046'),('079'),('001');
CREATE TEMP TABLE mob (i INTEGER PRIMARY KEY, p TEXT);
INSERT INTO mob (p) VALUES ('090'),('091'),('093'),('094'),('096'),('097'),('098'),('032'),('033'),('034'),('035'),
  ('036'),('037'),('038'),('039'),('070'),('076'),('077'),('078'),('079'),('081'),('083'),('085'),('088'),('089');
CREATE TEMP TABLE why (kind TEXT, i INTEGER, txt TEXT, items TEXT, PRIMARY KEY (kind, i));
INSERT INTO why VALUES
 ('supplement',0,'Bản sao giấy tờ chưa được chứng thực theo quy định.','["Bản sao có chứng thực giấy tờ đã nộp"]'),
 ('supplement',1,'Tờ khai chưa ghi đầy đủ thông tin và chưa có chữ ký của người yêu cầu.','["Tờ khai theo mẫu, ghi đầy đủ thông tin và ký tên"]'),
 ('supplement',2,'Thiếu giấy tờ chứng minh nơi cư trú.','["Giấy tờ, tài liệu chứng minh chỗ ở hợp pháp","Văn bản đồng ý cho đăng ký cư trú của chủ hộ"]'),
 ('supplement',3,'Bản vẽ thiết kế chưa thể hiện đủ mặt bằng, mặt cắt công trình.','["Bản vẽ thiết kế (mặt bằng, mặt cắt, mặt đứng) có chữ ký của chủ đầu tư"]'),
 ('supplement_note',0,'Công dân đã nộp bổ sung đầy đủ giấy tờ.',NULL),
 ('supplement_note',1,'Đã nhận bản sao có chứng thực.',NULL),
 ('refuse',0,'Người yêu cầu không thuộc trường hợp được giải quyết theo quy định.',NULL),
 ('refuse',1,'Hồ sơ không đủ điều kiện theo quy định của pháp luật.',NULL),
 ('refuse',2,'Nội dung yêu cầu không thuộc thẩm quyền giải quyết của Ủy ban nhân dân phường.',NULL),
 ('withdraw',0,'Công dân có đơn xin rút hồ sơ.',NULL),
 ('withdraw',1,'Người yêu cầu không còn nhu cầu giải quyết.',NULL),
 ('apology',0,'Cần xác minh thêm thông tin tại nơi cư trú trước đây.',NULL),
 ('apology',1,'Cơ quan phối hợp chưa có văn bản trả lời đúng hạn.',NULL),
 ('apology',2,'Lãnh đạo đi công tác, chưa ký duyệt kịp thời hạn.',NULL);

-- Valid 10-digit tax codes (check digit as ident.c computes it)
CREATE TEMP TABLE tax0 AS
SELECT printf('%09d', 100000000 + (abs(random()) % 899999999)) AS d9 FROM generate_series(1, 3000);
CREATE TEMP TABLE tax (i INTEGER PRIMARY KEY, tc TEXT);
INSERT INTO tax (i, tc)
SELECT row_number() OVER () - 1, d9 || (c % 10)
FROM (SELECT d9, 10 - ((substr(d9,1,1)*31 + substr(d9,2,1)*29 + substr(d9,3,1)*23 + substr(d9,4,1)*19
                       + substr(d9,5,1)*17 + substr(d9,6,1)*13 + substr(d9,7,1)*7 + substr(d9,8,1)*5
                       + substr(d9,9,1)*3) % 11) AS c FROM tax0)
WHERE c <> 10;

-- The notices, as src/app/notify.c writes them (placeholders in {}):
-- captured from a server run, lengths 790–1,080 bytes.
CREATE TEMP TABLE tpl (kind TEXT PRIMARY KEY, title TEXT, body TEXT);
INSERT INTO tpl VALUES
('received', 'Tiếp nhận hồ sơ và hẹn trả kết quả',
'Kính gửi Ông/Bà {NAME},

Bộ phận Tiếp nhận và Trả kết quả đã tiếp nhận hồ sơ của Ông/Bà:

- Mã hồ sơ: {CODE}
- Thủ tục: {PROC} (mã {PCODE})
- Thời điểm tiếp nhận: {RECV}
- Hẹn trả kết quả: {DUE}
- Hình thức nhận kết quả: nhận trực tiếp tại Bộ phận Một cửa

Ông/Bà có thể tra cứu tình trạng giải quyết hồ sơ bằng mã hồ sơ tại: https://motcua.hoian.danang.gov.vn/track/?code={CODE}

Khi đến nhận kết quả, đề nghị Ông/Bà mang theo Giấy tiếp nhận hồ sơ và hẹn trả kết quả (hoặc cung cấp mã hồ sơ) cùng giấy tờ tùy thân.

Mọi thắc mắc, xin Ông/Bà vui lòng liên hệ Bộ phận Tiếp nhận và Trả kết quả.

Trân trọng,
Bộ phận Tiếp nhận và Trả kết quả

Đây là thư tự động, xin Ông/Bà vui lòng không trả lời thư này.
--
Your application {CODE} has been received; the result is due at {DUE}.
'),
('supplement', 'Yêu cầu bổ sung, hoàn thiện hồ sơ',
'Kính gửi Ông/Bà {NAME},

Sau khi xem xét, Trung tâm Phục vụ hành chính công phường Hội An đề nghị Ông/Bà bổ sung, hoàn thiện hồ sơ sau:

- Mã hồ sơ: {CODE}
- Thủ tục: {PROC} (mã {PCODE})
- Thời điểm tiếp nhận: {RECV}

Lý do: {REASON}

Nội dung cần bổ sung, hoàn thiện:
  1. {ITEM}

Sau khi Ông/Bà bổ sung đầy đủ, hồ sơ sẽ được tiếp tục giải quyết theo quy định.

Ông/Bà có thể tra cứu tình trạng giải quyết hồ sơ bằng mã hồ sơ tại: https://motcua.hoian.danang.gov.vn/track/?code={CODE}

Mọi thắc mắc, xin Ông/Bà vui lòng liên hệ Trung tâm Phục vụ hành chính công phường Hội An, địa chỉ: Số 09 Trần Hưng Đạo, phường Hội An, thành phố Đà Nẵng, điện thoại: 0235 3861 234.

Trân trọng,
Trung tâm Phục vụ hành chính công phường Hội An

Đây là thư tự động, xin Ông/Bà vui lòng không trả lời thư này.
--
Your application {CODE} needs to be completed: please see the reason and the list above.
'),
('apology', 'Thư xin lỗi và hẹn lại ngày trả kết quả',
'Kính gửi Ông/Bà {NAME},

Trung tâm Phục vụ hành chính công phường Hội An thành thật xin lỗi Ông/Bà vì hồ sơ dưới đây chưa thể trả kết quả đúng hẹn:

- Mã hồ sơ: {CODE}
- Thủ tục: {PROC} (mã {PCODE})
- Thời điểm tiếp nhận: {RECV}

Lý do: {REASON}

Trung tâm Phục vụ hành chính công phường Hội An xin hẹn lại thời gian trả kết quả: {DUE}.

Rất mong Ông/Bà thông cảm.

Ông/Bà có thể tra cứu tình trạng giải quyết hồ sơ bằng mã hồ sơ tại: https://motcua.hoian.danang.gov.vn/track/?code={CODE}

Mọi thắc mắc, xin Ông/Bà vui lòng liên hệ Trung tâm Phục vụ hành chính công phường Hội An, địa chỉ: Số 09 Trần Hưng Đạo, phường Hội An, thành phố Đà Nẵng, điện thoại: 0235 3861 234.

Trân trọng,
Trung tâm Phục vụ hành chính công phường Hội An

Đây là thư tự động, xin Ông/Bà vui lòng không trả lời thư này.
--
We apologise: your application {CODE} is delayed; the new date for the result is {DUE}.
'),
('refused', 'Từ chối tiếp nhận, giải quyết hồ sơ',
'Kính gửi Ông/Bà {NAME},

Trung tâm Phục vụ hành chính công phường Hội An rất tiếc phải thông báo: hồ sơ dưới đây không đủ điều kiện tiếp nhận, giải quyết.

- Mã hồ sơ: {CODE}
- Thủ tục: {PROC} (mã {PCODE})
- Thời điểm tiếp nhận: {RECV}

Lý do: {REASON}

Mọi thắc mắc, xin Ông/Bà vui lòng liên hệ Trung tâm Phục vụ hành chính công phường Hội An, địa chỉ: Số 09 Trần Hưng Đạo, phường Hội An, thành phố Đà Nẵng, điện thoại: 0235 3861 234.

Trân trọng,
Trung tâm Phục vụ hành chính công phường Hội An

Đây là thư tự động, xin Ông/Bà vui lòng không trả lời thư này.
--
We regret that your application {CODE} cannot be accepted; the reason is given above.
'),
('result_ready', 'Thông báo có kết quả giải quyết hồ sơ',
'Kính gửi Ông/Bà {NAME},

Trung tâm Phục vụ hành chính công phường Hội An trân trọng thông báo: hồ sơ dưới đây đã có kết quả giải quyết.

- Mã hồ sơ: {CODE}
- Thủ tục: {PROC} (mã {PCODE})
- Thời điểm tiếp nhận: {RECV}

Đề nghị Ông/Bà đến Bộ phận Một cửa (Số 09 Trần Hưng Đạo, phường Hội An, thành phố Đà Nẵng) để nhận kết quả, mang theo Giấy tiếp nhận hồ sơ và hẹn trả kết quả (hoặc cung cấp mã hồ sơ) cùng giấy tờ tùy thân; trường hợp nhận thay cần có văn bản ủy quyền theo quy định.

Ông/Bà có thể tra cứu tình trạng giải quyết hồ sơ bằng mã hồ sơ tại: https://motcua.hoian.danang.gov.vn/track/?code={CODE}

Mọi thắc mắc, xin Ông/Bà vui lòng liên hệ Trung tâm Phục vụ hành chính công phường Hội An, địa chỉ: Số 09 Trần Hưng Đạo, phường Hội An, thành phố Đà Nẵng, điện thoại: 0235 3861 234.

Trân trọng,
Trung tâm Phục vụ hành chính công phường Hội An

Đây là thư tự động, xin Ông/Bà vui lòng không trả lời thư này.
--
The result of your application {CODE} is ready (at the counter).
');

-- Per-chunk work tables (filled by fixture-chunk.sql)
CREATE TEMP TABLE ga (id INTEGER PRIMARY KEY);
CREATE TEMP TABLE g (id INTEGER PRIMARY KEY);
CREATE TEMP TABLE ev (id INTEGER);
