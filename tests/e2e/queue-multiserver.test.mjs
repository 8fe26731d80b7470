// The counter queue on several servers sharing one PostgreSQL database
// (issue 12; docs/DECISIONS.md D32): counters calling in parallel through
// two servers never get the same ticket, and a board connected to one
// server sees, in order, every call made through the other (LISTEN/NOTIFY
// on the queue's channel wakes each server's event hub).
//
// PostgreSQL only (`make test-pg` sets MOTCUA_TEST_PG): one SQLite file
// serves one server, so without it the suite is skipped and says so.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServers, PG } from '../lib/server.mjs';

// Monday 2 March 2026, 09:00 in Vietnam, the clock running from there
const env = { MOTCUA_FAKE_NOW: String(Date.UTC(2026, 2, 2, 2, 0, 0) / 1000), MOTCUA_FAKE_CLOCK_RUNS: '1' };

describe('the queue on two servers, one PostgreSQL database', { skip: PG ? false : 'PostgreSQL only: run under `make test-pg` (MOTCUA_TEST_PG)' }, () => {
  let cluster, a, b;
  const users = {};
  const counters = {};
  before(async () => {
    cluster = await startServers(2, { env });
    [a, b] = cluster.servers;
    users.admin = await a.login('admin');
    for (const n of [1, 2, 3]) users[n] = await (n % 2 ? a : b).login(`tiepnhan${n}`);
    assert.equal((await a.json('POST', '/api/v1/queue/groups', { code: 'HT', prefix: 'A', name: 'Hộ tịch' }, users.admin)).status, 201);
    for (const n of [1, 2, 3]) {
      const r = await a.json('POST', '/api/v1/queue/counters', { number: n, groups: ['HT'] }, users.admin);
      assert.equal(r.status, 201);
      counters[n] = r.data.id;
    }
  });
  after(async () => {
    await cluster?.stop();
  });
  const srvOf = (n) => (n % 2 ? a : b);

  test('calls through two servers at once: every ticket called exactly once', async () => {
    const issued = [];
    for (let i = 0; i < 24; i++) {
      const r = await srvOf(i).json('POST', '/api/v1/queue/tickets', { group: 'HT', agency: 'HOIAN' });
      assert.equal(r.status, 201, JSON.stringify(r.data));
      issued.push(r.data.number);
    }
    assert.equal(new Set(issued).size, 24, 'numbers unique across servers');
    const seen = [];
    for (let round = 0; round < 10; round++) {
      const rs = await Promise.all([1, 2, 3].map((n) => srvOf(n).json('POST', `/api/v1/queue/counters/${counters[n]}/call`, undefined, users[n])));
      for (const [k, r] of rs.entries()) {
        if (r.status === 404) continue;
        assert.equal(r.status, 200, JSON.stringify(r.data));
        seen.push(r.data.number);
        const n = k + 1;
        assert.equal((await srvOf(n).json('POST', `/api/v1/queue/tickets/${r.data.id}/finish`, undefined, users[n])).status, 200);
      }
    }
    assert.equal(seen.length, 24);
    assert.deepEqual([...seen].sort(), [...issued].sort(), 'each ticket once');
  });

  test('a board on server B sees the calls made through server A, in order', async () => {
    const snap = await b.json('GET', '/api/v1/queue/board?agency=HOIAN');
    const ctl = new AbortController();
    const timer = setTimeout(() => ctl.abort(), 8000);
    const res = await b.fetch(`/api/v1/queue/events?agency=HOIAN&last_event_id=${snap.data.last_event_id}`, { signal: ctl.signal });
    const got = [];
    const reading = (async () => {
      let buf = '';
      const dec = new TextDecoder();
      try {
        for await (const chunk of res.body) {
          buf += dec.decode(chunk, { stream: true });
          let i;
          while ((i = buf.indexOf('\n\n')) >= 0) {
            const block = buf.slice(0, i);
            buf = buf.slice(i + 2);
            const id = block.match(/^id: (\d+)$/m);
            const ev = block.match(/^event: (\w+)$/m);
            const data = block.match(/^data: (.*)$/m);
            if (ev) got.push({ id: Number(id[1]), event: ev[1], data: JSON.parse(data[1]), at: Date.now() });
          }
          if (got.filter((e) => e.event === 'called').length >= 3) break;
        }
      } catch (e) {
        if (e.name !== 'AbortError') throw e;
      }
    })();
    await new Promise((r) => setTimeout(r, 200));
    const calledAt = [];
    for (let i = 0; i < 3; i++) {
      assert.equal((await a.json('POST', '/api/v1/queue/tickets', { group: 'HT', agency: 'HOIAN' })).status, 201);
      const r = await a.json('POST', `/api/v1/queue/counters/${counters[1]}/call`, undefined, users[1]);
      assert.equal(r.status, 200);
      calledAt.push({ number: r.data.number, t: Date.now() });
      await a.json('POST', `/api/v1/queue/tickets/${r.data.id}/finish`, undefined, users[1]);
    }
    await reading;
    clearTimeout(timer);
    ctl.abort();
    const calls = got.filter((e) => e.event === 'called');
    assert.deepEqual(calls.map((e) => e.data.ticket.number), calledAt.map((c) => c.number));
    for (let i = 1; i < got.length; i++) assert.ok(got[i].id > got[i - 1].id, 'ids ascending');
    // LISTEN/NOTIFY, not the 1 s poll: each call reaches the other server's board quickly
    for (const [i, c] of calls.entries()) assert.ok(c.at - calledAt[i].t < 900, `call ${i} took ${c.at - calledAt[i].t} ms`);
  });
});
