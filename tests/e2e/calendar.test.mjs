// `motcua calendar`: the JSON contracts of lunar, solar, holidays and due,
// exit statuses, and --db errors. Expected values as in
// tests/unit/test_*.c (DOMAIN.md §5, worked by hand).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cli } from '../lib/server.mjs';

async function json(args) {
  const r = await cli(['calendar', ...args]);
  assert.equal(r.code, 0, `${args.join(' ')}: ${r.stderr}`);
  const lines = r.stdout.trim().split('\n');
  assert.equal(lines.length, 1, 'one JSON object on one line');
  return JSON.parse(lines[0]);
}

test('calendar lunar: solar date → Vietnamese lunar date', async () => {
  assert.deepEqual(await json(['lunar', '2007-02-17']), { year: 2007, month: 1, day: 1, leap: false });
  assert.deepEqual(await json(['lunar', '1985-01-21']), { year: 1985, month: 1, day: 1, leap: false });
  assert.deepEqual(await json(['lunar', '2023-03-22']), { year: 2023, month: 2, day: 1, leap: true });
  assert.deepEqual(await json(['lunar', '2026-02-16']), { year: 2025, month: 12, day: 29, leap: false });
  assert.equal((await cli(['calendar', 'lunar', '2026-02-30'])).code, 2);
  assert.equal((await cli(['calendar', 'lunar', '2300-01-01'])).code, 1);
});

test('calendar solar: lunar date → solar date', async () => {
  assert.deepEqual(await json(['solar', '2007-01-01']), { date: '2007-02-17' });
  assert.deepEqual(await json(['solar', '2023-02-01', '--leap']), { date: '2023-03-22' });
  assert.deepEqual(await json(['solar', '2023-02-01']), { date: '2023-02-20' });
  assert.deepEqual(await json(['solar', '2026-03-10']), { date: '2026-04-26' });
  assert.deepEqual(await json(['solar', '2024-01-01']), { date: '2024-02-10' });
  // no leap 4th month in 2024; no 30th day in 2023's first month
  assert.equal((await cli(['calendar', 'solar', '2024-04-01', '--leap'])).code, 1);
  assert.equal((await cli(['calendar', 'solar', '2023-01-30'])).code, 1);
  assert.equal((await cli(['calendar', 'solar', 'tomorrow'])).code, 2);
});

test('calendar holidays: the decided 2026 schedule', async () => {
  const h = await json(['holidays', '2026']);
  assert.equal(h.year, 2026);
  assert.deepEqual(h.days_off.map((d) => d.date), [
    '2026-01-01', '2026-01-02',
    '2026-02-16', '2026-02-17', '2026-02-18', '2026-02-19', '2026-02-20',
    '2026-04-26', '2026-04-27', '2026-04-30', '2026-05-01',
    '2026-08-31', '2026-09-01', '2026-09-02', '2026-11-24',
  ]);
  assert.deepEqual(h.working_days.map((d) => d.date), ['2026-01-10', '2026-08-22']);
  assert.equal(h.days_off[0].name, 'Tết Dương lịch');
  assert.equal(h.days_off[2].name, 'Tết Nguyên đán');
  assert.equal(h.days_off[7].name, 'Giỗ Tổ Hùng Vương');
  for (const d of [...h.days_off, ...h.working_days]) assert.deepEqual(Object.keys(d), ['date', 'name']);
});

test('24 November, Ngày Văn hóa Việt Nam: a day off from 2026 (Resolution 28/2026/QH16), not before', async () => {
  const name = 'Ngày Văn hóa Việt Nam';
  assert.ok(!(await json(['holidays', '2025'])).days_off.some((d) => d.date === '2025-11-24'));
  for (const y of [2026, 2027]) {
    assert.ok((await json(['holidays', String(y)])).days_off.some((d) => d.date === `${y}-11-24` && d.name === name), y);
  }
  // 24/11/2029 is a Saturday: the compensatory Monday 26, as for the other fixed holidays
  assert.ok((await json(['holidays', '2029'])).days_off.some((d) => d.date === '2029-11-26'));
  assert.deepEqual(await json(['due', '--from', '2026-11-23T09:00', '--days', '3']),
    { start: '2026-11-23T09:00', due: '2026-11-27T09:00' });
  assert.deepEqual(await json(['due', '--from', '2025-11-21T09:00', '--days', '2']),
    { start: '2025-11-21T09:00', due: '2025-11-25T09:00' });
});

