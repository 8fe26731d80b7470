// HTTP surface and bounded resources (issue 8, points 6, 9, 10 and 11):
// the client address behind a trusted reverse proxy, the budget of request
// bodies being received, 414/431 instead of silence, the access log that
// cannot be forged, no redirect to another host, CSV cells that a
// spreadsheet would run, and a shutdown under load that loses nothing.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { startServer, WEB, DEMO_PASSWORD, cli } from '../lib/server.mjs';

let srv;
let admin;

before(async () => {
  srv = await startServer();
  admin = await srv.login('admin');
});
after(async () => {
  await srv?.stop();
});

const PERSON = {
  kind: 'person',
  name: 'Nguyễn Văn Bình',
  id_number: '048085001234',
  phone: '0905 123 456',
  email: 'binh.nguyen@example.com',
  address: '12 Trần Phú, phường Hội An, Đà Nẵng',
};

async function submissionBody(s) {
  const p = await (await s.fetch('/api/v1/procedures/1.004873')).json();
  const docs = p.documents.filter((d) => d.mandatory).map((d) => ({ id: d.id }));
  return { procedure: '1.004873', applicant: PERSON, documents: docs };
}

const port = (s) => Number(new URL(s.url).port);

/** One raw HTTP exchange: resolves to the whole answer as a string ('' if the server closed without one). */
function raw(s, bytes, { timeoutMs = 15000 } = {}) {
  return new Promise((resolve, reject) => {
    const sock = net.connect(port(s), '127.0.0.1');
    const chunks = [];
    const timer = setTimeout(() => {
      sock.destroy();
      reject(new Error('no answer (silence) after ' + timeoutMs + ' ms'));
    }, timeoutMs);
    sock.on('data', (d) => chunks.push(d));
    sock.on('error', () => {});
    sock.on('close', () => {
      clearTimeout(timer);
      resolve(Buffer.concat(chunks).toString('latin1'));
    });
    sock.end(bytes);
  });
}

const statusOf = (resp) => Number(resp.split(' ')[1]);
const bodyOf = (resp) => resp.slice(resp.indexOf('\r\n\r\n') + 4);

function rssKiB(pid) {
  const m = readFileSync(`/proc/${pid}/status`, 'utf8').match(/VmRSS:\s+(\d+) kB/);
  return Number(m[1]);
}

// --- 6. behind a reverse proxy -------------------------------------------------

test('without --trusted-proxy X-Forwarded-For is ignored: the submission limit counts the TCP peer', async () => {
  const s = await startServer({ args: ['--submission-limit', '2'] });
  try {
    const body = await submissionBody(s);
    for (const [i, xff] of ['10.0.0.1', '10.0.0.2', '10.0.0.3'].entries()) {
      const r = await s.json('POST', '/api/v1/public/submissions', body, {}, { 'X-Forwarded-For': xff });
      assert.equal(r.status, i < 2 ? 201 : 429, `${xff}: ${JSON.stringify(r.data)}`);
    }
  } finally {
    await s.stop();
  }
});

test('--trusted-proxy: per-address limits apply to the client named by X-Forwarded-For, right-most untrusted', async () => {
  const s = await startServer({
    args: ['--submission-limit', '2', '--trusted-proxy', '127.0.0.1', '--trusted-proxy', '192.168.0.0/16'],
  });
  try {
    const body = await submissionBody(s);
    const submit = (xff) => s.json('POST', '/api/v1/public/submissions', body, {}, xff ? { 'X-Forwarded-For': xff } : {});
    assert.equal((await submit('10.0.0.1')).status, 201);
    // a client that sends its own X-Forwarded-For cannot pick its address: nginx appends the real one
    assert.equal((await submit('203.0.113.9, 10.0.0.1')).status, 201);
    const third = await submit('198.51.100.7, 10.0.0.1');
    assert.equal(third.status, 429);
    assert.equal(third.data.error.code, 'too_many_submissions');
    // another trusted hop (a second proxy inside 192.168.0.0/16) is skipped
    assert.equal((await submit('10.0.0.1, 192.168.4.4')).status, 429);
    // another client is not affected
    assert.equal((await submit('10.0.0.2')).status, 201);
    assert.equal((await submit('2001:db8::1')).status, 201);
    assert.equal((await submit('[2001:db8::1]:4711')).status, 201);
    assert.equal((await submit('2001:db8::1')).status, 429); // same client as the line before
    // garbage is never taken for a client: the proxy's own address is used
    assert.equal((await submit('not-an-address')).status, 201);
    assert.equal((await submit('')).status, 201);
    assert.equal((await submit('<script>')).status, 429);
  } finally {
    await s.stop();
  }
});

