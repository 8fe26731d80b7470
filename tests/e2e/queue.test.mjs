// The counter queue over HTTP (issue 12): the administrator sets up groups
// and counters, the kiosk issues tickets (numbered per group and day, only
// in working hours, throttled per address), the phone page shows a ticket
// without personal data, counters call in parallel without ever getting the
// same ticket, priority tickets go first but never more than 3 in a row
// while an ordinary one waits, recall / no-show after the grace period /
// transfer / start / finish / link to a dossier / pause, every change
// audited, and the boards' Server-Sent Events (ids, resume with
// Last-Event-ID, another agency's events not mixed in).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, cli } from '../lib/server.mjs';

let srv;
const users = {};
const MON_9 = '2026-03-02T09:00:00+07:00';
const setNow = (now) => srv.json('PUT', '/api/v1/_test/now', { now });

before(async () => {
  srv = await startServer({ env: { MOTCUA_TEST_CLOCK: '1' } });
  for (const u of ['admin', 'tiepnhan1', 'tiepnhan2', 'tiepnhan3', 'hotich1', 'hoiandong.tiepnhan']) users[u] = await srv.login(u);
  await setNow(MON_9);
});
after(async () => {
  await srv.stop();
});

const as = (who, method, path, body) => srv.json(method, path, body, users[who]);
const take = (group, priority = false, headers = {}) =>
  srv.json('POST', '/api/v1/queue/tickets', { group, priority, agency: 'HOIAN' }, {}, headers);
const counters = {};

test('the administrator sets up groups by field and counters; bad input names the field', async () => {
  let r = await as('admin', 'POST', '/api/v1/queue/groups', { code: 'HT', prefix: 'A', name: 'Hộ tịch, chứng thực', name_en: 'Civil status, certification', fields: ['HT', 'CT'] });
  assert.equal(r.status, 201, JSON.stringify(r.data));
  assert.deepEqual(r.data.fields, ['CT', 'HT']);
  r = await as('admin', 'POST', '/api/v1/queue/groups', { code: 'DD', prefix: 'B', name: 'Đất đai, xây dựng', fields: ['DD', 'XD'] });
  assert.equal(r.status, 201);
  r = await as('admin', 'POST', '/api/v1/queue/groups', { code: 'HT', prefix: 'C', name: 'Trùng mã' });
  assert.equal(r.status, 409);
  r = await as('admin', 'POST', '/api/v1/queue/groups', { code: 'XX', prefix: 'C', name: 'Lĩnh vực sai', fields: ['NOPE'] });
  assert.equal(r.status, 422);
  assert.equal(r.data.error.field, 'fields');
  r = await as('admin', 'POST', '/api/v1/queue/groups', { code: 'YY', prefix: 'cc', name: 'x' });
  assert.equal(r.status, 422);
  assert.equal(r.data.error.field, 'prefix');
  r = await as('tiepnhan1', 'POST', '/api/v1/queue/groups', { code: 'ZZ', prefix: 'Z', name: 'x' });
  assert.equal(r.status, 403, 'a counter officer does not set up groups');
  for (const [number, groups] of [[1, ['HT']], [2, ['HT', 'DD']], [3, ['DD']]]) {
    r = await as('admin', 'POST', '/api/v1/queue/counters', { number, name: `Quầy ${number}`, groups });
    assert.equal(r.status, 201, JSON.stringify(r.data));
    counters[number] = r.data.id;
  }
  r = await as('admin', 'POST', '/api/v1/queue/counters', { number: 1, groups: ['HT'] });
  assert.equal(r.status, 409);
  r = await as('admin', 'POST', '/api/v1/queue/counters', { number: 9, groups: ['NOPE'] });
  assert.equal(r.status, 422);
  assert.equal(r.data.error.field, 'groups');
  const list = await srv.json('GET', '/api/v1/queue/groups?agency=HOIAN');
  assert.equal(list.status, 200);
  assert.equal(list.data.open, true);
  assert.deepEqual(list.data.items.map((g) => [g.code, g.prefix, g.waiting]), [['DD', 'B', 0], ['HT', 'A', 0]]);
});

