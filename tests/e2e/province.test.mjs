// The province model (issue 11, item 5): any centre of the province receives
// a dossier for any procedure of the province. The demo loads the four Hội
// An communes of Đà Nẵng; procedure HOIAN.01 is phường Hội An's only (TNTKQ →
// VP → LD → TNTKQ; the communes' own procedures: competence.test.mjs). Handed in at phường Hội An Tây it gets Hội An Tây's
// code and receipt, a transport step to Hội An's counter, Hội An's staff
// process it, and the result is returned at Hội An Tây. Staff of a third
// commune get 404; the province officer (`tinh`) sees everything and acts
// on nothing; the public page says where the dossier is.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../lib/server.mjs';

let srv;
const users = {};

before(async () => {
  srv = await startServer({ env: { MOTCUA_TEST_CLOCK: '1' } });
  for (const u of ['tiepnhan1', 'hotich1', 'chutich', 'hoiantay.tiepnhan', 'hoiantay.hotich', 'hoiandong.tiepnhan', 'tinh']) users[u] = await srv.login(u);
});
after(async () => {
  await srv.stop();
});

const PERSON = {
  kind: 'person',
  name: 'Nguyễn Văn Thắng',
  id_number: '048185002346',
  phone: '0935 111 222',
  address: '12 Lý Thường Kiệt, phường Hội An Tây, Đà Nẵng',
};
const act = (code, body, who) => srv.json('POST', `/api/v1/dossiers/${code}/actions`, body, users[who]);
const get = (code, who) => srv.json('GET', '/api/v1/dossiers/' + encodeURIComponent(code), undefined, users[who]);
const ok = async (code, body, who) => {
  const r = await act(code, body, who);
  assert.equal(r.status, 200, `${who} ${body.action}: ${JSON.stringify(r.data)}`);
  return r.data;
};

async function intake(who, extra = {}) {
  await srv.json('PUT', '/api/v1/_test/now', { now: '2026-03-02T09:00:00+07:00' });
  const p = await srv.json('GET', '/api/v1/procedures/HOIAN.01');
  const documents = p.data.documents.filter((d) => d.mandatory).map(({ id, form }) => ({ id, form, count: 1 }));
  return srv.json('POST', '/api/v1/dossiers', { procedure: 'HOIAN.01', applicant: PERSON, documents, ...extra }, users[who]);
}

test('GET /api/v1/agencies lists the province and its four communes with their e-IDs and centres', async () => {
  const r = await srv.json('GET', '/api/v1/agencies');
  assert.equal(r.status, 200);
  const byCode = Object.fromEntries(r.data.items.map((a) => [a.code, a]));
  assert.deepEqual(Object.keys(byCode).sort(), ['DNG', 'HOIAN', 'HOIANDONG', 'HOIANTAY', 'TANHIEP']);
  assert.equal(r.data.items[0].code, 'DNG');
  assert.equal(byCode.DNG.level, 'province');
  assert.equal(byCode.HOIANTAY.level, 'commune');
  assert.equal(byCode.HOIANTAY.e_id, '000.03.40.H15');
  assert.equal(byCode.HOIANTAY.parent, 'DNG');
  assert.equal(byCode.HOIANTAY.centre.name, 'Trung tâm Phục vụ hành chính công phường Hội An Tây');
  assert.equal(byCode.HOIAN.home, true);
  assert.equal(byCode.HOIANTAY.home, false);
});

