// The role × route test, generated from THE route table: `motcua routes`
// prints the table the server dispatches on; every route is called by an
// anonymous visitor and by an account of each role, and must answer exactly
// what its row says — 401 for a staff route without a session, 403 for a
// role it does not list, a 2xx for everyone it admits.
//
// REQUESTS below holds, per route, a request that succeeds for whoever may
// make it. A route added to the table without a row here fails this test:
// write the row (a real request, with real data) with the route.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, freshDb, cli } from '../lib/server.mjs';

const ROLES = ['admin', 'reception', 'specialist', 'head', 'leader', 'province'];
// each role's account sits in the unit where its role does its work
const UNIT = { admin: [], reception: ['--unit', 'TNTKQ'], specialist: ['--unit', 'VP'], head: ['--unit', 'VP'], leader: ['--unit', 'LD'], province: [] };
const PASSWORD = 'mat-khau-vai-tro-1';

let srv;
let routes;
const sessions = {};
const demo = {};
let seq = 0;

before(async () => {
  const r = await cli(['routes']);
  assert.equal(r.code, 0, r.stderr);
  routes = JSON.parse(r.stdout);
  const { db } = await freshDb();
  for (const role of ROLES) {
    const u = await cli(['user', 'add', '--db', db, '--username', 'vt_' + role, '--full-name', 'Vai trò ' + role, '--role', role, ...UNIT[role]], { input: PASSWORD + '\n' });
    assert.equal(u.code, 0, u.stderr);
  }
  srv = await startServer({ db, env: { MOTCUA_TEST_CLOCK: '1' } });
  for (const role of ROLES) sessions[role] = await login(role);
  for (const u of ['tiepnhan1', 'hotich1', 'admin']) demo[u] = await srv.login(u);
  await srv.json('PUT', '/api/v1/_test/now', { now: '2026-03-02T09:00:00+07:00' });
});
after(async () => {
  await srv.stop();
});

const login = (role) => srv.login('vt_' + role, PASSWORD);
const id = () => `${Date.now().toString(36)}${(seq++).toString(36)}`;

const PERSON = { kind: 'person', name: 'Lê Thị Vai Trò', id_number: '048185003456', phone: '0935 444 555', address: 'Hội An' };
const PDF = Buffer.from('%PDF-1.4\n% motcua test\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n').toString('base64');

async function documents() {
  const p = await srv.json('GET', '/api/v1/procedures/1.004873');
  return p.data.documents.filter((d) => d.mandatory).map((d) => ({ id: d.id, form: d.form, count: 1 }));
}
async function intake() {
  const r = await srv.json('POST', '/api/v1/dossiers', { procedure: '1.004873', applicant: PERSON, documents: await documents() }, demo.tiepnhan1);
  assert.equal(r.status, 201, JSON.stringify(r.data));
  return r.data.code;
}
// a guidance before receipt, recorded by the demo counter officer
async function guidance() {
  const r = await srv.json('POST', '/api/v1/guidances', { procedure: '1.004873', applicant: PERSON, items: ['Thiếu bản sao Giấy khai sinh'] }, demo.tiepnhan1);
  assert.equal(r.status, 201, JSON.stringify(r.data));
  return r.data.id;
}
// the counter queue of the home centre (HOIAN): a group set up once by the
// demo admin, a fresh counter per request that needs one, tickets from the kiosk
let queueGroup = null;
let counterNo = 100;
async function queueGroupReady() {
  if (!queueGroup) {
    const g = await srv.json('POST', '/api/v1/queue/groups', { code: 'VT', prefix: 'V', name: 'Nhóm thử vai trò' }, demo.admin);
    assert.equal(g.status, 201, JSON.stringify(g.data));
    queueGroup = 'VT';
  }
}
// a counter tablet (the evaluation, D35), configured by the demo admin
async function tabletToken() {
  await queueCounter();
  const d = await srv.json('POST', '/api/v1/service-evaluations/devices', { counter: counterNo }, demo.admin);
  assert.equal(d.status, 201, JSON.stringify(d.data));
  return d.data.token;
}
async function queueCounter() {
  await queueGroupReady();
  const c = await srv.json('POST', '/api/v1/queue/counters', { number: ++counterNo, groups: ['VT'] }, demo.admin);
  assert.equal(c.status, 201, JSON.stringify(c.data));
  return c.data.id;
}
async function queueTicket() {
  await queueGroupReady();
  const r = await srv.json('POST', '/api/v1/queue/tickets', { group: 'VT' });
  assert.equal(r.status, 201, JSON.stringify(r.data));
  return r.data;
}
// a ticket called to a fresh counter by the demo counter officer: its internal id
async function calledTicket() {
  const counter = await queueCounter();
  await queueTicket();
  const r = await srv.json('POST', `/api/v1/queue/counters/${counter}/call`, undefined, demo.tiepnhan1);
  assert.equal(r.status, 200, JSON.stringify(r.data));
  return r.data.id;
}
// a request on a called ticket for the reception role (the only one allowed:
// the others are refused before the handler, on any id)
const onTicket = (action, body) => async (who, role) =>
  role === 'reception' ? { path: `/api/v1/queue/tickets/${await calledTicket()}/${action}`, body: typeof body === 'function' ? await body() : body } : { path: `/api/v1/queue/tickets/1/${action}`, body: typeof body === 'function' ? {} : body };