test('the kiosk issues numbered tickets with position and estimated wait; the phone page shows one', async () => {
  const a = await take('HT');
  assert.equal(a.status, 201, JSON.stringify(a.data));
  assert.equal(a.data.number, 'A001');
  assert.equal(a.data.position, 0);
  assert.equal(a.data.estimated_wait_minutes, 0);
  assert.equal(a.data.issued_at, MON_9);
  assert.match(a.data.id, /^[A-Za-z0-9_-]{43}$/, 'a random public id, not the number');
  const b = await take('HT');
  assert.equal(b.data.number, 'A002');
  assert.equal(b.data.position, 1);
  // 1 ahead × 5 min default ÷ 2 open counters for HT → 3 min (rounded up)
  assert.equal(b.data.estimated_wait_minutes, 3);
  const c = await take('DD');
  assert.equal(c.data.number, 'B001');
  const pub = await srv.json('GET', `/api/v1/public/tickets/${b.data.id}`);
  assert.equal(pub.status, 200);
  assert.equal(pub.data.number, 'A002');
  assert.equal(pub.data.state, 'waiting');
  assert.equal(pub.data.position, 1);
  assert.equal(pub.data.group.name, 'Hộ tịch, chứng thực');
  assert.equal((await srv.json('GET', '/api/v1/public/tickets/A002')).status, 404);
  // the slip's QR code: an SVG of the phone page's address
  const qr = await srv.fetch(`/api/v1/public/tickets/${b.data.id}/qr`);
  assert.equal(qr.status, 200);
  assert.equal(qr.headers.get('content-type'), 'image/svg+xml');
  assert.match(await qr.text(), /^<svg[^>]*>.*<path/s);
  assert.equal(b.data.url, `/kiosk/ticket/#${b.data.id}`);
  let r = await take('NOPE');
  assert.equal(r.status, 422);
  assert.equal(r.data.error.field, 'group');
  r = await srv.json('POST', '/api/v1/queue/tickets', { priority: true });
  assert.equal(r.status, 422);
  assert.equal(r.data.error.field, 'group');
});

test('no tickets outside working hours or on a day off', async () => {
  for (const t of ['2026-03-02T12:00:00+07:00', '2026-03-02T17:30:00+07:00', '2026-03-07T09:00:00+07:00', '2026-04-27T09:00:00+07:00']) {
    await setNow(t);
    const r = await take('HT');
    assert.equal(r.status, 409, t);
    assert.equal(r.data.error.code, 'queue_closed');
    assert.equal((await srv.json('GET', '/api/v1/queue/groups?agency=HOIAN')).data.open, false);
  }
  await setNow(MON_9);
});

test('two counters calling at once never get the same ticket', async () => {
  // counters 1 and 2 call HT; A001, A002 wait: 4 parallel calls → 2 tickets, then empty / busy
  const calls = await Promise.all([
    as('tiepnhan1', 'POST', `/api/v1/queue/counters/${counters[1]}/call`),
    as('tiepnhan2', 'POST', `/api/v1/queue/counters/${counters[2]}/call`),
  ]);
  for (const r of calls) assert.equal(r.status, 200, JSON.stringify(r.data));
  const numbers = calls.map((r) => r.data.number).sort();
  // counter 2 also serves DD: it may have called B001 (older than A002)
  assert.equal(new Set(numbers).size, 2, 'two different tickets');
  assert.ok(numbers.includes('A001'));
  for (const r of calls) assert.equal(r.data.state, 'called');
  const busy = await as('tiepnhan1', 'POST', `/api/v1/queue/counters/${counters[1]}/call`);
  assert.equal(busy.status, 409);
  assert.equal(busy.data.error.code, 'counter_busy');
  // finish both
  for (const r of calls) {
    assert.equal((await as('tiepnhan1', 'POST', `/api/v1/queue/tickets/${r.data.id}/start`)).data.state, 'serving');
    assert.equal((await as('tiepnhan1', 'POST', `/api/v1/queue/tickets/${r.data.id}/finish`)).data.state, 'done');
  }
  const again = await as('tiepnhan1', 'POST', `/api/v1/queue/tickets/${calls[0].data.id}/finish`);
  assert.equal(again.status, 409);
  assert.equal(again.data.error.code, 'bad_state');
});

