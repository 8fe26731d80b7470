// Competence (issue 11, item 5; docs/DECISIONS.md D29): a commune-level
// procedure is implemented by several communes, each running the
// catalogue's steps with its own units. In the demo the civil-status and
// certification procedures (1.004873 …) are implemented by the four Hội An
// communes; HOIAN.01 is phường Hội An's only. Intake: "agency" when given
// (it must implement the procedure), else the receiving agency when it
// implements it, else the procedure's own agency.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../lib/server.mjs';

let srv;
const users = {};
const SHARED = '1.004873';
const HOIAN_ONLY = 'HOIAN.01';

before(async () => {
  srv = await startServer({ env: { MOTCUA_TEST_CLOCK: '1' } });
  for (const u of ['admin', 'tiepnhan1', 'hotich1', 'hoiantay.tiepnhan', 'hoiantay.hotich', 'hoiandong.tiepnhan', 'hoiandong.hotich', 'tanhiep.tiepnhan', 'tinh']) {
    users[u] = await srv.login(u);
  }
  await srv.json('PUT', '/api/v1/_test/now', { now: '2026-03-02T09:00:00+07:00' });
});
after(async () => {
  await srv.stop();
});

const PERSON = {
  kind: 'person',
  name: 'Trần Thị Bích',
  id_number: '048186004321',
  phone: '0905 654 321',
  address: '5 Nguyễn Duy Hiệu, phường Hội An Đông, Đà Nẵng',
};
const get = (code, who) => srv.json('GET', '/api/v1/dossiers/' + encodeURIComponent(code), undefined, users[who]);
const plan = (d) => d.steps.map((s) => `${s.unit.agency.code}/${s.unit.code}`);
const docs = {};
async function documents(proc) {
  if (!docs[proc]) docs[proc] = (await srv.json('GET', '/api/v1/procedures/' + proc)).data.documents.filter((d) => d.mandatory).map(({ id, form }) => ({ id, form, count: 1 }));
  return docs[proc];
}
async function intake(who, proc, extra = {}) {
  return srv.json('POST', '/api/v1/dossiers', { procedure: proc, applicant: PERSON, documents: await documents(proc), ...extra }, users[who]);
}
async function inbox(who) {
  const r = await srv.json('GET', '/api/v1/dossiers?status=all&limit=200', undefined, users[who]);
  assert.equal(r.status, 200);
  return r.data.items.map((i) => i.code);
}

test('the catalogue names the implementing agencies, the own agency first', async () => {
  const p = await srv.json('GET', '/api/v1/procedures/' + SHARED);
  assert.equal(p.status, 200);
  assert.equal(p.data.agency.code, 'HOIAN');
  assert.deepEqual(p.data.agencies.map((a) => a.code), ['HOIAN', 'HOIANDONG', 'HOIANTAY', 'TANHIEP']);
  assert.equal(p.data.agencies[3].name, 'Ủy ban nhân dân xã Tân Hiệp');
  const only = await srv.json('GET', '/api/v1/procedures/' + HOIAN_ONLY);
  assert.deepEqual(only.data.agencies.map((a) => a.code), ['HOIAN']);
});

test('received at Hội An Tây for a procedure it implements: Hội An Tây is competent, its staff process it', async () => {
  const r = await intake('hoiantay.tiepnhan', SHARED);
  assert.equal(r.status, 201, JSON.stringify(r.data));
  const code = r.data.code;
  assert.match(code, /^000\.03\.40\.H15-260302-\d{4}$/);
  const d = (await get(code, 'hoiantay.hotich')).data;
  assert.equal(d.agency.code, 'HOIANTAY');
  assert.equal(d.received_at_agency.code, 'HOIANTAY');
  assert.deepEqual(plan(d), ['HOIANTAY/TNTKQ', 'HOIANTAY/VP', 'HOIANTAY/LD', 'HOIANTAY/TNTKQ']);
  // scope: the Hội An Tây officer sees his commune's dossier, phường Hội An's does not
  assert.ok((await inbox('hoiantay.hotich')).includes(code));
  assert.ok(!(await inbox('hotich1')).includes(code));
  assert.equal((await get(code, 'hotich1')).status, 404);
  // Hội An Tây's counter hands it to its own civil-status officer
  const fw = await srv.json('POST', `/api/v1/dossiers/${code}/actions`, { action: 'forward', to: 'hoiantay.hotich' }, users['hoiantay.tiepnhan']);
  assert.equal(fw.status, 200, JSON.stringify(fw.data));
  assert.equal(fw.data.assignee.username, 'hoiantay.hotich');
  // the same procedure at Hội An's counter stays Hội An's, as before
  const local = await intake('tiepnhan1', SHARED);
  assert.deepEqual(plan((await get(local.data.code, 'tiepnhan1')).data), ['HOIAN/TNTKQ', 'HOIAN/VP', 'HOIAN/LD', 'HOIAN/TNTKQ']);
});

