// Accounts (issue 8, points 5, 7, 8, 10): login throttling that holds under
// parallel attempts, personal API tokens that end (expiry, list, revoke, on
// the CLI and the API), what a bearer token may not do, the __Host- session
// cookie, and an administrator who cannot grant itself dossier roles.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, cli, DEMO_PASSWORD } from '../lib/server.mjs';

let srv;
let admin;
before(async () => {
  srv = await startServer({ env: { MOTCUA_TEST_CLOCK: '1' } });
  admin = await srv.login('admin');
});
after(async () => {
  await srv.stop();
});

const DAY = 86400;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const iso = (unix) => new Date(unix * 1000).toISOString().replace(/\.\d+Z$/, 'Z');

function assertError(r, status, code) {
  assert.equal(r.status, status, JSON.stringify(r.data));
  assert.equal(r.data.error.code, code, JSON.stringify(r.data));
  assert.ok(r.data.error.message.length > 0);
}

let serial = 0;
async function newStaff(s, roles = ['reception'], password = 'mat-khau-dung-1') {
  const a = s === srv ? admin : await s.login('admin');
  const username = 'tk' + ++serial + '.' + Math.floor(Math.random() * 1e6);
  const r = await s.json('POST', '/api/v1/staff', { username, full_name: 'Trần Thị Thử', roles, password }, a);
  assert.equal(r.status, 201, JSON.stringify(r.data));
  return { username, password };
}

async function addToken(db, username, extra = []) {
  const r = await cli(['token', 'add', '--db', db, '--username', username, ...extra]);
  assert.equal(r.code, 0, r.stderr);
  const token = r.stdout.trim();
  assert.match(token, /^[A-Za-z0-9_-]{43}$/);
  return token;
}

const me = (s, token) => s.json('GET', '/api/v1/me', undefined, { token });

/* --- 5. login throttling ------------------------------------------------ */

test('24 wrong passwords at once get at most 5 answers other than 429; the right one is then refused until the lock ends', async () => {
  const s = await startServer({ env: { MOTCUA_TEST_CLOCK: '1' } });
  try {
    const { username, password } = await newStaff(s);
    const answers = await Promise.all(
      Array.from({ length: 24 }, (_, i) => s.json('POST', '/api/v1/session', { username, password: 'sai-mat-khau-' + i }))
    );
    const statuses = answers.map((a) => a.status);
    const other = statuses.filter((st) => st !== 429);
    assert.ok(other.length <= 5, 'non-429 answers: ' + statuses.join(','));
    for (const a of answers) assert.ok(a.status === 401 || a.status === 429, JSON.stringify(a.data));
    const locked = await s.json('POST', '/api/v1/session', { username, password });
    assertError(locked, 429, 'too_many_attempts');
    assert.ok(Number(locked.headers.get('retry-after')) > 0);
    // a later failure never undoes the lock
    await s.json('POST', '/api/v1/session', { username, password: 'van-sai-mat-khau' });
    assertError(await s.json('POST', '/api/v1/session', { username, password }), 429, 'too_many_attempts');

    // after the lock ends counting starts again
    const now = Math.floor(Date.now() / 1000);
    assert.equal((await s.json('PUT', '/api/v1/_test/now', { now: iso(now + 16 * 60) })).status, 200);
    assertError(await s.json('POST', '/api/v1/session', { username, password: 'sai-lan-nua' }), 401, 'invalid_credentials');
    assert.equal((await s.json('POST', '/api/v1/session', { username, password })).status, 200);
    for (let i = 0; i < 5; i++) await s.json('POST', '/api/v1/session', { username, password: 'sai-' + i + '-mat-khau' });
    assertError(await s.json('POST', '/api/v1/session', { username, password }), 429, 'too_many_attempts');
  } finally {
    await s.stop();
  }
});

test('a wrong current_password on a password change counts like a failed login, also in parallel', async () => {
  const s = await startServer();
  try {
    const { username, password } = await newStaff(s);
    const sess = await s.login(username, password);
    const answers = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        s.json('PUT', '/api/v1/me/password', { current_password: 'sai-hien-tai-' + i, new_password: 'mat-khau-moi-12345' }, sess)
      )
    );
    const statuses = answers.map((a) => a.status);
    assert.ok(statuses.filter((st) => st !== 429).length <= 5, statuses.join(','));
    for (const a of answers) assert.ok(a.status === 422 || a.status === 429, JSON.stringify(a.data));
    // locked: even the right current password and a sign-in are refused
    assertError(
      await s.json('PUT', '/api/v1/me/password', { current_password: password, new_password: 'mat-khau-moi-12345' }, sess),
      429,
      'too_many_attempts'
    );
    assertError(await s.json('POST', '/api/v1/session', { username, password }), 429, 'too_many_attempts');
  } finally {
    await s.stop();
  }
});

