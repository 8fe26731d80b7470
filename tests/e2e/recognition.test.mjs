// Recognition of exemplary officials and good practices (issue 15, item 4;
// docs/API.md "Recognition", DECISIONS D43), through the real server: a
// citizen rates a dossier with a praise that names herself, her phone and
// e-mail; a colleague nominates the counter officer who served her; a leader
// attaches the praise and endorses, another recognises; the public list
// shows the official's name, title and unit, the reasons and the praise —
// and nothing of the citizen, nor of the source, nor the official's username
// or e-mail. Who may take each step; the agency's scope; the audit trail.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, cli } from '../lib/server.mjs';

let srv;
const users = {};
const setNow = (now) => srv.json('PUT', '/api/v1/_test/now', { now });

const CITIZEN = { kind: 'person', name: 'Đoàn Thị Khen Ngợi', id_number: '048185007777', phone: '0935 777 888', address: 'Hội An' };
const EMAIL = 'khen.ngoi@example.vn';
const PRAISE = `Tôi là ${CITIZEN.name} (${CITIZEN.phone}, ${EMAIL}). Chị Duyên ở quầy tiếp nhận hướng dẫn rất tận tình, một lần là đủ hồ sơ.`;
// what may never appear on anything public
const SECRETS = [CITIZEN.name, 'Khen Ngợi', '0935 777 888', '0935777888', EMAIL, CITIZEN.id_number, 'tiepnhan1', 'tiepnhan1@hoian.danang.gov.vn', 'evaluation'];

before(async () => {
  srv = await startServer({ env: { MOTCUA_TEST_CLOCK: '1' } });
  for (const u of ['tiepnhan1', 'tiepnhan2', 'hotich1', 'truongvp', 'chutich', 'phochutich', 'hoiandong.chutich', 'tinh', 'admin']) users[u] = await srv.login(u);
  await setNow('2026-03-02T09:00:00+07:00');
});
after(async () => {
  await srv.stop();
});

const as = (who, method, path, body) => srv.json(method, path, body, users[who]);
const act = (who, id, body) => as(who, 'POST', `/api/v1/recognitions/${id}/actions`, body);

let evaluationId, nomination;

test('a citizen praises the counter officer in her evaluation', async () => {
  const proc = await srv.json('GET', '/api/v1/procedures/1.004873');
  const documents = proc.data.documents.filter((d) => d.mandatory).map((d) => ({ id: d.id, form: d.form, count: 1 }));
  let r = await as('tiepnhan1', 'POST', '/api/v1/dossiers', { procedure: '1.004873', applicant: CITIZEN, documents });
  assert.equal(r.status, 201, JSON.stringify(r.data));
  const code = r.data.code;
  r = await as('tiepnhan1', 'GET', `/api/v1/dossiers/${code}/forms/receipt?format=json`);
  r = await srv.json('POST', '/api/v1/public/evaluations', { dossier: code, secret: r.data.evaluation_code, level: 'very_satisfied', comment: PRAISE });
  assert.equal(r.status, 201, JSON.stringify(r.data));
  // a head or a leader finds it among the praises about tiepnhan1
  r = await as('chutich', 'GET', '/api/v1/recognitions/praise?username=tiepnhan1');
  assert.equal(r.status, 200, JSON.stringify(r.data));
  const mine = r.data.items.find((i) => i.source === 'evaluation' && i.code === code);
  assert.ok(mine, JSON.stringify(r.data));
  assert.equal(mine.text, PRAISE);
  evaluationId = mine.id;
  // a specialist does not browse the citizens' comments
  assert.equal((await as('hotich1', 'GET', '/api/v1/recognitions/praise')).status, 403);
});

