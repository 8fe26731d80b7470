// The officers' figures and the national export over HTTP (D41), on the
// store the suite runs on (SQLite, or PostgreSQL with MOTCUA_TEST_PG):
// steps with known outcomes give known figures (the rate hidden below the
// minimum sample), the drill-down lists the dossiers behind a number, who may
// read whose figures, and the export's lines carry the portal's fields for
// dossiers with known dates and channels — also for a dossier received
// through the API, and the same lines from `motcua export`.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { rm } from 'node:fs/promises';
import { startServer, freshDb, cli, PG, pgAdmin, BIN } from '../lib/server.mjs';

const execFileP = promisify(execFile);
let srv;
let db;
let dir;
const users = {};

// Vietnam's local time as Unix seconds
const at = (y, m, d, h, mi = 0) => Date.UTC(y, m - 1, d, h - 7, mi) / 1000;

// March 2026: ten dossiers received on Tue 3 March 08:00 by tiepnhan1 (four
// online, one by post, five at the counter), due 10 March 17:00; the first
// ended 9 March 10:00 and was returned at 14:00. hotich1 handled one step of
// each (13:00–15:00, two working hours): 7 early, 2 on time, 1 late.
// diachinh1 handled three (all late): below the minimum sample.
function seed() {
  const sql = [];
  const outcomes = ['early', 'early', 'early', 'early', 'early', 'early', 'early', 'on_time', 'on_time', 'late'];
  for (let i = 0; i < 10; i++) {
    const id = 900001 + i;
    const channel = i < 4 ? 'online' : i === 4 ? 'post' : 'counter';
    const returned = i === 0;
    sql.push(`INSERT INTO dossier (id, code, procedure_id, agency_id, status, channel, return_method, applicant_kind,
      applicant_name, applicant_fold, limit_value, limit_unit, received_at, clock_start, due_at, original_due_at,
      finished_at, returned_at, received_by, created_at, updated_at) VALUES (${id}, 'HOIAN-260303-${9001 + i}',
      (SELECT id FROM procedure WHERE code = '1.004873'), (SELECT id FROM agency WHERE code = 'HOIAN'),
      '${returned ? 'returned' : 'processing'}', '${channel}', 'counter', 'person', 'Phạm Thị Riêng Tư', 'pham thi rieng tu',
      5, 'working_days', ${at(2026, 3, 3, 8)}, ${at(2026, 3, 3, 8)}, ${at(2026, 3, 10, 17)}, ${at(2026, 3, 10, 17)},
      ${returned ? at(2026, 3, 9, 10) : 'NULL'}, ${returned ? at(2026, 3, 9, 14) : 'NULL'},
      (SELECT id FROM staff WHERE username = 'tiepnhan1'), ${at(2026, 3, 3, 8)}, ${at(2026, 3, 3, 8)})`);
    sql.push(`INSERT INTO dossier_step (dossier_id, position, name, unit_id, due_at, started_at, finished_at, handler_id, outcome)
      VALUES (${id}, 9, 'Thẩm định', (SELECT unit_id FROM staff WHERE username = 'hotich1'), ${at(2026, 3, 4, 17)},
      ${at(2026, 3, 3, 13)}, ${at(2026, 3, 3, 15)}, (SELECT id FROM staff WHERE username = 'hotich1'), '${outcomes[i]}')`);
    if (i < 3)
      sql.push(`INSERT INTO dossier_step (dossier_id, position, name, unit_id, due_at, started_at, finished_at, handler_id, outcome)
        VALUES (${id}, 10, 'Xác minh', (SELECT unit_id FROM staff WHERE username = 'diachinh1'), ${at(2026, 3, 4, 17)},
        ${at(2026, 3, 5, 8)}, ${at(2026, 3, 5, 9)}, (SELECT id FROM staff WHERE username = 'diachinh1'), 'late')`);
  }
  return sql.join(';\n') + ';';
}

