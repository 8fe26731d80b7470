// Running the counter floor (issue 12, second part): the intake desk takes
// the ticket the citizen came with (linked in the intake's own transaction,
// refused naming `ticket` unless it is called or served at a counter of the
// officer's agency), the staff dossier view carries the ticket for the
// whole-visit timeline, the administrator edits and takes groups and
// counters out of use (audited, the boards told), a signed-in console
// follows its own agency's stream, one address cannot hold more streams than
// --board-limit, and a board that went away is dropped at the next
// heartbeat.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import { startServer, cli } from '../lib/server.mjs';

let srv;
const users = {};
const MON_9 = '2026-03-02T09:00:00+07:00';
const counters = {};

before(async () => {
  srv = await startServer({ env: { MOTCUA_TEST_CLOCK: '1' }, args: ['--board-limit', '3'] });
  for (const u of ['admin', 'tiepnhan1', 'tiepnhan2', 'hoiandong.tiepnhan']) users[u] = await srv.login(u);
  await srv.json('PUT', '/api/v1/_test/now', { now: MON_9 });
  let r = await as('admin', 'POST', '/api/v1/queue/groups', { code: 'HT', prefix: 'A', name: 'Hộ tịch, chứng thực', fields: ['HT', 'CT'] });
  assert.equal(r.status, 201, JSON.stringify(r.data));
  r = await as('admin', 'POST', '/api/v1/queue/groups', { code: 'DD', prefix: 'B', name: 'Đất đai', fields: ['DD'] });
  assert.equal(r.status, 201);
  for (const [number, groups] of [[1, ['HT']], [2, ['HT', 'DD']]]) {
    r = await as('admin', 'POST', '/api/v1/queue/counters', { number, name: `Quầy ${number}`, groups });
    assert.equal(r.status, 201);
    counters[number] = r.data.id;
  }
});
after(async () => {
  await srv.stop();
});

const as = (who, method, path, body) => srv.json(method, path, body, users[who]);
const take = (group, priority = false) => srv.json('POST', '/api/v1/queue/tickets', { group, priority, agency: 'HOIAN' });

async function intakeBody() {
  const proc = await srv.json('GET', '/api/v1/procedures/1.004873');
  const documents = proc.data.documents.filter((d) => d.mandatory).map((d) => ({ id: d.id, form: d.form, count: 1 }));
  return { procedure: '1.004873', applicant: { kind: 'person', name: 'Trần Thị Lấy Số', id_number: '048185009876', phone: '0935 111 222', address: 'Hội An' }, documents };
}

test('the intake desk takes the ticket: linked in the same transaction, shown on the dossier', async () => {
  const t = (await take('HT')).data;
  const body = await intakeBody();
  let called = await as('tiepnhan1', 'POST', `/api/v1/queue/counters/${counters[1]}/call`);
  assert.equal(called.status, 200);
  assert.equal(called.data.number, t.number);
  const w = (await take('HT')).data; // waits behind
  const before = (await as('tiepnhan1', 'GET', '/api/v1/dossiers?status=all&limit=200')).data;
  // an id that is not a ticket, and a ticket of another agency's officer
  let r = await as('tiepnhan1', 'POST', '/api/v1/dossiers', { ...body, ticket: 999999 });
  assert.equal(r.status, 422, JSON.stringify(r.data));
  assert.equal(r.data.error.field, 'ticket');
  r = await as('tiepnhan1', 'POST', '/api/v1/dossiers', { ...body, ticket: 'A001' });
  assert.equal(r.status, 422);
  assert.equal(r.data.error.field, 'ticket');
  r = await as('hoiandong.tiepnhan', 'POST', '/api/v1/dossiers', { ...body, ticket: called.data.id });
  assert.equal(r.status, 422, 'another agency’s officer cannot take this ticket');
  assert.equal(r.data.error.field, 'ticket');
  const after = (await as('tiepnhan1', 'GET', '/api/v1/dossiers?status=all&limit=200')).data;
  assert.equal(after.total ?? after.items.length, before.total ?? before.items.length, 'a refused ticket rolls the intake back');

  // the ticket called at counter 1: the intake links it
  r = await as('tiepnhan1', 'POST', '/api/v1/dossiers', { ...body, ticket: called.data.id });
  assert.equal(r.status, 201, JSON.stringify(r.data));
  const code = r.data.code;
  const cur = (await as('tiepnhan1', 'GET', '/api/v1/queue/counters')).data.items.find((c) => c.number === 1).current;
  assert.equal(cur.number, t.number);
  assert.equal(cur.dossier, code, 'the console shows the dossier taken in');
  // served and finished: the dossier view carries the ticket (no personal data)
  await as('tiepnhan1', 'POST', `/api/v1/queue/tickets/${cur.id}/start`);
  await srv.json('PUT', '/api/v1/_test/now', { now: '2026-03-02T09:06:00+07:00' });
  await as('tiepnhan1', 'POST', `/api/v1/queue/tickets/${cur.id}/finish`);
  const d = await as('tiepnhan1', 'GET', `/api/v1/dossiers/${code}`);
  assert.equal(d.status, 200);
  const tk = d.data.ticket;
  assert.equal(tk.number, t.number);
  assert.equal(tk.group.code, 'HT');
  assert.equal(tk.state, 'done');
  assert.equal(tk.issued_at, MON_9);
  assert.equal(tk.called_at, MON_9);
  assert.equal(tk.finished_at, '2026-03-02T09:06:00+07:00');
  assert.deepEqual(tk.counter, { number: 1, name: 'Quầy 1' });
  assert.equal(tk.officer, users.tiepnhan1.user.full_name);
  assert.ok(!('id' in tk) && !('public_id' in tk), 'no handle of the ticket in the view');
  // a finished ticket cannot be taken in again
  r = await as('tiepnhan1', 'POST', '/api/v1/dossiers', { ...body, ticket: cur.id });
  assert.equal(r.status, 422);
  assert.equal(r.data.error.field, 'ticket');
  // a dossier taken in without a ticket: null
  r = await as('tiepnhan1', 'POST', '/api/v1/dossiers', body);
  assert.equal(r.status, 201);
  assert.equal((await as('tiepnhan1', 'GET', `/api/v1/dossiers/${r.data.code}`)).data.ticket, null);
  // the link is audited with the ticket
  const audit = JSON.parse((await cli(['audit', '--db', srv.db, '--entity', 'queue_ticket', '--limit', '1000'])).stdout).entries;
  assert.ok(audit.some((a) => a.action === 'queue.ticket.dossier' && JSON.stringify(a).includes(code)));
  // leave the floor clean: call and finish the one waiting
  called = await as('tiepnhan1', 'POST', `/api/v1/queue/counters/${counters[1]}/call`);
  assert.equal(called.data.number, w.number);
  await as('tiepnhan1', 'POST', `/api/v1/queue/tickets/${called.data.id}/finish`);
});