const onCounter = (action, body) => async (who, role) =>
  role === 'reception' ? { path: `/api/v1/queue/counters/${await queueCounter()}/${action}`, body } : { path: `/api/v1/queue/counters/1/${action}`, body };
async function callRequest(who, role) {
  if (role !== 'reception') return { path: '/api/v1/queue/counters/1/call' };
  const counter = await queueCounter();
  await queueTicket();
  return { path: `/api/v1/queue/counters/${counter}/call` };
}
const act = (code, body, who) => srv.json('POST', `/api/v1/dossiers/${code}/actions`, body, who);
// a dossier where the role's account has something to do
async function dossierFor(role) {
  const code = await intake();
  if (role === 'specialist' || role === 'head' || role === 'leader') assert.equal((await act(code, { action: 'forward' }, demo.tiepnhan1)).status, 200);
  if (role === 'leader') assert.equal((await act(code, { action: 'forward', to: 'chutich' }, demo.hotich1)).status, 200);
  return code;
}
const ACTION = { reception: { action: 'forward' }, specialist: { action: 'forward', to: 'chutich' }, head: { action: 'send_back', reason: 'Kiểm tra lại' }, leader: { action: 'complete', result: { summary: 'Đã cấp' } } };

async function procedureCopy(code) {
  const p = await srv.json('GET', '/api/v1/procedures/1.004873');
  const d = p.data;
  return {
    code,
    name: 'Thủ tục thử vai trò ' + code,
    field: d.field.code,
    level: d.level,
    agency: d.agency && d.agency.code,
    time_limit: { value: d.time_limit.value, unit: d.time_limit.unit, text: d.time_limit.text },
    result: d.result,
    legal_basis: d.legal_basis,
    online: d.online,
    fees: d.fees,
    documents: d.documents.map(({ name, form, count, mandatory }) => ({ name, form, count, mandatory })),
    steps: d.steps.map((s) => ({ name: s.name, unit: s.unit.code, share: s.share })),
  };
}

// citizens' voice: a petition keyed in by the demo counter officer; one
// answered (and published when asked); the feedback form's file; a comment
// waiting for moderation
const PETITION = { channel: 'reception', type: 'reflection', content: 'Phản ánh thử vai trò', petitioner: { name: 'Lê Thị Vai Trò', phone: '0935 444 555' } };
async function petition({ answered = false, published = false } = {}) {
  const r = await srv.json('POST', '/api/v1/petitions', PETITION, demo.tiepnhan1);
  assert.equal(r.status, 201, JSON.stringify(r.data));
  const pact = (body) => srv.json('POST', `/api/v1/petitions/${r.data.id}/actions`, body, demo.tiepnhan1);
  if (answered || published) assert.equal((await pact({ action: 'answer', text: 'Đã xử lý.' })).status, 200);
  if (published) assert.equal((await pact({ action: 'publish', title: 'Thử vai trò', question: 'Phản ánh thử.', answer: 'Đã xử lý.' })).status, 200);
  return r.data;
}
let petitionFile;
async function petitionWithFile() {
  if (!petitionFile) {
    const r = await srv.json('POST', '/api/v1/public/feedback', { name: 'Vai Trò', email: 'vaitro@example.vn', content: 'Góp ý thử', attachment: { name: 'a.pdf', data: PDF } });
    assert.equal(r.status, 201, JSON.stringify(r.data));
    petitionFile = r.data.id;
  }
  return petitionFile;
}
// reception days: a future session of the demo centre (a fresh one per
// call: registrations count against its cap)
const SESSION = { leader_name: 'Nguyễn Văn Chủ Tịch', leader_title: 'Chủ tịch UBND phường', leader_role: 'commune_chairman', starts_at: '2026-03-12T08:00', ends_at: '2026-03-12T11:00', place: 'Phòng tiếp công dân', kind: 'regular', mode: 'in_person', capacity: 50 };
async function receptionSession() {
  const r = await srv.json('POST', '/api/v1/reception/sessions', SESSION, demo.tiepnhan1);
  assert.equal(r.status, 201, JSON.stringify(r.data));
  return r.data.id;
}
const VISIT = { visitors: 'Trần Văn Vai Trò', people: 1, matters: [{ type: 'recommendation', content: 'Kiến nghị thử vai trò' }] };
async function pendingComment() {
  const p = await petition({ published: true });
  const r = await srv.json('POST', `/api/v1/public/answers/${p.id}/comments`, { name: 'Vai Trò', email: 'vaitro@example.vn', content: 'Ý kiến thử' });
  assert.equal(r.status, 202, JSON.stringify(r.data));
  return r.data.id;
}