/* --- 7. personal API tokens ------------------------------------------------ */

test('token add --days, token list (no secret), expiry refused with 401 even when cached', async () => {
  const { username } = await newStaff(srv);
  const t90 = await addToken(srv.db, username, ['--label', 'script 90']);
  const t1 = await addToken(srv.db, username, ['--label', 'script 1', '--days', '1']);
  const bad = await cli(['token', 'add', '--db', srv.db, '--username', username, '--days', '0']);
  assert.equal(bad.code, 2);
  const list = await cli(['token', 'list', '--db', srv.db, '--username', username]);
  assert.equal(list.code, 0, list.stderr);
  assert.match(list.stdout, /script 90/);
  assert.match(list.stdout, /script 1/);
  assert.ok(!list.stdout.includes(t90) && !list.stdout.includes(t1));
  assert.doesNotMatch(list.stdout, /[0-9a-f]{64}/);
  // the API says the same, with dates
  const api = await srv.json('GET', '/api/v1/me/tokens', undefined, { token: t1 });
  assert.equal(api.status, 200, JSON.stringify(api.data));
  assert.equal(api.data.items.length, 2);
  const i90 = api.data.items.find((i) => i.label === 'script 90');
  const i1 = api.data.items.find((i) => i.label === 'script 1');
  const days = (i) => (Date.parse(i.expires_at) - Date.parse(i.created_at)) / 1000 / DAY;
  assert.equal(Math.round(days(i90)), 90);
  assert.equal(Math.round(days(i1)), 1);
  assert.ok(!JSON.stringify(api.data).includes(t1));
  for (const i of api.data.items) assert.deepEqual(Object.keys(i).sort(), ['created_at', 'expires_at', 'id', 'label', 'last_used_at', 'state']);

  for (let k = 0; k < 3; k++) assert.equal((await me(srv, t1)).status, 200); // warm the cache
  // last use is recorded (asynchronously, at most hourly)
  let used = null;
  for (let k = 0; k < 50 && !used; k++) {
    const l = await srv.json('GET', '/api/v1/me/tokens', undefined, { token: t1 });
    used = l.data.items.find((i) => i.label === 'script 1').last_used_at;
    if (!used) await sleep(20);
  }
  assert.ok(used, 'last_used_at is set after use');
  assert.equal(api.data.items.find((i) => i.label === 'script 90').last_used_at, null);
  const now = Math.floor(Date.now() / 1000);
  assert.equal((await srv.json('PUT', '/api/v1/_test/now', { now: iso(now + 2 * DAY) })).status, 200);
  try {
    assertError(await me(srv, t1), 401, 'invalid_token');
    assert.equal((await me(srv, t90)).status, 200);
    const after = await srv.json('GET', '/api/v1/me/tokens', undefined, { token: t90 });
    assert.equal(after.data.items.find((i) => i.label === 'script 1').state, 'expired');
  } finally {
    await srv.json('PUT', '/api/v1/_test/now', { now: iso(Math.floor(Date.now() / 1000)) });
  }
});

test('token revoke --id and --all on the CLI end the tokens', async () => {
  const { username } = await newStaff(srv);
  const a = await addToken(srv.db, username, ['--label', 'a']);
  const b = await addToken(srv.db, username, ['--label', 'b']);
  const c = await addToken(srv.db, username, ['--label', 'c']);
  for (const t of [a, b, c]) assert.equal((await me(srv, t)).status, 200);
  const list = await srv.json('GET', '/api/v1/me/tokens', undefined, { token: a });
  const idA = list.data.items.find((i) => i.label === 'a').id;
  const none = await cli(['token', 'revoke', '--db', srv.db, '--username', username]);
  assert.equal(none.code, 2);
  const other = await cli(['token', 'revoke', '--db', srv.db, '--username', 'admin', '--id', String(idA)]);
  assert.equal(other.code, 1, 'another account’s token id is not found');
  const r1 = await cli(['token', 'revoke', '--db', srv.db, '--username', username, '--id', String(idA)]);
  assert.equal(r1.code, 0, r1.stderr);
  await sleep(2100); // another process: the server's cache holds an identity at most 2 s
  assertError(await me(srv, a), 401, 'invalid_token');
  assert.equal((await me(srv, b)).status, 200);
  const all = await cli(['token', 'revoke', '--db', srv.db, '--username', username, '--all']);
  assert.equal(all.code, 0, all.stderr);
  await sleep(2100);
  assertError(await me(srv, b), 401, 'invalid_token');
  assertError(await me(srv, c), 401, 'invalid_token');
  const listed = await cli(['token', 'list', '--db', srv.db, '--username', username]);
  assert.equal((listed.stdout.match(/revoked/g) || []).length, 3, listed.stdout);
});

