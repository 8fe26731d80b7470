// `motcua migrate-store`: a centre's SQLite database (the demo centre with
// dossiers, events, an attachment, audit records and queued mail) copied into
// PostgreSQL; nothing lost (every table's row count and content compared with
// the engines' own tools, a server on the copy serves the same dossiers); a
// second commune's centre (another agency, its own accounts and dossiers)
// moved in next to it, and one server serving both, each officer his own
// agency's dossiers; and the refusals that change nothing: a second run, a
// target whose codes collide, a source at another schema version. Needs a
// PostgreSQL cluster (MOTCUA_TEST_PG, `make test-pg`); skipped otherwise.
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
let second; // another commune's centre (SQLite)
const made = []; // PostgreSQL databases to drop
const seen = {}; // what the SQLite server answered
const seen2 = {}; // … and the second centre's
// The demo made into another commune's centre: phường Điện Bàn, its own
// agency code and e-ID, its own accounts only (named dienban.*).
const SECOND_CENTRE = `
  UPDATE agency SET code = 'DIENBAN', eid = '000.05.40.H15', name = 'Ủy ban nhân dân phường Điện Bàn',
    centre_name = 'Trung tâm Phục vụ hành chính công phường Điện Bàn' WHERE is_home = 1;
  DELETE FROM staff_role WHERE staff_id IN (SELECT s.id FROM staff s JOIN unit u ON u.id = s.unit_id
    JOIN agency a ON a.id = u.agency_id WHERE a.is_home = 0);
  DELETE FROM staff WHERE unit_id IN (SELECT u.id FROM unit u JOIN agency a ON a.id = u.agency_id WHERE a.is_home = 0);
  UPDATE staff SET username = 'dienban.' || username;`;
const PDF = Buffer.from('%PDF-1.4\n% migrate-store\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n').toString('base64');
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
    const pdf = PDF;
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
  // the second centre: its own dossiers, one online with the same file
  second = join(dir, 'dienban.db');
  assert.equal((await cli(['demo', '--db', second])).code, 0);
  await execFileP('sqlite3', [second, SECOND_CENTRE]);
  const srv2 = await startServer({ db: second, env: { MOTCUA_TEST_CLOCK: '1' } });
  try {
    await srv2.json('PUT', '/api/v1/_test/now', { now: '2026-03-02T09:30:00+07:00' });
    const rec = await srv2.login('dienban.tiepnhan1');
    const docs = (await srv2.json('GET', '/api/v1/procedures/1.004873')).data.documents.filter((d) => d.mandatory);
    seen2.codes = [];
    for (let i = 0; i < 2; i++) {
      const r = await srv2.json(
        'POST',
        '/api/v1/dossiers',
        { procedure: '1.004873', applicant: PERSON, channel: 'counter', return_method: 'counter', documents: docs.map((d) => ({ id: d.id, form: d.form, count: 1 })) },
        rec,
      );
      assert.equal(r.status, 201, JSON.stringify(r.data));
      seen2.codes.push(r.data.code);
    }
    const sub = await srv2.json('POST', '/api/v1/public/submissions', {
      procedure: '1.004873',
      applicant: PERSON,
      documents: docs.map((d) => ({ id: d.id })),
      attachments: [{ name: 'to-khai.pdf', document: docs[0].id, data: PDF }],
    });
    assert.equal(sub.status, 201, JSON.stringify(sub.data));
    seen2.online = sub.data.code;
    seen2.codes.push(sub.data.code);
    await srv2.json('PUT', '/api/v1/_test/now', { now: NOW }); // as the province server below
    const staff = await srv2.login('dienban.tiepnhan1');
    seen2.public = {};
    seen2.staff = {};
    for (const code of seen2.codes) {
      seen2.public[code] = await srv2.fetch('/api/v1/public/dossiers/' + code).then((r) => r.text());
      const v = await srv2.json('GET', '/api/v1/dossiers/' + code, undefined, staff);
      assert.equal(v.status, 200, JSON.stringify(v.data));
      seen2.staff[code] = v.data;
    }
  } finally {
    await srv2.stop();
  }
});

after(async () => {
  for (const name of made) await pgAdmin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).catch(() => {});
  if (dir) await rm(dir, { recursive: true, force: true });
});

// tables whose rows a migration seeds (reference data the copy maps onto, D31)
const SEEDED = new Set(['reception_duty']);

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
    const [, a, b, existing, ca, cb, verdict] = l.split(/\s+/);
    assert.equal(verdict, 'ok', l);
    assert.equal(Number(a), Number(b) + Number(existing), l);
    // an empty target: every row copied, except the reference rows the
    // migrations themselves seed there (the reception duties), which are the target's
    assert.equal(existing, SEEDED.has(l.split(/\s+/)[0]) ? a : '0', l);
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
  assert.match(r.stderr, /table staff: username = 'admin' is already in the target/);
  assert.match(r.stderr, /table dossier: code = '000\.01\.40\.H15-260302-0001' is already in the target/);
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
  // the national catalogue is reference data: the target's entries are used, never a collision
  assert.doesNotMatch(r.stderr, /table procedure:/);
  assert.deepEqual(await counts(url, tables), before);
});