// officials (issue 15, D42): the home agency's 2026 criteria, published
// once by the role's leader; the 2026 cycle, opened once (after every
// account of this test exists); years of their own for the other writes
const OFF_GROUPS = [{ name: 'Thái độ với người dân', criteria: [{ text: 'Tận tình, không gây phiền hà', weight: 1 }] }];
let offYear = 2040;
let offCycleId;
async function offCriteria() {
  const got = await srv.json('GET', '/api/v1/criteria?year=2026', undefined, sessions.leader);
  if (got.status === 200) return;
  let r = await srv.json('PUT', '/api/v1/criteria/2026', { groups: OFF_GROUPS }, sessions.leader);
  assert.equal(r.status, 201, JSON.stringify(r.data));
  r = await srv.json('POST', `/api/v1/criteria/${r.data.id}/actions`, { action: 'publish' }, sessions.leader);
  assert.equal(r.status, 200, JSON.stringify(r.data));
}
async function offCycle() {
  await offCriteria();
  if (!offCycleId) {
    const r = await srv.json('POST', '/api/v1/evaluations/cycles', { year: 2026, self_due: '2026-12-05', head_due: '2026-12-10', leader_due: '2026-12-20' }, sessions.leader);
    assert.equal(r.status, 201, JSON.stringify(r.data));
    offCycleId = r.data.id;
  }
  return offCycleId;
}
async function ownCommitment(who) {
  await offCriteria();
  const r = await srv.json('POST', '/api/v1/commitments', { year: 2026, items: [{ criterion: 1, text: 'Hướng dẫn một lần là đủ' }] }, who);
  assert.ok(r.status === 200 || r.status === 201, JSON.stringify(r.data));
  return r.data.id;
}
async function ownEvaluation(role) {
  await offCycle();
  const r = await srv.json('GET', `/api/v1/evaluations/2026/vt_${role}`, undefined, sessions[role]);
  assert.equal(r.status, 200, JSON.stringify(r.data));
  return r.data.id;
}