test('received at Hội An Tây for a procedure of phường Hội An only: it still goes to phường Hội An', async () => {
  const r = await intake('hoiantay.tiepnhan', HOIAN_ONLY);
  assert.equal(r.status, 201, JSON.stringify(r.data));
  const d = (await get(r.data.code, 'hotich1')).data;
  assert.equal(d.agency.code, 'HOIAN');
  assert.equal(d.received_at_agency.code, 'HOIANTAY');
  assert.deepEqual(plan(d), ['HOIANTAY/TNTKQ', 'HOIAN/TNTKQ', 'HOIAN/VP', 'HOIAN/LD', 'HOIANTAY/TNTKQ']);
});

test('"agency" chooses the competent agency: taken in at Hội An Tây for Hội An Đông', async () => {
  const r = await intake('hoiantay.tiepnhan', SHARED, { agency: 'HOIANDONG' });
  assert.equal(r.status, 201, JSON.stringify(r.data));
  const code = r.data.code;
  assert.match(code, /^000\.03\.40\.H15-/); // Hội An Tây's receipt
  const d = (await get(code, 'hoiandong.tiepnhan')).data;
  assert.equal(d.agency.code, 'HOIANDONG');
  assert.equal(d.received_at_agency.code, 'HOIANTAY');
  assert.deepEqual(plan(d), ['HOIANTAY/TNTKQ', 'HOIANDONG/TNTKQ', 'HOIANDONG/VP', 'HOIANDONG/LD', 'HOIANTAY/TNTKQ']);
  assert.match(d.steps[1].name, /đến Ủy ban nhân dân phường Hội An Đông$/);
  assert.ok((await inbox('hoiandong.tiepnhan')).includes(code));
  assert.ok(!(await inbox('tiepnhan1')).includes(code));
  assert.ok(!(await inbox('tanhiep.tiepnhan')).includes(code));
  // the province officer reads it
  assert.equal((await get(code, 'tinh')).status, 200);
});

test('"agency" errors: not implementing the procedure, unknown, not a code — 422 naming the field', async () => {
  for (const agency of ['HOIANTAY', 'KHONGCO', 7]) {
    const r = await intake('hoiantay.tiepnhan', agency === 'HOIANTAY' ? HOIAN_ONLY : SHARED, { agency });
    assert.equal(r.status, 422, `${agency}: ${JSON.stringify(r.data)}`);
    assert.equal(r.data.error.field, 'agency');
    assert.ok(r.data.error.message_vi || r.data.error.message, JSON.stringify(r.data));
  }
});

test('an online submission for Tân Hiệp is accepted and planned by Tân Hiệp', async () => {
  const r = await srv.json('POST', '/api/v1/public/submissions', { procedure: SHARED, applicant: PERSON, documents: (await documents(SHARED)).map(({ id }) => ({ id })), agency: 'TANHIEP' });
  assert.equal(r.status, 201, JSON.stringify(r.data));
  assert.ok((await inbox('tanhiep.tiepnhan')).includes(r.data.code));
  assert.ok(!(await inbox('tiepnhan1')).includes(r.data.code));
  const acc = await srv.json('POST', `/api/v1/dossiers/${r.data.code}/actions`, { action: 'accept' }, users['tanhiep.tiepnhan']);
  assert.equal(acc.status, 200, JSON.stringify(acc.data));
  assert.deepEqual(plan((await get(r.data.code, 'tanhiep.tiepnhan')).data), ['TANHIEP/TNTKQ', 'TANHIEP/VP', 'TANHIEP/LD', 'TANHIEP/TNTKQ']);
});