before(async () => {
  ({ db, dir } = await freshDb());
  if (PG) await execFileP('psql', [db, '-X', '-q', '-v', 'ON_ERROR_STOP=1', '-c', seed()]);
  else await execFileP('sqlite3', [db, seed()]);
  srv = await startServer({ db, env: { MOTCUA_TEST_CLOCK: '1' } });
  for (const u of ['tiepnhan1', 'hotich1', 'diachinh1', 'truongvp', 'truongkt', 'chutich', 'hoiandong.chutich', 'tinh', 'admin']) {
    users[u] = await srv.login(u);
  }
  await srv.json('PUT', '/api/v1/_test/now', { now: '2026-03-31T17:00:00+07:00' });
});
after(async () => {
  await srv.stop();
  await rm(dir, { recursive: true, force: true });
  if (PG) await pgAdmin(`DROP DATABASE IF EXISTS ${db.slice(db.lastIndexOf('/') + 1)} WITH (FORCE)`).catch(() => {});
});

const MARCH = 'from=2026-03-01&to=2026-03-31';
const get = (path, who) => srv.json('GET', path, undefined, users[who]);

test('known step outcomes give known figures; below ten steps the rate is hidden', async () => {
  let r = await get(`/api/v1/officers/hotich1/figures?${MARCH}`, 'truongvp');
  assert.equal(r.status, 200, JSON.stringify(r.data));
  const f = r.data.figures;
  assert.deepEqual(f.steps, { handled: 10, early: 7, on_time: 2, late: 1, on_time_rate: 90, avg_hours: 2, open: 0, overdue: 0 });
  assert.equal(f.dossiers.handled, 10);
  assert.equal(f.petitions.about, null); // not recorded: unknown, never 0
  assert.equal(r.data.min_steps, 10);

  r = await get(`/api/v1/officers/diachinh1/figures?${MARCH}`, 'chutich');
  assert.equal(r.status, 200);
  assert.equal(r.data.figures.steps.handled, 3);
  assert.equal(r.data.figures.steps.late, 3);
  assert.equal(r.data.figures.steps.on_time_rate, null);
  assert.equal(r.data.figures.steps.avg_hours, 1);

  // the officer's own, and the counter officer's dossiers received
  r = await get(`/api/v1/officers/me/figures?${MARCH}`, 'hotich1');
  assert.equal(r.status, 200);
  assert.equal(r.data.username, 'hotich1');
  assert.equal(r.data.figures.steps.on_time_rate, 90);
  r = await get(`/api/v1/officers/me/figures?${MARCH}`, 'tiepnhan1');
  assert.equal(r.data.figures.dossiers.received, 10);

  // February holds nothing; a reversed period is refused on "to"
  r = await get('/api/v1/officers/hotich1/figures?from=2026-02-01&to=2026-02-28', 'hotich1');
  assert.equal(r.data.figures.steps.handled, 0);
  r = await get('/api/v1/officers/hotich1/figures?from=2026-03-31&to=2026-03-01', 'hotich1');
  assert.equal(r.status, 422);
  assert.equal(r.data.error.field, 'to');
  r = await get('/api/v1/officers/hotich1/figures?from=2026-13-01', 'hotich1');
  assert.equal(r.status, 400);
});

test('the drill-down lists the dossiers behind each number, without personal data', async () => {
  let r = await get(`/api/v1/officers/hotich1/dossiers?${MARCH}&kind=late`, 'truongvp');
  assert.equal(r.status, 200, JSON.stringify(r.data));
  assert.equal(r.data.total, 1);
  assert.equal(r.data.items[0].code, 'HOIAN-260303-9010');
  assert.equal(r.data.items[0].outcome, 'late');
  assert.equal(r.data.items[0].step.name, 'Thẩm định');
  assert.equal(r.data.items[0].finished_at, '2026-03-03T15:00:00+07:00');
  r = await get(`/api/v1/officers/hotich1/dossiers?${MARCH}&kind=early`, 'hotich1');
  assert.equal(r.data.total, 7);
  r = await get(`/api/v1/officers/diachinh1/dossiers?${MARCH}&kind=dossiers`, 'diachinh1');
  assert.deepEqual(r.data.items.map((i) => i.code).sort(), ['HOIAN-260303-9001', 'HOIAN-260303-9002', 'HOIAN-260303-9003']);
  r = await get(`/api/v1/officers/tiepnhan1/dossiers?${MARCH}&kind=received`, 'chutich');
  assert.equal(r.data.total, 10);
  assert.ok(!JSON.stringify(r.data).includes('Phạm Thị'));
  r = await get(`/api/v1/officers/hotich1/dossiers?${MARCH}&kind=everything`, 'hotich1');
  assert.equal(r.status, 400);
  assert.equal(r.data.error.field, 'kind');
});