// route key → async (who, role) → {path, body, type} ; who is null for anonymous
const REQUESTS = {
  'GET /healthz': () => ({ path: '/healthz' }),
  'POST /api/v1/session': () => ({ path: '/api/v1/session', body: { username: 'vt_admin', password: PASSWORD } }),
  'DELETE /api/v1/session': async (who, role) => ({ path: '/api/v1/session', who: who && (await login(role)) }),
  'GET /api/v1/me': () => ({ path: '/api/v1/me' }),
  'PUT /api/v1/me/password': async (who, role) => {
    // a session of its own: changing the password ends the account's sessions
    if (!who) return { path: '/api/v1/me/password', body: { current_password: PASSWORD, new_password: PASSWORD + '-moi' } };
    const s = await login(role);
    return {
      path: '/api/v1/me/password',
      body: { current_password: PASSWORD, new_password: PASSWORD + '-moi' },
      who: s,
      async after() {
        const again = await srv.login('vt_' + role, PASSWORD + '-moi');
        const back = await srv.json('PUT', '/api/v1/me/password', { current_password: PASSWORD + '-moi', new_password: PASSWORD }, again);
        assert.ok(back.status < 300, JSON.stringify(back.data));
        sessions[role] = await login(role);
      },
    };
  },
  'GET /api/v1/me/tokens': () => ({ path: '/api/v1/me/tokens' }),
  'POST /api/v1/me/tokens': () => ({ path: '/api/v1/me/tokens', body: { label: 'Thử ' + id(), days: 7 } }),
  'DELETE /api/v1/me/tokens/{id}': async (who) => {
    const made = who ? await srv.json('POST', '/api/v1/me/tokens', { label: 'Xoá ' + id(), days: 7 }, who) : null;
    return { path: `/api/v1/me/tokens/${made ? made.data.id : 1}` };
  },
  'GET /api/v1/units': () => ({ path: '/api/v1/units' }),
  'GET /api/v1/units/{code}/staff': () => ({ path: '/api/v1/units/VP/staff' }),
  'GET /api/v1/staff': () => ({ path: '/api/v1/staff' }),
  'POST /api/v1/staff': () => ({ path: '/api/v1/staff', body: { username: 'moi_' + id(), full_name: 'Người Mới', roles: ['reception'], password: 'mat-khau-moi-1' } }),
  'PATCH /api/v1/staff/{username}': () => ({ path: '/api/v1/staff/tiepnhan3', body: { title: 'Chuyên viên ' + id() } }),
  'GET /api/v1/fields': () => ({ path: '/api/v1/fields' }),
  'PUT /api/v1/fields/{code}': async () => {
    const f = await srv.json('GET', '/api/v1/fields');
    const field = (f.data.items || f.data)[0];
    return { path: '/api/v1/fields/' + field.code, body: { name: field.name } };
  },
  'GET /api/v1/procedures': () => ({ path: '/api/v1/procedures?q=ket+hon' }),
  'GET /api/v1/procedures/export': () => ({ path: '/api/v1/procedures/export' }),
  'POST /api/v1/procedures/import': async () => {
    const csv = await (await srv.fetch('/api/v1/procedures/export', { headers: { Cookie: demo.admin.cookie } })).text();
    return { path: '/api/v1/procedures/import', raw: csv, type: 'text/csv' };
  },
  'GET /api/v1/procedures/{code}': () => ({ path: '/api/v1/procedures/1.004873' }),
  'PUT /api/v1/procedures/{code}': async () => {
    const code = '9.' + String(100000 + (seq++ % 800000)).padStart(6, '0');
    return { path: '/api/v1/procedures/' + code, body: await procedureCopy(code) };
  },
  'DELETE /api/v1/procedures/{code}': async () => {
    const code = '9.' + String(900000 + (seq++ % 90000)).padStart(6, '0');
    const made = await srv.json('PUT', '/api/v1/procedures/' + code, await procedureCopy(code), demo.admin);
    assert.ok(made.status < 300, JSON.stringify(made.data));
    return { path: '/api/v1/procedures/' + code };
  },
  'POST /api/v1/dossiers': async () => ({ path: '/api/v1/dossiers', body: { procedure: '1.004873', applicant: PERSON, documents: await documents() } }),
  'GET /api/v1/dossiers': () => ({ path: '/api/v1/dossiers' }),
  'GET /api/v1/dossiers/{code}': async () => ({ path: '/api/v1/dossiers/' + (await intake()) }),
  'GET /api/v1/dossiers/{code}/history': async () => ({ path: `/api/v1/dossiers/${await intake()}/history` }),
  'POST /api/v1/dossiers/{code}/actions': async (who, role) => ({
    path: `/api/v1/dossiers/${await dossierFor(role)}/actions`,
    body: ACTION[role] || { action: 'forward' },
  }),
  'GET /api/v1/dossiers/{code}/attachments/{sha256}': async () => {
    const docs = (await documents()).map((d) => ({ id: d.id }));
    const r = await srv.json('POST', '/api/v1/public/submissions', { procedure: '1.004873', applicant: PERSON, documents: docs, attachments: [{ name: 'a.pdf', document: docs[0].id, data: PDF }] });
    assert.equal(r.status, 201, JSON.stringify(r.data));
    const d = await srv.json('GET', '/api/v1/dossiers/' + r.data.code, undefined, demo.tiepnhan1);
    return { path: `/api/v1/dossiers/${r.data.code}/attachments/${d.data.attachments[0].sha256}` };
  },
  'GET /api/v1/dossiers/{code}/forms/{kind}': async () => ({ path: `/api/v1/dossiers/${await intake()}/forms/receipt` }),
  'GET /api/v1/books/tracking': () => ({ path: '/api/v1/books/tracking?from=2026-03-01&to=2026-03-31' }),
  'POST /api/v1/public/submissions': async () => ({
    path: '/api/v1/public/submissions',
    body: { procedure: '1.004873', applicant: PERSON, documents: (await documents()).map((d) => ({ id: d.id })) },
  }),
  'GET /api/v1/public/dossiers/{code}': async () => ({ path: '/api/v1/public/dossiers/' + (await intake()) }),
  'GET /api/v1/calendar/rules': () => ({ path: '/api/v1/calendar/rules' }),
  'GET /api/v1/calendar/affected': () => ({ path: '/api/v1/calendar/affected?date=2026-11-24' }),
  'PUT /api/v1/calendar/rules': async () => {
    const g = await srv.json('GET', '/api/v1/calendar/rules', undefined, demo.admin);
    return { path: '/api/v1/calendar/rules', body: { rules: g.data.rules } };
  },
  'PUT /api/v1/calendar/days/{date}': () => ({ path: '/api/v1/calendar/days/2027-06-01', body: { kind: 'off', name: 'Ngày nghỉ thử' } }),
  'DELETE /api/v1/calendar/days/{date}': async () => {
    const made = await srv.json('PUT', '/api/v1/calendar/days/2027-06-02', { kind: 'off', name: 'Ngày nghỉ thử' }, demo.admin);
    assert.ok(made.status < 300, JSON.stringify(made.data));
    return { path: '/api/v1/calendar/days/2027-06-02' };
  },
  'GET /api/v1/calendar/{year}': () => ({ path: '/api/v1/calendar/2026' }),
  'GET /api/v1/calendar/hours': () => ({ path: '/api/v1/calendar/hours' }),
  'PUT /api/v1/calendar/hours/{agency}': () => ({ path: '/api/v1/calendar/hours/HOIAN', body: { work_periods: '07:30-11:30,13:00-17:00', cutoff: '15:00' } }),
  'GET /api/v1/calendar/{year}/export': () => ({ path: '/api/v1/calendar/2026/export' }),
  'POST /api/v1/calendar/{year}/import': async () => {
    const csv = await (await srv.fetch('/api/v1/calendar/2026/export', { headers: { Cookie: demo.admin.cookie } })).text();
    return { path: '/api/v1/calendar/2026/import', raw: csv, type: 'text/csv' };
  },
  'POST /api/v1/guidances': () => ({ path: '/api/v1/guidances', body: { procedure: '1.004873', applicant: PERSON, items: ['Thiếu bản sao Giấy khai sinh'] } }),
  'GET /api/v1/guidances': () => ({ path: '/api/v1/guidances?from=2026-03-01&to=2026-03-31' }),
  'GET /api/v1/guidances/stats': () => ({ path: '/api/v1/guidances/stats?from=2026-03-01&to=2026-03-31' }),
  'GET /api/v1/reports/handling': () => ({ path: '/api/v1/reports/handling?from=2026-03-01&to=2026-03-31' }),
  'GET /api/v1/guidances/{id}': async () => ({ path: '/api/v1/guidances/' + (await guidance()) }),
  'GET /api/v1/guidances/{id}/paper': async () => ({ path: `/api/v1/guidances/${await guidance()}/paper` }),
  'GET /api/v1/queue/groups': () => ({ path: '/api/v1/queue/groups' }),
  'POST /api/v1/queue/groups': (who, role) => ({ path: '/api/v1/queue/groups', body: { code: 'W' + id().toUpperCase(), prefix: role === 'admin' ? 'W' : 'X', name: 'Nhóm thử' } }),
  'PATCH /api/v1/queue/groups/{code}': async () => {
    await queueGroupReady();
    return { path: '/api/v1/queue/groups/VT', body: { name: 'Nhóm thử vai trò' } };
  },
  'POST /api/v1/queue/tickets': async () => {
    await queueGroupReady();
    return { path: '/api/v1/queue/tickets', body: { group: 'VT', priority: true } };
  },
  'GET /api/v1/public/tickets/{id}': async () => ({ path: '/api/v1/public/tickets/' + (await queueTicket()).id }),
  'GET /api/v1/public/tickets/{id}/qr': async () => ({ path: `/api/v1/public/tickets/${(await queueTicket()).id}/qr` }),
  'GET /api/v1/queue/board': () => ({ path: '/api/v1/queue/board' }),
  'GET /api/v1/queue/events': () => ({ path: '/api/v1/queue/events?last_event_id=0&once=1' }),
  'GET /api/v1/queue/counters': () => ({ path: '/api/v1/queue/counters' }),
  'POST /api/v1/queue/counters': async (who, role) => {
    await queueGroupReady();
    return { path: '/api/v1/queue/counters', body: { number: role === 'admin' ? ++counterNo : 999, groups: ['VT'] } };
  },
  'PATCH /api/v1/queue/counters/{id}': async () => ({ path: `/api/v1/queue/counters/${await queueCounter()}`, body: { name: 'Quầy thử' } }),
  'POST /api/v1/queue/counters/{id}/call': callRequest,
  'POST /api/v1/queue/counters/{id}/pause': onCounter('pause', { reason: 'Nghỉ giải lao' }),
  'POST /api/v1/queue/counters/{id}/resume': onCounter('resume'),
  'POST /api/v1/queue/tickets/{id}/recall': onTicket('recall'),
  'POST /api/v1/queue/tickets/{id}/start': onTicket('start'),
  'POST /api/v1/queue/tickets/{id}/finish': onTicket('finish'),
  'POST /api/v1/queue/tickets/{id}/no-show': async (who, role) => {
    if (role !== 'reception') return { path: '/api/v1/queue/tickets/1/no-show' };
    // called ten minutes ago: past the grace period
    await srv.json('PUT', '/api/v1/_test/now', { now: '2026-03-02T08:50:00+07:00' });
    const t = await calledTicket();
    await srv.json('PUT', '/api/v1/_test/now', { now: '2026-03-02T09:00:00+07:00' });
    return { path: `/api/v1/queue/tickets/${t}/no-show` };
  },
  'POST /api/v1/queue/tickets/{id}/transfer': onTicket('transfer', { group: 'VT' }),
  'POST /api/v1/queue/tickets/{id}/dossier': onTicket('dossier', async () => ({ dossier: await intake() })),
  'GET /api/v1/public/centre': () => ({ path: '/api/v1/public/centre' }),
  'POST /api/v1/public/feedback': () => ({ path: '/api/v1/public/feedback', body: { name: 'Vai Trò', email: 'vaitro@example.vn', content: 'Góp ý thử vai trò' } }),
  'GET /api/v1/public/petitions/{code}': async () => ({ path: '/api/v1/public/petitions/' + (await petition()).code }),
  'POST /api/v1/public/petitions/{code}/satisfaction': async () => ({ path: `/api/v1/public/petitions/${(await petition({ answered: true })).code}/satisfaction`, body: { satisfied: true } }),
  'GET /api/v1/public/answers': () => ({ path: '/api/v1/public/answers' }),
  'GET /api/v1/public/answers/{id}': async () => ({ path: '/api/v1/public/answers/' + (await petition({ published: true })).id }),
  'POST /api/v1/public/answers/{id}/comments': async () => ({ path: `/api/v1/public/answers/${(await petition({ published: true })).id}/comments`, body: { name: 'Vai Trò', email: 'vaitro@example.vn', content: 'Ý kiến' } }),
  'POST /api/v1/petitions': () => ({ path: '/api/v1/petitions', body: PETITION }),
  'GET /api/v1/petitions': () => ({ path: '/api/v1/petitions' }),
  'GET /api/v1/petitions/comments': () => ({ path: '/api/v1/petitions/comments' }),
  'POST /api/v1/petitions/comments/{id}/actions': async () => ({ path: `/api/v1/petitions/comments/${await pendingComment()}/actions`, body: { action: 'approve' } }),
  'GET /api/v1/petitions/{id}': async () => ({ path: '/api/v1/petitions/' + (await petition()).id }),
  'POST /api/v1/petitions/{id}/actions': async () => ({ path: `/api/v1/petitions/${(await petition()).id}/actions`, body: { action: 'accept' } }),
  'POST /api/v1/petitions/{id}/identity': async () => ({ path: `/api/v1/petitions/${(await petition()).id}/identity` }),
  'GET /api/v1/petitions/{id}/attachment': async () => ({ path: `/api/v1/petitions/${await petitionWithFile()}/attachment` }),
  'GET /api/v1/public/reception/sessions': () => ({ path: '/api/v1/public/reception/sessions' }),
  'POST /api/v1/public/reception/sessions/{id}/registrations': async () => ({ path: `/api/v1/public/reception/sessions/${await receptionSession()}/registrations`, body: { name: 'Vai Trò', contact: '0935 444 555', subject: 'Hỏi thử' } }),
  'GET /api/v1/reception/duties': () => ({ path: '/api/v1/reception/duties' }),
  'POST /api/v1/reception/duties/{role}': () => ({ path: '/api/v1/reception/duties/commune_chairman', body: { days: 1, per: 'week' } }),
  'GET /api/v1/reception/sessions': () => ({ path: '/api/v1/reception/sessions' }),
  'POST /api/v1/reception/sessions': () => ({ path: '/api/v1/reception/sessions', body: SESSION }),
  'POST /api/v1/reception/sessions/{id}': async () => ({ path: '/api/v1/reception/sessions/' + (await receptionSession()), body: { ...SESSION, capacity: 10 } }),
  'GET /api/v1/reception/sessions/{id}/registrations': async () => ({ path: `/api/v1/reception/sessions/${await receptionSession()}/registrations` }),
  'GET /api/v1/reception/visits': () => ({ path: '/api/v1/reception/visits' }),
  'POST /api/v1/reception/visits': () => ({ path: '/api/v1/reception/visits', body: VISIT }),
  'GET /api/v1/agencies': () => ({ path: '/api/v1/agencies' }),
  'GET /api/v1/public/evaluations/form': () => ({ path: '/api/v1/public/evaluations/form' }),
  'GET /api/v1/public/evaluations/tablet': async () => ({ path: '/api/v1/public/evaluations/tablet', headers: { 'X-Device-Token': await tabletToken() } }),
  'POST /api/v1/public/evaluations': async () => {
    const code = await intake();
    const receipt = await srv.json('GET', `/api/v1/dossiers/${code}/forms/receipt?format=json`, undefined, demo.tiepnhan1);
    return { path: '/api/v1/public/evaluations', body: { dossier: code, secret: receipt.data.evaluation_code, level: 'satisfied' } };
  },
  'POST /api/v1/service-evaluations/devices': async () => {
    await queueCounter();
    return { path: '/api/v1/service-evaluations/devices', body: { counter: counterNo } };
  },
  'GET /api/v1/service-evaluations': () => ({ path: '/api/v1/service-evaluations' }),
  'GET /api/v1/service-evaluations/devices': () => ({ path: '/api/v1/service-evaluations/devices' }),
  'POST /api/v1/service-evaluations/devices/{id}/revoke': async () => {
    await queueCounter();
    const r = await srv.json('POST', '/api/v1/service-evaluations/devices', { counter: counterNo }, demo.admin);
    return { path: `/api/v1/service-evaluations/devices/${r.data.id}/revoke` };
  },
  'GET /api/v1/queue/figures': () => ({ path: '/api/v1/queue/figures' }),
  'GET /api/v1/public/criteria': async () => {
    await offCriteria();
    return { path: '/api/v1/public/criteria?agency=HOIAN&year=2026' };
  },
  'GET /api/v1/criteria': async () => {
    await offCriteria();
    return { path: '/api/v1/criteria?year=2026' };
  },
  'PUT /api/v1/criteria/{year}': () => ({ path: `/api/v1/criteria/${offYear++}`, body: { groups: OFF_GROUPS } }),
  'POST /api/v1/criteria/{id}/actions': async () => {
    const r = await srv.json('PUT', `/api/v1/criteria/${offYear++}`, { groups: OFF_GROUPS }, sessions.leader);
    return { path: `/api/v1/criteria/${r.data.id}/actions`, body: { action: 'publish' } };
  },
  'GET /api/v1/commitments': () => ({ path: '/api/v1/commitments?year=2026' }),
  'POST /api/v1/commitments': async () => {
    await offCriteria();
    return { path: '/api/v1/commitments', body: { year: 2026, items: [{ criterion: 1, text: 'Hướng dẫn một lần là đủ' }] } };
  },
  'GET /api/v1/commitments/{id}': async (who, role) => ({ path: `/api/v1/commitments/${who && role !== 'province' ? await ownCommitment(who) : 1}` }),
  'POST /api/v1/commitments/{id}/actions': async (who, role) => ({
    path: `/api/v1/commitments/${who && role !== 'province' ? await ownCommitment(who) : 1}/actions`,
    body: { action: 'submit' },
  }),
  'GET /api/v1/evaluations': () => ({ path: '/api/v1/evaluations?year=2026' }),
  'GET /api/v1/evaluations/cycles': () => ({ path: '/api/v1/evaluations/cycles' }),
  'POST /api/v1/evaluations/cycles': () => ({ path: '/api/v1/evaluations/cycles', body: { year: offYear++, self_due: '2026-12-05', head_due: '2026-12-10', leader_due: '2026-12-20' } }),
  'POST /api/v1/evaluations/cycles/{id}/remind': async () => ({ path: `/api/v1/evaluations/cycles/${await offCycle()}/remind` }),
  'GET /api/v1/evaluations/supervision': () => ({ path: '/api/v1/evaluations/supervision?year=2026' }),
  'POST /api/v1/evaluations/{id}/actions': async (who, role) => ({
    path: `/api/v1/evaluations/${who && role !== 'province' ? await ownEvaluation(role) : 1}/actions`,
    body: { action: 'self_assess', items: [{ criterion: 1, score: 8, evidence: 'Sổ theo dõi' }] },
  }),
  'GET /api/v1/evaluations/{year}/{username}': async (who, role) => {
    if (who && role !== 'province') await offCycle();
    return { path: `/api/v1/evaluations/2026/vt_${role || 'admin'}` };
  },
  'GET /api/v1/indicators': () => ({ path: '/api/v1/indicators?from=2026-01-01&to=2026-03-31' }),
  'GET /api/v1/indicators/{code}/items': () => ({ path: '/api/v1/indicators/2.1/items?from=2026-01-01&to=2026-03-31' }),
  'GET /api/v1/dashboard/today': () => ({ path: '/api/v1/dashboard/today' }),
  'GET /api/v1/dashboard/trends': () => ({ path: '/api/v1/dashboard/trends?by=month' }),
  'GET /api/v1/dashboard/breakdown': () => ({ path: '/api/v1/dashboard/breakdown?by=officer' }),
  'GET /api/v1/dashboard/overdue-steps': () => ({ path: '/api/v1/dashboard/overdue-steps' }),
  'GET /api/v1/dashboard/petitions': () => ({ path: '/api/v1/dashboard/petitions' }),
  'GET /api/v1/public/transparency': () => ({ path: '/api/v1/public/transparency' }),
  'GET /open311/{doc}': () => ({ path: '/open311/discovery.json' }),
  'GET /open311/v2/{res}': () => ({ path: '/open311/v2/services.json' }),
  'POST /open311/v2/{res}': async () => ({
    path: '/open311/v2/requests.json',
    type: 'application/x-www-form-urlencoded',
    raw: new URLSearchParams({ api_key: await open311Key(), service_code: 'phan-anh', address_string: '12 Trần Phú', email: 'vaitro@example.vn', first_name: 'Vai', last_name: 'Trò', description: 'Phản ánh thử vai trò' }).toString(),
  }),
  'GET /open311/v2/services/{code}': () => ({ path: '/open311/v2/services/phan-anh.xml' }),
  'GET /open311/v2/requests/{id}': async () => ({ path: `/open311/v2/requests/${(await petition()).id}.json` }),
  'GET /open311/v2/tokens/{token}': async () => ({ path: `/open311/v2/tokens/${await open311Token()}.json` }),
  'GET /api/v1/open311/keys': () => ({ path: '/api/v1/open311/keys' }),
  'POST /api/v1/open311/keys': () => ({ path: '/api/v1/open311/keys', body: { name: 'Ứng dụng thử ' + ++seq } }),
  'POST /api/v1/open311/keys/{id}/revoke': async () => {
    const r = await srv.json('POST', '/api/v1/open311/keys', { name: 'Thu hồi thử ' + ++seq }, demo.admin);
    return { path: `/api/v1/open311/keys/${r.data.id}/revoke` };
  },
  // officers' figures (D41): each role reads its own; the export a day's dossiers
  'GET /api/v1/officers/figures': () => ({ path: '/api/v1/officers/figures?from=2026-03-01&to=2026-03-31' }),
  'GET /api/v1/officers/me/figures': () => ({ path: '/api/v1/officers/me/figures?from=2026-03-01&to=2026-03-31' }),
  'GET /api/v1/officers/{username}/figures': (who, role) => ({ path: `/api/v1/officers/${role ? 'vt_' + role : 'hotich1'}/figures` }),
  'GET /api/v1/officers/{username}/dossiers': (who, role) => ({ path: `/api/v1/officers/${role ? 'vt_' + role : 'hotich1'}/dossiers?kind=handled` }),
  'GET /api/v1/exports/dossiers': () => ({ path: '/api/v1/exports/dossiers?from=2026-03-02&to=2026-03-02' }),
  'GET /api/v1/public/recognitions': () => ({ path: '/api/v1/public/recognitions?agency=HOIAN' }),
  'POST /api/v1/recognitions': () => ({ path: '/api/v1/recognitions', body: RECOGNITION() }),
  'GET /api/v1/recognitions': () => ({ path: '/api/v1/recognitions' }),
  'GET /api/v1/recognitions/praise': () => ({ path: '/api/v1/recognitions/praise' }),
  'GET /api/v1/recognitions/{id}': async () => ({ path: '/api/v1/recognitions/' + (await recognition(demo.tiepnhan1)) }),
  // the nominator withdraws his own nomination (the roles the route refuses: any id)
  'POST /api/v1/recognitions/{id}/actions': async (who, role) => ({
    path: `/api/v1/recognitions/${['reception', 'specialist', 'head', 'leader'].includes(role) ? await recognition(who) : 1}/actions`,
    body: { action: 'withdraw' },
  }),
  'PUT /api/v1/_test/now': () => ({ path: '/api/v1/_test/now', body: { now: '2026-03-02T09:00:00+07:00' } }),
};

