// The calendar API (docs/CALENDAR.md §5): the public year, the administrator's
// days off and make-up days, CSV import/export, the rules, the database
// precedence seen through `motcua calendar … --db`, the audit, and the rule
// that a change never moves an appointment already promised.
//
// Dossiers are taken in through the API (a test clock puts their
// appointments on 1 and 2 December 2026); the store is read through the API
// and `motcua audit` / `motcua centre`, never with an engine's own tool.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { rm } from 'node:fs/promises';
import { startServer, freshDb, cli } from '../lib/server.mjs';

let dir, db, srv, admin, clerk;
const dossiers = {}; // name → the intake's answer {code, due_at, …}

// 1.004873 takes 3 working days: in on Thursday 26 Nov 09:00, due Tuesday 1 Dec 09:00
async function intakeAt(now) {
  assert.equal((await srv.json('PUT', '/api/v1/_test/now', { now })).status, 200);
  const p = await srv.json('GET', '/api/v1/procedures/1.004873');
  const documents = p.data.documents.filter((d) => d.mandatory).map((d) => ({ id: d.id, count: 1 }));
  const applicant = { kind: 'person', name: 'Nguyễn Văn An', id_number: '048085001234', phone: '0905 123 456',
    address: '1 Lê Lợi, Hội An' };
  const r = await srv.json('POST', '/api/v1/dossiers', { procedure: '1.004873', applicant, channel: 'counter',
    return_method: 'counter', documents }, clerk);
  assert.equal(r.status, 201, JSON.stringify(r.data));
  return r.data;
}
async function act(code, body, who) {
  const r = await srv.json('POST', `/api/v1/dossiers/${code}/actions`, body, who);
  assert.equal(r.status, 200, JSON.stringify(r.data));
}