test('who may read whose figures: himself, the head of his unit, his leaders, the province', async () => {
  const cases = [
    ['hotich1', 'hotich1', 200],
    ['diachinh1', 'hotich1', 403], // another officer
    ['truongvp', 'hotich1', 200], // the head of his unit
    ['truongkt', 'hotich1', 403], // the head of another unit
    ['chutich', 'hotich1', 200], // a leader of his agency
    ['hoiandong.chutich', 'hotich1', 403], // another agency's leader
    ['tinh', 'hotich1', 200], // the province
  ];
  for (const [viewer, officer, status] of cases) {
    for (const what of ['figures', 'dossiers?kind=handled']) {
      const r = await get(`/api/v1/officers/${officer}/${what}${what.includes('?') ? '&' : '?'}${MARCH}`, viewer);
      assert.equal(r.status, status, `${viewer} → ${officer} ${what}: ${JSON.stringify(r.data)}`);
      if (status === 403) assert.equal(r.data.error.code, 'not_your_officer');
    }
  }
  assert.equal((await get(`/api/v1/officers/nobody/figures?${MARCH}`, 'tinh')).status, 404);
  // the table: heads, leaders and the province only
  assert.equal((await get(`/api/v1/officers/figures?${MARCH}`, 'hotich1')).status, 403);
});

test('the table: a head sees his unit, a leader his agency, the province any agency', async () => {
  let r = await get(`/api/v1/officers/figures?${MARCH}`, 'truongvp');
  assert.equal(r.status, 200);
  const names = (d) => d.items.map((i) => i.username);
  assert.ok(names(r.data).includes('hotich1'));
  assert.ok(!names(r.data).includes('diachinh1'));
  assert.ok(r.data.items.every((i) => i.unit.code === 'VP'));
  assert.equal(r.data.items.find((i) => i.username === 'hotich1').figures.steps.on_time_rate, 90);
  r = await get(`/api/v1/officers/figures?${MARCH}&unit=KT`, 'truongvp');
  assert.equal(r.status, 403);
  assert.equal(r.data.error.code, 'not_your_unit');

  r = await get(`/api/v1/officers/figures?${MARCH}`, 'chutich');
  assert.ok(names(r.data).includes('hotich1') && names(r.data).includes('diachinh1') && names(r.data).includes('tiepnhan1'));
  assert.ok(!names(r.data).includes('hoiandong.hotich'));
  r = await get(`/api/v1/officers/figures?${MARCH}&unit=KT`, 'chutich');
  assert.deepEqual(names(r.data), names(r.data).filter((n) => ['diachinh1', 'truongkt'].includes(n)));
  assert.ok(names(r.data).includes('diachinh1'));
  r = await get(`/api/v1/officers/figures?${MARCH}&agency=HOIANDONG`, 'chutich');
  assert.equal(r.status, 403);

  r = await get(`/api/v1/officers/figures?${MARCH}&agency=HOIANDONG`, 'tinh');
  assert.equal(r.status, 200);
  assert.ok(names(r.data).includes('hoiandong.hotich'));
  assert.ok(!names(r.data).includes('hotich1'));
});

async function exportLines(query, who) {
  const res = await srv.fetch('/api/v1/exports/dossiers?' + query, { headers: { Cookie: users[who].cookie } });
  const text = await res.text();
  return { status: res.status, headers: res.headers, text, lines: res.status === 200 ? text.split('\n').filter(Boolean).map((l) => JSON.parse(l)) : null };
}