test('GET/POST/DELETE /api/v1/me/tokens: one’s own tokens only; revocation through the API is immediate', async () => {
  const { username, password } = await newStaff(srv);
  const sess = await srv.login(username, password);
  const made = await srv.json('POST', '/api/v1/me/tokens', { label: 'Báo cáo tự động', days: 30 }, sess);
  assert.equal(made.status, 201, JSON.stringify(made.data));
  assert.match(made.data.token, /^[A-Za-z0-9_-]{43}$/);
  assert.equal(made.data.label, 'Báo cáo tự động');
  const token = made.data.token;
  assert.equal(Math.round((Date.parse(made.data.expires_at) - Date.parse(made.data.created_at)) / 1000 / DAY), 30);
  assertError(await srv.json('POST', '/api/v1/me/tokens', { label: 'x', days: 400 }, sess), 422, 'validation');
  // a token cannot make more tokens (it would outlive its own expiry)
  assertError(await srv.json('POST', '/api/v1/me/tokens', { label: 'x' }, { token }), 403, 'session_required');

  const list = await srv.json('GET', '/api/v1/me/tokens', undefined, sess);
  assert.equal(list.status, 200);
  assert.equal(list.data.items.length, 1);
  assert.equal(list.data.items[0].state, 'active');
  assert.ok(!JSON.stringify(list.data).includes(token));
  const id = list.data.items[0].id;

  // someone else's token is not found
  const otherTok = await addToken(srv.db, 'admin');
  const adminList = await srv.json('GET', '/api/v1/me/tokens', undefined, { token: otherTok });
  const adminId = adminList.data.items[0].id;
  assertError(await srv.json('DELETE', `/api/v1/me/tokens/${adminId}`, undefined, sess), 404, 'not_found');
  assertError(await srv.json('DELETE', '/api/v1/me/tokens/abc', undefined, sess), 404, 'not_found');

  for (let k = 0; k < 3; k++) assert.equal((await me(srv, token)).status, 200);
  const del = await srv.json('DELETE', `/api/v1/me/tokens/${id}`, undefined, sess);
  assert.equal(del.status, 204, JSON.stringify(del.data));
  assertError(await me(srv, token), 401, 'invalid_token');
  const again = await srv.json('GET', '/api/v1/me/tokens', undefined, sess);
  assert.equal(again.data.items[0].state, 'revoked');
  assert.equal((await me(srv, otherTok)).status, 200);
});

test('deactivating an account or an admin password reset ends all its tokens and sessions', async () => {
  const { username, password } = await newStaff(srv);
  const token = await addToken(srv.db, username);
  const sess = await srv.login(username, password);
  for (let k = 0; k < 3; k++) assert.equal((await me(srv, token)).status, 200);
  const off = await srv.json('PATCH', `/api/v1/staff/${username}`, { active: false }, admin);
  assert.equal(off.status, 200, JSON.stringify(off.data));
  assertError(await me(srv, token), 401, 'invalid_token');
  assert.equal((await srv.json('GET', '/api/v1/me', undefined, sess)).status, 401);
  // switched on again, the old token stays dead
  assert.equal((await srv.json('PATCH', `/api/v1/staff/${username}`, { active: true }, admin)).status, 200);
  assertError(await me(srv, token), 401, 'invalid_token');

  const t2 = await addToken(srv.db, username);
  const s2 = await srv.login(username, password);
  assert.equal((await me(srv, t2)).status, 200);
  const reset = await cli(['user', 'passwd', '--db', srv.db, '--username', username], { input: 'mat-khau-dat-lai-1\n' });
  assert.equal(reset.code, 0, reset.stderr);
  await sleep(2100);
  assertError(await me(srv, t2), 401, 'invalid_token');
  assert.equal((await srv.json('GET', '/api/v1/me', undefined, s2)).status, 401);
});

