// The platform contract: health, errors as JSON in two languages, limits,
// sessions, CSRF, throttling, roles, static files and path traversal.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import { startServer } from '../lib/server.mjs';

let srv;
before(async () => {
  srv = await startServer();
});
after(async () => {
  await srv.stop();
});

function assertError(r, status, code) {
  assert.equal(r.status, status, JSON.stringify(r.data));
  assert.equal(typeof r.data, 'object');
  assert.equal(r.data.error.code, code);
  assert.ok(r.data.error.message.length > 0);
}

test('GET /healthz answers ok once the store is open', async () => {
  const res = await srv.fetch('/healthz');
  assert.equal(res.status, 200);
  assert.deepEqual(await res.json(), { status: 'ok' });
});

test('every response carries the security headers', async () => {
  for (const path of ['/healthz', '/', '/api/v1/nothing']) {
    const res = await srv.fetch(path);
    const csp = res.headers.get('content-security-policy');
    assert.match(csp, /default-src 'self'/);
    assert.match(csp, /frame-ancestors 'none'/);
    assert.doesNotMatch(csp, /unsafe-inline/);
    assert.equal(res.headers.get('x-content-type-options'), 'nosniff');
    assert.ok(res.headers.get('referrer-policy'));
    if (path !== '/') assert.ok(res.headers.get('x-request-id'));
  }
});

test('unknown API path is a JSON 404, Vietnamese by default and English on request', async () => {
  const vi = await srv.json('GET', '/api/v1/nothing-here');
  assertError(vi, 404, 'not_found');
  assert.match(vi.data.error.message, /Không tìm thấy/);
  const en = await srv.json('GET', '/api/v1/nothing-here', undefined, {}, { 'Accept-Language': 'en-US,en;q=0.9' });
  assertError(en, 404, 'not_found');
  assert.match(en.data.error.message, /not found/i);
});

test('wrong method is a 405 with Allow', async () => {
  const r = await srv.json('PUT', '/api/v1/session', {});
  assertError(r, 405, 'method_not_allowed');
  assert.match(r.headers.get('allow'), /POST/);
  assert.match(r.headers.get('allow'), /DELETE/);
});

test('malformed JSON is a 400, a non-JSON body a 415, a too-deep document a 400', async () => {
  assertError(await srv.json('POST', '/api/v1/session', '{"username": "admin",'), 400, 'malformed_json');
  assertError(await srv.json('POST', '/api/v1/session', '[1,2,3]'), 400, 'malformed_json');
  assertError(await srv.json('POST', '/api/v1/session', '{"a":1,"a":2}'), 400, 'malformed_json');
  const form = await srv.fetch('/api/v1/session', {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: 'username=admin&password=x',
  });
  assert.equal(form.status, 415);
  assert.equal((await form.json()).error.code, 'unsupported_media_type');
  const deep = '{"a":' + '['.repeat(100) + ']'.repeat(100) + '}';
  assertError(await srv.json('POST', '/api/v1/session', deep), 400, 'malformed_json');
});

test('an oversized body is refused with 413 before it is read', async () => {
  const big = JSON.stringify({ username: 'admin', password: 'x'.repeat(200 * 1024) });
  const r = await srv.json('POST', '/api/v1/session', big);
  assertError(r, 413, 'payload_too_large');
});

test('a chunked oversized body is refused with 413 too', async () => {
  const chunk = 'x'.repeat(16 * 1024);
  const stream = new ReadableStream({
    start(ctrl) {
      ctrl.enqueue(new TextEncoder().encode('{"username":"admin","password":"'));
      for (let i = 0; i < 10; i++) ctrl.enqueue(new TextEncoder().encode(chunk));
      ctrl.enqueue(new TextEncoder().encode('"}'));
      ctrl.close();
    },
  });
  const res = await fetch(srv.url + '/api/v1/session', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: stream,
    duplex: 'half',
  });
  assert.equal(res.status, 413);
  assert.equal((await res.json()).error.code, 'payload_too_large');
});

test('too many headers and an over-long URL are refused as JSON errors', async () => {
  const headers = {};
  for (let i = 0; i < 80; i++) headers['X-Extra-' + i] = 'v';
  const r = await srv.json('GET', '/healthz', undefined, {}, headers);
  assertError(r, 400, 'bad_request');
  const long = await srv.json('GET', '/api/v1/public/centre?q=' + 'a'.repeat(5000));
  assertError(long, 400, 'bad_request');
});

test('missing or empty fields are 422 naming the field', async () => {
  const r = await srv.json('POST', '/api/v1/session', { username: 'admin' });
  assertError(r, 422, 'validation');
  assert.equal(r.data.error.field, 'password');
  const r2 = await srv.json('POST', '/api/v1/session', { username: '', password: 'x' });
  assert.equal(r2.data.error.field, 'username');
});

