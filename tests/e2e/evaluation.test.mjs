// The citizen's evaluation and the counter floor's figures (issue 12, items
// 6 and 7; docs/API.md "Evaluation of the service", DECISIONS D35): only the
// citizen evaluates — with the secret printed on the receipt (the dossier
// code alone is refused) or at the counter's tablet for the ticket just
// finished there; a second evaluation replaces the first within 10 minutes,
// then 409; a "not satisfied" reaches the heads' list of the agency only; the
// staff dossier view carries the evaluation and the 18-point block; the
// figures of a scripted morning (waits, p90, service, no-shows, satisfaction).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, cli } from '../lib/server.mjs';

let srv;
const users = {};
const setNow = (now) => srv.json('PUT', '/api/v1/_test/now', { now });
const at = (hhmm) => `2026-03-02T${hhmm}:00+07:00`;

before(async () => {
  srv = await startServer({ env: { MOTCUA_TEST_CLOCK: '1' } });
  for (const u of ['admin', 'tiepnhan1', 'tiepnhan2', 'truongvp', 'chutich', 'hotich1', 'hoiandong.chutich', 'hoiandong.tiepnhan']) users[u] = await srv.login(u);
  await setNow(at('08:00'));
});
after(async () => {
  await srv.stop();
});

const as = (who, method, path, body) => srv.json(method, path, body, users[who]);
const take = (group) => srv.json('POST', '/api/v1/queue/tickets', { group, agency: 'HOIAN' });
const counters = {};
let token;
const tablet = (method, body, tok = token) =>
  srv.json(method, '/api/v1/public/evaluations' + (method === 'GET' ? '/tablet' : ''), body, {}, tok ? { 'X-Device-Token': tok } : {});

test('an administrator ties a tablet to a counter; the token is needed and shown once', async () => {
  let r = await as('admin', 'POST', '/api/v1/queue/groups', { code: 'HT', prefix: 'A', name: 'Hộ tịch', fields: ['HT'] });
  assert.equal(r.status, 201, JSON.stringify(r.data));
  r = await as('admin', 'POST', '/api/v1/queue/groups', { code: 'DD', prefix: 'B', name: 'Đất đai', fields: ['DD'] });
  assert.equal(r.status, 201);
  for (const [number, groups] of [[1, ['HT']], [2, ['HT', 'DD']]]) {
    r = await as('admin', 'POST', '/api/v1/queue/counters', { number, name: `Quầy ${number}`, groups });
    counters[number] = r.data.id;
  }
  r = await as('tiepnhan1', 'POST', '/api/v1/service-evaluations/devices', { counter: 1 });
  assert.equal(r.status, 403, 'a counter officer does not configure tablets');
  r = await as('admin', 'POST', '/api/v1/service-evaluations/devices', { counter: 9 });
  assert.equal(r.status, 422);
  assert.equal(r.data.error.field, 'counter');
  r = await as('admin', 'POST', '/api/v1/service-evaluations/devices', { counter: 1 });
  assert.equal(r.status, 201, JSON.stringify(r.data));
  assert.equal(r.data.counter.number, 1);
  assert.match(r.data.token, /^[A-Za-z0-9_-]{43}$/);
  token = r.data.token;
  r = await tablet('GET', undefined, null);
  assert.equal(r.status, 403);
  assert.equal(r.data.error.code, 'device_unknown');
  r = await tablet('GET', undefined, 'x'.repeat(43));
  assert.equal(r.status, 403);
  r = await tablet('GET');
  assert.equal(r.status, 200);
  assert.deepEqual(r.data.counter, { number: 1, name: 'Quầy 1' });
  assert.equal(r.data.ticket, null, 'nothing served yet');
  assert.deepEqual(r.data.form.levels.map((l) => l.code), ['very_satisfied', 'satisfied', 'not_satisfied']);
  assert.ok(r.data.form.reasons.some((x) => x.code === 'attitude' && x.name === 'Thái độ của cán bộ'));
});