test('the export: the portal\'s fields for dossiers with known dates and channels, as JSON lines', async () => {
  const r = await exportLines(MARCH, 'chutich');
  assert.equal(r.status, 200);
  assert.match(r.headers.get('content-type'), /^application\/x-ndjson/);
  assert.match(r.headers.get('content-disposition'), /hoso-20260301-20260331\.jsonl/);
  assert.ok(r.text.endsWith('\n'));
  assert.equal(r.lines.length, 10);
  const byCode = Object.fromEntries(r.lines.map((l) => [l.MaHoSo, l]));
  const first = byCode['HOIAN-260303-9001'];
  assert.equal(first.MaTTHC, '1.004873');
  assert.equal(first.KenhThucHien, 2);
  assert.equal(first.NgayTiepNhan, '20260303080000');
  assert.equal(first.NgayHenTra, '20260310170000');
  assert.equal(first.NgayKetThucXuLy, '20260309100000');
  assert.equal(first.NgayTraKetQua, '20260309140000');
  assert.equal(first.TrangThaiHoSo, 'Đã trả kết quả');
  assert.equal(first.ThoiGianGiaiQuyet, 5);
  assert.equal(first.DonViTinh, 'Ngày làm việc');
  assert.equal(byCode['HOIAN-260303-9005'].KenhThucHien, 3);
  assert.equal(byCode['HOIAN-260303-9006'].KenhThucHien, 1);
  assert.equal(byCode['HOIAN-260303-9006'].NgayKetThucXuLy, null);
  assert.equal(byCode['HOIAN-260303-9006'].TrangThaiHoSo, 'Đang xử lý');
  assert.ok(!r.text.includes('Phạm Thị') && !r.text.includes('pham thi'), 'no personal data');

  // the same lines from the command line
  // (read whole: lib/server.mjs's cli() decodes chunk by chunk, which may
  // split a Vietnamese letter between two chunks)
  const c = await execFileP(BIN, ['export', '--db', db, '--from', '2026-03-01', '--to', '2026-03-31']);
  assert.equal(c.stdout, r.text);
  assert.match(c.stderr, /10 dossiers/);
  const bad = await cli(['export', '--db', db, '--from', '2026-03-31', '--to', '2026-03-01']);
  assert.equal(bad.code, 2);
});

test('the export: leaders their agency, the province any, administrators their own; others 403', async () => {
  assert.equal((await exportLines(MARCH, 'admin')).lines.length, 10);
  assert.equal((await exportLines(MARCH + '&agency=HOIANDONG', 'tinh')).lines.length, 0);
  assert.equal((await exportLines(MARCH, 'tinh')).lines.length, 10);
  const other = await exportLines(MARCH + '&agency=HOIANDONG', 'chutich');
  assert.equal(other.status, 403);
  assert.equal((await exportLines(MARCH, 'hoiandong.chutich')).lines.length, 0);
  for (const who of ['hotich1', 'tiepnhan1', 'truongvp']) assert.equal((await exportLines(MARCH, who)).status, 403, who);
  assert.equal((await exportLines('from=2026-03-01&to=2026-02-01', 'chutich')).status, 422);
});