test('GET /api/v1/units/{code}/staff reads the unit in the officer\'s own agency; ?agency= for the province role', async () => {
  const tay = await srv.json('GET', '/api/v1/units/VP/staff', undefined, users['hoiantay.tiepnhan']);
  assert.equal(tay.status, 200);
  assert.equal(tay.data.unit.agency.code, 'HOIANTAY');
  assert.deepEqual(tay.data.items.map((s) => s.username), ['hoiantay.hotich']);
  const hoian = await srv.json('GET', '/api/v1/units/VP/staff', undefined, users.tiepnhan1);
  assert.deepEqual(hoian.data.items.map((s) => s.username).sort(), ['hotich1', 'truongvp']);
  const dong = await srv.json('GET', '/api/v1/units/VP/staff?agency=HOIANDONG', undefined, users.tinh);
  assert.equal(dong.status, 200);
  assert.deepEqual(dong.data.items.map((s) => s.username), ['hoiandong.hotich']);
  // another agency's unit is not found for a commune's officer
  assert.equal((await srv.json('GET', '/api/v1/units/VP/staff?agency=HOIAN', undefined, users['hoiantay.tiepnhan'])).status, 404);
  assert.equal((await srv.json('GET', '/api/v1/units/KT/staff', undefined, users['hoiantay.tiepnhan'])).status, 404);
});

test('the editor\'s API: agencies saved, refused when an agency lacks a step\'s unit; the CSV carries them', async () => {
  const p = (await srv.json('GET', '/api/v1/procedures/1.001612', undefined, users.admin)).data;
  assert.deepEqual(p.agencies.map((a) => a.code), ['HOIAN']);
  // phường Hội An Tây has no KT unit (step 2 of the business registration)
  const bad = await srv.json('PUT', '/api/v1/procedures/1.001612', { ...p, agencies: ['HOIAN', 'HOIANTAY'] }, users.admin);
  assert.equal(bad.status, 422, JSON.stringify(bad.data));
  assert.equal(bad.data.error.field, 'agencies[1]');
  const unknown = await srv.json('PUT', '/api/v1/procedures/1.001612', { ...p, agencies: ['NOWHERE'] }, users.admin);
  assert.equal(unknown.status, 422);
  assert.equal(unknown.data.error.field, 'agencies[0]');

  const s = (await srv.json('GET', '/api/v1/procedures/2.000635', undefined, users.admin)).data;
  const put = await srv.json('PUT', '/api/v1/procedures/2.000635', { ...s, agencies: [{ code: 'TANHIEP' }, 'HOIAN'] }, users.admin);
  assert.equal(put.status, 200, JSON.stringify(put.data));
  const after = (await srv.json('GET', '/api/v1/procedures/2.000635')).data;
  assert.deepEqual(after.agencies.map((a) => a.code), ['HOIAN', 'TANHIEP']);
  // no longer Hội An Tây's: received there, it goes to phường Hội An
  const r = await intake('hoiantay.tiepnhan', '2.000635');
  assert.equal((await get(r.data.code, 'tiepnhan1')).data.agency.code, 'HOIAN');

  const exp = await srv.fetch('/api/v1/procedures/export', { headers: { Cookie: users.admin.cookie } });
  const lines = (await exp.text()).split('\r\n');
  const head = lines[0].split(',');
  const col = head.indexOf('agencies');
  assert.ok(col > 0);
  const row = (code) => lines.find((l) => l.startsWith(`procedure,${code},`)).split(',');
  assert.equal(row('2.000635')[col], 'HOIAN TANHIEP');
  assert.equal(row(SHARED)[col], 'HOIAN HOIANDONG HOIANTAY TANHIEP');
  assert.equal(row(HOIAN_ONLY)[col], '');
});