test('a scripted morning: the tablet rates the ticket just served, replaces within 10 minutes, then 409; the figures', async () => {
  await setNow(at('09:00'));
  const a1 = await take('HT'), a2 = await take('HT'), a3 = await take('HT'), b1 = await take('DD');
  assert.deepEqual([a1, a2, a3, b1].map((t) => t.data.number), ['A001', 'A002', 'A003', 'B001']);
  const call = async (who, n) => (await as(who, 'POST', `/api/v1/queue/counters/${counters[n]}/call`)).data;
  const act = async (who, id, what) => {
    const r = await as(who, 'POST', `/api/v1/queue/tickets/${id}/${what}`);
    assert.equal(r.status, 200, `${what}: ${JSON.stringify(r.data)}`);
  };
  await setNow(at('09:02'));
  const t1 = await call('tiepnhan1', 1); // A001 waited 2 min
  assert.equal(t1.number, 'A001');
  await setNow(at('09:04'));
  const t2 = await call('tiepnhan2', 2); // A002 waited 4 min
  assert.equal(t2.number, 'A002');
  await setNow(at('09:05'));
  await act('tiepnhan1', t1.id, 'start');
  await setNow(at('09:10'));
  await act('tiepnhan1', t1.id, 'finish'); // served 5 min (start → finish)
  await act('tiepnhan2', t2.id, 'finish'); // served 6 min (call → finish)

  // the tablet shows the ticket just finished at its counter
  let r = await tablet('GET');
  assert.equal(r.data.ticket.number, 'A001');
  assert.equal(r.data.ticket.evaluated, null);
  r = await tablet('POST', { level: 'nope' });
  assert.equal(r.status, 422);
  assert.equal(r.data.error.field, 'level');
  r = await tablet('POST', { level: 'satisfied', reasons: ['nope'], ticket: 'A001' });
  assert.equal(r.status, 422);
  assert.equal(r.data.error.field, 'reasons');
  r = await tablet('POST', { level: 'satisfied', ticket: 'A002' });
  assert.equal(r.status, 409, 'a number the tablet did not show');
  assert.equal(r.data.error.code, 'ticket_changed');
  r = await tablet('POST', { level: 'not_satisfied', reasons: ['time'], ticket: 'A001' });
  assert.equal(r.status, 201, JSON.stringify(r.data));
  assert.equal(r.data.channel, 'tablet');
  assert.equal(r.data.replaceable_until, at('09:20'));
  await setNow(at('09:12'));
  r = await tablet('POST', { level: 'very_satisfied', ticket: 'A001' });
  assert.equal(r.status, 200, 'replaced within the window');
  assert.equal(r.data.replaced, true);
  assert.equal((await tablet('GET')).data.ticket.evaluated, 'very_satisfied');

  await setNow(at('09:11'));
  const t3 = await call('tiepnhan1', 1); // A003 waited 11 min
  assert.equal(t3.number, 'A003');
  await setNow(at('09:14'));
  await act('tiepnhan1', t3.id, 'no-show');
  await setNow(at('09:15'));
  const t4 = await call('tiepnhan2', 2); // B001 waited 15 min
  assert.equal(t4.number, 'B001');
  await setNow(at('09:20'));
  await act('tiepnhan2', t4.id, 'finish'); // served 5 min

  await setNow(at('09:21'));
  r = await tablet('POST', { level: 'satisfied', ticket: 'A001' });
  assert.equal(r.status, 409, 'past the window');
  assert.equal(r.data.error.code, 'already_evaluated');

  // the figures of the morning
  r = await as('tiepnhan1', 'GET', '/api/v1/queue/figures?from=2026-03-02&to=2026-03-02&by=day');
  assert.equal(r.status, 200, JSON.stringify(r.data));
  const day = r.data.items.find((i) => i.key === '2026-03-02');
  assert.equal(day.tickets, 4);
  assert.equal(day.served, 3);
  assert.equal(day.no_shows, 1);
  assert.equal(day.wait_avg_seconds, (120 + 240 + 660 + 900) / 4);
  assert.equal(day.wait_p90_seconds, 900);
  assert.equal(day.service_avg_seconds, (300 + 360 + 300) / 3);
  assert.deepEqual(day.evaluations, { total: 1, very_satisfied: 1, satisfied: 0, not_satisfied: 0, satisfied_rate: 100, not_satisfied_rate: 0 });
  r = await as('truongvp', 'GET', '/api/v1/queue/figures?from=2026-03-02&by=counter');
  assert.equal(r.status, 200);
  const c1 = r.data.items.find((i) => i.key === '1');
  assert.equal(c1.label, 'Quầy 1');
  assert.deepEqual([c1.tickets, c1.served, c1.no_shows, c1.wait_avg_seconds, c1.wait_p90_seconds, c1.service_avg_seconds], [2, 1, 1, 390, 660, 300]);
  assert.equal(c1.evaluations.total, 1);
  const c2 = r.data.items.find((i) => i.key === '2');
  assert.deepEqual([c2.tickets, c2.served, c2.wait_p90_seconds, c2.evaluations.total], [2, 2, 900, 0]);
  r = await as('admin', 'GET', '/api/v1/queue/figures?by=group');
  assert.deepEqual(r.data.items.map((i) => [i.key, i.tickets]), [['HT', 3], ['DD', 1]]);
  r = await as('admin', 'GET', '/api/v1/queue/figures?by=officer');
  assert.equal(r.data.items.length, 2, 'two officers called');
  assert.equal(r.data.total.tickets, 4);
  r = await as('admin', 'GET', '/api/v1/queue/figures?by=week');
  assert.equal(r.status, 400);
  assert.equal(r.data.error.field, 'by');
  r = await as('admin', 'GET', '/api/v1/queue/figures?from=2026-03-05&to=2026-03-01');
  assert.equal(r.status, 400);
  // scope (D27): another agency's officer sees none of it; a specialist no figures
  r = await as('hoiandong.tiepnhan', 'GET', '/api/v1/queue/figures?from=2026-03-02');
  assert.equal(r.data.total.tickets, 0);
  r = await as('hotich1', 'GET', '/api/v1/queue/figures');
  assert.equal(r.status, 403);
});