test('many parallel calls from three counters: each ticket called exactly once', async () => {
  const issued = [];
  for (let i = 0; i < 12; i++) issued.push((await take(i % 2 ? 'HT' : 'DD')).data.number);
  const seen = [];
  for (let round = 0; round < 8; round++) {
    const rs = await Promise.all([1, 2, 3].map((n) => as(`tiepnhan${n}`, 'POST', `/api/v1/queue/counters/${counters[n]}/call`)));
    for (const r of rs) {
      if (r.status === 404) continue;
      assert.equal(r.status, 200, JSON.stringify(r.data));
      seen.push(r.data.number);
      await as('tiepnhan1', 'POST', `/api/v1/queue/tickets/${r.data.id}/finish`);
    }
  }
  const left = await srv.json('GET', '/api/v1/queue/groups?agency=HOIAN');
  const waiting = left.data.items.reduce((s, g) => s + g.waiting, 0);
  assert.equal(new Set(seen).size, seen.length, 'no ticket called twice: ' + seen.join(','));
  assert.equal(seen.length + waiting, issued.length + 1, 'every ticket called once or still waiting (A002/B001 leftover counted)');
});

test('priority first, but at most 3 in a row while an ordinary ticket waits', async () => {
  // drain what is left
  for (;;) {
    const r = await as('tiepnhan1', 'POST', `/api/v1/queue/counters/${counters[1]}/call`);
    if (r.status !== 200) break;
    await as('tiepnhan1', 'POST', `/api/v1/queue/tickets/${r.data.id}/finish`);
  }
  const ord = (await take('HT')).data.number;
  const pri = [];
  for (let i = 0; i < 5; i++) pri.push((await take('HT', true)).data.number);
  const order = [];
  for (let i = 0; i < 6; i++) {
    const r = await as('tiepnhan1', 'POST', `/api/v1/queue/counters/${counters[1]}/call`);
    assert.equal(r.status, 200);
    order.push(r.data.number + (r.data.priority ? '*' : ''));
    await as('tiepnhan1', 'POST', `/api/v1/queue/tickets/${r.data.id}/finish`);
  }
  assert.deepEqual(order, [pri[0] + '*', pri[1] + '*', pri[2] + '*', ord, pri[3] + '*', pri[4] + '*']);
});

