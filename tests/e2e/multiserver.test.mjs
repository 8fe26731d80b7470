// Several stateless servers on one PostgreSQL database (docs/DEPLOY.md,
// "Several servers"): three `motcua serve` processes on one database, each
// with its own mail sender. A session made on one server is valid on the
// others and ends on all at sign-out; dossier codes taken in parallel on the
// three are unique and gap-free; the same version acted on at two servers
// has exactly one winner; every queued e-mail is delivered exactly once;
// a token revoked, a calendar day changed and a catalogue field renamed on
// one server are seen by the others within the stated bound (LISTEN/NOTIFY),
// also when their listening connections were cut; a server killed while
// sending leaves its claim on the message, which runs out, and another
// server sends it.
//
// PostgreSQL only (`make test-pg` sets MOTCUA_TEST_PG): one SQLite file
// serves one server, so without it the suite is skipped and says so.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { rm } from 'node:fs/promises';
import { startServers, startServer, freshDb, cli, pgAdmin, PG } from '../lib/server.mjs';
import { startSmtpSink, parseMessage } from '../lib/smtp-sink.mjs';

// docs/DEPLOY.md: a change announced by NOTIFY is applied by the other
// servers within 1 s (in practice milliseconds after the commit)
const BOUND_MS = 1000;
const FROM = 'tiepnhan@hoian.danang.gov.vn';
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const PERSON = { kind: 'person', name: 'Trần Văn Nhiều Máy', id_number: '048185003456', phone: '0935 444 555', address: 'Hội An' };

/** Polls check() until it returns true; the milliseconds it took, or throws after ms. */
async function within(ms, check, what) {
  const t0 = Date.now();
  for (;;) {
    if (await check()) return Date.now() - t0;
    if (Date.now() - t0 > ms) throw new Error(`${what}: not seen within ${ms} ms`);
    await sleep(20);
  }
}

