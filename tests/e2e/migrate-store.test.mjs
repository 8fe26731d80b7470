// `motcua migrate-store`: a centre's SQLite database (the demo centre with
// dossiers, events, an attachment, audit records and queued mail) copied into
// PostgreSQL; nothing lost (every table's row count and content compared with
// the engines' own tools, a server on the copy serves the same dossiers), and
// the refusals that change nothing: a second run, a target whose codes
// collide, a source at another schema version. Needs a PostgreSQL cluster
// (MOTCUA_TEST_PG, `make test-pg`); skipped otherwise.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { mkdtemp, rm, copyFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, cli, PG, pgAdmin } from '../lib/server.mjs';

const execFileP = promisify(execFile);
const skip = PG ? false : 'needs PostgreSQL: set MOTCUA_TEST_PG (make test-pg)';

let dir;
let source; // the SQLite file
const made = []; // PostgreSQL databases to drop
const seen = {}; // what the SQLite server answered
const NOW = '2026-03-03T10:00:00+07:00';

const PERSON = {
  kind: 'person',
  name: 'Trần Thị Lan',
  id_number: '048190004321',
  phone: '0905 765 432',
  email: 'lan.tran@example.com',
  address: '5 Nguyễn Huệ, phường Hội An, Đà Nẵng',
};

async function newPgDb(tag) {
  const name = `motcua_ms_${process.pid}_${tag}`;
  await pgAdmin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await pgAdmin(`CREATE DATABASE ${name}`);
  made.push(name);
  return `${PG}/${name}`;
}

async function sqlite(sql) {
  const { stdout } = await execFileP('sqlite3', ['-readonly', source, sql]);
  return stdout.trim();
}

async function psql(url, sql) {
  const { stdout } = await execFileP('psql', [url, '-X', '-q', '-t', '-A', '-v', 'ON_ERROR_STOP=1', '-c', sql]);
  return stdout.trim();
}

// The tables the copy is about: the source's own (no index, no bookkeeping).
async function sourceTables() {
  const out = await sqlite(
    "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'procedure_fts%' AND name <> 'schema_migrations' ORDER BY name",
  );
  return out.split('\n');
}

async function counts(url, tables) {
  const sql = tables.map((t) => `SELECT '${t}', count(*) FROM ${t}`).join(' UNION ALL ');
  return Object.fromEntries((await psql(url, sql)).split('\n').map((l) => l.split('|')).map(([t, n]) => [t, Number(n)]));
}

async function sourceCounts(tables) {
  const sql = tables.map((t) => `SELECT '${t}', count(*) FROM ${t}`).join(' UNION ALL ');
  return Object.fromEntries((await sqlite(sql)).split('\n').map((l) => l.split('|')).map(([t, n]) => [t, Number(n)]));
}

// What a user sees of a dossier, minus what belongs to one server process.
function comparable(body) {
  return JSON.parse(JSON.stringify(body), (k, v) => (k === 'csrf_token' || k === 'request_id' ? undefined : v));
}

async function captureViews(srv) {
  await srv.json('PUT', '/api/v1/_test/now', { now: NOW });
  const staff = await srv.login('tiepnhan1');
  const views = {};
  for (const code of seen.codes) {
    views[code] = {
      staff: (await srv.fetch('/api/v1/dossiers/' + code, { headers: { Cookie: staff.cookie } }).then((r) => r.text())),
      history: (await srv.fetch(`/api/v1/dossiers/${code}/history`, { headers: { Cookie: staff.cookie } }).then((r) => r.text())),
      public: await srv.fetch('/api/v1/public/dossiers/' + code).then((r) => r.text()),
    };
  }
  const d = JSON.parse(views[seen.online].staff);
  views.file = Buffer.from(
    await srv.fetch(`/api/v1/dossiers/${seen.online}/attachments/${d.attachments[0].sha256}`, { headers: { Cookie: staff.cookie } }).then((r) => r.arrayBuffer()),
  ).toString('base64');
  views.search = await srv.fetch('/api/v1/procedures?q=khai%20sinh').then((r) => r.text());
  return views;
}