test('a colleague nominates; the bad inputs are named', async () => {
  await setNow('2026-03-02T10:00:00+07:00'); // an hour after the dossier and its evaluation
  let r = await as('tiepnhan2', 'POST', '/api/v1/recognitions', { kind: 'official', username: 'tiepnhan2', reasons: 'Tự đề nghị' });
  assert.equal(r.status, 422);
  assert.equal(r.data.error.field, 'username');
  r = await as('tiepnhan2', 'POST', '/api/v1/recognitions', { kind: 'official', username: 'tiepnhan1' });
  assert.equal(r.status, 422);
  assert.equal(r.data.error.field, 'reasons');
  r = await as('tiepnhan2', 'POST', '/api/v1/recognitions', { kind: 'team', reasons: 'x' });
  assert.equal(r.status, 422);
  assert.equal(r.data.error.field, 'kind');
  r = await as('tiepnhan2', 'POST', '/api/v1/recognitions', { kind: 'practice', title: 'Một cửa thân thiện', unit: 'KHONGCO', reasons: 'x' });
  assert.equal(r.status, 422);
  assert.equal(r.data.error.field, 'unit');
  // a specialist may nominate, but not attach a citizen's praise
  r = await as('tiepnhan2', 'POST', '/api/v1/recognitions', { kind: 'official', username: 'tiepnhan1', reasons: 'x', praises: [{ source: 'evaluation', id: evaluationId }] });
  assert.equal(r.status, 403);
  r = await as('tiepnhan2', 'POST', '/api/v1/recognitions', { kind: 'official', username: 'tiepnhan1', year: 2026, reasons: 'Năm 2026 tiếp nhận 1.240 hồ sơ, không hồ sơ nào phải bổ sung lần hai vì hướng dẫn thiếu.' });
  assert.equal(r.status, 201, JSON.stringify(r.data));
  nomination = r.data;
  assert.equal(nomination.status, 'nominated');
  assert.equal(nomination.official.full_name, 'Huỳnh Thị Mỹ Duyên');
  assert.deepEqual(nomination.may, ['withdraw']);
  r = await as('hotich1', 'POST', '/api/v1/recognitions', { kind: 'official', username: 'tiepnhan1', reasons: 'Lần nữa' });
  assert.equal(r.status, 409);
  assert.equal(r.data.error.code, 'recognition_exists');
});

test('who may act: the nominee never, a head only for his unit, a leader recognises after the endorsement', async () => {
  const id = nomination.id;
  assert.equal((await act('tiepnhan1', id, { action: 'withdraw' })).status, 403);
  assert.equal((await act('truongvp', id, { action: 'endorse' })).status, 403); // not his unit
  assert.equal((await act('chutich', id, { action: 'recognise' })).status, 409);
  assert.equal((await act('hoiandong.chutich', id, { action: 'endorse' })).status, 404);
  assert.equal((await act('admin', id, { action: 'endorse' })).status, 403);
  assert.equal((await act('tinh', id, { action: 'endorse' })).status, 403);
  let r = await act('chutich', id, { action: 'fly' });
  assert.equal(r.status, 422);
  assert.equal(r.data.error.field, 'action');
  r = await act('chutich', id, { action: 'attach', source: 'evaluation', source_id: evaluationId });
  assert.equal(r.status, 200, JSON.stringify(r.data));
  assert.equal(r.data.praises.length, 1);
  assert.equal(r.data.praises[0].source.kind, 'evaluation');
  assert.equal(r.data.praises[0].text, PRAISE);
  for (const s of [CITIZEN.name, CITIZEN.phone, EMAIL]) assert.ok(!r.data.praises[0].public_text.includes(s), r.data.praises[0].public_text);
  assert.match(r.data.praises[0].public_text, /hướng dẫn rất tận tình/);
  r = await act('chutich', id, { action: 'endorse', comment: 'Đồng ý.' });
  assert.equal(r.status, 200);
  assert.equal(r.data.status, 'endorsed');
  r = await act('phochutich', id, { action: 'decline' });
  assert.equal(r.status, 422);
  assert.equal(r.data.error.field, 'comment');
  // the officer sees the praise's public text, not its source
  r = await as('tiepnhan2', 'GET', `/api/v1/recognitions/${id}`);
  assert.equal(r.status, 200);
  assert.equal(r.data.praises[0].source, undefined);
  assert.equal(r.data.praises[0].text, undefined);
  // another agency does not see it, the province does
  assert.equal((await as('hoiandong.chutich', 'GET', `/api/v1/recognitions/${id}`)).status, 404);
  assert.equal((await as('tinh', 'GET', `/api/v1/recognitions/${id}`)).status, 200);
  r = await act('phochutich', id, { action: 'recognise', comment: 'Gương điển hình năm 2026.' });
  assert.equal(r.status, 200, JSON.stringify(r.data));
  assert.equal(r.data.status, 'recognised');
  assert.deepEqual(r.data.events.map((e) => e.action), ['nominate', 'attach', 'endorse', 'recognise']);
  // the figures the system measured for her this year, as the leaders read them
  assert.equal(r.data.figures.dossiers.received, 1, JSON.stringify(r.data.figures));
  assert.equal(r.data.figures.evaluations.received, 1);
  assert.equal(r.data.figures.evaluations.not_satisfied, 0);
  // a colleague at the counter may not read her figures (performance_may_read)
  assert.equal((await as('tiepnhan2', 'GET', `/api/v1/recognitions/${id}`)).data.figures, null);
  assert.equal((await act('tiepnhan2', id, { action: 'withdraw' })).status, 409);
  // the audit trail: one record per change, nothing of the citizen
  const audit = await cli(['audit', '--db', srv.db, '--entity', 'recognition', '--id', String(id)]);
  assert.equal(audit.code, 0, audit.stderr);
  for (const a of ['recognition.nominate', 'recognition.attach', 'recognition.endorse', 'recognition.recognise']) assert.ok(audit.stdout.includes(a), audit.stdout);
  for (const s of [CITIZEN.name, EMAIL, '0935']) assert.ok(!audit.stdout.includes(s), s);
});