test('a dossier handed in at Hội An Tây for a procedure of Hội An: processed by Hội An, returned at Hội An Tây', async () => {
  const r = await intake('hoiantay.tiepnhan');
  assert.equal(r.status, 201, JSON.stringify(r.data));
  const code = r.data.code;
  // the receiving centre issues the code: its e-ID prefixes it
  assert.match(code, /^000\.03\.40\.H15-260302-\d{4}$/);

  let d = (await get(code, 'hoiantay.tiepnhan')).data;
  assert.equal(d.agency.code, 'HOIAN');
  assert.equal(d.received_at_agency.code, 'HOIANTAY');
  assert.equal(d.received_at_agency.centre.name, 'Trung tâm Phục vụ hành chính công phường Hội An Tây');
  const plan = d.steps.map((s) => `${s.unit.agency.code}/${s.unit.code}`);
  assert.deepEqual(plan, ['HOIANTAY/TNTKQ', 'HOIAN/TNTKQ', 'HOIAN/VP', 'HOIAN/LD', 'HOIANTAY/TNTKQ']);
  assert.match(d.steps[1].name, /^Chuyển hồ sơ giấy qua bưu chính công ích đến Ủy ban nhân dân phường Hội An/);
  // the transport takes its share from the processing steps: the limit is unchanged
  const direct = (await intake('tiepnhan1')).data;
  assert.equal(d.due_at, direct.due_at);
  assert.equal(d.steps.at(-1).due_at, d.due_at);

  // Hội An's counter cannot act on the receipt step; Hội An Tây's officer hands it over
  assert.equal((await act(code, { action: 'forward' }, 'tiepnhan1')).status, 403);
  await ok(code, { action: 'forward' }, 'hoiantay.tiepnhan');
  // the paper file arrives at Hội An's counter, which forwards it to its civil-status officer
  assert.equal((await act(code, { action: 'forward' }, 'hoiantay.tiepnhan')).status, 403);
  await ok(code, { action: 'forward' }, 'tiepnhan1');
  // Hội An Tây's civil-status officer is not competent for Hội An's step
  assert.equal((await act(code, { action: 'forward', to: 'chutich' }, 'hoiantay.hotich')).status, 403);
  await ok(code, { action: 'forward', to: 'chutich' }, 'hotich1');
  await ok(code, { action: 'complete', result: { summary: 'Đã ban hành quyết định giải quyết khiếu nại lần đầu' } }, 'chutich');
  // the result goes back to the receiving centre: Hội An's counter cannot return it
  assert.equal((await act(code, { action: 'return', receiver_name: PERSON.name, method: 'counter' }, 'tiepnhan1')).status, 403);
  await ok(code, { action: 'return', receiver_name: PERSON.name, method: 'counter' }, 'hoiantay.tiepnhan');
  d = (await get(code, 'tiepnhan1')).data;
  assert.equal(d.status, 'returned');
  assert.equal(d.steps.at(-1).handler.username, 'hoiantay.tiepnhan');

  // public tracking: where the dossier was handled and received, no personal data
  const pub = await srv.json('GET', '/api/v1/public/dossiers/' + code);
  assert.equal(pub.status, 200);
  assert.equal(pub.data.agency.name, 'Ủy ban nhân dân phường Hội An');
  assert.equal(pub.data.received_at_agency.code, 'HOIANTAY');
  assert.equal(pub.data.steps[1].unit.agency.code, 'HOIAN');
  const text = JSON.stringify(pub.data);
  for (const pd of [PERSON.name, PERSON.id_number, PERSON.phone, PERSON.address]) assert.ok(!text.includes(pd), pd);
});

