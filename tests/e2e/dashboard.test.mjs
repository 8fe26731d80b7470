// The dashboards and the public transparency page (issue 14, item 3;
// docs/API.md "Dashboards", DECISIONS D40) on the real binary (SQLite, or
// PostgreSQL under MOTCUA_TEST_PG): three dossiers taken in on Monday
// 7 June 2027 — one carried to its result and handed back, one forwarded to
// the civil-status step, one left at the counter — a ticket and a feedback;
// then each figure as a user reads it, a month later the two open ones
// overdue at their steps; who may read what; and the public page's figures
// without the applicant's name, phone or dossier code.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../lib/server.mjs';

let srv;
const users = {};
const setNow = (now) => srv.json('PUT', '/api/v1/_test/now', { now });
const as = (who, path) => srv.json('GET', path, undefined, users[who] || {});
const act = (code, body, who) => srv.json('POST', `/api/v1/dossiers/${encodeURIComponent(code)}/actions`, body, users[who]);
const PERSON = { kind: 'person', name: 'Phạm Thị Riêng Tư', id_number: '048190001234', phone: '0912 345 678', address: '12 Lê Lợi, phường Hội An, Đà Nẵng' };
const codes = [];
/* sessions end after 30 idle minutes of the (test) clock: sign in again after a jump */
const login = async () => {
  for (const u of ['tiepnhan1', 'hotich1', 'truongvp', 'chutich', 'tinh', 'hoiandong.chutich']) users[u] = await srv.login(u);
};

before(async () => {
  srv = await startServer({ env: { MOTCUA_TEST_CLOCK: '1' } });
  await setNow('2027-06-07T08:00:00+07:00');
  await login();
  const p = await srv.json('GET', '/api/v1/procedures/1.004873');
  const documents = p.data.documents.filter((d) => d.mandatory).map(({ id, form }) => ({ id, form, count: 1 }));
  for (let i = 0; i < 3; i++) {
    const r = await srv.json('POST', '/api/v1/dossiers', { procedure: '1.004873', applicant: PERSON, documents }, users.tiepnhan1);
    assert.equal(r.status, 201, JSON.stringify(r.data));
    codes.push(r.data.code);
  }
  await setNow('2027-06-07T08:10:00+07:00');
  for (const c of codes.slice(0, 2)) assert.equal((await act(c, { action: 'forward' }, 'tiepnhan1')).status, 200);
  await setNow('2027-06-07T08:20:00+07:00');
  assert.equal((await act(codes[0], { action: 'forward', to: 'chutich' }, 'hotich1')).status, 200);
  assert.equal((await act(codes[0], { action: 'complete', result: { summary: 'Đã cấp' } }, 'chutich')).status, 200);
  await setNow('2027-06-07T08:25:00+07:00');
  const ret = await act(codes[0], { action: 'return', receiver_name: 'Phạm Thị Riêng Tư', method: 'counter' }, 'tiepnhan1');
  assert.equal(ret.status, 200, JSON.stringify(ret.data));
  const fb = await srv.json('POST', '/api/v1/public/feedback', { name: 'Nguyễn Văn Góp Ý', email: 'gopy@example.org', phone: '0905 111 222', subject: 'Đèn đường hỏng', content: 'Đèn đường trước số 12 Trần Phú đã hỏng hai tuần.', website: '' });
  assert.equal(fb.status, 201, JSON.stringify(fb.data));
  await setNow('2027-06-07T08:30:00+07:00');
});
after(async () => {
  await srv.stop();
});

test('today at the centre: received, resolved on time, handed back, nothing overdue yet', async () => {
  const r = await as('truongvp', '/api/v1/dashboard/today');
  assert.equal(r.status, 200, JSON.stringify(r.data));
  assert.equal(r.data.agency.code, 'HOIAN');
  assert.equal(r.data.day, '2027-06-07');
  assert.equal(r.data.received, 3);
  assert.equal(r.data.resolved, 1);
  assert.equal(r.data.on_time, 1);
  assert.equal(r.data.late, 0);
  assert.equal(r.data.on_time_rate, 100);
  assert.equal(r.data.returned, 1);
  assert.equal(r.data.overdue, 0);
  assert.equal(r.data.evaluations.total, 0);
  assert.equal(r.data.evaluations.satisfied_rate, null);
  // the counter's officers read "today" too; another commune's leader sees his own (nothing)
  assert.equal((await as('tiepnhan1', '/api/v1/dashboard/today')).data.received, 3);
  assert.equal((await as('hoiandong.chutich', '/api/v1/dashboard/today')).data.received, 0);
});