test('login sets an HttpOnly SameSite=Strict cookie, me shows the user, logout ends it', async () => {
  const r = await srv.json('POST', '/api/v1/session', { username: 'admin', password: 'motcua-demo' });
  assert.equal(r.status, 200);
  const setCookie = r.headers.get('set-cookie');
  assert.match(setCookie, /HttpOnly/);
  assert.match(setCookie, /SameSite=Strict/);
  assert.ok(r.data.csrf_token.length >= 32);
  assert.equal(r.data.user.username, 'admin');
  assert.ok(r.data.user.roles.includes('admin'));
  const cookie = setCookie.split(';')[0];

  const me = await srv.json('GET', '/api/v1/me', undefined, { cookie });
  assert.equal(me.status, 200);
  assert.equal(me.data.username, 'admin');
  assert.equal(me.data.csrf_token, r.data.csrf_token);
  assert.ok(me.data.full_name.length > 0);
  assert.ok(me.data.unit === null || typeof me.data.unit.code === 'string');

  // a cookie-authenticated write without the CSRF header is refused
  const noCsrf = await srv.json('DELETE', '/api/v1/session', undefined, { cookie });
  assertError(noCsrf, 403, 'csrf_failed');
  const badCsrf = await srv.json('DELETE', '/api/v1/session', undefined, { cookie, csrf: 'not-the-token' });
  assertError(badCsrf, 403, 'csrf_failed');

  const out = await srv.json('DELETE', '/api/v1/session', undefined, { cookie, csrf: r.data.csrf_token });
  assert.equal(out.status, 204);
  assert.match(out.headers.get('set-cookie'), /Max-Age=0/);
  const gone = await srv.json('GET', '/api/v1/me', undefined, { cookie });
  assertError(gone, 401, 'session_expired');
});

test('without credentials a staff route is 401; a bad bearer token is 401', async () => {
  assertError(await srv.json('GET', '/api/v1/me'), 401, 'unauthenticated');
  assertError(await srv.json('GET', '/api/v1/me', undefined, { token: 'nope' }), 401, 'invalid_token');
});

test('a role the route does not allow is 403; the right role gets in', async () => {
  const reception = await srv.login('tiepnhan1');
  const r = await srv.json('GET', '/api/v1/staff', undefined, reception);
  assertError(r, 403, 'forbidden');
  const admin = await srv.login('admin');
  const ok = await srv.json('GET', '/api/v1/staff', undefined, admin);
  assert.equal(ok.status, 200);
  assert.ok(ok.data.items.some((s) => s.username === 'tiepnhan1'));
});

test('admin creates an account; a duplicate username is 409; a short password 422', async () => {
  const admin = await srv.login('admin');
  const body = { username: 'canbo.moi', full_name: 'Trần Thị Mới', roles: ['specialist'], unit: 'VP', password: 'mat-khau-rat-dai' };
  const r = await srv.json('POST', '/api/v1/staff', body, admin);
  assert.equal(r.status, 201, JSON.stringify(r.data));
  assert.equal(r.data.username, 'canbo.moi');
  assert.deepEqual(r.data.roles, ['specialist']);
  assert.equal(r.data.unit.code, 'VP');
  assertError(await srv.json('POST', '/api/v1/staff', body, admin), 409, 'username_taken');
  const short = await srv.json('POST', '/api/v1/staff', { ...body, username: 'canbo.khac', password: 'ngan' }, admin);
  assertError(short, 422, 'validation');
  assert.equal(short.data.error.field, 'password');
  const badRole = await srv.json('POST', '/api/v1/staff', { ...body, username: 'canbo.khac', roles: ['king'] }, admin);
  assert.equal(badRole.data.error.field, 'roles');
  // the new account can sign in
  const me = await srv.login('canbo.moi', 'mat-khau-rat-dai');
  assert.equal(me.user.full_name, 'Trần Thị Mới');
});

test('a user changes their own password; the old one stops working', async () => {
  const admin = await srv.login('admin');
  await srv.json('POST', '/api/v1/staff', { username: 'doimk', full_name: 'Lê Văn Đổi', roles: ['reception'], password: 'mat-khau-cu-123' }, admin);
  const u = await srv.login('doimk', 'mat-khau-cu-123');
  const wrong = await srv.json('PUT', '/api/v1/me/password', { current_password: 'sai-roi-day', new_password: 'mat-khau-moi-456' }, u);
  assert.equal(wrong.data.error.field, 'current_password');
  const ok = await srv.json('PUT', '/api/v1/me/password', { current_password: 'mat-khau-cu-123', new_password: 'mat-khau-moi-456' }, u);
  assert.equal(ok.status, 204);
  const old = await srv.json('POST', '/api/v1/session', { username: 'doimk', password: 'mat-khau-cu-123' });
  assertError(old, 401, 'invalid_credentials');
  await srv.login('doimk', 'mat-khau-moi-456');
});