test('--trusted-proxy: login throttling per address locks the real client, not everyone behind the proxy', async () => {
  const s = await startServer({ args: ['--trusted-proxy', '127.0.0.1'] });
  try {
    const attacker = { 'X-Forwarded-For': '10.9.9.9' };
    let last;
    for (let i = 0; i < 21; i++) {
      last = await s.json('POST', '/api/v1/session', { username: `khong-co-${i}`, password: 'sai-mat-khau' }, {}, attacker);
    }
    assert.equal(last.status, 429, JSON.stringify(last.data));
    const other = await s.json('POST', '/api/v1/session', { username: 'tiepnhan1', password: DEMO_PASSWORD }, {}, { 'X-Forwarded-For': '10.1.1.1' });
    assert.equal(other.status, 200, JSON.stringify(other.data));
    const same = await s.json('POST', '/api/v1/session', { username: 'tiepnhan1', password: DEMO_PASSWORD }, {}, attacker);
    assert.equal(same.status, 429);
  } finally {
    await s.stop();
  }
});

test('serve refuses a --trusted-proxy that is not an address', async () => {
  const { cli } = await import('../lib/server.mjs');
  for (const bad of ['proxy.example', '10.0.0.0/33', '::1/129', '10.0.0.1/']) {
    const r = await cli(['serve', '--db', '/nonexistent/x.db', '--trusted-proxy', bad]);
    assert.equal(r.code, 2, bad);
    assert.match(r.stderr, /--trusted-proxy/);
  }
});

// --- 9. bodies being received share a budget ----------------------------------

const MiB = 1 << 20;

/**
 * Opens a connection, sends the headers of a 24 MiB online submission with
 * `Expect: 100-continue`, and waits for the server's verdict: 100 Continue
 * (then `part` bytes of the body are sent) or a final answer.
 * Resolves to {sock, status, answer}.
 */
function halfSent(s, { part, xff }) {
  return new Promise((resolve, reject) => {
    const sock = net.connect(port(s), '127.0.0.1');
    let got = '';
    let settled = false;
    const settle = (v) => {
      if (!settled) {
        settled = true;
        resolve(v);
      }
    };
    sock.on('error', (e) => (settled ? null : reject(e)));
    sock.on('data', (d) => {
      got += d.toString('latin1');
      if (settled || !got.includes('\r\n\r\n')) return;
      const status = statusOf(got);
      if (status !== 100) {
        // a final answer: read it to the end (the server closes)
        sock.on('close', () => settle({ sock, status, answer: got }));
        return;
      }
      const chunk = Buffer.alloc(256 * 1024, 0x61);
      let sent = 0;
      const pump = () => {
        while (sent < part) {
          sent += chunk.length;
          if (!sock.write(chunk)) return sock.once('drain', pump);
        }
        settle({ sock, status, answer: got });
      };
      pump();
    });
    sock.write(
      'POST /api/v1/public/submissions HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n' +
        `Content-Length: ${24 * MiB}\r\nExpect: 100-continue\r\n` +
        (xff ? `X-Forwarded-For: ${xff}\r\n` : '') +
        '\r\n',
    );
  });
}

async function settleRss(pid) {
  // the server reads what the kernel still buffers: wait until RSS stops growing (bounded)
  let prev = rssKiB(pid);
  for (let i = 0; i < 20; i++) {
    await new Promise((r) => setTimeout(r, 100));
    const now = rssKiB(pid);
    if (now <= prev) return now;
    prev = now;
  }
  return prev;
}

