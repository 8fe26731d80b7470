// `motcua demo` as a newcomer gets it (make run): besides the agencies, staff
// and catalogue, the home centre's counter floor (data/demo/floor.json: three
// service groups by field, three counters) and the chairman's reception day
// every Thursday morning of the coming eight weeks — so the kiosk, the board,
// the console and the public reception schedule work at once. Loaded through
// the domains' services: validated and audited. `--no-floor` leaves them out
// (the test suites set up their own). On SQLite and PostgreSQL.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { rm } from 'node:fs/promises';
import { startServer, freshDb, cli } from '../lib/server.mjs';

const cleanup = [];
after(async () => {
  for (const f of cleanup) await f();
});

async function demoServer(extra = []) {
  const { dir, db } = await freshDb({ demo: false });
  const r = await cli(['demo', '--db', db, ...extra]);
  assert.equal(r.code, 0, r.stderr);
  const srv = await startServer({ db });
  cleanup.push(async () => {
    await srv.stop();
    await rm(dir, { recursive: true, force: true });
  });
  return srv;
}

test('the demo centre has its counter floor and the reception days of the coming weeks', async () => {
  const srv = await demoServer();
  const groups = await srv.json('GET', '/api/v1/queue/groups');
  assert.equal(groups.status, 200);
  const byCode = Object.fromEntries(groups.data.items.map((g) => [g.code, g]));
  assert.deepEqual(Object.keys(byCode).sort(), ['DD', 'HT', 'XH']);
  assert.deepEqual([byCode.HT.prefix, byCode.DD.prefix, byCode.XH.prefix], ['A', 'B', 'C']);
  assert.deepEqual(byCode.HT.fields.sort(), ['CT', 'HT']);
  assert.equal(byCode.HT.name, 'Hộ tịch, chứng thực');

  const reception = await srv.login('tiepnhan1');
  const counters = await srv.json('GET', '/api/v1/queue/counters', undefined, reception);
  assert.equal(counters.status, 200);
  assert.deepEqual(counters.data.items.map((c) => [c.number, [...c.groups].sort()]), [[1, ['HT']], [2, ['HT', 'XH']], [3, ['DD', 'XH']]]);

  const sessions = await srv.json('GET', '/api/v1/public/reception/sessions');
  assert.equal(sessions.status, 200, JSON.stringify(sessions.data));
  const items = sessions.data.items;
  assert.equal(items.length, 8, JSON.stringify(items.map((s) => s.starts_at)));
  const now = Date.now();
  for (const s of items) {
    assert.match(s.starts_at, /T07:30:00\+07:00$/);
    assert.match(s.ends_at, /T11:30:00\+07:00$/);
    assert.equal(new Date(s.starts_at).getUTCDay(), 4, 'a Thursday'); // 07:30 +07 is 00:30 UTC, the same day
    assert.ok(Date.parse(s.starts_at) > now, 'in the future');
    assert.equal(s.leader_name, 'Lê Văn Trung');
    assert.equal(s.capacity, 10);
    assert.equal(s.agency.code, 'HOIAN');
  }
  // set up as an administrator would be: audited
  const audit = await cli(['audit', '--db', srv.db, '--action', 'queue.group.create']);
  assert.equal(audit.code, 0, audit.stderr);
  assert.equal(JSON.parse(audit.stdout).entries.length, 3);
});

test('--no-floor: the same demo without the floor and the reception days', async () => {
  const srv = await demoServer(['--no-floor']);
  assert.deepEqual((await srv.json('GET', '/api/v1/queue/groups')).data.items, []);
  assert.deepEqual((await srv.json('GET', '/api/v1/public/reception/sessions')).data.items, []);
  assert.equal((await srv.json('GET', '/api/v1/procedures')).status, 200);
});