test('calendar holidays: 2025, and computed defaults for 2027', async () => {
  const a = await json(['holidays', '2025']);
  assert.equal(a.days_off.length, 12);
  assert.deepEqual(a.working_days, [{ date: '2025-04-26', name: 'Làm bù ngày 02/05/2025' }]);
  const b = await json(['holidays', '2027']);
  assert.deepEqual(b.days_off.slice(1, 8).map((d) => d.date), [
    '2027-02-05', '2027-02-06', '2027-02-07', '2027-02-08', '2027-02-09', '2027-02-10', '2027-02-11',
  ]);
  assert.deepEqual(b.working_days, []);
  assert.equal((await cli(['calendar', 'holidays', '1850'])).code, 1);
  assert.equal((await cli(['calendar', 'holidays', 'next'])).code, 2);
});

test('calendar due: working days, hours, fractions, same day, cut-off', async () => {
  const due = (args) => json(['due', ...args]);
  assert.deepEqual(await due(['--from', '2026-03-02T09:00', '--days', '3']),
    { start: '2026-03-02T09:00', due: '2026-03-05T09:00' });
  assert.deepEqual(await due(['--from', '2026-03-02T16:00', '--days', '1']),
    { start: '2026-03-03T07:30', due: '2026-03-03T17:00' });
  assert.deepEqual(await due(['--from', '2026-03-02T09:00', '--days', '0.5']),
    { start: '2026-03-02T09:00', due: '2026-03-02T14:30' });
  assert.deepEqual(await due(['--from', '2026-03-02T10:00', '--hours', '4']),
    { start: '2026-03-02T10:00', due: '2026-03-02T15:30' });
  assert.deepEqual(await due(['--from', '2026-03-02T12:00', '--same-day']),
    { start: '2026-03-02T13:00', due: '2026-03-02T17:00' });
  assert.deepEqual(await due(['--from', '2026-03-02T15:30', '--same-day']),
    { start: '2026-03-03T07:30', due: '2026-03-03T17:00' });
  // across Tết 2026 and across the make-up Saturday of 10 Jan 2026
  assert.deepEqual(await due(['--from', '2026-02-13T10:00', '--days', '3']),
    { start: '2026-02-13T10:00', due: '2026-02-25T10:00' });
  assert.deepEqual(await due(['--from', '2026-01-09T16:00', '--days', '1']),
    { start: '2026-01-10T07:30', due: '2026-01-10T17:00' });
  // options: other hours, no cut-off, calendar days
  assert.deepEqual(await due(['--from', '2026-03-02T16:00', '--days', '1', '--cutoff', 'none']),
    { start: '2026-03-02T16:00', due: '2026-03-03T16:00' });
  assert.deepEqual(await due(['--from', '2026-03-02T09:00', '--days', '1', '--hours-spec', '08:00-12:00']),
    { start: '2026-03-02T09:00', due: '2026-03-03T09:00' });
  assert.deepEqual(await due(['--from', '2026-03-04T09:00', '--calendar-days', '10']),
    { start: '2026-03-04T09:00', due: '2026-03-16T17:00' });
});

test('calendar due: usage errors exit 2, a missing --db database exits 1', async () => {
  for (const args of [
    ['due', '--days', '3'],
    ['due', '--from', '2026-03-02T09:00'],
    ['due', '--from', '2026-03-02T09:00', '--days', '3', '--hours', '2'],
    ['due', '--from', '2026-03-02', '--days', '3'],
    ['due', '--from', '2026-03-02T09:00', '--days', '-1'],
    ['due', '--from', '2026-03-02T09:00', '--days', '1.2345'],
    ['due', '--from', '2026-03-02T09:00', '--calendar-days', '1.5'],
    ['due', '--from', '2026-03-02T09:00', '--days', '1', '--hours-spec', '17:00-08:00'],
    ['frobnicate'],
    ['affected', '--date', '2026-11-24'],
    ['affected', '--db', '/nonexistent/motcua.db'],
    ['affected', '--db', '/nonexistent/motcua.db', '--date', '24/11/2026'],
    [],
  ]) {
    const r = await cli(['calendar', ...args]);
    assert.equal(r.code, 2, args.join(' '));
    assert.match(r.stderr, /usage: motcua calendar/);
  }
  // --db itself is covered by e2e/calendar-api.test.mjs; a missing file is an error
  for (const args of [['holidays', '2026', '--db', '/nonexistent/motcua.db'],
    ['due', '--from', '2026-03-02T09:00', '--days', '1', '--db', '/nonexistent/motcua.db'],
    ['affected', '--db', '/nonexistent/motcua.db', '--date', '2026-11-24']]) {
    const r = await cli(['calendar', ...args]);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /^calendar: .*\n$/);
    assert.equal(r.stdout, '');
  }
  const h = await cli(['calendar', '--help']);
  assert.equal(h.code, 0);
  assert.match(h.stdout, /usage: motcua calendar/);
});