before(async () => {
  if (!PG) return;
  dir = await mkdtemp(join(tmpdir(), 'motcua-ms-'));
  source = join(dir, 'centre.db');
  const demo = await cli(['demo', '--db', source]);
  assert.equal(demo.code, 0, demo.stderr);
  const srv = await startServer({ db: source, env: { MOTCUA_TEST_CLOCK: '1' } });
  try {
    await srv.json('PUT', '/api/v1/_test/now', { now: '2026-03-02T09:00:00+07:00' });
    const rec = await srv.login('tiepnhan1');
    const docs = (await srv.json('GET', '/api/v1/procedures/1.004873')).data.documents.filter((d) => d.mandatory);
    seen.codes = [];
    for (let i = 0; i < 3; i++) {
      const r = await srv.json(
        'POST',
        '/api/v1/dossiers',
        { procedure: '1.004873', applicant: PERSON, channel: 'counter', return_method: 'counter', documents: docs.map((d) => ({ id: d.id, form: d.form, count: 1 })) },
        rec,
      );
      assert.equal(r.status, 201, JSON.stringify(r.data));
      seen.codes.push(r.data.code);
    }
    const fw = await srv.json('POST', `/api/v1/dossiers/${seen.codes[0]}/actions`, { action: 'forward' }, rec);
    assert.equal(fw.status, 200, JSON.stringify(fw.data));
    const pdf = Buffer.from('%PDF-1.4\n% migrate-store\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n').toString('base64');
    const sub = await srv.json('POST', '/api/v1/public/submissions', {
      procedure: '1.004873',
      applicant: PERSON,
      documents: docs.map((d) => ({ id: d.id })),
      attachments: [{ name: 'to-khai.pdf', document: docs[0].id, data: pdf }],
    });
    assert.equal(sub.status, 201, JSON.stringify(sub.data));
    seen.online = sub.data.code;
    seen.codes.push(sub.data.code);
    seen.views = await captureViews(srv);
  } finally {
    await srv.stop();
  }
});

after(async () => {
  for (const name of made) await pgAdmin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).catch(() => {});
  if (dir) await rm(dir, { recursive: true, force: true });
});

test('the demo centre with its dossiers moves into an empty PostgreSQL database, nothing lost', { skip }, async () => {
  const url = await newPgDb('empty');
  const r = await cli(['migrate-store', '--from', source, '--to', url]);
  assert.equal(r.code, 0, r.stderr + r.stdout);
  assert.match(r.stdout, /verified: rows and checksums equal/);
  const tables = await sourceTables();
  // the printed verification: one line per table, each "ok", same counts
  const lines = r.stdout.split('\n').filter((l) => /\s(ok|DIFFERENT)$/.test(l));
  assert.deepEqual(lines.map((l) => l.split(/\s+/)[0]).sort(), tables);
  for (const l of lines) {
    const [, a, b, ca, cb, verdict] = l.split(/\s+/);
    assert.equal(verdict, 'ok', l);
    assert.equal(a, b, l);
    assert.equal(ca, cb, l);
  }
  // independent of the command: the engines' own counts, table by table
  const want = await sourceCounts(tables);
  // … and the copy itself is audited on the target: one record more
  assert.deepEqual(await counts(url, tables), { ...want, audit: want.audit + 1 });
  const rec = await cli(['audit', '--db', url, '--action', 'store.migrate']);
  assert.equal(rec.code, 0, rec.stderr);
  const [entry] = JSON.parse(rec.stdout).entries;
  assert.equal(entry.entity, 'store');
  assert.equal(entry.entity_id, 'centre.db');
  assert.equal(entry.after.rows, Object.values(want).reduce((a, b) => a + b, 0));
  for (const t of ['dossier', 'dossier_event', 'dossier_attachment', 'attachment', 'audit', 'outbox']) {
    assert.ok(want[t] > 0, `the source has rows in ${t}`);
  }
  // and some content, compared as text by each engine
  const q = 'SELECT code, status, applicant_name, due_at FROM dossier ORDER BY id';
  assert.equal(await psql(url, q), await sqlite(q));
  assert.equal(
    await psql(url, "SELECT encode(data, 'hex') FROM attachment ORDER BY sha256 COLLATE \"C\""),
    await sqlite('SELECT lower(hex(data)) FROM attachment ORDER BY sha256'),
  );

  // a server on the copy serves the same dossiers, files and search
  const srv = await startServer({ db: url, env: { MOTCUA_TEST_CLOCK: '1' } });
  try {
    const views = await captureViews(srv);
    for (const code of seen.codes) {
      assert.equal(JSON.parse(views[code].staff).code, code);
      assert.equal(JSON.parse(views[code].public).code, code);
      assert.ok(JSON.parse(views[code].history).items.length > 0);
      assert.deepEqual(comparable(JSON.parse(views[code].staff)), comparable(JSON.parse(seen.views[code].staff)), code);
      assert.equal(views[code].public, seen.views[code].public, code);
      assert.equal(views[code].history, seen.views[code].history, code);
    }
    assert.equal(views.file, seen.views.file);
    assert.equal(views.search, seen.views.search);
    // new rows get new ids: the sequences were moved past the copied ones
    const rec = await srv.login('tiepnhan1');
    const docs = (await srv.json('GET', '/api/v1/procedures/1.004873')).data.documents.filter((d) => d.mandatory);
    const r2 = await srv.json(
      'POST',
      '/api/v1/dossiers',
      { procedure: '1.004873', applicant: PERSON, channel: 'counter', return_method: 'counter', documents: docs.map((d) => ({ id: d.id, form: d.form, count: 1 })) },
      rec,
    );
    assert.equal(r2.status, 201, JSON.stringify(r2.data));
    assert.ok(!seen.codes.includes(r2.data.code));
  } finally {
    await srv.stop();
  }
});