test('eight half-sent 24 MiB submissions from one address: resident memory stays within the budget, the others get 429 at once', async () => {
  const s = await startServer({ args: ['--body-budget', '64', '--body-budget-per-address', '32'] });
  const socks = [];
  try {
    assert.equal((await s.fetch('/healthz')).status, 200);
    const before = rssKiB(s.proc.pid);
    const verdicts = [];
    for (let i = 0; i < 8; i++) {
      const v = await halfSent(s, { part: 16 * MiB });
      socks.push(v.sock);
      verdicts.push(v);
    }
    const after = await settleRss(s.proc.pid);
    const grew = (after - before) / 1024;
    assert.ok(grew < 64, `resident memory grew by ${grew.toFixed(1)} MiB (budget 64 MiB)`);
    assert.equal(verdicts[0].status, 100);
    const refused = verdicts.filter((v) => v.status !== 100);
    assert.ok(refused.length >= 6, `refused: ${refused.length}`);
    for (const v of refused) {
      assert.equal(v.status, 429, v.answer);
      const err = JSON.parse(bodyOf(v.answer)).error;
      assert.equal(err.code, 'too_many_uploads');
      assert.match(v.answer, /\r\nRetry-After: \d+\r\n/i);
    }
    const h = await s.fetch('/healthz');
    assert.equal(h.status, 200);
  } finally {
    socks.forEach((x) => x.destroy());
    await s.stop();
  }
});

test('the global body budget: beyond it 503 at once, whatever the address; /healthz still answers', async () => {
  const s = await startServer({ args: ['--trusted-proxy', '127.0.0.1'] }); // defaults: 64 MiB, 32 per address
  const socks = [];
  try {
    assert.equal((await s.fetch('/healthz')).status, 200);
    const before = rssKiB(s.proc.pid);
    const verdicts = [];
    for (let i = 0; i < 8; i++) {
      const v = await halfSent(s, { part: 16 * MiB, xff: `10.7.0.${i + 1}` });
      socks.push(v.sock);
      verdicts.push(v);
    }
    const after = await settleRss(s.proc.pid);
    const grew = (after - before) / 1024;
    assert.ok(grew < 64, `resident memory grew by ${grew.toFixed(1)} MiB (budget 64 MiB)`);
    assert.deepEqual(verdicts.slice(0, 2).map((v) => v.status), [100, 100]);
    for (const v of verdicts.slice(2)) {
      assert.equal(v.status, 503, v.answer);
      assert.equal(JSON.parse(bodyOf(v.answer)).error.code, 'server_busy');
    }
    assert.equal((await s.fetch('/healthz')).status, 200);
    // a small body still goes through: the budget refuses only what does not fit
    const small = await s.json('POST', '/api/v1/session', { username: 'tiepnhan1', password: DEMO_PASSWORD });
    assert.equal(small.status, 200);
  } finally {
    socks.forEach((x) => x.destroy());
    await s.stop();
  }
  // released when the connections go: a fresh upload fits again
});

test('a chunked body (no Content-Length) is counted against the budget as it arrives', async () => {
  const s = await startServer({ args: ['--body-budget', '64', '--body-budget-per-address', '1'] });
  try {
    const big = Buffer.alloc(3 * MiB, 0x61);
    const res = await s.fetch('/api/v1/public/submissions', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' }, // a stream: sent chunked
      body: new ReadableStream({
        start(c) {
          c.enqueue(big);
          c.close();
        },
      }),
      duplex: 'half',
    });
    assert.equal(res.status, 429);
    assert.equal((await res.json()).error.code, 'too_many_uploads');
    assert.equal((await s.fetch('/healthz')).status, 200);
  } finally {
    await s.stop();
  }
});

function peakKiB(pid) {
  return Number(readFileSync(`/proc/${pid}/status`, 'utf8').match(/VmHWM:\s+(\d+) kB/)[1]);
}