test('trends, by unit and by officer, petitions: the numbers of the morning', async () => {
  let r = await as('chutich', '/api/v1/dashboard/trends?by=week&from=2027-06-07&to=2027-06-13');
  assert.equal(r.status, 200, JSON.stringify(r.data));
  assert.deepEqual(r.data.items.map((i) => [i.key, i.received, i.resolved, i.on_time]), [['2027-06-07', 3, 1, 1]]);
  r = await as('chutich', '/api/v1/dashboard/trends?by=month&from=2027-05-01&to=2027-06-07');
  assert.deepEqual(r.data.items.map((i) => [i.key, i.received]), [['2027-05', 0], ['2027-06', 3]]);
  r = await as('truongvp', '/api/v1/dashboard/breakdown?by=unit&from=2027-06-07&to=2027-06-07');
  // the counter: two receipts forwarded and one result handed back; the
  // civil-status office and the chairman one step each (the first dossier)
  assert.deepEqual(r.data.items.map((i) => [i.key, i.steps, i.on_time, i.late]), [['LD', 1, 1, 0], ['TNTKQ', 3, 3, 0], ['VP', 1, 1, 0]]);
  assert.equal(r.data.items.find((i) => i.key === 'TNTKQ').on_time_rate, 100);
  r = await as('truongvp', '/api/v1/dashboard/breakdown?by=officer&from=2027-06-07&to=2027-06-07');
  const me = r.data.items.find((i) => i.key === 'tiepnhan1');
  assert.equal(me.label, 'Huỳnh Thị Mỹ Duyên');
  assert.equal(me.steps, 3);
  assert.equal(r.data.items.find((i) => i.key === 'hotich1').steps, 1);
  r = await as('truongvp', '/api/v1/dashboard/breakdown?by=field&from=2027-06-07&to=2027-06-07');
  assert.equal(r.data.items.length, 1);
  assert.equal(r.data.items[0].received, 3);
  assert.equal(r.data.items[0].resolved, 1);
  r = await as('truongvp', '/api/v1/dashboard/petitions?from=2027-06-01&to=2027-06-07');
  assert.equal(r.status, 200);
  assert.equal(r.data.total, 1);
  assert.equal(r.data.by_type.reduce((a, x) => a + x.received + x.accepted, 0), 1);
});

test('who reads what: the analysis for heads, leaders and the province; an agency by code', async () => {
  assert.equal((await as('tiepnhan1', '/api/v1/dashboard/trends')).status, 403);
  assert.equal((await as('hotich1', '/api/v1/dashboard/today')).status, 403);
  assert.equal((await as(null, '/api/v1/dashboard/today')).status, 401);
  let r = await as('truongvp', '/api/v1/dashboard/today?agency=HOIANDONG');
  assert.equal(r.status, 403);
  assert.equal(r.data.error.code, 'not_your_agency');
  assert.equal(r.data.error.field, 'agency');
  r = await as('tinh', '/api/v1/dashboard/today');
  assert.equal(r.data.agency, null); // the whole province
  assert.equal(r.data.received, 3);
  r = await as('tinh', '/api/v1/dashboard/today?agency=HOIANDONG');
  assert.equal(r.data.agency.code, 'HOIANDONG');
  assert.equal(r.data.received, 0);
  assert.equal((await as('tinh', '/api/v1/dashboard/today?agency=KHONGCO')).status, 404);
  r = await as('truongvp', '/api/v1/dashboard/trends?by=day');
  assert.equal(r.status, 400);
  assert.equal(r.data.error.field, 'by');
  r = await as('truongvp', '/api/v1/dashboard/breakdown?from=2026-01-01&to=2027-06-07');
  assert.equal(r.status, 400);
  assert.equal(r.data.error.field, 'to');
  r = await as('truongvp', '/api/v1/dashboard/petitions?from=2027-13-01');
  assert.equal(r.status, 400);
  assert.equal(r.data.error.field, 'from');
});

test('the public figures: cacheable, per agency, without any personal data', async () => {
  const res = await srv.fetch('/api/v1/public/transparency');
  assert.equal(res.status, 200);
  assert.match(res.headers.get('cache-control'), /public, max-age=60/);
  const text = await res.text();
  for (const secret of ['Riêng Tư', '0912', '048190001234', 'Lê Lợi', 'Góp Ý', '0905', 'gopy@', ...codes]) assert.ok(!text.includes(secret), `the public page shows ${secret}`);
  const d = JSON.parse(text);
  assert.equal(d.month.from, '2027-06-01');
  const hoian = d.agencies.find((a) => a.code === 'HOIAN');
  assert.deepEqual(Object.keys(hoian).sort(), ['code', 'level', 'month', 'name', 'year']);
  assert.equal(hoian.month.received, 3);
  assert.equal(hoian.month.resolved, 1);
  assert.equal(hoian.month.on_time_rate, 100);
  assert.equal(hoian.month.avg_handling_days, 0); // an hour's work
  assert.equal(d.total.month.received, 3);
  assert.equal(d.agencies.find((a) => a.code === 'HOIANDONG').month.on_time_rate, null);
  const one = await srv.json('GET', '/api/v1/public/transparency?agency=HOIAN');
  assert.equal(one.data.agencies.length, 1);
  assert.equal((await srv.json('GET', '/api/v1/public/transparency?agency=KHONGCO')).status, 404);
});

test('a month later: the two open dossiers overdue, at the step that holds each', async () => {
  await setNow('2027-07-07T10:00:00+07:00');
  await login();
  const r = await as('chutich', '/api/v1/dashboard/overdue-steps');
  assert.equal(r.status, 200);
  assert.equal(r.data.total, 2);
  assert.deepEqual(r.data.items.map((i) => [i.unit, i.dossiers]).sort(), [['TNTKQ', 1], ['VP', 1]]);
  assert.ok(r.data.items.every((i) => i.avg_overdue_days > 20));
  const today = await as('chutich', '/api/v1/dashboard/today');
  assert.equal(today.data.overdue, 2);
  assert.equal(today.data.received, 0);
});