test('a good practice, nominated and recognised', async () => {
  let r = await as('hotich1', 'POST', '/api/v1/recognitions', { kind: 'practice', title: 'Trả kết quả hộ tịch tại nhà cho người cao tuổi', unit: 'VP', reasons: '312 lượt trả kết quả tại nhà trong năm.' });
  assert.equal(r.status, 201, JSON.stringify(r.data));
  const id = r.data.id;
  assert.equal((await act('truongvp', id, { action: 'endorse' })).status, 200); // the unit's head
  assert.equal((await act('chutich', id, { action: 'recognise' })).status, 200);
  r = await as('chutich', 'GET', '/api/v1/recognitions?status=recognised&year=2026');
  assert.equal(r.status, 200);
  assert.equal(r.data.items.length, 2);
  assert.equal((await as('chutich', 'GET', '/api/v1/recognitions?status=maybe')).status, 400);
});

test('the public list: name, title, unit, reasons, the praise — nothing of the citizen', async () => {
  let r = await srv.json('GET', '/api/v1/public/recognitions?agency=HOIAN&year=2026');
  assert.equal(r.status, 200);
  assert.equal(r.data.items.length, 2);
  const official = r.data.items.find((i) => i.kind === 'official');
  assert.deepEqual(official.official, { name: 'Huỳnh Thị Mỹ Duyên', title: 'Công chức tiếp nhận và trả kết quả', unit: official.official.unit });
  assert.ok(official.official.unit.length > 0);
  assert.match(official.reasons, /1\.240 hồ sơ/);
  assert.equal(official.praises.length, 1);
  assert.match(official.praises[0], /hướng dẫn rất tận tình/);
  const practice = r.data.items.find((i) => i.kind === 'practice');
  assert.equal(practice.practice.title, 'Trả kết quả hộ tịch tại nhà cho người cao tuổi');
  assert.equal(practice.official, null);
  const text = JSON.stringify(r.data);
  for (const s of SECRETS) assert.ok(!text.includes(s), `"${s}" is on the public list`);
  for (const k of ['username', 'email', 'source', 'figures', 'nominated_by', 'events', 'status']) assert.ok(!text.includes(`"${k}"`), k);
  // the whole list, another agency, another year, an unknown agency
  assert.equal((await srv.json('GET', '/api/v1/public/recognitions')).data.items.length, 2);
  assert.equal((await srv.json('GET', '/api/v1/public/recognitions?agency=HOIANDONG')).data.items.length, 0);
  assert.equal((await srv.json('GET', '/api/v1/public/recognitions?agency=HOIAN&year=2025')).data.items.length, 0);
  assert.equal((await srv.json('GET', '/api/v1/public/recognitions?agency=KHONGCO')).status, 404);
  assert.equal((await srv.json('GET', '/api/v1/public/recognitions?year=abc')).status, 400);
  // the public page is served
  const page = await srv.fetch('/recognitions/');
  assert.equal(page.status, 200);
  const html = await page.text();
  assert.match(html, /Gương điển hình/);
  for (const s of SECRETS) assert.ok(!html.includes(s), s);
});