test('repeated failed logins lock the account with 429 and Retry-After', async () => {
  const admin = await srv.login('admin');
  await srv.json('POST', '/api/v1/staff', { username: 'khoa.thu', full_name: 'Phạm Khóa', roles: ['reception'], password: 'dung-mat-khau-1' }, admin);
  for (let i = 0; i < 5; i++) {
    const r = await srv.json('POST', '/api/v1/session', { username: 'khoa.thu', password: 'sai-mat-khau-' + i });
    assertError(r, 401, 'invalid_credentials');
  }
  const locked = await srv.json('POST', '/api/v1/session', { username: 'khoa.thu', password: 'dung-mat-khau-1' });
  assertError(locked, 429, 'too_many_attempts');
  const retry = Number(locked.headers.get('retry-after'));
  assert.ok(retry > 0 && retry <= 900, 'Retry-After ' + retry);
  // other accounts are not affected
  await srv.login('admin');
});

test('an unknown username gets the same answer as a wrong password', async () => {
  const r = await srv.json('POST', '/api/v1/session', { username: 'khong-ton-tai', password: 'whatever-123' });
  assertError(r, 401, 'invalid_credentials');
});

test('static files: index, content types, ETag and 304, long cache for fonts', async () => {
  const res = await srv.fetch('/');
  assert.equal(res.status, 200);
  assert.match(res.headers.get('content-type'), /text\/html/);
  const html = await res.text();
  assert.match(html, /<html lang="vi"/);
  const etag = res.headers.get('etag');
  assert.ok(etag);
  const again = await srv.fetch('/', { headers: { 'If-None-Match': etag } });
  assert.equal(again.status, 304);
  const css = await srv.fetch('/css/app.css');
  assert.equal(css.status, 200);
  assert.match(css.headers.get('content-type'), /text\/css/);
  const dir = await srv.fetch('/login');
  assert.equal(dir.status, 301);
  assert.equal(dir.headers.get('location'), '/login/');
  const head = await srv.fetch('/', { method: 'HEAD' });
  assert.equal(head.status, 200);
  const post = await srv.fetch('/', { method: 'POST' });
  assert.equal(post.status, 405);
});

test('path traversal and hidden files are never served', async () => {
  // raw requests: fetch() would normalise the dots away
  const raw = (path) =>
    new Promise((resolve, reject) => {
      const u = new URL(srv.url);
      const s = net.connect(Number(u.port), u.hostname, () => {
        s.write(`GET ${path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`);
      });
      let data = '';
      s.on('data', (d) => (data += d));
      s.on('end', () => resolve(data));
      s.on('error', reject);
    });
  for (const p of ['/../etc/passwd', '/%2e%2e/%2e%2e/etc/passwd', '/css/../../Makefile', '/..%2fMakefile', '/.git/config', '/%00index.html', '/css/..%5c..%5cMakefile']) {
    const resp = await raw(p);
    const status = Number(resp.split(' ')[1]);
    assert.ok(status === 404 || status === 400, `${p} → ${status}`);
    assert.doesNotMatch(resp, /root:x:0:0|\[core\]|SANFLAGS/);
  }
});

test('SIGTERM stops the server cleanly with exit code 0', async () => {
  const s2 = await startServer();
  const code = await s2.stop();
  assert.equal(code, 0);
});

test('a deactivated account loses its API token access at once', async () => {
  const admin = await srv.login('admin');
  await srv.json('POST', '/api/v1/staff', { username: 'thoi.viec', full_name: 'Đỗ Văn Thôi', roles: ['reception'], password: 'mat-khau-thoi-viec' }, admin);
  const { cli } = await import('../lib/server.mjs');
  const t = await cli(['token', 'add', '--db', srv.db, '--username', 'thoi.viec']);
  const token = t.stdout.trim();
  // warm the identity cache
  for (let i = 0; i < 3; i++) assert.equal((await srv.json('GET', '/api/v1/me', undefined, { token })).status, 200);
  const off = await srv.json('PATCH', '/api/v1/staff/thoi.viec', { active: false }, admin);
  assert.equal(off.status, 200, JSON.stringify(off.data));
  assert.equal((await srv.json('GET', '/api/v1/me', undefined, { token })).status, 401);
  // (an admin may not grant itself a dossier role: accounts.test.mjs)
  const roles = await srv.json('PATCH', '/api/v1/staff/thoi.viec', { roles: ['reception', 'specialist'] }, admin);
  assert.equal(roles.status, 200);
});