let code, secret;
test('with the secret of the receipt, and only with it; the staff view shows the evaluation and the 18 points', async () => {
  await setNow(at('10:00'));
  const proc = await srv.json('GET', '/api/v1/procedures/1.004873');
  const documents = proc.data.documents.filter((d) => d.mandatory).map((d) => ({ id: d.id, form: d.form, count: 1 }));
  let r = await as('tiepnhan1', 'POST', '/api/v1/dossiers', { procedure: '1.004873', applicant: { kind: 'person', name: 'Trần Thị Đánh Giá', id_number: '048185009999', phone: '0935 111 222', address: 'Hội An' }, documents });
  assert.equal(r.status, 201, JSON.stringify(r.data));
  code = r.data.code;
  r = await as('tiepnhan1', 'GET', `/api/v1/dossiers/${code}/forms/receipt?format=json`);
  assert.equal(r.status, 200);
  secret = r.data.evaluation_code;
  assert.match(secret, /^[0-9A-F]{10}$/);
  assert.ok(r.data.tracking_url.endsWith(`/track/?code=${code}#ev=${secret}`), r.data.tracking_url);
  const html = await (await srv.fetch(`/api/v1/dossiers/${code}/forms/receipt`, { headers: { Cookie: users.tiepnhan1.cookie } })).text();
  assert.ok(html.includes(`Mã đánh giá: <span class="doc-code eval-code">${secret}</span>`), 'printed on the receipt');
  // the code alone, a wrong secret, an unknown code: the same refusal
  const ev = (body) => srv.json('POST', '/api/v1/public/evaluations', body);
  r = await ev({ dossier: code, level: 'satisfied' });
  assert.equal(r.status, 422);
  assert.equal(r.data.error.field, 'secret');
  r = await ev({ dossier: code, secret: '0000000000', level: 'satisfied' });
  assert.equal(r.status, 422);
  assert.equal(r.data.error.code, 'bad_secret');
  const wrong = r.data.error.message;
  r = await ev({ dossier: 'HOIAN-000000-999', secret, level: 'satisfied' });
  assert.equal(r.status, 422);
  assert.equal(r.data.error.message, wrong, 'an unknown code is not told apart');
  // the public tracking view carries neither the secret nor an evaluation
  r = await srv.json('GET', `/api/v1/public/dossiers/${code}`);
  assert.ok(!JSON.stringify(r.data).includes(secret));
  let view = await as('tiepnhan1', 'GET', `/api/v1/dossiers/${code}`);
  assert.equal(view.data.evaluation, null);
  // typed by hand: lower case, with a dash
  r = await ev({ dossier: code, secret: secret.slice(0, 5).toLowerCase() + '-' + secret.slice(5), level: 'not_satisfied', reasons: ['attitude', 'guidance'], comment: 'Cán bộ chưa hướng dẫn rõ.' });
  assert.equal(r.status, 201, JSON.stringify(r.data));
  assert.equal(r.data.channel, 'tracking');
  assert.deepEqual(r.data.reasons, ['attitude', 'guidance']);
  view = await as('tiepnhan1', 'GET', `/api/v1/dossiers/${code}`);
  assert.equal(view.data.evaluation.level, 'not_satisfied');
  assert.equal(view.data.evaluation.channel, 'tracking');
  assert.equal(view.data.evaluation.created_at, at('10:00'));
  const oe = view.data.one_stop_evaluation;
  assert.equal(oe.criteria.length, 9);
  assert.equal(oe.of, 18);
  const crit = Object.fromEntries(oe.criteria.map((c) => [c.code, c.points]));
  assert.equal(crit.attitude, 0, 'the citizen named the attitude');
  assert.equal(crit.contacts, 2, 'no supplement asked');
  assert.equal(crit.total_time, null, 'still in progress');
  assert.equal(crit.online, null, 'a counter dossier');
  assert.equal(oe.max, 2 * oe.criteria.filter((c) => c.points !== null).length);
  // the e-mail link replaces it within the window
  await setNow(at('10:05'));
  r = await ev({ dossier: code, secret, level: 'satisfied', channel: 'email' });
  assert.equal(r.status, 200);
  assert.equal(r.data.channel, 'email');
  await setNow(at('10:00'));
  r = await ev({ dossier: code, secret, level: 'not_satisfied', reasons: ['attitude'] });
  assert.equal(r.status, 200);
  await setNow(at('10:11'));
  r = await ev({ dossier: code, secret, level: 'satisfied' });
  assert.equal(r.status, 409);
  assert.equal(r.data.error.code, 'already_evaluated');
});