test('the administrator edits and takes groups and counters out of use; audited; the boards told', async () => {
  const snap = (await srv.json('GET', '/api/v1/queue/board?agency=HOIAN')).data;
  let r = await as('admin', 'PATCH', '/api/v1/queue/groups/DD', { name: 'Đất đai, xây dựng', fields: ['DD', 'XD'] });
  assert.equal(r.status, 200, JSON.stringify(r.data));
  assert.equal(r.data.name, 'Đất đai, xây dựng');
  assert.deepEqual(r.data.fields, ['DD', 'XD']);
  r = await as('admin', 'PATCH', '/api/v1/queue/groups/DD', { fields: ['NOPE'] });
  assert.equal(r.status, 422);
  assert.equal(r.data.error.field, 'fields');
  r = await as('admin', 'PATCH', '/api/v1/queue/groups/NOPE', { name: 'x' });
  assert.equal(r.status, 404);
  r = await as('tiepnhan1', 'PATCH', '/api/v1/queue/groups/DD', { active: false });
  assert.equal(r.status, 403);
  r = await as('admin', 'PATCH', '/api/v1/queue/groups/DD', { active: false });
  assert.equal(r.status, 200);
  assert.equal(r.data.active, false);
  // out of use: not at the kiosk, no tickets; still in the set-up list
  assert.deepEqual((await srv.json('GET', '/api/v1/queue/groups?agency=HOIAN')).data.items.map((g) => g.code), ['HT']);
  r = await take('DD');
  assert.equal(r.status, 422);
  assert.equal(r.data.error.field, 'group');
  const all = await as('admin', 'GET', '/api/v1/queue/groups?all=1');
  assert.deepEqual(all.data.items.map((g) => [g.code, g.active]), [['HT', true], ['DD', false]]);
  assert.equal((await as('tiepnhan1', 'GET', '/api/v1/queue/groups?all=1')).status, 403);
  r = await as('admin', 'PATCH', '/api/v1/queue/groups/DD', { active: true });
  assert.equal(r.data.active, true);

  // a counter: rename, change its groups; not out of use while it serves
  r = await as('admin', 'PATCH', `/api/v1/queue/counters/${counters[2]}`, { name: 'Quầy 2 — Đất đai', groups: ['DD'] });
  assert.equal(r.status, 200, JSON.stringify(r.data));
  assert.deepEqual(r.data.groups, ['DD']);
  r = await as('admin', 'PATCH', `/api/v1/queue/counters/${counters[2]}`, { groups: [] });
  assert.equal(r.status, 422);
  assert.equal(r.data.error.field, 'groups');
  const b = (await take('DD')).data;
  r = await as('tiepnhan2', 'POST', `/api/v1/queue/counters/${counters[2]}/call`);
  assert.equal(r.data.number, b.number);
  r = await as('admin', 'PATCH', `/api/v1/queue/counters/${counters[2]}`, { active: false });
  assert.equal(r.status, 409);
  assert.equal(r.data.error.code, 'counter_busy');
  const cur2 = (await as('tiepnhan2', 'GET', '/api/v1/queue/counters')).data.items.find((c) => c.number === 2).current;
  assert.equal((await as('tiepnhan2', 'POST', `/api/v1/queue/tickets/${cur2.id}/finish`)).status, 200);
  r = await as('admin', 'PATCH', `/api/v1/queue/counters/${counters[2]}`, { active: false });
  assert.equal(r.status, 200);
  assert.equal(r.data.active, false);
  assert.deepEqual((await as('tiepnhan2', 'GET', '/api/v1/queue/counters')).data.items.map((c) => c.number), [1]);
  assert.equal((await as('tiepnhan2', 'POST', `/api/v1/queue/counters/${counters[2]}/call`)).status, 404);
  const allc = await as('admin', 'GET', '/api/v1/queue/counters?all=1');
  assert.deepEqual(allc.data.items.map((c) => [c.number, c.active]), [[1, true], [2, false]]);
  r = await as('admin', 'PATCH', `/api/v1/queue/counters/${counters[2]}`, { active: true, groups: ['HT', 'DD'] });
  assert.equal(r.data.active, true);
  // audited with before and after; the boards got "setup" events
  const entries = JSON.parse((await cli(['audit', '--db', srv.db, '--entity', 'queue_group'])).stdout).entries;
  const upd = entries.find((a) => a.action === 'queue.group.deactivate');
  assert.ok(upd, 'deactivation audited');
  assert.ok(JSON.stringify(upd).includes('Đất đai, xây dựng'));
  const cact = JSON.parse((await cli(['audit', '--db', srv.db, '--entity', 'queue_counter'])).stdout).entries.map((a) => a.action);
  assert.ok(cact.includes('queue.counter.update') && cact.includes('queue.counter.deactivate'));
  const res = await srv.fetch(`/api/v1/queue/events?agency=HOIAN&last_event_id=${snap.last_event_id}&once=1`);
  const text = await res.text();
  assert.ok((text.match(/event: setup/g) || []).length >= 4, text.slice(0, 400));
});