test('a second run into the same database refuses and changes nothing', { skip }, async () => {
  const url = await newPgDb('twice');
  assert.equal((await cli(['migrate-store', '--from', source, '--to', url])).code, 0);
  const tables = await sourceTables();
  const before = await counts(url, tables);
  const audit = await psql(url, 'SELECT max(id) FROM audit');
  const r = await cli(['migrate-store', '--from', source, '--to', url]);
  assert.equal(r.code, 1);
  assert.match(r.stderr, /table agency: code = 'HOIAN' is already in the target/);
  assert.match(r.stderr, /ids are not renumbered/);
  assert.match(r.stderr, /refused; nothing was changed/);
  assert.deepEqual(await counts(url, tables), before);
  assert.equal(await psql(url, 'SELECT max(id) FROM audit'), audit);
});

test('a target whose codes collide refuses, listing the collisions', { skip }, async () => {
  const url = await newPgDb('other');
  const demo = await cli(['demo', '--db', url]); // another database holding the same codes
  assert.equal(demo.code, 0, demo.stderr);
  const tables = await sourceTables();
  const before = await counts(url, tables);
  const r = await cli(['migrate-store', '--from', source, '--to', url]);
  assert.equal(r.code, 1);
  assert.match(r.stderr, /table agency: code = 'HOIAN' is already in the target \(unique index agency_code_key\)/);
  assert.match(r.stderr, /table staff: username = 'tiepnhan1' is already in the target/);
  assert.match(r.stderr, /table procedure: code = '[^']+' is already in the target/);
  assert.deepEqual(await counts(url, tables), before);
});

test('a source at another schema version refuses, saying which', { skip }, async () => {
  const old = join(dir, 'newer.db');
  await copyFile(source, old);
  await execFileP('sqlite3', [old, "INSERT INTO schema_migrations (version, name, applied_at) VALUES (999, '0999_future.sql', 0)"]);
  const url = await newPgDb('version');
  assert.equal((await cli(['migrate', '--db', url])).code, 0);
  const version = await psql(url, 'SELECT max(version) FROM schema_migrations');
  const r = await cli(['migrate-store', '--from', old, '--to', url]);
  assert.equal(r.code, 1);
  assert.match(r.stderr, new RegExp(`the source is at 999, the target at ${version}`));
  assert.equal(await psql(url, 'SELECT count(*) FROM agency'), '0');
  // an empty target is not even migrated
  const empty = await newPgDb('version2');
  const r2 = await cli(['migrate-store', '--from', old, '--to', empty]);
  assert.equal(r2.code, 1);
  assert.match(r2.stderr, /the source is at 999, this motcua migrates an empty target to \d+/);
  assert.equal(await psql(empty, "SELECT to_regclass('agency') IS NULL"), 't');
});
