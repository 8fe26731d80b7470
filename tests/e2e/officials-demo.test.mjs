// The demo centre's officials (issue 15, D42), as a newcomer gets them with
// `motcua demo`: phường Hội An's 2026 criteria published (on the public
// page), commitments in every state, the yearly cycle with evaluations at
// each stage, one concluded with its rating — loaded through the services,
// so every step is in the histories and the audit trail. `--no-floor` (the
// test suites' demo) leaves them out. On SQLite and PostgreSQL.
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

test('the demo ships the 2026 criteria, commitments in each state and evaluations in progress', async () => {
  const srv = await demoServer();
  let r = await srv.json('GET', '/api/v1/public/criteria?agency=HOIAN&year=2026');
  assert.equal(r.status, 200, JSON.stringify(r.data));
  assert.equal(r.data.groups.length, 6);
  assert.equal(r.data.groups[0].name, 'Thái độ phục vụ người dân, doanh nghiệp');
  const chair = await srv.login('chutich');
  r = await srv.json('GET', '/api/v1/commitments?year=2026', undefined, chair);
  const states = Object.fromEntries(r.data.items.map((i) => [i.official.username, i.state]));
  assert.deepEqual(states, { hotich1: 'approved', tiepnhan1: 'approved', tiepnhan2: 'approved', diachinh1: 'submitted', xahoi1: 'returned', congan1: 'draft' });
  r = await srv.json('GET', '/api/v1/evaluations?year=2026', undefined, chair);
  const ev = Object.fromEntries(r.data.items.map((i) => [i.official.username, [i.state, i.rating]]));
  assert.deepEqual(ev.tiepnhan2, ['concluded', 'good']);
  assert.deepEqual(ev.diachinh1, ['leader', null]);
  assert.deepEqual(ev.hotich1, ['head', null]);
  assert.deepEqual(ev.congan1, ['self', null]);
  r = await srv.json('GET', '/api/v1/evaluations/2026/tiepnhan2', undefined, chair);
  assert.deepEqual(r.data.events.map((e) => e.actor.username), ['tiepnhan2', 'phochutich', 'chutich']);
  assert.equal(r.data.criteria.length, 9);
});

test('--no-floor: no criteria, commitments nor cycle', async () => {
  const srv = await demoServer(['--no-floor']);
  const r = await srv.json('GET', '/api/v1/public/criteria?agency=HOIAN&year=2026');
  assert.equal(r.status, 404);
});