test('scope: staff of a third commune get 404; the province officer reads all and acts on none', async () => {
  const code = (await intake('hoiantay.tiepnhan')).data.code;
  const local = (await intake('tiepnhan1')).data.code;
  assert.match(local, /^000\.01\.40\.H15-/);
  for (const path of ['', '/history']) {
    const r = await srv.json('GET', `/api/v1/dossiers/${code}${path}`, undefined, users['hoiandong.tiepnhan']);
    assert.equal(r.status, 404, path);
  }
  assert.equal((await act(code, { action: 'forward' }, 'hoiandong.tiepnhan')).status, 404);
  const other = await srv.json('GET', '/api/v1/dossiers?status=all', undefined, users['hoiandong.tiepnhan']);
  assert.equal(other.data.total, 0);
  // Hội An Tây sees what it received, not Hội An's own dossiers
  const tay = await srv.json('GET', '/api/v1/dossiers?status=all&limit=200', undefined, users['hoiantay.tiepnhan']);
  const tayCodes = tay.data.items.map((i) => i.code);
  assert.ok(tayCodes.includes(code));
  assert.ok(!tayCodes.includes(local));
  // Hội An sees both: one it handles, one it received
  const hoian = await srv.json('GET', '/api/v1/dossiers?status=all&limit=200', undefined, users.tiepnhan1);
  const hoianCodes = hoian.data.items.map((i) => i.code);
  assert.ok(hoianCodes.includes(code) && hoianCodes.includes(local));
  // the province role
  const all = await srv.json('GET', '/api/v1/dossiers?status=all&limit=200', undefined, users.tinh);
  assert.equal(all.status, 200);
  assert.ok(all.data.items.some((i) => i.code === code) && all.data.items.some((i) => i.code === local));
  const v = await get(code, 'tinh');
  assert.equal(v.status, 200);
  assert.deepEqual(v.data.allowed_actions, []);
  assert.equal((await act(code, { action: 'forward' }, 'tinh')).status, 403);
  assert.equal((await intake('tinh')).status, 403);
  // the tracking book (Mẫu 07, with applicants' names) follows the same scope
  const book = async (who) => {
    const r = await srv.json('GET', '/api/v1/books/tracking?from=2026-01-01&to=2026-12-31&format=json', undefined, users[who]);
    assert.equal(r.status, 200, who);
    return r.data.rows.map((i) => i.code);
  };
  assert.deepEqual(await book('hoiandong.tiepnhan'), []);
  const tayBook = await book('hoiantay.tiepnhan');
  assert.ok(tayBook.includes(code) && !tayBook.includes(local));
  const provinceBook = await book('tinh');
  assert.ok(provinceBook.includes(code) && provinceBook.includes(local));
  const csv = await srv.fetch('/api/v1/books/tracking?from=2026-01-01&to=2026-12-31&format=csv', { headers: { Cookie: users['hoiandong.tiepnhan'].cookie } });
  assert.ok(!(await csv.text()).includes(PERSON.name), 'another commune reads no name in the book');
  // guidances (the citizen's name and contact) too: recorded at Hội An Tây, read there and by the province
  const g = await srv.json('POST', '/api/v1/guidances', { procedure: '1.004873', applicant: { name: PERSON.name, id_number: PERSON.id_number },
    items: ['Thiếu tờ khai có chữ ký của người yêu cầu'] }, users['hoiantay.tiepnhan']);
  assert.equal(g.status, 201, JSON.stringify(g.data));
  for (const path of [`/api/v1/guidances/${g.data.id}`, `/api/v1/guidances/${g.data.id}/paper`]) {
    assert.equal((await srv.json('GET', path, undefined, users['hoiandong.tiepnhan'])).status, 404, path);
    assert.equal((await srv.json('GET', path + (path.endsWith('paper') ? '?format=json' : ''), undefined, users.tinh)).status, 200, path);
  }
  const gl = async (who) => (await srv.json('GET', '/api/v1/guidances?from=2026-01-01&to=2026-12-31', undefined, users[who])).data;
  assert.equal((await gl('hoiandong.tiepnhan')).total, 0);
  assert.ok((await gl('hoiantay.tiepnhan')).items.some((x) => x.id === g.data.id));
  assert.ok((await gl('tinh')).items.some((x) => x.id === g.data.id));
  const st = await srv.json('GET', '/api/v1/guidances/stats?from=2026-01-01&to=2026-12-31', undefined, users['hoiandong.tiepnhan']);
  assert.equal(st.data.guidances, 0);
});

test('intake: receiving_agency names the receiving centre; an unknown one is a 422 naming the field', async () => {
  const bad = await intake('tiepnhan1', { receiving_agency: 'KHONGCO' });
  assert.equal(bad.status, 422);
  assert.equal(bad.data.error.field, 'receiving_agency');
  const same = await intake('tiepnhan1', { receiving_agency: 'HOIAN' });
  assert.equal(same.status, 201);
  const d = (await get(same.data.code, 'tiepnhan1')).data;
  assert.equal(d.received_at_agency.code, 'HOIAN');
  assert.equal(d.steps.length, 4);
  // never in another commune's name: its code and its receipt are not this officer's to issue
  for (const [who, other] of [['tiepnhan1', 'HOIANTAY'], ['hoiantay.tiepnhan', 'HOIAN'], ['hoiantay.tiepnhan', 'DNG']]) {
    const r = await intake(who, { receiving_agency: other });
    assert.equal(r.status, 403, `${who} for ${other}: ${JSON.stringify(r.data)}`);
    assert.equal(r.data.error.code, 'not_your_centre');
    assert.equal(r.data.error.field, 'receiving_agency');
  }
});
