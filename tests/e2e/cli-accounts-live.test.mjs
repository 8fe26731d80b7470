// The operator's account commands against a RUNNING server: `motcua token
// revoke` and `motcua user deactivate` take effect on it without a restart.
// On PostgreSQL the command announces the change (NOTIFY motcua_tokens, D26)
// and the server drops its cached identities at once: a revoked token is
// refused within BOUND_MS, well inside the 2 s the identity cache would keep
// it otherwise. On SQLite (one server, no NOTIFY) the cache's 2 s expiry is
// the bound. Sessions are never cached: a deactivated officer's session
// ends with the command, on both stores; `user activate` lets him in again.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, cli, PG } from '../lib/server.mjs';

const BOUND_MS = PG ? 1000 : 2500;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Polls check() until it returns true; throws after ms. */
async function within(ms, check, what) {
  const t0 = Date.now();
  for (;;) {
    if (await check()) return Date.now() - t0;
    if (Date.now() - t0 > ms) throw new Error(`${what}: not seen within ${ms} ms`);
    await sleep(20);
  }
}

let srv;
before(async () => {
  srv = await startServer();
});
after(async () => {
  if (srv) await srv.stop();
});

async function newToken(username) {
  const r = await cli(['token', 'add', '--db', srv.db, '--username', username, '--label', 'Máy chủ đang chạy', '--days', '7']);
  assert.equal(r.code, 0, r.stderr);
  return r.stdout.trim();
}

// several requests at once: the identity cache is per HTTP thread
async function all(status, token) {
  const rs = await Promise.all([1, 2, 3, 4].map(() => srv.json('GET', '/api/v1/me', undefined, { token })));
  return rs.every((r) => r.status === status);
}

test(`a token revoked with motcua token revoke is refused by the running server within ${BOUND_MS} ms`, async () => {
  const token = await newToken('admin');
  for (let i = 0; i < 4; i++) assert.ok(await all(200, token)); // cached on every thread
  const r = await cli(['token', 'revoke', '--db', srv.db, '--username', 'admin', '--all']);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /revoked 1 token of admin/);
  await within(BOUND_MS, () => all(401, token), 'revoked token');
});

test('motcua user deactivate ends the officer\'s session at once and his token within the bound; activate lets him in again', async () => {
  const s = await srv.login('tiepnhan2');
  const token = await newToken('tiepnhan2');
  for (let i = 0; i < 4; i++) assert.ok(await all(200, token));
  assert.equal((await srv.json('GET', '/api/v1/me', undefined, s)).status, 200);
  const r = await cli(['user', 'deactivate', '--db', srv.db, '--username', 'tiepnhan2']);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /tiepnhan2 deactivated/);
  // the very next request of the session is refused (sessions are not cached)
  assert.equal((await srv.json('GET', '/api/v1/me', undefined, s)).status, 401);
  await within(BOUND_MS, () => all(401, token), 'deactivated account\'s token');
  const again = await srv.json('POST', '/api/v1/session', { username: 'tiepnhan2', password: 'motcua-demo' });
  assert.equal(again.status, 401);
  // an unknown account: a clear failure, nothing changed
  const unknown = await cli(['user', 'deactivate', '--db', srv.db, '--username', 'khongco']);
  assert.equal(unknown.code, 1);
  assert.match(unknown.stderr, /motcua user: /);
  const back = await cli(['user', 'activate', '--db', srv.db, '--username', 'tiepnhan2']);
  assert.equal(back.code, 0, back.stderr);
  await srv.login('tiepnhan2');
  // the deactivation is audited
  const audit = await cli(['audit', '--db', srv.db, '--entity', 'staff']);
  assert.equal(audit.code, 0, audit.stderr);
  assert.ok(JSON.parse(audit.stdout).entries.some((e) => e.entity_id === 'tiepnhan2' && e.actor === 'cli'), audit.stdout);
});

test('user deactivate and activate take only --db and --username', async () => {
  const r = await cli(['user', 'deactivate', '--db', srv.db, '--username', 'tiepnhan3', '--role', 'admin']);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /takes only --db and --username/);
  assert.equal((await srv.login('tiepnhan3')).user.username, 'tiepnhan3');
});
