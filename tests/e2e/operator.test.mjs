// The operator's commands on a database: `motcua check` (is the store
// consistent?), `motcua audit` (the trail), `motcua outbox` (the mail) and
// `motcua centre` (the centre's identity and hours). Each prints one JSON
// document, has --help, and exits 2 on bad usage. They read the store the
// way the server writes it, also while it runs.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { open, rm, copyFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { cli, freshDb, startServer, PG, pgAdmin } from '../lib/server.mjs';

const COMMANDS = ['check', 'audit', 'outbox', 'centre'];
const PERSON = {
  kind: 'person',
  name: 'Phạm Thị Vận Hành',
  id_number: '048085009876',
  phone: '0905 111 222',
  email: 'van.hanh@example.vn',
  address: '7 Nguyễn Huệ, Hội An',
};

async function json(args, code = 0) {
  const r = await cli(args);
  assert.equal(r.code, code, `${args.join(' ')}: ${r.stderr}${r.stdout}`);
  return JSON.parse(r.stdout);
}

let srv, clerk;
before(async () => {
  srv = await startServer();
  clerk = await srv.login('tiepnhan1');
});
after(async () => {
  await srv?.stop();
});

async function intake() {
  const p = await srv.json('GET', '/api/v1/procedures/1.004873');
  const documents = p.data.documents.filter((d) => d.mandatory).map((d) => ({ id: d.id, count: 1 }));
  const r = await srv.json('POST', '/api/v1/dossiers',
    { procedure: '1.004873', applicant: PERSON, channel: 'counter', return_method: 'counter', documents }, clerk);
  assert.equal(r.status, 201, JSON.stringify(r.data));
  return r.data.code;
}

test('every operator command has --help, is listed, and exits 2 on bad usage', async () => {
  const top = await cli(['--help']);
  for (const cmd of COMMANDS) {
    assert.match(top.stdout, new RegExp(`^  ${cmd} `, 'm'));
    const h = await cli([cmd, '--help']);
    assert.equal(h.code, 0, cmd);
    assert.match(h.stdout, new RegExp(`^usage: motcua ${cmd}`));
    assert.match(h.stdout, /JSON/);
    const bad = await cli([cmd, '--db', srv.db, '--frobnicate']);
    assert.equal(bad.code, 2, cmd);
    assert.equal(bad.stdout, '');
    assert.equal((await cli([cmd, '--db', srv.db, 'extra'])).code, 2, cmd);
  }
  assert.match((await cli(['outbox', '--help'])).stdout, /personal data/);
  for (const args of [['audit', '--limit', '0'], ['audit', '--limit', 'x'], ['outbox', '--status', 'lost'],
    ['outbox', '--id', '-1'], ['outbox', '--send-test', 'not-an-address'], ['outbox', '--id', '1', '--status', 'sent'],
    ['centre', '--hours', '25:00-26:00'], ['centre', '--cutoff', 'soon'], ['centre', '--name', ''],
    ['centre', '--email', 'x@']]) {
    const r = await cli([...args, '--db', srv.db]);
    assert.equal(r.code, 2, args.join(' ') + ': ' + r.stderr);
  }
});