/** Opens a raw event stream; resolves when the headers came. */
function openStream(path, headers = '') {
  return new Promise((resolve, reject) => {
    const { hostname, port } = new URL(srv.url);
    const s = net.connect(Number(port), hostname, () => s.write(`GET ${path} HTTP/1.1\r\nHost: x\r\n${headers}\r\n`));
    let buf = '';
    s.on('data', (d) => {
      buf += d;
      if (buf.includes('\r\n\r\n')) resolve({ s, head: buf });
    });
    s.on('error', reject);
  });
}

test('a signed-in console follows its own agency; one address holds at most --board-limit streams', async () => {
  // the officer of Hội An Đông: its own agency (no groups there), not the home centre
  const ctl = new AbortController();
  const res = await srv.fetch('/api/v1/queue/events?once=1&last_event_id=0', { headers: { Cookie: users['hoiandong.tiepnhan'].cookie }, signal: ctl.signal });
  assert.equal(res.status, 200);
  assert.ok(!(await res.text()).includes('event: issued'), 'no events of the home centre');
  const open = [];
  for (let i = 0; i < 3; i++) open.push(await openStream('/api/v1/queue/events?agency=HOIAN'));
  for (const o of open) assert.match(o.head, /^HTTP\/1\.1 200/);
  const fourth = await srv.fetch('/api/v1/queue/events?agency=HOIAN');
  assert.equal(fourth.status, 503);
  const body = await fourth.json();
  assert.equal(body.error.code, 'too_many_streams');
  assert.ok(fourth.headers.get('retry-after'));
  assert.equal((await srv.json('GET', '/api/v1/queue/board?agency=HOIAN')).data.streams, 3);
  for (const o of open) o.s.resetAndDestroy();
});

test('a board that went away is dropped at the next heartbeat (measured)', { timeout: 60000 }, async () => {
  const streams = async () => (await srv.json('GET', '/api/v1/queue/board?agency=HOIAN')).data.streams;
  // the earlier test's streams end as their sockets closed (the next write fails)
  const deadline0 = Date.now() + 40000;
  while ((await streams()) > 0 && Date.now() < deadline0) await new Promise((r) => setTimeout(r, 250));
  assert.equal(await streams(), 0);
  const o = await openStream('/api/v1/queue/events?agency=HOIAN');
  assert.equal(await streams(), 1);
  // the board's machine vanishes: the connection is reset (no goodbye)
  const t0 = Date.now();
  o.s.resetAndDestroy();
  const deadline = Date.now() + 35000;
  while ((await streams()) > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  const ms = Date.now() - t0;
  assert.equal(await streams(), 0, 'the dead stream ended');
  // one heartbeat (15 s) at most, plus the write that finds the socket dead
  assert.ok(ms <= 31000, `dropped after ${ms} ms`);
  console.log(`# a reset board's stream ended after ${ms} ms`);
});
