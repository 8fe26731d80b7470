// The Decision 766 indicators over HTTP (on PostgreSQL too, under
// MOTCUA_TEST_PG): dossiers taken in at the counter and online count in the
// month's figures; once the clock passes their appointment they are late and
// the drill-down lists them by code, without anyone's name; a citizen's "not
// satisfied" lowers 5.4; who may see which agency; the 400/422/403/404 a
// caller meets; what motcua cannot measure says so.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../lib/server.mjs';

let srv;
const users = {};
before(async () => {
  srv = await startServer({ env: { MOTCUA_TEST_CLOCK: '1' } });
  for (const u of ['tiepnhan1', 'truongvp', 'chutich', 'hotich1', 'tinh', 'hoiandong.chutich']) users[u] = await srv.login(u);
  await srv.json('PUT', '/api/v1/_test/now', { now: '2026-03-02T09:00:00+07:00' });
});
after(async () => {
  await srv.stop();
});

const PERSON = { kind: 'person', name: 'Phạm Thị Chỉ Số', id_number: '048185007788', phone: '0905 777 888', address: 'Hội An' };
const get = (path, who = 'chutich') => srv.json('GET', path, undefined, users[who]);
const MARCH = 'from=2026-03-01&to=2026-03-31';
const ind = (doc, code) => doc.groups.flatMap((g) => g.indicators).find((i) => i.code === code);

async function intake() {
  const p = await get('/api/v1/procedures/1.004873', 'tiepnhan1');
  const documents = p.data.documents.filter((d) => d.mandatory).map((d) => ({ id: d.id, form: d.form, count: 1 }));
  const r = await srv.json('POST', '/api/v1/dossiers', { procedure: '1.004873', applicant: PERSON, documents }, users.tiepnhan1);
  assert.equal(r.status, 201, JSON.stringify(r.data));
  return r.data;
}

let codes = [];
let base;
test('the month before any dossier: every group, its maximum, what is not measured and why', async () => {
  const r = await get(`/api/v1/indicators?${MARCH}`);
  assert.equal(r.status, 200, JSON.stringify(r.data));
  base = r.data;
  assert.equal(r.data.from, '2026-03-01');
  assert.equal(r.data.to, '2026-03-31');
  assert.equal(r.data.agency.code, 'HOIAN');
  assert.deepEqual(r.data.groups.map((g) => [g.code, g.max]), [['1', 18], ['2', 20], ['3', 12], ['3p', 10], ['4', 22], ['5', 18]]);
  assert.equal(r.data.total.max, 100);
  const paid = ind(r.data, '3.6');
  assert.equal(paid.measured, false);
  assert.match(paid.reason_vi, /phí/);
  assert.equal(paid.points, null);
  for (const c of ['1.3', '2.1', '3.1', '3.3', '5.4']) {
    const x = ind(r.data, c);
    assert.equal(x.measured, true, c);
    assert.ok(x.name_vi && x.name_en && x.formula_vi && x.formula_en, c);
  }
  // 1.3 and 3.1 count the catalogue: the same procedures
  assert.equal(ind(r.data, '1.3').denominator, ind(r.data, '3.1').denominator);
  assert.ok(ind(r.data, '1.3').denominator > 0);
});

test('two counter dossiers: held, received, not online; on time while their appointment is ahead', async () => {
  for (let i = 0; i < 2; i++) codes.push((await intake()).code);
  const r = await get(`/api/v1/indicators?${MARCH}`);
  const x = ind(r.data, '2.1');
  assert.equal(x.denominator, ind(base, '2.1').denominator + 2);
  assert.equal(x.split.late, ind(base, '2.1').split.late);
  const online = ind(r.data, '3.3');
  assert.equal(online.denominator, ind(base, '3.3').denominator + 2);
  assert.equal(online.numerator, ind(base, '3.3').numerator);
  const list = await get(`/api/v1/indicators/3.3/items?${MARCH}&limit=500`);
  assert.equal(list.status, 200);
  assert.equal(list.data.kind, 'dossiers');
  for (const c of codes) assert.ok(list.data.items.some((it) => it.code === c && it.channel === 'counter' && it.reason === 'not_online'), c);
});