test('a "not satisfied" reaches the heads of the agency, not another agency; the audit trail records it', async () => {
  let r = await as('truongvp', 'GET', '/api/v1/service-evaluations?level=not_satisfied');
  assert.equal(r.status, 200, JSON.stringify(r.data));
  const mine = r.data.items.find((i) => i.dossier === code);
  assert.ok(mine, 'the head sees the dossier rated not satisfied');
  assert.deepEqual(mine.reasons, ['attitude']);
  assert.equal(mine.channel, 'tracking');
  assert.ok(r.data.not_satisfied_30_days >= 1);
  r = await as('chutich', 'GET', '/api/v1/service-evaluations');
  assert.equal(r.status, 200);
  assert.ok(r.data.items.some((i) => i.ticket === 'A001' && i.counter === 1 && i.level === 'very_satisfied'));
  r = await as('hoiandong.chutich', 'GET', '/api/v1/service-evaluations');
  assert.equal(r.data.items.length, 0, 'another agency sees none');
  r = await as('tiepnhan1', 'GET', '/api/v1/service-evaluations');
  assert.equal(r.status, 403);
  // audited (motcua audit reads the trail), without the citizen's comment
  const audit = await cli(['audit', '--db', srv.db, '--entity', 'evaluation', '--limit', '1000']);
  assert.equal(audit.code, 0, audit.stderr);
  const entries = JSON.parse(audit.stdout).entries;
  const actions = new Set(entries.map((a) => a.action));
  assert.ok(actions.has('evaluation.create') && actions.has('evaluation.replace'), [...actions].join());
  assert.ok(!audit.stdout.includes('Cán bộ chưa hướng dẫn'), 'the comment is not in the audit trail');
});