test('a JSON body of millions of tiny values is refused before parsing (no tree 25 times its size)', async () => {
  const s = await startServer();
  try {
    assert.equal((await s.fetch('/healthz')).status, 200);
    const before = peakKiB(s.proc.pid);
    const body = '{"x":[' + '1,'.repeat(4 * MiB) + '1]}'; // 8 MiB, 4 million values
    const r = await s.json('POST', '/api/v1/public/submissions', body);
    assert.equal(r.status, 400, JSON.stringify(r.data));
    assert.equal(r.data.error.code, 'malformed_json');
    const grew = (peakKiB(s.proc.pid) - before) / 1024;
    assert.ok(grew < 64, `peak memory grew by ${grew.toFixed(1)} MiB for an 8 MiB body`);
    const ok = await s.json('POST', '/api/v1/public/submissions', { x: Array(1000).fill(1) });
    assert.equal(ok.status, 422); // parsed, then refused for what it says
  } finally {
    await s.stop();
  }
});

// --- 10. no silence, no forged log lines, no open redirect, no formulas ---------

test('a query with more parameters than the connection can hold gets 414, headers beyond it 431: never silence', async () => {
  const many = 'a=b&'.repeat(1500);
  const r = await raw(srv, `GET /healthz?${many} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`);
  assert.equal(statusOf(r), 414, r.slice(0, 200));
  assert.equal(JSON.parse(bodyOf(r)).error.code, 'uri_too_long');
  const short = 'a&'.repeat(1000); // within 4 KiB but 1000 parameters
  const r2 = await raw(srv, `GET /api/v1/procedures?${short} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`);
  assert.equal(statusOf(r2), 414, r2.slice(0, 200));
  // our own limits keep their documented 400 (docs/API.md): 4 KiB of URL, 64 headers
  const longPath = await raw(srv, `GET /${'a'.repeat(5000)}?a=b HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`);
  assert.equal(statusOf(longPath), 400);
  assert.equal(JSON.parse(bodyOf(longPath)).error.code, 'bad_request');
  const huge = await raw(srv, `GET /${'a'.repeat(70000)} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`);
  assert.equal(statusOf(huge), 414);
  const bigHeader = await raw(srv, `GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(70000)}\r\nConnection: close\r\n\r\n`);
  assert.equal(statusOf(bigHeader), 431);
  let headers = '';
  for (let i = 0; i < 100; i++) headers += `X-H${i}: v\r\n`;
  const manyHeaders = await raw(srv, `GET /healthz HTTP/1.1\r\nHost: x\r\n${headers}Connection: close\r\n\r\n`);
  assert.equal(statusOf(manyHeaders), 400);
  assert.equal(JSON.parse(bodyOf(manyHeaders)).error.code, 'bad_request');
  assert.equal((await srv.fetch('/healthz')).status, 200);
});