test('check: a demo store is consistent; so is one in use, read while the server runs', async () => {
  const { dir, db } = await freshDb();
  try {
    assert.deepEqual(await json(['check', '--db', db]), { ok: true, dossiers: 0, problems: [] });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  const codes = [await intake(), await intake()];
  const first = await srv.json('POST', `/api/v1/dossiers/${codes[0]}/actions`, { action: 'forward' }, clerk);
  assert.equal(first.status, 200, JSON.stringify(first.data));
  const report = await json(['check', '--db', srv.db]);
  assert.equal(report.ok, true, JSON.stringify(report));
  assert.ok(report.dossiers >= 2);
});

test('check: a damaged file or a database that is not motcua\'s is reported, exit 1', async () => {
  const { dir, db } = await freshDb();
  if (PG) {
    // PostgreSQL has no file of ours to damage (its own checksums and amcheck
    // are the engine's part): a database that is not motcua's, and one that
    // is not there, are refused
    try {
      const empty = `${PG}/motcua_empty_${process.pid}`;
      await pgAdmin(`CREATE DATABASE motcua_empty_${process.pid}`);
      assert.equal((await cli(['check', '--db', empty])).code, 1);
      assert.equal((await cli(['check', '--db', `${PG}/motcua_not_there`])).code, 1);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
    return;
  }
  try {
    // a disk error: a run of pages in the middle of the file overwritten
    const f = await open(db, 'r+');
    const { size } = await f.stat();
    await f.write(Buffer.alloc(4 * 4096, 0x5a), 0, 4 * 4096, Math.floor(size / 2 / 4096) * 4096);
    await f.close();
    const r = await cli(['check', '--db', db]);
    assert.equal(r.code, 1, r.stderr);
    const report = JSON.parse(r.stdout);
    assert.equal(report.ok, false);
    assert.ok(report.problems.some((p) => p.check === 'integrity'), r.stdout);
    // a copy taken before the damage is fine: restore from it
    const empty = join(dir, 'empty.db');
    await writeFile(empty, '');
    assert.equal((await cli(['check', '--db', empty])).code, 1);
    assert.equal((await cli(['check', '--db', join(dir, 'missing', 'x.db')])).code, 1);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('audit: the trail newest last, filtered, without the applicant\'s personal data', async () => {
  const code = await intake();
  const mine = await json(['audit', '--db', srv.db, '--entity', 'dossier', '--id', code]);
  assert.equal(mine.more, false);
  assert.equal(mine.entries.length, 1);
  const [e] = mine.entries;
  assert.equal(e.action, 'dossier.receive');
  assert.equal(e.actor, 'tiepnhan1');
  assert.equal(e.entity_id, code);
  assert.equal(e.after.procedure, '1.004873');
  assert.match(e.at, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+07:00$/);
  const all = await json(['audit', '--db', srv.db, '--limit', '100000']);
  const text = JSON.stringify(all);
  for (const s of [PERSON.name, PERSON.id_number, 'van.hanh', 'Nguyễn Huệ', '0905']) assert.ok(!text.includes(s), s);
  const ids = all.entries.map((x) => x.id);
  assert.deepEqual(ids, [...ids].sort((a, b) => a - b)); // newest last
  const last2 = await json(['audit', '--db', srv.db, '--limit', '2']);
  assert.equal(last2.more, true);
  assert.deepEqual(last2.entries.map((x) => x.id), ids.slice(-2));
  const receipts = await json(['audit', '--db', srv.db, '--action', 'dossier.receive', '--limit', '100000']);
  assert.ok(receipts.entries.length >= 1);
  assert.ok(receipts.entries.every((x) => x.action === 'dossier.receive' && x.entity === 'dossier'));
  assert.deepEqual((await json(['audit', '--db', srv.db, '--entity', 'dossier', '--id', 'KHONG-CO'])).entries, []);
});

test('outbox: the receipt of an intake, a test message, one message with its body', async () => {
  const code = await intake();
  const list = await json(['outbox', '--db', srv.db]);
  const receipt = list.messages.find((m) => m.dossier_code === code);
  assert.ok(receipt, JSON.stringify(list));
  assert.equal(receipt.kind, 'dossier.received');
  assert.equal(receipt.to, PERSON.email);
  assert.equal(receipt.status, 'queued'); // this server sends no mail
  assert.equal(receipt.attempts, 0);
  const { queued } = await json(['outbox', '--db', srv.db, '--send-test', 'operator@example.vn']);
  const one = await json(['outbox', '--db', srv.db, '--id', String(queued)]);
  assert.equal(one.messages.length, 1);
  const m = one.messages[0];
  assert.equal(m.kind, 'test');
  assert.equal(m.to, 'operator@example.vn');
  assert.equal(m.dossier_code, null);
  assert.match(m.subject, /Thư thử/);
  assert.match(m.body, /motcua outbox --send-test/);
  const q = await json(['outbox', '--db', srv.db, '--status', 'queued']);
  assert.ok(q.messages.some((x) => x.id === queued));
  assert.ok(q.messages.every((x) => x.status === 'queued'));
  assert.deepEqual((await json(['outbox', '--db', srv.db, '--status', 'sent'])).messages, []);
  const ids = q.messages.map((x) => x.id);
  assert.deepEqual(ids, [...ids].sort((a, b) => a - b));
  const missing = await cli(['outbox', '--db', srv.db, '--id', '999999']);
  assert.equal(missing.code, 1);
});

test('centre: shows the centre; a change is audited and served after a restart', async () => {
  const { dir, db } = await freshDb();
  let s;
  try {
    const c = await json(['centre', '--db', db]);
    assert.equal(c.name, 'Trung tâm Phục vụ hành chính công phường Hội An');
    assert.equal(c.work_periods, '07:30-11:30,13:00-17:00');
    assert.equal(c.cutoff, '15:00');
    const changed = await json(['centre', '--db', db, '--name', 'Trung tâm Phục vụ hành chính công xã Thử',
      '--phone', '0236 000 1111', '--hours', '08:00-12:00,13:30-17:30', '--cutoff', '16:00']);
    assert.equal(changed.name, 'Trung tâm Phục vụ hành chính công xã Thử');
    assert.equal(changed.phone, '0236 000 1111');
    assert.equal(changed.work_periods, '08:00-12:00,13:30-17:30');
    assert.equal(changed.address, c.address); // untouched
    const [rec] = (await json(['audit', '--db', db, '--action', 'centre.update'])).entries;
    assert.equal(rec.actor, 'cli');
    assert.deepEqual(rec.before, { name: c.name, phone: c.phone, work_periods: c.work_periods, cutoff: c.cutoff });
    assert.equal(rec.after.cutoff, '16:00');
    s = await startServer({ db });
    const pub = await s.json('GET', '/api/v1/public/centre');
    assert.equal(pub.status, 200);
    assert.ok(JSON.stringify(pub.data).includes('Trung tâm Phục vụ hành chính công xã Thử'), JSON.stringify(pub.data));
    assert.deepEqual(await json(['check', '--db', db]), { ok: true, dossiers: 0, problems: [] });
  } finally {
    await s?.stop();
    await rm(dir, { recursive: true, force: true });
  }
});