test('a bearer token cannot change the account’s password (403 session_required)', async () => {
  const { username, password } = await newStaff(srv);
  const token = await addToken(srv.db, username);
  const r = await srv.json('PUT', '/api/v1/me/password', { current_password: password, new_password: 'mat-khau-moi-999' }, { token });
  assertError(r, 403, 'session_required');
  await srv.login(username, password); // unchanged
});

/* --- 10 (part). sign-out with a token, the __Host- cookie ------------------ */

test('DELETE /api/v1/session with a bearer token is 400 not_a_session, in Vietnamese and English', async () => {
  const token = await addToken(srv.db, 'tiepnhan1');
  const vi = await srv.json('DELETE', '/api/v1/session', undefined, { token });
  assertError(vi, 400, 'not_a_session');
  const en = await srv.json('DELETE', '/api/v1/session', undefined, { token }, { 'Accept-Language': 'en' });
  assertError(en, 400, 'not_a_session');
  assert.notEqual(vi.data.error.message, en.data.error.message);
  assert.equal((await me(srv, token)).status, 200);
});

test('with --secure-cookies the session cookie is __Host- prefixed, Secure, Path=/, no Domain, and is the one read', async () => {
  const s = await startServer({ args: ['--secure-cookies'] });
  try {
    const r = await s.json('POST', '/api/v1/session', { username: 'tiepnhan1', password: DEMO_PASSWORD });
    assert.equal(r.status, 200);
    const sc = r.headers.get('set-cookie');
    assert.match(sc, /^__Host-motcua_session=[A-Za-z0-9_-]{43};/);
    assert.match(sc, /; Secure/);
    assert.match(sc, /; Path=\/(;|$)/);
    assert.doesNotMatch(sc, /Domain=/i);
    const cookie = sc.split(';')[0];
    const auth = { cookie, csrf: r.data.csrf_token };
    assert.equal((await s.json('GET', '/api/v1/me', undefined, auth)).status, 200);
    // the unprefixed name is not read
    const bare = cookie.replace(/^__Host-/, '');
    assert.equal((await s.json('GET', '/api/v1/me', undefined, { cookie: bare })).status, 401);
    const out = await s.json('DELETE', '/api/v1/session', undefined, auth);
    assert.equal(out.status, 204);
    assert.match(out.headers.get('set-cookie'), /^__Host-motcua_session=; Path=\/;.*Max-Age=0.*Secure/);
  } finally {
    await s.stop();
  }
  // without the option the cookie keeps its plain name
  const r = await srv.json('POST', '/api/v1/session', { username: 'tiepnhan1', password: DEMO_PASSWORD });
  assert.match(r.headers.get('set-cookie'), /^motcua_session=/);
  assert.doesNotMatch(r.headers.get('set-cookie'), /Secure/);
});

/* --- 8. an admin cannot grant itself dossier roles ---------------------------- */

test('an admin cannot grant itself dossier roles (403 self_grant); another admin can, and it is audited', async () => {
  const { username, password } = await newStaff(srv, ['admin']);
  const a1 = await srv.login(username, password);
  for (const roles of [['admin', 'reception'], ['admin', 'leader'], ['admin', 'specialist', 'head']]) {
    assertError(await srv.json('PATCH', `/api/v1/staff/${username}`, { roles }, a1), 403, 'self_grant');
  }
  const tok = await addToken(srv.db, username);
  assertError(await srv.json('PATCH', `/api/v1/staff/${username}`, { roles: ['admin', 'reception'] }, { token: tok }), 403, 'self_grant');
  // the same roles again, or other fields, are fine
  assert.equal((await srv.json('PATCH', `/api/v1/staff/${username}`, { roles: ['admin'], title: 'Quản trị' }, a1)).status, 200);
  assertError(await srv.json('GET', '/api/v1/dossiers', undefined, a1), 403, 'forbidden');
  // a second admin grants it
  const g = await srv.json('PATCH', `/api/v1/staff/${username}`, { roles: ['admin', 'reception'] }, admin);
  assert.equal(g.status, 200, JSON.stringify(g.data));
  assert.deepEqual(g.data.roles.sort(), ['admin', 'reception']);
  const a1b = await srv.login(username, password);
  assert.equal((await srv.json('GET', '/api/v1/dossiers', undefined, a1b)).status, 200);
  // keeping or dropping one's own dossier roles stays allowed
  assert.equal((await srv.json('PATCH', `/api/v1/staff/${username}`, { roles: ['admin', 'reception'] }, a1b)).status, 200);
  assert.equal((await srv.json('PATCH', `/api/v1/staff/${username}`, { roles: ['admin'] }, a1b)).status, 200);
});