test('recall, no-show only after the grace period, transfer to another group, link to a dossier, pause', async () => {
  const t = (await take('HT')).data;
  let r = await as('tiepnhan1', 'POST', `/api/v1/queue/counters/${counters[1]}/call`);
  assert.equal(r.data.number, t.number);
  const id = r.data.id;
  r = await as('tiepnhan1', 'POST', `/api/v1/queue/tickets/${id}/recall`);
  assert.equal(r.status, 200);
  assert.equal(r.data.recalls, 1);
  r = await as('tiepnhan1', 'POST', `/api/v1/queue/tickets/${id}/no-show`);
  assert.equal(r.status, 409);
  assert.equal(r.data.error.code, 'too_early');
  await setNow('2026-03-02T09:03:00+07:00');
  r = await as('tiepnhan1', 'POST', `/api/v1/queue/tickets/${id}/no-show`);
  assert.equal(r.status, 200);
  assert.equal(r.data.state, 'no_show');
  assert.equal((await srv.json('GET', `/api/v1/public/tickets/${t.id}`)).data.state, 'no_show');

  // transfer: HT → DD, called by counter 3 (DD only)
  const u = (await take('HT')).data;
  r = await as('tiepnhan1', 'POST', `/api/v1/queue/counters/${counters[1]}/call`);
  assert.equal(r.data.number, u.number);
  r = await as('tiepnhan1', 'POST', `/api/v1/queue/tickets/${r.data.id}/transfer`, {});
  assert.equal(r.status, 422);
  r = await as('tiepnhan1', 'POST', `/api/v1/queue/tickets/${r.data?.id ?? 0}/transfer`, { group: 'DD' });
  assert.equal(r.status, 404);
  const cur = (await as('tiepnhan1', 'GET', '/api/v1/queue/counters')).data.items.find((c) => c.number === 1).current;
  r = await as('tiepnhan1', 'POST', `/api/v1/queue/tickets/${cur.id}/transfer`, { group: 'DD' });
  assert.equal(r.status, 200, JSON.stringify(r.data));
  assert.equal(r.data.state, 'transferred');
  assert.equal(r.data.group.code, 'DD');
  r = await as('tiepnhan3', 'POST', `/api/v1/queue/counters/${counters[3]}/call`);
  assert.equal(r.data.number, u.number, 'the transferred ticket keeps its number and place');
  // link the dossier taken in
  r = await as('tiepnhan3', 'POST', `/api/v1/queue/tickets/${r.data.id}/dossier`, { dossier: 'NOPE-1' });
  assert.equal(r.status, 422);
  assert.equal(r.data.error.field, 'dossier');
  // the dossier taken in at the counter (the intake desk), linked to the ticket
  const proc = await srv.json('GET', '/api/v1/procedures/1.004873');
  const documents = proc.data.documents.filter((d) => d.mandatory).map((d) => ({ id: d.id, form: d.form, count: 1 }));
  const intake = await as('tiepnhan3', 'POST', '/api/v1/dossiers', { procedure: '1.004873', applicant: { kind: 'person', name: 'Lê Văn Xếp Hàng', id_number: '048185003456', phone: '0935 444 555', address: 'Hội An' }, documents });
  assert.equal(intake.status, 201, JSON.stringify(intake.data));
  const cur3 = (await as('tiepnhan3', 'GET', '/api/v1/queue/counters')).data.items.find((c) => c.number === 3).current;
  r = await as('tiepnhan3', 'POST', `/api/v1/queue/tickets/${cur3.id}/dossier`, { dossier: intake.data.code });
  assert.equal(r.status, 200, JSON.stringify(r.data));
  assert.equal(r.data.dossier, intake.data.code);
  r = await as('tiepnhan3', 'POST', `/api/v1/queue/tickets/${cur3.id}/finish`);
  assert.equal(r.data.state, 'done');
  assert.equal(r.data.dossier, intake.data.code, 'the link stays after service');
  // pause needs a reason; a paused counter does not call
  r = await as('tiepnhan1', 'POST', `/api/v1/queue/counters/${counters[1]}/pause`, {});
  assert.equal(r.status, 422);
  assert.equal(r.data.error.field, 'reason');
  r = await as('tiepnhan1', 'POST', `/api/v1/queue/counters/${counters[1]}/pause`, { reason: 'Nghỉ giải lao' });
  assert.equal(r.status, 200);
  assert.equal(r.data.paused, true);
  r = await as('tiepnhan1', 'POST', `/api/v1/queue/counters/${counters[1]}/call`);
  assert.equal(r.status, 409);
  assert.equal(r.data.error.code, 'counter_paused');
  r = await as('tiepnhan1', 'POST', `/api/v1/queue/counters/${counters[1]}/resume`);
  assert.equal(r.data.paused, false);
  // an officer's console lists his own agency's groups (none at Hội An Đông); the public the home centre's
  assert.deepEqual((await as('hoiandong.tiepnhan', 'GET', '/api/v1/queue/groups')).data.items, []);
  assert.equal((await srv.json('GET', '/api/v1/queue/groups')).data.items.length, 2);
  // another agency's officer sees neither the counter nor the ticket
  r = await as('hoiandong.tiepnhan', 'POST', `/api/v1/queue/counters/${counters[1]}/call`);
  assert.equal(r.status, 404);
  // audited (motcua audit reads the trail; safe while the server runs)
  const audit = await cli(['audit', '--db', srv.db, '--entity', 'queue_ticket', '--limit', '1000']);
  assert.equal(audit.code, 0, audit.stderr);
  const actions = new Set(JSON.parse(audit.stdout).entries.map((a) => a.action));
  for (const a of ['queue.ticket.issue', 'queue.ticket.call', 'queue.ticket.recall', 'queue.ticket.no_show', 'queue.ticket.transfer', 'queue.ticket.start', 'queue.ticket.finish']) assert.ok(actions.has(a), a);
  const counterAudit = JSON.parse((await cli(['audit', '--db', srv.db, '--entity', 'queue_counter'])).stdout).entries.map((a) => a.action);
  assert.ok(counterAudit.includes('queue.counter.pause') && counterAudit.includes('queue.counter.resume'));
});