test('past their appointment: late, listed by code with the reason, no personal data', async () => {
  await srv.json('PUT', '/api/v1/_test/now', { now: '2026-03-30T09:00:00+07:00' });
  const r = await get(`/api/v1/indicators?${MARCH}`);
  const x = ind(r.data, '2.1');
  assert.equal(x.split.late, ind(base, '2.1').split.late + 2);
  assert.equal(x.numerator, x.split.early + x.split.on_time);
  assert.ok(Math.abs(x.points - Math.round((2000 * x.numerator) / x.denominator) / 100) < 0.011);
  const list = await get(`/api/v1/indicators/2.1/items?${MARCH}&limit=500`);
  assert.equal(list.data.total, x.split.late);
  for (const c of codes) {
    const it = list.data.items.find((i) => i.code === c);
    assert.ok(it, c);
    assert.equal(it.reason, 'overdue');
    assert.equal(it.finished, false);
    assert.equal(it.procedure.code, '1.004873');
  }
  assert.ok(!JSON.stringify(list.data).includes(PERSON.name));
  assert.ok(!JSON.stringify(list.data).includes(PERSON.id_number));
  // paginated
  const one = await get(`/api/v1/indicators/2.1/items?${MARCH}&limit=1&offset=1`);
  assert.equal(one.data.items.length, 1);
  assert.equal(one.data.total, list.data.total);
});

test('a citizen not satisfied lowers 5.4 and appears behind it', async () => {
  const receipt = await srv.json('GET', `/api/v1/dossiers/${codes[0]}/forms/receipt?format=json`, undefined, users.tiepnhan1);
  const e = await srv.json('POST', '/api/v1/public/evaluations', { dossier: codes[0], secret: receipt.data.evaluation_code, level: 'not_satisfied' });
  assert.equal(e.status, 201, JSON.stringify(e.data));
  const r = await get(`/api/v1/indicators?${MARCH}`);
  const x = ind(r.data, '5.4');
  assert.equal(x.split.not_satisfied, ind(base, '5.4').split.not_satisfied + 1);
  assert.equal(x.numerator, x.denominator - x.split.late - x.split.not_satisfied);
  const list = await get(`/api/v1/indicators/5.4/items?${MARCH}&limit=500`);
  assert.ok(list.data.items.some((i) => i.code === codes[0]));
});

test('who sees what: heads and leaders their agency, the province any; a bad query names its field', async () => {
  assert.equal((await get(`/api/v1/indicators?${MARCH}`, 'truongvp')).status, 200);
  assert.equal((await get(`/api/v1/indicators?${MARCH}`, 'hotich1')).status, 403);
  assert.equal((await get(`/api/v1/indicators?${MARCH}`, 'tiepnhan1')).status, 403);
  const other = await get(`/api/v1/indicators?${MARCH}&agency=HOIANDONG`, 'chutich');
  assert.equal(other.status, 403);
  assert.equal(other.data.error.code, 'not_your_agency');
  assert.equal(other.data.error.field, 'agency');
  const own = await get(`/api/v1/indicators?${MARCH}`, 'hoiandong.chutich');
  assert.equal(own.data.agency.code, 'HOIANDONG');
  const theirs = await get(`/api/v1/indicators/2.1/items?${MARCH}&limit=500`, 'hoiandong.chutich');
  assert.ok(!theirs.data.items.some((i) => codes.includes(i.code)));
  const prov = await get(`/api/v1/indicators?${MARCH}&agency=HOIAN`, 'tinh');
  assert.equal(prov.status, 200);
  const mine = await get(`/api/v1/indicators?${MARCH}`);
  assert.deepEqual(ind(prov.data, '2.1'), ind(mine.data, '2.1'));
  const all = await get(`/api/v1/indicators?${MARCH}`, 'tinh');
  assert.equal(all.data.agency, null);
  assert.equal(ind(all.data, '2.1').denominator, ind(mine.data, '2.1').denominator + ind(own.data, '2.1').denominator);
  assert.equal((await get(`/api/v1/indicators?${MARCH}&agency=NOWHERE`, 'tinh')).data.error.code, 'agency_not_found');
  const bad = await get('/api/v1/indicators?from=2026-02-30&to=2026-03-31');
  assert.equal(bad.status, 400);
  assert.equal(bad.data.error.field, 'from');
  const back = await get('/api/v1/indicators?from=2026-03-31&to=2026-03-01');
  assert.equal(back.status, 422);
  assert.equal(back.data.error.field, 'to');
  assert.equal((await get('/api/v1/indicators?from=2025-01-01&to=2026-03-31')).status, 422);
  assert.equal((await get(`/api/v1/indicators/3.6/items?${MARCH}`)).data.error.code, 'indicator_not_measured');
  assert.equal((await get(`/api/v1/indicators/9.9/items?${MARCH}`)).status, 404);
  // without dates: the quarter so far
  const q = await get('/api/v1/indicators');
  assert.equal(q.data.from, '2026-01-01');
  assert.equal(q.data.to, '2026-03-30');
});
