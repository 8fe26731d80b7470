// GET /api/v1/calendar/affected (docs/CALENDAR.md §6, docs/API.md): the
// open dossiers whose promised window spans a day off — 24 November 2026,
// Ngày Văn hóa Việt Nam (Resolution 28/2026/QH16) — listed for the staff,
// never recomputed, and without personal data.
//
// Dossiers are taken in through the API under the test clock: 1.004873
// takes 3 working days.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { rm } from 'node:fs/promises';
import { startServer, freshDb } from '../lib/server.mjs';

let dir, db, srv, clerk, specialist;
const dossiers = {};
const APPLICANT = { kind: 'person', name: 'Trần Thị Bích Ngọc', id_number: '048190007777', phone: '0905 765 432',
  address: '12 Trần Phú, Hội An', email: 'ngoc.tran@example.vn' };

async function intakeAt(now) {
  assert.equal((await srv.json('PUT', '/api/v1/_test/now', { now })).status, 200);
  const p = await srv.json('GET', '/api/v1/procedures/1.004873');
  const documents = p.data.documents.filter((d) => d.mandatory).map((d) => ({ id: d.id, count: 1 }));
  const r = await srv.json('POST', '/api/v1/dossiers', { procedure: '1.004873', applicant: APPLICANT,
    channel: 'counter', return_method: 'counter', documents }, clerk);
  assert.equal(r.status, 201, JSON.stringify(r.data));
  return r.data;
}

before(async () => {
  ({ dir, db } = await freshDb());
  srv = await startServer({ db, env: { MOTCUA_TEST_CLOCK: '1' } });
  clerk = await srv.login('tiepnhan1');
  specialist = await srv.login('hotich1');
  dossiers.before = await intakeAt('2026-11-18T09:00:00+07:00'); // due Mon 23 Nov: closes before the 24th
  dossiers.spanning = await intakeAt('2026-11-23T09:00:00+07:00'); // Mon 23 → 3 working days span Tue 24
  dossiers.after = await intakeAt('2026-11-25T09:00:00+07:00'); // received after the 24th
  dossiers.withdrawn = await intakeAt('2026-11-23T10:00:00+07:00'); // spans, but closed
  const w = await srv.json('POST', `/api/v1/dossiers/${dossiers.withdrawn.code}/actions`,
    { action: 'withdraw', reason: 'Công dân xin rút hồ sơ vì không cần kết quả nữa' }, clerk);
  assert.equal(w.status, 200, JSON.stringify(w.data));
  assert.match(dossiers.before.due_at, /^2026-11-23T/);
  // the calendar in force already has 24 Nov off: the appointment is Friday 27
  assert.match(dossiers.spanning.due_at, /^2026-11-27T/);
  assert.equal((await srv.json('PUT', '/api/v1/_test/now', { now: '2026-11-23T14:00:00+07:00' })).status, 200);
});
after(async () => {
  await srv?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

test('a date: the open dossiers whose window spans it, with the holiday', async () => {
  const r = await srv.json('GET', '/api/v1/calendar/affected?date=2026-11-24', undefined, specialist);
  assert.equal(r.status, 200, JSON.stringify(r.data));
  assert.equal(r.data.date, '2026-11-24');
  assert.equal(r.data.holiday.name, 'Ngày Văn hóa Việt Nam');
  assert.equal(r.data.total, 1);
  assert.deepEqual(r.data.items.map((d) => d.code), [dossiers.spanning.code]);
  const d = r.data.items[0];
  assert.equal(d.procedure.code, '1.004873');
  assert.ok(d.procedure.name.length > 0);
  assert.equal(d.status, 'received');
  assert.equal(d.received_at, '2026-11-23T09:00:00+07:00');
  assert.equal(d.due_at, dossiers.spanning.due_at);
  assert.ok(d.unit === null || typeof d.unit.name === 'string');
  // the appointment is shown as promised: never recomputed by the listing
  const again = await srv.json('GET', `/api/v1/dossiers/${dossiers.spanning.code}`, undefined, specialist);
  assert.equal(again.data.due_at, dossiers.spanning.due_at);
});

test('no personal data in the answer', async () => {
  for (const q of ['?date=2026-11-24', '']) {
    const r = await srv.json('GET', '/api/v1/calendar/affected' + q, undefined, specialist);
    assert.equal(r.status, 200);
    const text = JSON.stringify(r.data);
    for (const v of [APPLICANT.name, APPLICANT.id_number, APPLICANT.phone, APPLICANT.address, APPLICANT.email, 'Bích Ngọc'])
      assert.ok(!text.includes(v), `${q}: ${v}`);
  }
});

test('a working day nobody spans: holiday null, no items', async () => {
  const r = await srv.json('GET', '/api/v1/calendar/affected?date=2026-12-15', undefined, specialist);
  assert.equal(r.status, 200);
  assert.deepEqual(r.data, { date: '2026-12-15', holiday: null, items: [], total: 0 });
});

test('without a date: the days off of this year and the next that open windows span', async () => {
  const r = await srv.json('GET', '/api/v1/calendar/affected', undefined, specialist);
  assert.equal(r.status, 200, JSON.stringify(r.data));
  assert.deepEqual(r.data.days, [{ date: '2026-11-24', name: 'Ngày Văn hóa Việt Nam', total: 1 }]);
});

test('a bad date is a 422 naming the field; anonymous is 401', async () => {
  for (const q of ['24/11/2026', '2026-02-30', 'x']) {
    const r = await srv.json('GET', '/api/v1/calendar/affected?date=' + encodeURIComponent(q), undefined, specialist);
    assert.equal(r.status, 422, q);
    assert.equal(r.data.error.field, 'date', q);
  }
  const anon = await srv.json('GET', '/api/v1/calendar/affected?date=2026-11-24');
  assert.equal(anon.status, 401);
});