test('a dossier received and handed over through the API shows in the figures and the export', async () => {
  await srv.json('PUT', '/api/v1/_test/now', { now: '2026-04-06T08:00:00+07:00' });
  const p = await srv.json('GET', '/api/v1/procedures/1.004873');
  const documents = p.data.documents.filter((d) => d.mandatory).map((d) => ({ id: d.id, form: d.form, count: 1 }));
  const applicant = { kind: 'person', name: 'Võ Văn Thật', id_number: '048085009999', phone: '0905 999 888', address: 'Hội An' };
  const made = await srv.json('POST', '/api/v1/dossiers', { procedure: '1.004873', applicant, channel: 'counter', return_method: 'counter', documents }, users.tiepnhan1);
  assert.equal(made.status, 201, JSON.stringify(made.data));
  const code = made.data.code;
  const act = (body, who) => srv.json('POST', `/api/v1/dossiers/${encodeURIComponent(code)}/actions`, body, users[who]);
  await srv.json('PUT', '/api/v1/_test/now', { now: '2026-04-06T09:00:00+07:00' });
  let r = await act({ action: 'forward' }, 'tiepnhan1');
  assert.equal(r.status, 200, JSON.stringify(r.data));
  await srv.json('PUT', '/api/v1/_test/now', { now: '2026-04-06T10:30:00+07:00' });
  r = await act({ action: 'forward', to: 'chutich' }, 'hotich1');
  assert.equal(r.status, 200, JSON.stringify(r.data));

  const APRIL = 'from=2026-04-01&to=2026-04-30';
  r = await get(`/api/v1/officers/me/figures?${APRIL}`, 'hotich1');
  assert.equal(r.data.figures.steps.handled, 1);
  assert.equal(r.data.figures.steps.avg_hours, 1.5); // 09:00 → 10:30
  assert.equal(r.data.figures.steps.on_time_rate, null);
  r = await get(`/api/v1/officers/hotich1/dossiers?${APRIL}&kind=handled`, 'hotich1');
  assert.deepEqual(r.data.items.map((i) => i.code), [code]);
  r = await get(`/api/v1/officers/me/figures?${APRIL}`, 'tiepnhan1');
  assert.equal(r.data.figures.dossiers.received, 1);
  assert.equal(r.data.figures.steps.handled, 1); // the reception step

  const x = await exportLines(APRIL, 'chutich');
  assert.equal(x.lines.length, 1);
  assert.equal(x.lines[0].MaHoSo, code);
  assert.equal(x.lines[0].KenhThucHien, 1);
  assert.equal(x.lines[0].NgayTiepNhan, '20260406080000');
  assert.equal(x.lines[0].NgayHenTra, made.data.due_at.replace(/[-T:]/g, '').slice(0, 14));
  assert.ok(!x.text.includes('Võ Văn') && !x.text.includes('048085009999'));
});

test('the nightly rollup (motcua report rollup) changes no figure of the officers nor the breakdowns by unit and officer', async () => {
  // now 6 April 10:30: the rollup holds the days up to 5 April, today is read live
  await srv.json('PUT', '/api/v1/_test/now', { now: '2026-04-06T10:30:00+07:00' });
  const periods = [MARCH, 'from=2026-04-01&to=2026-04-30', 'from=2026-03-04&to=2026-04-06', 'from=2026-03-03&to=2026-03-03'];
  const paths = [];
  for (const q of periods) {
    paths.push([`/api/v1/officers/figures?${q}`, 'chutich']);
    for (const u of ['hotich1', 'diachinh1', 'tiepnhan1']) paths.push([`/api/v1/officers/${u}/figures?${q}`, 'chutich']);
    for (const by of ['unit', 'officer']) paths.push([`/api/v1/dashboard/breakdown?by=${by}&${q}`, 'chutich']);
  }
  const before = [];
  for (const [p, who] of paths) {
    const r = await get(p, who);
    assert.equal(r.status, 200, `${p}: ${JSON.stringify(r.data)}`);
    before.push(r.data);
  }
  // the March figures are not empty (else the comparison would prove nothing)
  assert.equal(before[1].figures.steps.handled, 10);
  assert.ok(before[4].items.length > 0);
  const r = await cli(['report', 'rollup', '--db', srv.db], { env: { MOTCUA_FAKE_NOW: String(at(2026, 4, 6, 10, 30)) } });
  assert.equal(r.code, 0, r.stderr);
  const out = JSON.parse(r.stdout);
  assert.equal(out.through, '2026-04-06');
  assert.ok(out.step_rows > 0);
  for (const [i, [p, who]] of paths.entries()) {
    const after = await get(p, who);
    assert.deepEqual(after.data, before[i], p);
  }
});