/** Reads Server-Sent Events from path until `want` events arrived. */
async function readEvents(path, want, headers = {}, timeoutMs = 5000) {
  const ctl = new AbortController();
  const timer = setTimeout(() => ctl.abort(), timeoutMs);
  const res = await srv.fetch(path, { headers, signal: ctl.signal });
  assert.equal(res.status, 200);
  assert.match(res.headers.get('content-type'), /^text\/event-stream/);
  const events = [];
  let buf = '';
  const dec = new TextDecoder();
  try {
    for await (const chunk of res.body) {
      buf += dec.decode(chunk, { stream: true });
      let i;
      while ((i = buf.indexOf('\n\n')) >= 0) {
        const block = buf.slice(0, i);
        buf = buf.slice(i + 2);
        const ev = {};
        for (const line of block.split('\n')) {
          const m = line.match(/^(id|event|data): ?(.*)$/);
          if (m) ev[m[1]] = m[2];
        }
        if (ev.event) events.push({ id: Number(ev.id), event: ev.event, data: JSON.parse(ev.data) });
      }
      if (events.length >= want) break;
    }
  } catch (e) {
    if (e.name !== 'AbortError') throw e;
  } finally {
    clearTimeout(timer);
    ctl.abort();
  }
  return events;
}

test('the board: a snapshot, then live events with ids; resume with Last-Event-ID', async () => {
  const snap = await srv.json('GET', '/api/v1/queue/board?agency=HOIAN');
  assert.equal(snap.status, 200);
  assert.ok(snap.data.last_event_id > 0);
  assert.ok(snap.data.calls.length > 0);
  assert.ok(!JSON.stringify(snap.data).includes('"id"'), 'no public ticket ids on the board');
  const live = readEvents(`/api/v1/queue/events?agency=HOIAN&last_event_id=${snap.data.last_event_id}`, 2);
  await new Promise((r) => setTimeout(r, 200));
  const t = (await take('HT')).data;
  const called = await as('tiepnhan1', 'POST', `/api/v1/queue/counters/${counters[1]}/call`);
  assert.equal(called.data.number, t.number);
  const evs = await live;
  assert.deepEqual(evs.map((e) => e.event), ['issued', 'called']);
  assert.equal(evs[1].data.ticket.number, t.number);
  assert.equal(evs[1].data.ticket.counter, 1);
  assert.ok(evs[1].id > evs[0].id && evs[0].id > snap.data.last_event_id);
  assert.equal(typeof evs[1].data.waiting.HT, 'number');
  // resume after the first: only the second comes again
  const resumed = await readEvents('/api/v1/queue/events?agency=HOIAN', 1, { 'Last-Event-ID': String(evs[0].id) });
  assert.equal(resumed[0].id, evs[1].id);
  assert.equal(resumed[0].event, 'called');
  // another agency's board sees none of HOIAN's events
  const other = await readEvents(`/api/v1/queue/events?agency=HOIANDONG&last_event_id=0`, 1, {}, 800);
  assert.equal(other.length, 0);
  assert.equal((await srv.json('GET', '/api/v1/queue/events?agency=NOPE')).status, 404);
});