test('the access log escapes what it did not validate: the method, the path', async () => {
  const r = await raw(srv, 'GE"T\rlevel=error\x1b[31m\x01 /ok%FF%0Aforged=1"\\ HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');
  const rid = (r.match(/X-Request-Id: (\w+)/i) || [])[1];
  assert.ok(rid, r.slice(0, 300));
  let line;
  for (let i = 0; i < 100 && !line; i++) {
    line = srv.stderr.split('\n').find((l) => l.includes(`rid=${rid}`));
    if (!line) await new Promise((res) => setTimeout(res, 50));
  }
  const lines = srv.stderr.split('\n');
  assert.ok(line, 'access log line');
  assert.ok(!/[\x00-\x1f\x7f]/.test(line), JSON.stringify(line));
  assert.ok(!line.includes('\uFFFD'), 'no raw invalid UTF-8 in the log');
  const method = line.match(/ method=(\S+) /)[1];
  assert.ok(!method.includes('"'), method);
  assert.ok(!lines.some((l) => /^level=error|^forged=1/.test(l)), 'no forged line');
  assert.match(line, /path="\/ok\\xFF\\x0Aforged=1\\"\\\\"/);
});

test('the access log counts the bytes of a static page, of an API answer and of a 404 page', async () => {
  // a shared static response carries no X-Request-Id: the line is the next one with its path
  for (const [path, accept, status] of [
    ['/favicon.svg', '*/*', 200],
    ['/track/', 'text/html', 200],
    ['/api/v1/procedures', 'application/json', 200],
    ['/no-such-page', 'text/html', 404],
  ]) {
    const mine = () => srv.stderr.split('\n').filter((l) => l.includes(` path="${path}" `));
    const before = mine().length;
    const r = await srv.fetch(path, { headers: { Accept: accept } });
    assert.equal(r.status, status, path);
    const body = Buffer.from(await r.arrayBuffer());
    assert.ok(body.length > 0, path);
    let line;
    for (let i = 0; i < 100 && !line; i++) {
      line = mine()[before];
      if (!line) await new Promise((res) => setTimeout(res, 50));
    }
    assert.ok(line, `access log line for ${path}`);
    assert.match(line, new RegExp(` status=${status} bytes=${body.length} `), `${path}: ${line}`);
  }
});

test('//name never redirects to another host', async () => {
  const dirs = readdirSync(WEB).filter((d) => statSync(join(WEB, d)).isDirectory());
  assert.ok(dirs.length > 0);
  for (const d of dirs) {
    for (const p of [`//${d}`, `///${d}`, `/%2F${d}`, `/%2F%2F${d}`, `/.//${d}`]) {
      const r = await srv.fetch(p);
      const loc = r.headers.get('location');
      if (loc !== null) {
        assert.ok(loc.startsWith('/') && !loc.startsWith('//') && !loc.startsWith('/\\'), `${p} → ${loc}`);
        assert.equal(new URL(loc, 'http://motcua.example/').host, 'motcua.example', `${p} → ${loc}`);
      }
    }
  }
  const ok = await srv.fetch('/procedures');
  assert.equal(ok.status, 301);
  assert.equal(ok.headers.get('location'), '/procedures/');
  const evil = await srv.fetch('//evil.example/');
  assert.equal(evil.headers.get('location'), null);
});

test('CSV exports of the calendar and the catalogue neutralise formula cells, and import them back unchanged', async () => {
  // the calendar
  const put = await srv.json('PUT', '/api/v1/calendar/days/2031-05-06', { kind: 'off', name: '=HYPERLINK("http://x")', decision: '+1', reason: '@SUM(A1)' }, admin);
  assert.equal(put.status, 200, JSON.stringify(put.data));
  const cal = await srv.fetch('/api/v1/calendar/2031/export', { headers: { Cookie: admin.cookie } });
  const csv = await cal.text();
  const row = csv.split('\n').find((l) => l.startsWith('2031-05-06'));
  assert.equal(row, `2031-05-06,off,"'=HYPERLINK(""http://x"")",'+1,'@SUM(A1)`);
  for (const l of csv.replace(/^\uFEFF/, '').split('\n').slice(1).filter(Boolean)) {
    for (const cell of l.split(',').slice(2)) assert.ok(!/^"?[=+\-@\t\r]/.test(cell), l);
  }
  const imp = await srv.fetch('/api/v1/calendar/2031/import', {
    method: 'POST',
    headers: { 'Content-Type': 'text/csv; charset=utf-8', Cookie: admin.cookie, 'X-CSRF-Token': admin.csrf },
    body: csv,
  });
  assert.equal(imp.status, 200, await imp.clone().text());
  const year = await srv.json('GET', '/api/v1/calendar/2031');
  const entry = JSON.stringify(year.data);
  assert.ok(entry.includes('=HYPERLINK(\\"http://x\\")') && !entry.includes("'=HYPERLINK"), entry.slice(0, 400));

  // the catalogue
  const p = await srv.json('GET', '/api/v1/procedures/1.004873');
  const doc = {
    ...p.data,
    note: '-2+3',
    conditions: '=1+1',
    steps: p.data.steps.map((s) => ({ name: s.name, unit: s.unit.code, share: s.share })),
  };
  const r = await srv.json('PUT', '/api/v1/procedures/1.004873', doc, admin);
  assert.equal(r.status, 200, JSON.stringify(r.data));
  const exp = await srv.fetch('/api/v1/procedures/export', { headers: { Cookie: admin.cookie } });
  const text = await exp.text();
  assert.ok(text.includes(",'=1+1,") && text.includes(",'-2+3,"), 'neutralised cells');
  assert.ok(!/,=1\+1,/.test(text));
  const back = await srv.fetch('/api/v1/procedures/import', {
    method: 'POST',
    headers: { 'Content-Type': 'text/csv; charset=utf-8', Cookie: admin.cookie, 'X-CSRF-Token': admin.csrf },
    body: text,
  });
  assert.equal(back.status, 200, await back.clone().text());
  const again = await srv.json('GET', '/api/v1/procedures/1.004873');
  assert.equal(again.data.conditions, '=1+1');
  assert.equal(again.data.note, '-2+3');
});

// --- 11. shutdown under load ------------------------------------------------------

test('SIGTERM during writes and logins: exit 0, no sanitizer report, every acknowledged write is in the database', async () => {
  const s = await startServer({ args: ['--submission-limit', '1000000'] });
  const body = JSON.stringify(await submissionBody(s));
  // a request that never finishes keeps the server waiting for requests in flight
  const hold = net.connect(port(s), '127.0.0.1');
  hold.on('error', () => {});
  hold.write('POST /api/v1/public/submissions HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{');
  const codes = [];
  const cookies = [];
  let stop = false;
  let signalled = false;
  const loop = async (kind) => {
    while (!stop) {
      try {
        if (kind === 'write') {
          const res = await fetch(s.url + '/api/v1/public/submissions', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body });
          const data = await res.json();
          if (res.status === 201) codes.push(data.code);
        } else {
          const res = await fetch(s.url + '/api/v1/session', {
            method: 'POST',
            headers: { 'Content-Type': 'application/json' },
            body: JSON.stringify({ username: kind, password: DEMO_PASSWORD }),
          });
          await res.arrayBuffer();
          if (res.status === 200) cookies.push(res.headers.get('set-cookie').split(';')[0]);
        }
      } catch {
        if (signalled) return; // the server went away
      }
    }
  };
  const exited = new Promise((r) => s.proc.on('exit', (code, sig) => r({ code, sig })));
  const loops = [
    ...Array.from({ length: 6 }, () => loop('write')),
    ...['tiepnhan1', 'tiepnhan2', 'hotich1', 'truongvp'].map((u) => loop(u)),
  ];
  for (let i = 0; i < 3000 && (codes.length < 20 || cookies.length < 4); i++) await new Promise((r) => setTimeout(r, 20));
  if (codes.length < 20 || cookies.length < 4) {
    stop = true;
    hold.destroy();
    await s.stop();
    assert.fail(`load did not start: ${codes.length} writes, ${cookies.length} logins\n${s.stderr.slice(-2000)}`);
  }
  signalled = true;
  s.proc.kill('SIGTERM');
  const { code, sig } = await exited;
  stop = true;
  hold.destroy();
  await Promise.all(loops);
  assert.equal(sig, null, s.stderr.slice(-3000));
  assert.equal(code, 0, s.stderr.slice(-3000));
  assert.doesNotMatch(s.stderr, /AddressSanitizer|LeakSanitizer|runtime error|MHD_stop_daemon\(\) called|heap-use-after-free/);
  assert.match(s.stderr, /server=stopped/);
  // the store is consistent (motcua check) and, after a restart, every
  // acknowledged submission is there, as the public tracking page shows it
  const check = await cli(['check', '--db', s.db]);
  assert.equal(check.code, 0, check.stdout + check.stderr);
  assert.ok(JSON.parse(check.stdout).dossiers >= codes.length);
  // every acknowledged login's session works after a restart
  const again = await startServer({ db: s.db });
  try {
    for (const c of codes) {
      const r = await again.fetch('/api/v1/public/dossiers/' + c);
      await r.arrayBuffer();
      assert.equal(r.status, 200, `acknowledged ${c} is missing`);
    }
    for (const cookie of cookies) {
      const me = await again.fetch('/api/v1/me', { headers: { Cookie: cookie } });
      assert.equal(me.status, 200, `session of an acknowledged login is missing (${codes.length} writes, ${cookies.length} logins)`);
    }
  } finally {
    await again.stop();
    await s.stop();
  }
});