describe('three servers on one PostgreSQL database', { skip: PG ? false : 'PostgreSQL only: run under `make test-pg` (MOTCUA_TEST_PG)' }, () => {
  let group, A, B, C, sink;
  const s = {}; // sessions: s[server][user]

  before(async () => {
    sink = await startSmtpSink();
    group = await startServers(3, {
      args: ['--smtp-url', `smtp://127.0.0.1:${sink.port}`, '--mail-from', FROM, '--mail-poll', '1'],
    });
    [A, B, C] = group.servers;
    for (const [name, srv] of [['A', A], ['B', B], ['C', C]]) {
      s[name] = { tiepnhan1: await srv.login('tiepnhan1'), tiepnhan2: await srv.login('tiepnhan2'), admin: await srv.login('admin') };
    }
  });
  after(async () => {
    if (group) await group.stop();
    if (sink) await sink.stop();
  });

  async function documents(srv) {
    const p = await srv.json('GET', '/api/v1/procedures/1.004873');
    return p.data.documents.filter((d) => d.mandatory).map((d) => ({ id: d.id, form: d.form, count: 1 }));
  }
  async function intake(srv, who, email) {
    const applicant = email ? { ...PERSON, email } : PERSON;
    return srv.json('POST', '/api/v1/dossiers', { procedure: '1.004873', applicant, documents: await documents(srv) }, who);
  }

  test('a session made on A is valid on B and C, and sign-out on A ends it on all three', async () => {
    const sess = await A.login('hotich1');
    for (const srv of [A, B, C]) {
      const me = await srv.json('GET', '/api/v1/me', undefined, sess);
      assert.equal(me.status, 200, JSON.stringify(me.data));
      assert.equal(me.data.username, 'hotich1');
    }
    const out = await A.json('DELETE', '/api/v1/session', undefined, sess);
    assert.ok(out.status < 300, JSON.stringify(out.data));
    // sessions are never cached: the very next request anywhere is refused
    for (const srv of [A, B, C]) assert.equal((await srv.json('GET', '/api/v1/me', undefined, sess)).status, 401);
  });

  test('parallel intake on the three servers: codes unique and gap-free; each receipt mailed exactly once', async () => {
    const N = 30;
    const servers = [A, B, C];
    const names = ['A', 'B', 'C'];
    const made = await Promise.all(
      Array.from({ length: N }, (_, i) => intake(servers[i % 3], s[names[i % 3]][i % 2 ? 'tiepnhan1' : 'tiepnhan2'], `dan${i}@example.vn`)),
    );
    for (const r of made) assert.equal(r.status, 201, JSON.stringify(r.data));
    const codes = made.map((r) => r.data.code);
    assert.equal(new Set(codes).size, N, 'every code once');
    // <agency e-ID>-YYMMDD-<daily sequence>: one prefix, N consecutive numbers
    const prefixes = new Set(codes.map((c) => c.slice(0, c.lastIndexOf('-'))));
    assert.equal(prefixes.size, 1, [...prefixes].join(' '));
    const seqs = codes.map((c) => Number(c.slice(c.lastIndexOf('-') + 1))).sort((x, y) => x - y);
    for (let i = 1; i < N; i++) assert.equal(seqs[i], seqs[i - 1] + 1, `gap after ${seqs[i - 1]}: ${seqs.join(',')}`);

    // and more mail queued outside any server (the CLI): every sender polls for it
    for (let i = 0; i < 10; i++) {
      const q = await cli(['outbox', '--db', group.db, '--send-test', `thu${i}@example.vn`]);
      assert.equal(q.code, 0, q.stderr);
    }
    const wanted = [...Array.from({ length: N }, (_, i) => `dan${i}@example.vn`), ...Array.from({ length: 10 }, (_, i) => `thu${i}@example.vn`)];
    for (const to of wanted) await sink.waitFor((m) => m.to.includes(to), 20000);
    await sleep(3000); // three more poll rounds of every sender: no second copy comes
    const mine = sink.messages.filter((m) => wanted.some((to) => m.to.includes(to)));
    const ids = mine.map((m) => parseMessage(m.data).headers['message-id']);
    assert.equal(new Set(ids).size, wanted.length, 'one Message-ID per queued message');
    assert.equal(mine.length, wanted.length, 'each message delivered exactly once: ' + ids.join(' '));
    // and the outbox has them all sent, none waiting or failed
    const list = await cli(['outbox', '--db', group.db]);
    assert.equal(list.code, 0, list.stderr);
    const pending = JSON.parse(list.stdout).messages.filter((m) => m.sent_at === null);
    assert.deepEqual(pending, []);
  });

  test('the same version acted on at two servers at once: one 200, one 409', async () => {
    for (let round = 0; round < 4; round++) {
      const r = await intake(A, s.A.tiepnhan1);
      assert.equal(r.status, 201, JSON.stringify(r.data));
      const code = r.data.code;
      const d = await B.json('GET', `/api/v1/dossiers/${code}`, undefined, s.B.tiepnhan1);
      const body = { action: 'forward', version: d.data.version };
      const [x, y] = await Promise.all([
        B.json('POST', `/api/v1/dossiers/${code}/actions`, body, s.B.tiepnhan1),
        C.json('POST', `/api/v1/dossiers/${code}/actions`, body, s.C.tiepnhan2),
      ]);
      assert.deepEqual([x.status, y.status].sort(), [200, 409], JSON.stringify([x.data, y.data]));
      assert.equal((x.status === 409 ? x : y).data.error.code, 'version_conflict');
      const h = await A.json('GET', `/api/v1/dossiers/${code}/history`, undefined, s.A.tiepnhan1);
      assert.equal(h.data.items.filter((e) => e.action === 'forward').length, 1);
    }
  });

  test(`a token revoked on A is refused on B and C within ${BOUND_MS} ms`, async () => {
    const made = await A.json('POST', '/api/v1/me/tokens', { label: 'Nhiều máy chủ', days: 7 }, s.A.admin);
    assert.equal(made.status, 201, JSON.stringify(made.data));
    const token = made.data.token;
    // used on every server, so each has it in its identity cache
    for (let i = 0; i < 8; i++)
      for (const srv of [A, B, C]) assert.equal((await srv.json('GET', '/api/v1/me', undefined, { token })).status, 200);
    const del = await A.json('DELETE', `/api/v1/me/tokens/${made.data.id}`, undefined, s.A.admin);
    assert.ok(del.status < 300, JSON.stringify(del.data));
    for (const srv of [B, C]) {
      // several requests each time: the cache is per HTTP thread
      await within(BOUND_MS, async () => {
        const rs = await Promise.all([1, 2, 3, 4].map(() => srv.json('GET', '/api/v1/me', undefined, { token })));
        return rs.every((r) => r.status === 401);
      }, 'revoked token');
    }
  });

  test(`a calendar day changed on A is in force on B and C within ${BOUND_MS} ms`, async () => {
    const day = (y, date) => y.data.days.find((d) => d.date === date);
    for (const srv of [B, C]) assert.equal(day(await srv.json('GET', '/api/v1/calendar/2027'), '2027-06-01').working, true);
    const put = await A.json('PUT', '/api/v1/calendar/days/2027-06-01', { kind: 'off', name: 'Ngày nghỉ thử nhiều máy' }, s.A.admin);
    assert.equal(put.status, 200, JSON.stringify(put.data));
    for (const srv of [B, C]) {
      await within(BOUND_MS, async () => {
        const d = day(await srv.json('GET', '/api/v1/calendar/2027'), '2027-06-01');
        return d.working === false && d.name === 'Ngày nghỉ thử nhiều máy';
      }, 'calendar day');
    }
    // and back: removing the day is seen too
    const del = await A.json('DELETE', '/api/v1/calendar/days/2027-06-01', undefined, s.A.admin);
    assert.ok(del.status < 300, JSON.stringify(del.data));
    for (const srv of [B, C])
      await within(BOUND_MS, async () => day(await srv.json('GET', '/api/v1/calendar/2027'), '2027-06-01').working === true, 'calendar day removed');
  });

  test(`an agency's working hours changed on A are in force on B and C within ${BOUND_MS} ms`, async () => {
    const r = await intake(A, s.A.tiepnhan1);
    assert.equal(r.status, 201, JSON.stringify(r.data));
    const code = r.data.code;
    const day = async (srv, who) => (await srv.json('GET', `/api/v1/dossiers/${code}`, undefined, who)).data.day_working_seconds;
    assert.equal(await day(B, s.B.tiepnhan1), 8 * 3600);
    const put = await A.json('PUT', '/api/v1/calendar/hours/HOIAN', { work_periods: '07:30-11:30,13:00-16:00', cutoff: '15:00' }, s.A.admin);
    assert.equal(put.status, 200, JSON.stringify(put.data));
    for (const [srv, who] of [[B, s.B.tiepnhan1], [C, s.C.tiepnhan2]]) {
      await within(BOUND_MS, async () => (await day(srv, who)) === 7 * 3600, 'agency hours');
      assert.equal((await srv.json('GET', '/api/v1/calendar/2027')).data.work_periods, '07:30-11:30,13:00-16:00');
    }
    const back = await A.json('PUT', '/api/v1/calendar/hours/HOIAN', { work_periods: '07:30-11:30,13:00-17:00', cutoff: '15:00' }, s.A.admin);
    assert.equal(back.status, 200, JSON.stringify(back.data));
    for (const [srv, who] of [[B, s.B.tiepnhan1], [C, s.C.tiepnhan2]])
      await within(BOUND_MS, async () => (await day(srv, who)) === 8 * 3600, 'agency hours back');
  });

  test('listeners cut off by the database: a change made meanwhile is still seen once they reconnect', async () => {
    const day = (y, date) => y.data.days.find((d) => d.date === date);
    // every server's listening connection ends (as on a network cut or a
    // PostgreSQL restart); the change is committed before they are back
    await pgAdmin(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'motcua-listen' AND datname = '${group.db.slice(group.db.lastIndexOf('/') + 1)}'`);
    const put = await A.json('PUT', '/api/v1/calendar/days/2027-06-03', { kind: 'off', name: 'Ngày nghỉ lúc mất kết nối' }, s.A.admin);
    assert.equal(put.status, 200, JSON.stringify(put.data));
    // reconnect (every 1 s) and reload everything: within the retry and the bound
    for (const srv of [B, C])
      await within(1000 + BOUND_MS, async () => day(await srv.json('GET', '/api/v1/calendar/2027'), '2027-06-03').working === false, 'calendar after reconnect');
    assert.match(B.stderr, /listen=lost/);
  });

  test('a catalogue field renamed on A is read on B and C at once (the catalogue is not cached)', async () => {
    const f = await A.json('GET', '/api/v1/fields');
    const field = (f.data.items || f.data)[0];
    const name = field.name + ' (đổi tên)';
    const put = await A.json('PUT', '/api/v1/fields/' + field.code, { name }, s.A.admin);
    assert.ok(put.status < 300, JSON.stringify(put.data));
    for (const srv of [B, C]) {
      const g = await srv.json('GET', '/api/v1/fields');
      assert.equal((g.data.items || g.data).find((x) => x.code === field.code).name, name);
    }
  });
});

describe('a server dies holding an e-mail', { skip: PG ? false : 'PostgreSQL only: run under `make test-pg` (MOTCUA_TEST_PG)' }, () => {
  test('its claim runs out and another server sends the message, once', async () => {
    const sink = await startSmtpSink();
    const { dir, db } = await freshDb();
    // a 5 s SMTP timeout: a claim lasts 5 s + 5 s (sender.c), not minutes
    const opts = { db, env: { MOTCUA_MAIL_TIMEOUT_S: '5' }, args: ['--smtp-url', `smtp://127.0.0.1:${sink.port}`, '--mail-from', FROM, '--mail-poll', '1'] };
    let X = null;
    let Y = null;
    try {
      sink.hang(true); // X connects and waits for a greeting that never comes
      X = await startServer(opts);
      const q = await cli(['outbox', '--db', db, '--send-test', 'mo-coi@example.vn']);
      assert.equal(q.code, 0, q.stderr);
      const id = JSON.parse(q.stdout).queued;
      const row = async () => JSON.parse((await cli(['outbox', '--db', db, '--id', String(id)])).stdout).messages[0];
      const queuedAt = Date.parse((await row()).next_attempt_at) / 1000;
      let claimedUntil = 0;
      await within(5000, async () => {
        claimedUntil = Date.parse((await row()).next_attempt_at) / 1000;
        return claimedUntil >= queuedAt + 8;
      }, 'the claim');
      await X.kill('SIGKILL'); // dies while sending: nothing recorded
      const held = await row();
      assert.equal(held.attempts, 0, 'X was still waiting for the SMTP server when it died');
      assert.equal(held.sent_at, null);
      sink.hang(false);
      Y = await startServer(opts);
      const m = await sink.waitFor((x) => x.to.includes('mo-coi@example.vn'), 25000);
      // not before the claim ran out (1 s: instants are whole seconds)
      assert.ok(Date.now() / 1000 >= claimedUntil - 1, `sent ${claimedUntil - Date.now() / 1000} s before the claim ended`);
      assert.ok(m);
      await sleep(2500);
      assert.equal(sink.messages.filter((x) => x.to.includes('mo-coi@example.vn')).length, 1);
      assert.notEqual((await row()).sent_at, null);
    } finally {
      if (Y) await Y.kill('SIGTERM');
      if (X) await X.kill('SIGKILL');
      await sink.stop();
      await rm(dir, { recursive: true, force: true });
      await pgAdmin(`DROP DATABASE IF EXISTS ${db.slice(db.lastIndexOf('/') + 1)} WITH (FORCE)`).catch(() => {});
    }
  });
});