test('a second commune moves in next to the first; one server serves both, each officer his own agency', { skip }, async () => {
  const url = await newPgDb('province');
  assert.equal((await cli(['migrate-store', '--from', source, '--to', url])).code, 0);
  const tables = await sourceTables();
  const first = await counts(url, tables);
  const r = await cli(['migrate-store', '--from', second, '--to', url]);
  assert.equal(r.code, 0, r.stderr + r.stdout);
  assert.match(r.stdout, /next to the data already there/);
  assert.match(r.stdout, /verified: rows and checksums equal/);
  const lines = Object.fromEntries(
    r.stdout
      .split('\n')
      .filter((l) => /\s(ok|DIFFERENT)$/.test(l))
      .map((l) => l.split(/\s+/))
      .map(([t, a, b, existing, ca, cb, verdict]) => [t, { a: +a, b: +b, existing: +existing, ca, cb, verdict }]),
  );
  for (const [t, l] of Object.entries(lines)) {
    assert.equal(l.verdict, 'ok', t);
    assert.equal(l.a, l.b + l.existing, t); // every source row: copied, or the target's own
    assert.equal(l.ca, l.cb, t);
  }
  // reference data is the province's: procedures, fields, the calendar, the other agencies
  const src = await execFileP('sqlite3', ['-readonly', second, 'SELECT count(*) FROM procedure']).then((o) => +o.stdout.trim());
  assert.deepEqual(lines.procedure, { ...lines.procedure, a: src, b: 0, existing: src });
  assert.equal(lines.agency.b, 1); // Điện Bàn, beside the five already there
  assert.equal(lines.dossier.b, 3);
  assert.equal(lines.attachment.existing, 1); // the same file, stored once
  const now = await counts(url, tables);
  assert.equal(now.procedure, first.procedure);
  assert.equal(now.dossier, first.dossier + 3);
  assert.equal(now.agency, first.agency + 1);
  assert.equal(await psql(url, "SELECT string_agg(code, ',') FROM agency WHERE is_home = 1"), 'HOIAN');
  // the dossiers keep their codes, and belong to Điện Bàn
  assert.equal(
    await psql(url, "SELECT string_agg(d.code, ',' ORDER BY d.code) FROM dossier d JOIN agency a ON a.id = d.agency_id WHERE a.code = 'DIENBAN'"),
    [...seen2.codes].sort().join(','),
  );

  const srv = await startServer({ db: url, env: { MOTCUA_TEST_CLOCK: '1' } });
  try {
    await srv.json('PUT', '/api/v1/_test/now', { now: NOW });
    const dienban = await srv.login('dienban.tiepnhan1');
    const hoian = await srv.login('tiepnhan1');
    const box = await srv.json('GET', '/api/v1/dossiers?status=all', undefined, dienban);
    assert.equal(box.status, 200, JSON.stringify(box.data));
    assert.deepEqual(box.data.items.map((d) => d.code).sort(), [...seen2.codes].sort());
    const hbox = await srv.json('GET', '/api/v1/dossiers?status=all', undefined, hoian);
    assert.deepEqual(hbox.data.items.map((d) => d.code).sort(), [...seen.codes].sort());
    for (const code of seen2.codes) {
      // found by its code, on the public page as before the move
      assert.equal(await srv.fetch('/api/v1/public/dossiers/' + code).then((x) => x.text()), seen2.public[code], code);
      const v = await srv.json('GET', '/api/v1/dossiers/' + code, undefined, dienban);
      assert.equal(v.status, 200, code);
      const was = seen2.staff[code];
      for (const k of ['code', 'status', 'due_at', 'received_at', 'channel']) assert.deepEqual(v.data[k], was[k], `${code} ${k}`);
      assert.equal(v.data.agency.code, 'DIENBAN');
      assert.deepEqual(
        v.data.documents.map((d) => d.name),
        was.documents.map((d) => d.name),
      );
      assert.deepEqual(
        v.data.steps.map((s) => s.unit.code),
        was.steps.map((s) => s.unit.code),
      );
      // Hội An's officer does not see Điện Bàn's dossier
      assert.equal((await srv.json('GET', '/api/v1/dossiers/' + code, undefined, hoian)).status, 404);
    }
    assert.equal((await srv.json('GET', '/api/v1/dossiers/' + seen.codes[0], undefined, dienban)).status, 404);
    // the online dossier's file, stored once, served to its officer
    const d = (await srv.json('GET', '/api/v1/dossiers/' + seen2.online, undefined, dienban)).data;
    const file = await srv.fetch(`/api/v1/dossiers/${seen2.online}/attachments/${d.attachments[0].sha256}`, { headers: { Cookie: dienban.cookie } });
    assert.equal(file.status, 200);
    assert.equal(Buffer.from(await file.arrayBuffer()).toString('base64'), PDF);
    // Điện Bàn takes in a new dossier on the province server: its next number
    const docs = (await srv.json('GET', '/api/v1/procedures/1.004873')).data.documents.filter((x) => x.mandatory);
    const n = await srv.json(
      'POST',
      '/api/v1/dossiers',
      { procedure: '1.004873', applicant: PERSON, channel: 'counter', return_method: 'counter', documents: docs.map((x) => ({ id: x.id, form: x.form, count: 1 })) },
      dienban,
    );
    assert.equal(n.status, 201, JSON.stringify(n.data));
    assert.match(n.data.code, /^000\.05\.40\.H15-260303-\d{4}$/);
    // where the catalogue lists the other implementing agencies (migration 0012), Điện Bàn
    // implements the province's entries it implemented before: its new dossier stays its own
    if ((await psql(url, "SELECT to_regclass('procedure_agency') IS NOT NULL")) === 't') {
      assert.match(r.stdout, /the moved agency now implements \d+ procedures/);
      const nv = await srv.json('GET', '/api/v1/dossiers/' + n.data.code, undefined, dienban);
      assert.equal(nv.data.agency.code, 'DIENBAN', JSON.stringify(nv.data.agency));
    }
  } finally {
    await srv.stop();
  }
  // and the store is consistent (codes, ids from codes, sequences)
  const chk = await cli(['check', '--db', url]);
  assert.equal(chk.code, 0, chk.stdout + chk.stderr);
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