test('the public endpoint is throttled per address: 30 attempts an hour, then 429', async () => {
  await setNow(at('11:00'));
  let r;
  for (let i = 0; i < 30; i++) {
    r = await srv.json('POST', '/api/v1/public/evaluations', { dossier: code, secret: 'FFFFFFFFFF', level: 'satisfied' });
    if (r.status === 429) break;
  }
  r = await srv.json('POST', '/api/v1/public/evaluations', { dossier: code, secret, level: 'satisfied' });
  assert.equal(r.status, 429);
  assert.equal(r.data.error.code, 'too_many_attempts');
  assert.ok(Number(r.headers.get('retry-after')) > 0);
  // the counter tablet is not throttled by address (it holds a device token)
  r = await tablet('GET');
  assert.equal(r.status, 200);
});

test('an administrator lists the tablets and revokes one: its token is refused from then on, the others work', async () => {
  let r = await as('admin', 'POST', '/api/v1/service-evaluations/devices', { counter: 2 });
  assert.equal(r.status, 201, JSON.stringify(r.data));
  const spare = r.data;
  r = await as('admin', 'GET', '/api/v1/service-evaluations/devices');
  assert.equal(r.status, 200);
  const ids = r.data.items.map((d) => d.id);
  assert.ok(ids.includes(spare.id), JSON.stringify(r.data));
  for (const d of r.data.items) {
    assert.equal(d.token, undefined, 'a token is shown once, at creation');
    assert.equal(d.revoked_at, null);
  }
  assert.equal((await as('tiepnhan1', 'GET', '/api/v1/service-evaluations/devices')).status, 403);
  assert.equal((await as('tiepnhan1', 'POST', `/api/v1/service-evaluations/devices/${spare.id}/revoke`)).status, 403);

  assert.equal((await tablet('GET', undefined, spare.token)).status, 200);
  r = await as('admin', 'POST', `/api/v1/service-evaluations/devices/${spare.id}/revoke`);
  assert.equal(r.status, 200, JSON.stringify(r.data));
  assert.match(r.data.revoked_at, /^\d{4}-\d\d-\d\dT/);
  r = await tablet('GET', undefined, spare.token);
  assert.equal(r.status, 403);
  assert.equal(r.data.error.code, 'device_unknown');
  assert.equal((await tablet('GET')).status, 200, 'the other tablet still works');
  r = await as('admin', 'POST', `/api/v1/service-evaluations/devices/${spare.id}/revoke`);
  assert.equal(r.status, 409);
  assert.equal(r.data.error.code, 'device_revoked');
  assert.equal((await as('admin', 'POST', '/api/v1/service-evaluations/devices/999999/revoke')).status, 404);
  assert.equal((await as('admin', 'POST', '/api/v1/service-evaluations/devices/abc/revoke')).status, 404);
  const audit = await cli(['audit', '--db', srv.db, '--entity', 'eval_device', '--id', String(spare.id)]);
  assert.equal(audit.code, 0, audit.stderr);
  assert.deepEqual(JSON.parse(audit.stdout).entries.map((e) => e.action), ['evaluation.device.create', 'evaluation.device.revoke']);
});