// recognition (D43): a good practice of the VP unit, nominated by `who`
const RECOGNITION = () => ({ kind: 'practice', title: 'Mô hình thử vai trò ' + id(), unit: 'VP', reasons: 'Thử vai trò' });
async function recognition(who) {
  const r = await srv.json('POST', '/api/v1/recognitions', RECOGNITION(), who);
  assert.equal(r.status, 201, JSON.stringify(r.data));
  return r.data.id;
}

// Open311 (D37): a key from the CLI, and a request posted with it (its token)
let o311key;
async function open311Key() {
  if (!o311key) {
    const r = await cli(['apikey', 'add', '--db', srv.db, '--name', 'Vai trò']);
    assert.equal(r.code, 0, r.stderr);
    o311key = r.stdout.trim();
  }
  return o311key;
}
async function open311Token() {
  const body = new URLSearchParams({ api_key: await open311Key(), service_code: 'kien-nghi', lat: '15.8801', long: '108.3380', email: 'vaitro@example.vn', first_name: 'Vai', description: 'Kiến nghị thử' });
  const r = await srv.fetch('/open311/v2/requests.json', { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: body.toString() });
  assert.equal(r.status, 201, await r.clone().text());
  return (await r.json())[0].token;
}

async function call(route, who, role) {
  const make = REQUESTS[`${route.method} ${route.path}`];
  const req = await make(who, role);
  const auth = req.who !== undefined ? (who ? req.who : null) : who;
  let res;
  if (req.raw !== undefined) {
    const headers = { 'Content-Type': req.type };
    if (auth) Object.assign(headers, { Cookie: auth.cookie, 'X-CSRF-Token': auth.csrf });
    const r = await srv.fetch(req.path, { method: route.method, headers, body: req.raw });
    res = { status: r.status, data: await r.text() };
  } else {
    res = await srv.json(route.method, req.path, req.body, auth || {}, req.headers || {});
  }
  return { res, after: req.after };
}