before(async () => {
  ({ dir, db } = await freshDb());
  srv = await startServer({ db, env: { MOTCUA_TEST_CLOCK: '1' } });
  admin = await srv.login('admin');
  clerk = await srv.login('tiepnhan1');
  const specialist = await srv.login('hotich1');
  dossiers.processing = await intakeAt('2026-11-26T09:00:00+07:00');
  await act(dossiers.processing.code, { action: 'forward' }, clerk);
  dossiers.supplement = await intakeAt('2026-11-26T08:00:00+07:00'); // due at 08:00
  await act(dossiers.supplement.code, { action: 'forward' }, clerk);
  await act(dossiers.supplement.code, { action: 'request_supplement',
    reason: 'Thiếu bản sao giấy khai sinh của người con', items: ['Bản sao'] }, specialist);
  dossiers.withdrawn = await intakeAt('2026-11-26T09:00:00+07:00'); // closed: not counted
  await act(dossiers.withdrawn.code, { action: 'withdraw',
    reason: 'Công dân xin rút hồ sơ vì không cần kết quả nữa' }, clerk);
  dossiers.next = await intakeAt('2026-11-27T09:00:00+07:00'); // another day
  for (const k of ['processing', 'supplement', 'withdrawn']) assert.match(dossiers[k].due_at, /^2026-12-01T/, k);
  assert.match(dossiers.next.due_at, /^2026-12-02T/);
});
after(async () => {
  await srv?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

const year = async (y) => {
  const r = await srv.json('GET', `/api/v1/calendar/${y}`);
  assert.equal(r.status, 200, JSON.stringify(r.data));
  return r.data;
};
const dayOf = (data, date) => data.days.find((d) => d.date === date);
const putDay = (date, body, who = admin) => srv.json('PUT', `/api/v1/calendar/days/${date}`, body, who);
const importCsv = async (y, text, who = admin) => {
  const res = await srv.fetch(`/api/v1/calendar/${y}/import`, {
    method: 'POST',
    headers: { 'Content-Type': 'text/csv; charset=utf-8', Cookie: who.cookie, 'X-CSRF-Token': who.csrf },
    body: text,
  });
  return { status: res.status, data: await res.json() };
};
const exportCsv = async (y, who = admin) => {
  const res = await srv.fetch(`/api/v1/calendar/${y}/export`, { headers: { Cookie: who.cookie } });
  assert.equal(res.status, 200);
  assert.match(res.headers.get('content-type'), /^text\/csv/);
  assert.match(res.headers.get('content-disposition'), /lich-nghi-\d{4}\.csv/);
  return res.text();
};
async function cliJson(args) {
  const r = await cli(['calendar', ...args]);
  assert.equal(r.code, 0, r.stderr);
  return JSON.parse(r.stdout);
}
/** The calendar's audit records, oldest first, through `motcua audit`. */
async function audit(args = []) {
  const r = await cli(['audit', '--db', db, '--entity', 'calendar', '--limit', '100000', ...args]);
  assert.equal(r.code, 0, r.stderr);
  return JSON.parse(r.stdout).entries;
}
const auditRows = async (entityId) => (await audit(['--id', entityId])).map((e) => `${e.action}|${e.actor}`);
async function centre(args) {
  const r = await cli(['centre', '--db', db, ...args]);
  assert.equal(r.code, 0, r.stderr);
  return JSON.parse(r.stdout);
}

test('public year: 2026 Tết 16–20 Feb, the swap Saturdays, lunar dates, hours', async () => {
  const res = await fetch(srv.url + '/api/v1/calendar/2026'); // no session
  assert.equal(res.status, 200);
  const y = await res.json();
  assert.equal(y.year, 2026);
  assert.equal(y.source, 'shipped');
  assert.equal(y.work_periods, '07:30-11:30,13:00-17:00');
  assert.equal(y.cutoff, '15:00');
  assert.equal(y.days.length, 365);
  for (const d of ['2026-02-16', '2026-02-17', '2026-02-18', '2026-02-19', '2026-02-20']) {
    assert.equal(dayOf(y, d).working, false, d);
    assert.equal(dayOf(y, d).kind, 'off');
    assert.equal(dayOf(y, d).name, 'Tết Nguyên đán');
  }
  assert.deepEqual(dayOf(y, '2026-02-17').lunar, { day: 1, month: 1, year: 2026, leap: false });
  assert.deepEqual(dayOf(y, '2026-02-16').lunar, { day: 29, month: 12, year: 2025, leap: false });
  for (const d of ['2026-01-10', '2026-08-22']) {
    assert.equal(dayOf(y, d).working, true, d);
    assert.equal(dayOf(y, d).kind, 'work');
  }
  assert.equal(dayOf(y, '2026-02-14').working, false); // an ordinary Saturday
  assert.equal(dayOf(y, '2026-02-14').kind, undefined);
  assert.equal(dayOf(y, '2026-02-23').working, true);
  const tet = y.entries.find((e) => e.date === '2026-02-17');
  assert.deepEqual(tet, { date: '2026-02-17', kind: 'off', name: 'Tết Nguyên đán', decision: '9441/TB-BNV',
    reason: 'Tết Bính Ngọ: nghỉ 14/02–22/02/2026', default: false });
  // 2023 has a leap 2nd month from 22 Mar; a default year says so
  const y23 = await year(2023);
  assert.deepEqual(dayOf(y23, '2023-03-22').lunar, { day: 1, month: 2, year: 2023, leap: true });
  const y27 = await year(2027);
  assert.equal(y27.source, 'default');
  assert.ok(y27.entries.every((e) => e.default === true));
  for (const bad of ['20x6', '1899', '2200', '026']) {
    const r = await srv.json('GET', `/api/v1/calendar/${bad}`);
    assert.equal(r.status, 422, bad);
    assert.equal(r.data.error.field, 'year');
  }
});

test('only an administrator changes the calendar: others get 403, nobody 401', async () => {
  const body = { kind: 'off', name: 'Thử' };
  assert.equal((await putDay('2026-12-01', body, clerk)).status, 403);
  assert.equal((await putDay('2026-12-01', body, {})).status, 401);
  assert.equal((await srv.json('DELETE', '/api/v1/calendar/days/2026-01-01', undefined, clerk)).status, 403);
  assert.equal((await importCsv(2026, 'date,kind,name\n2026-01-01,off,x\n', clerk)).status, 403);
  assert.equal((await srv.json('PUT', '/api/v1/calendar/rules', { rules: [] }, clerk)).status, 403);
  // reading is for any staff member
  assert.equal((await srv.json('GET', '/api/v1/calendar/rules', undefined, clerk)).status, 200);
  assert.ok((await exportCsv(2026, clerk)).includes('2026-02-17,off,Tết Nguyên đán'));
  assert.equal((await year(2026)).source, 'shipped');
});

test('invalid date, kind, work on a weekday, missing name → 422 naming the field', async () => {
  const cases = [
    ['2026-02-30', { kind: 'off', name: 'x' }, 'date'],
    ['2026-1-5', { kind: 'off', name: 'x' }, 'date'],
    ['1899-12-31', { kind: 'off', name: 'x' }, 'date'],
    ['2026-12-05', { kind: 'holiday', name: 'x' }, 'kind'],
    ['2026-12-05', { name: 'x' }, 'kind'],
    ['2026-12-02', { kind: 'work', name: 'Làm bù' }, 'kind'], // a Wednesday
    ['2026-12-05', { kind: 'off' }, 'name'],
    ['2026-12-05', { kind: 'off', name: 'x'.repeat(101) }, 'name'],
  ];
  for (const [date, body, field] of cases) {
    const r = await putDay(date, body);
    assert.equal(r.status, 422, `${date} ${JSON.stringify(body)}: ${JSON.stringify(r.data)}`);
    assert.equal(r.data.error.field, field);
    assert.ok(r.data.error.message.length > 0);
  }
  const en = await srv.json('PUT', '/api/v1/calendar/days/2026-12-02', { kind: 'work', name: 'x' }, admin,
    { 'Accept-Language': 'en' });
  assert.match(en.data.error.message, /Saturday or a Sunday/);
  const vi = await putDay('2026-12-02', { kind: 'work', name: 'x' });
  assert.match(vi.data.error.message, /thứ Bảy hoặc Chủ nhật/);
  // removing an ordinary day: nothing to remove
  assert.equal((await srv.json('DELETE', '/api/v1/calendar/days/2026-12-03', undefined, admin)).status, 404);
  assert.equal((await year(2026)).source, 'shipped');
  assert.deepEqual(await auditRows('2026-12-02'), []);
});

test('admin adds 1 Dec 2026 as a day off: API, CLI --db, audit, promised appointments', async () => {
  const r = await putDay('2026-12-01', {
    kind: 'off', name: 'Ngày nghỉ thêm', decision: 'QĐ 9/2026', reason: 'Quyết định 9/2026',
  });
  assert.equal(r.status, 200, JSON.stringify(r.data));
  assert.equal(r.data.date, '2026-12-01');
  assert.equal(r.data.working, false);
  assert.equal(r.data.entry.name, 'Ngày nghỉ thêm');
  // two open dossiers are due that day (one at 10:00); the returned one and the 25th are not counted
  assert.equal(r.data.affected_dossiers, 2);

  const y = await year(2026);
  assert.equal(y.source, 'database');
  assert.deepEqual(dayOf(y, '2026-12-01'), { date: '2026-12-01', lunar: { day: 23, month: 10, year: 2026, leap: false },
    working: false, kind: 'off', name: 'Ngày nghỉ thêm' });
  // the first edit copied the shipped year: Tết is still there
  assert.equal(dayOf(y, '2026-02-17').working, false);
  assert.equal(y.entries.length, 18);

  // the command line reads the same decisions from the database
  const h = await cliJson(['holidays', '2026', '--db', db]);
  assert.ok(h.days_off.some((d) => d.date === '2026-12-01' && d.name === 'Ngày nghỉ thêm'));
  assert.ok(h.days_off.some((d) => d.date === '2026-02-17'));
  const shipped = await cliJson(['holidays', '2026']);
  assert.ok(!shipped.days_off.some((d) => d.date === '2026-12-01'));
  const args = ['due', '--from', '2026-11-30T09:00', '--days', '2'];
  assert.deepEqual(await cliJson(args), { start: '2026-11-30T09:00', due: '2026-12-02T09:00' });
  assert.deepEqual(await cliJson([...args, '--db', db]), { start: '2026-11-30T09:00', due: '2026-12-03T09:00' });
  // --db also takes the home agency's hours and cut-off (set with `motcua centre`)
  const hours = await centre(['--hours', '08:00-12:00,13:30-17:30', '--cutoff', '16:00']);
  assert.equal(hours.work_periods, '08:00-12:00,13:30-17:30');
  assert.equal(hours.cutoff, '16:00');
  assert.deepEqual(await cliJson(['due', '--from', '2026-11-30T15:30', '--days', '1', '--db', db]),
    { start: '2026-11-30T15:30', due: '2026-12-02T15:30' });
  assert.deepEqual(await cliJson(['due', '--from', '2026-11-30T15:30', '--days', '1', '--db', db, '--cutoff', '15:00']),
    { start: '2026-12-02T08:00', due: '2026-12-02T17:30' });
  await centre(['--hours', '07:30-11:30,13:00-17:00', '--cutoff', '15:00']);

  // audited, in the same transaction as the change
  assert.deepEqual(await auditRows('2026-12-01'), ['calendar.day_set|admin']);
  const [record] = await audit(['--id', '2026-12-01']);
  assert.equal(record.after.decision, 'QĐ 9/2026');
  assert.equal(record.after.name, 'Ngày nghỉ thêm');

  // the appointments already promised are not moved
  for (const k of ['processing', 'supplement']) {
    const d = await srv.json('GET', '/api/v1/dossiers/' + dossiers[k].code, undefined, clerk);
    assert.equal(d.status, 200);
    assert.equal(d.data.due_at, dossiers[k].due_at, k);
    assert.equal(d.data.original_due_at, dossiers[k].due_at, k);
  }

  // changing the same day again: a new name, still one day off
  const r2 = await putDay('2026-12-01', { kind: 'off', name: 'Ngày nghỉ thêm (sửa)' });
  assert.equal(r2.status, 200);
  assert.equal(r2.data.entry.decision, '');
  assert.equal((await year(2026)).entries.length, 18);
});

test('a make-up Saturday through the API, then removed again', async () => {
  const r = await putDay('2026-12-05', { kind: 'work', name: 'Làm bù', decision: 'QĐ 1/2026' });
  assert.equal(r.status, 200, JSON.stringify(r.data));
  assert.equal(r.data.working, true);
  assert.equal(dayOf(await year(2026), '2026-12-05').working, true);
  const d = await srv.json('DELETE', '/api/v1/calendar/days/2026-12-05', undefined, admin);
  assert.equal(d.status, 200);
  assert.equal(d.data.entry, null);
  assert.equal(d.data.working, false);
  assert.equal(d.data.affected_dossiers, 0);
  assert.equal(dayOf(await year(2026), '2026-12-05').working, false);
  assert.deepEqual(await auditRows('2026-12-05'), ['calendar.day_set|admin', 'calendar.day_remove|admin']);
});

test('a year emptied by its last removal falls back to the defaults, and is copied again on the next edit', async () => {
  const r = await importCsv(2030, 'date,kind,name,decision,reason\n2030-06-01,off,Nghỉ thử,,\n');
  assert.equal(r.status, 200, JSON.stringify(r.data));
  assert.deepEqual((await year(2030)).entries.map((e) => e.date), ['2030-06-01']);
  const d = await srv.json('DELETE', '/api/v1/calendar/days/2030-06-01', undefined, admin);
  assert.equal(d.status, 200);
  const empty = await year(2030);
  assert.equal(empty.source, 'default'); // listed in the database, no rows: the defaults
  const defaults = empty.entries.map((e) => e.date);
  assert.ok(defaults.includes('2030-01-01'));
  assert.ok(empty.entries.every((e) => e.default));
  const p = await putDay('2030-06-03', { kind: 'off', name: 'Nghỉ thử' });
  assert.equal(p.status, 200);
  const after = await year(2030);
  assert.equal(after.source, 'database');
  assert.deepEqual(after.entries.map((e) => e.date), [...defaults, '2030-06-03'].sort());
  assert.ok(after.entries.every((e) => !e.default));
});

test('import with a bad line is refused, naming the line, and changes nothing', async () => {
  const before = await year(2026);
  const auditBefore = (await audit()).length;
  const bad = [
    ['date,kind,name,decision,reason\n2026-01-01,off,Tết Dương lịch,,\n2026-01-02,of,Nghỉ,,\n', 'line 3', /off|work/],
    ['date,kind,name,decision,reason\n2026-01-01,off,Tết Dương lịch,,\n2026-01-06,work,Làm bù,,\n', 'line 3', /thứ Bảy/],
    ['# comment\ndate,kind,name,decision,reason\n2026-01-01,off,A,,\n2026-01-01,off,B,,\n', 'line 4', /hai lần/],
    ['date,kind,name,decision,reason\n2026-01-01,off,A,,\n2027-01-01,off,B,,\n', 'line 3', /năm/],
    ['date,kind,name,decision,reason\n2026-01-01,off,A\n', 'line 2', /cột|ô/],
    ['date,kind,name,decision,reason\n2026-02-31,off,A,,\n', 'line 2', /Ngày không hợp lệ/],
  ];
  for (const [csv, field, msg] of bad) {
    const r = await importCsv(2026, csv);
    assert.equal(r.status, 422, csv + JSON.stringify(r.data));
    assert.equal(r.data.error.field, field, csv);
    assert.match(r.data.error.message, msg);
  }
  const empty = await importCsv(2026, 'date,kind,name,decision,reason\n');
  assert.equal(empty.status, 422);
  const json = await srv.json('POST', '/api/v1/calendar/2026/import', { a: 1 }, admin);
  assert.equal(json.status, 415);
  assert.deepEqual(await year(2026), before);
  assert.equal((await audit()).length, auditBefore);
});

test('export → import round trip, and importing a new year', async () => {
  const before = await year(2026);
  const csv = await exportCsv(2026);
  assert.ok(csv.startsWith('\uFEFFdate,kind,name,decision,reason\n') || csv.startsWith('date,kind,name,decision,reason\n'));
  assert.ok(csv.includes('2026-12-01,off,Ngày nghỉ thêm (sửa)'));
  const r = await importCsv(2026, csv);
  assert.equal(r.status, 200, JSON.stringify(r.data));
  assert.deepEqual(r.data, { year: 2026, days: 18, affected_dossiers: 0 });
  assert.deepEqual(await year(2026), before);
  assert.deepEqual(await auditRows('2026'), ['calendar.import|admin']);

  // 2027 decided by import: exactly its rows (the defaults no longer apply)
  const r27 = await importCsv(2027,
    'date,kind,name,decision,reason\r\n2027-01-01,off,Tết Dương lịch,1/TB,"Nghỉ, theo ""thông báo"""\r\n2027-01-09,work,Làm bù,1/TB,\r\n');
  assert.equal(r27.status, 200, JSON.stringify(r27.data));
  const y27 = await year(2027);
  assert.equal(y27.source, 'database');
  assert.deepEqual(y27.entries.map((e) => e.date), ['2027-01-01', '2027-01-09']);
  assert.equal(y27.entries[0].reason, 'Nghỉ, theo "thông báo"');
  assert.equal(dayOf(y27, '2027-02-08').working, true); // no default Tết: as decided (on purpose here)
  const back = await importCsv(2027, await exportCsv(2027));
  assert.equal(back.status, 200);
  assert.deepEqual(await year(2027), y27);
});

test('rules: read, replace (a new kind of holiday without code), back to the shipped ones', async () => {
  const g = await srv.json('GET', '/api/v1/calendar/rules', undefined, admin);
  assert.equal(g.status, 200);
  assert.equal(g.data.source, 'shipped');
  assert.ok(g.data.rules.some((r) => r.calendar === 'lunar' && r.month === 3 && r.day === 10));
  const before2029 = await year(2029);
  assert.ok(!before2029.entries.some((e) => e.date === '2029-06-02'));

  const rules = [...g.data.rules, { calendar: 'solar', month: 6, day: 2, first_year: 2027,
    name: 'Ngày thử', reason: 'Luật thử' }];
  const p = await srv.json('PUT', '/api/v1/calendar/rules', { rules }, admin);
  assert.equal(p.status, 200, JSON.stringify(p.data));
  assert.equal(p.data.source, 'database');
  assert.equal(p.data.rules.length, rules.length);
  const y29 = await year(2029); // 2 Jun 2029 is a Saturday: compensated on Monday 4
  assert.ok(y29.entries.some((e) => e.date === '2029-06-02' && e.name === 'Ngày thử'));
  assert.ok(y29.entries.some((e) => e.date === '2029-06-04' && e.name.startsWith('Nghỉ bù')));
  assert.equal(dayOf(y29, '2029-06-04').working, false);
  // a decided year is not touched by the rules
  assert.equal((await year(2026)).entries.length, 18);
  const h = await cliJson(['holidays', '2029', '--db', db]);
  assert.ok(h.days_off.some((d) => d.date === '2029-06-04'));
  assert.deepEqual(await auditRows('rules'), ['calendar.rules|admin']);

  for (const [rule, field] of [
    [{ calendar: 'solar', month: 2, day: 30, name: 'x' }, 'rules[0].day'],
    [{ calendar: 'lunar', month: 13, day: 1, name: 'x' }, 'rules[0].month'],
    [{ calendar: 'moon', month: 1, day: 1, name: 'x' }, 'rules[0].calendar'],
    [{ calendar: 'solar', month: 1, day: 1 }, 'rules[0].name'],
    [{ calendar: 'solar', month: 1, day: 1, name: 'x', first_year: 2030, last_year: 2029 }, 'rules[0].last_year'],
  ]) {
    const r = await srv.json('PUT', '/api/v1/calendar/rules', { rules: [rule] }, admin);
    assert.equal(r.status, 422, JSON.stringify(rule));
    assert.equal(r.data.error.field, field);
  }
  const reset = await srv.json('PUT', '/api/v1/calendar/rules', { rules: [] }, admin);
  assert.equal(reset.status, 200);
  assert.equal(reset.data.source, 'shipped');
  assert.deepEqual(await year(2029), before2029);
});

test('24 Nov 2026 loaded under a running centre: the appointments that counted it are listed, not moved', async () => {
  // the calendar as it was before the change (Resolution 28/2026/QH16): 24 Nov a working Tuesday
  const del = await srv.json('DELETE', '/api/v1/calendar/days/2026-11-24', undefined, admin);
  assert.equal(del.status, 200, JSON.stringify(del.data));
  assert.equal(del.data.working, true);
  // taken in on Friday 20 Nov 09:00, 3 working days: 23, 24, 25 → Wednesday 25 Nov 09:00
  const before24 = await intakeAt('2026-11-20T09:00:00+07:00');
  assert.equal(before24.due_at, '2026-11-25T09:00:00+07:00');
  // the change is loaded: 24 Nov is a day off again
  const put = await putDay('2026-11-24', { kind: 'off', name: 'Ngày Văn hóa Việt Nam', decision: '28/2026/QH16',
    reason: 'Bộ luật Lao động 2019, Điều 112(1) sửa đổi; hiệu lực 01/7/2026' });
  assert.equal(put.status, 200, JSON.stringify(put.data));
  assert.equal(put.data.working, false);
  // the staff's list: the dossier whose window spans the day, with its promised appointment
  const listed = await cliJson(['affected', '--db', db, '--date', '2026-11-24']);
  assert.equal(listed.date, '2026-11-24');
  assert.equal(listed.working, false);
  assert.equal(listed.name, 'Ngày Văn hóa Việt Nam');
  assert.deepEqual(listed.dossiers, [{ code: before24.code, status: 'received',
    clock_start: '2026-11-20T09:00:00+07:00', due_at: '2026-11-25T09:00:00+07:00' }]);
  // the dossiers received later (26–27 Nov) are not listed; the appointment is not recomputed
  const d = await srv.json('GET', '/api/v1/dossiers/' + before24.code, undefined, clerk);
  assert.equal(d.data.due_at, '2026-11-25T09:00:00+07:00');
  assert.equal(d.data.original_due_at, '2026-11-25T09:00:00+07:00');
  // a dossier taken in now skips the day: due Thursday 26 Nov
  const after24 = await intakeAt('2026-11-20T09:00:00+07:00');
  assert.equal(after24.due_at, '2026-11-26T09:00:00+07:00');
  // a working day, an empty database day
  const none = await cliJson(['affected', '--db', db, '--date', '2026-11-23']);
  assert.equal(none.working, true);
  assert.equal(none.name, null);
  assert.deepEqual((await cliJson(['affected', '--db', db, '--date', '2026-03-02'])).dossiers, []);
  // back to exactly the shipped row, for the restart below
  const back = await putDay('2026-11-24', { kind: 'off', name: 'Ngày Văn hóa Việt Nam', decision: '28/2026/QH16',
    reason: 'Bộ luật Lao động 2019, Điều 112(1) sửa đổi; hiệu lực 01/7/2026' });
  assert.equal(back.status, 200);
});

test('a restart loads the decisions from the database', async () => {
  const before = await year(2026);
  await srv.stop();
  srv = await startServer({ db });
  admin = await srv.login('admin');
  assert.deepEqual(await year(2026), before);
  assert.equal(dayOf(await year(2026), '2026-12-01').working, false);
});