test('the route table lists every route once, each with a request in this test', () => {
  assert.ok(routes.length >= 40, `only ${routes.length} routes`);
  const keys = routes.map((r) => `${r.method} ${r.path}`);
  assert.equal(new Set(keys).size, keys.length, 'a route is listed twice');
  const missing = keys.filter((k) => !REQUESTS[k]);
  assert.deepEqual(missing, [], 'routes without a row in tests/e2e/routes.test.mjs');
  const stale = Object.keys(REQUESTS).filter((k) => !keys.includes(k));
  assert.deepEqual(stale, [], 'rows for routes that no longer exist');
  for (const r of routes) {
    assert.ok(['public', 'staff'].includes(r.access));
    for (const role of r.roles) assert.ok(ROLES.includes(role), role);
  }
});

test('every route answers anonymous visitors and each role exactly as its row says', async () => {
  const wrong = [];
  for (const route of routes) {
    const key = `${route.method} ${route.path}`;
    if (!REQUESTS[key]) continue; // reported by the test above
    const anon = await call(route, null, null);
    const wantAnon = route.access === 'staff' ? [401] : 'ok';
    if (wantAnon === 'ok' ? anon.res.status >= 300 : !wantAnon.includes(anon.res.status)) wrong.push(`${key} anonymous: ${anon.res.status} ${JSON.stringify(anon.res.data).slice(0, 200)}`);
    if (route.access !== 'staff') continue;
    for (const role of ROLES) {
      const allowed = route.roles.length === 0 || route.roles.includes(role);
      const { res, after: done } = await call(route, sessions[role], role);
      if (allowed ? res.status >= 300 : res.status !== 403) wrong.push(`${key} as ${role}: ${res.status} (expected ${allowed ? '2xx' : 403}) ${JSON.stringify(res.data).slice(0, 200)}`);
      if (!allowed && res.data && res.data.error) assert.equal(res.data.error.code, 'forbidden', key);
      if (done && res.status < 300) await done();
    }
  }
  assert.deepEqual(wrong, []);
});
