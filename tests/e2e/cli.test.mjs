// The command line: help, usage errors, migrate, demo, user and token.
// On PostgreSQL (MOTCUA_TEST_PG) every command runs on an empty database of
// the test cluster instead of a new file.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { cli, startServer, freshDb, PG, pgAdmin } from '../lib/server.mjs';

const execFileP = promisify(execFile);

async function tempDb() {
  if (PG) return freshDb({ demo: false });
  const dir = await mkdtemp(join(tmpdir(), 'motcua-cli-'));
  return { dir, db: join(dir, 'x.db') };
}

test('--help works for every command and bad usage exits 2', async () => {
  for (const cmd of ['serve', 'migrate', 'demo', 'user', 'token', 'calendar', 'backup']) {
    const r = await cli([cmd, '--help']);
    assert.equal(r.code, 0, cmd + ': ' + r.stderr);
    assert.match(r.stdout, /usage: motcua/);
  }
  assert.equal((await cli([])).code, 2);
  assert.equal((await cli(['frobnicate'])).code, 2);
  assert.equal((await cli(['migrate'])).code, 2);
  assert.equal((await cli(['serve', '--threads', 'many'])).code, 2);
  assert.equal((await cli(['user', 'add', '--db', 'x.db', '--username', 'abc', '--role', 'king'])).code, 2);
});

test('migrate creates the schema and is idempotent', async () => {
  const { dir, db } = await tempDb();
  const a = await cli(['migrate', '--db', db]);
  assert.equal(a.code, 0, a.stderr);
  assert.match(a.stdout, /schema version \d+ \(\d+ migrations? applied\)/);
  const b = await cli(['migrate', '--db', db]);
  assert.equal(b.code, 0);
  assert.match(b.stdout, /\(0 migrations applied\)/);
  await rm(dir, { recursive: true });
});

test('demo loads the Hội An centre once and refuses a database with data', async () => {
  const { dir, db } = await tempDb();
  const a = await cli(['demo', '--db', db]);
  assert.equal(a.code, 0, a.stderr);
  assert.match(a.stdout, /admin/);
  assert.match(a.stdout, /reception/);
  assert.match(a.stdout, /leader/);
  const b = await cli(['demo', '--db', db]);
  assert.equal(b.code, 1);
  assert.match(b.stderr, /already holds data/);
  const srv = await startServer({ db });
  const centre = await srv.json('GET', '/api/v1/public/centre');
  assert.equal(centre.status, 200);
  assert.match(centre.data.name, /Hội An/);
  await srv.stop();
  await rm(dir, { recursive: true });
});

test('user add reads the password from stdin; token add prints a usable token once', async () => {
  const { dir, db } = await tempDb();
  assert.equal((await cli(['migrate', '--db', db])).code, 0);
  const short = await cli(['user', 'add', '--db', db, '--username', 'quantri', '--role', 'admin'], { input: 'short\n' });
  assert.equal(short.code, 1);
  assert.match(short.stderr, /at least 10 characters/);
  const add = await cli(['user', 'add', '--db', db, '--username', 'quantri', '--role', 'admin', '--role', 'leader', '--full-name', 'Nguyễn Văn Quản'], { input: 'mot-mat-khau-dai\n' });
  assert.equal(add.code, 0, add.stderr);
  const dup = await cli(['user', 'add', '--db', db, '--username', 'quantri', '--role', 'admin'], { input: 'mot-mat-khau-dai\n' });
  assert.equal(dup.code, 1);
  assert.match(dup.stderr, /already taken/);

  const tok = await cli(['token', 'add', '--db', db, '--username', 'quantri']);
  assert.equal(tok.code, 0, tok.stderr);
  const lines = tok.stdout.split('\n').filter(Boolean);
  assert.equal(lines.length, 1);
  const token = lines[0];
  assert.match(token, /^[A-Za-z0-9_-]{43}$/);
  const noUser = await cli(['token', 'add', '--db', db, '--username', 'nobody']);
  assert.equal(noUser.code, 1);

  const srv = await startServer({ db });
  const me = await srv.json('GET', '/api/v1/me', undefined, { token });
  assert.equal(me.status, 200);
  assert.equal(me.data.username, 'quantri');
  assert.deepEqual(me.data.roles.sort(), ['admin', 'leader']);
  assert.equal(me.data.full_name, 'Nguyễn Văn Quản');
  assert.equal(me.data.auth, 'token');
  // a token needs no CSRF header for writes
  const created = await srv.json('POST', '/api/v1/staff', { username: 'moi', full_name: 'Người Mới', roles: ['reception'], password: 'mat-khau-moi-1' }, { token });
  assert.equal(created.status, 201, JSON.stringify(created.data));

  const pw = await cli(['user', 'passwd', '--db', db, '--username', 'quantri'], { input: 'mat-khau-thu-hai\n' });
  assert.equal(pw.code, 0, pw.stderr);
  await srv.login('quantri', 'mat-khau-thu-hai');
  await srv.stop();
  // the database holds only hashes: no token or password in clear
  const { readFile } = await import('node:fs/promises');
  const bytes = PG ? Buffer.from((await execFileP('pg_dump', [db], { maxBuffer: 1 << 28 })).stdout) : await readFile(db);
  assert.equal(bytes.includes(Buffer.from(token)), false);
  assert.equal(bytes.includes(Buffer.from('mat-khau-thu-hai')), false);
  await rm(dir, { recursive: true });
});

test('backup copies a live database consistently and refuses to overwrite', async () => {
  const { dir, db } = await tempDb();
  assert.equal((await cli(['demo', '--db', db])).code, 0);
  const srv = await startServer({ db });
  const admin = await srv.login('admin');
  const r = await srv.json('POST', '/api/v1/staff', { username: 'saoluu', full_name: 'Võ Sao Lưu', roles: ['reception'], password: 'mat-khau-sao-luu' }, admin);
  assert.equal(r.status, 201);
  const copy = join(dir, 'copy.db');
  const b = await cli(['backup', '--db', db, '--to', copy]);
  assert.equal(b.code, 0, b.stderr);
  const again = await cli(['backup', '--db', db, '--to', copy]);
  assert.equal(again.code, 1);
  assert.match(again.stderr, /already exists/);
  await srv.stop();
  // the copy is a complete, working database with the account made while serving
  // (PostgreSQL: a pg_dump archive, restored into an empty database)
  let restored = copy;
  if (PG) {
    const name = `motcua_restored_${process.pid}`;
    await pgAdmin(`CREATE DATABASE ${name}`);
    restored = `${PG}/${name}`;
    await execFileP('pg_restore', ['--no-owner', '-d', restored, copy]);
  }
  const s2 = await startServer({ db: restored });
  await s2.login('saoluu', 'mat-khau-sao-luu');
  const p = await s2.json('GET', '/api/v1/procedures/1.001193');
  assert.equal(p.status, 200);
  await s2.stop();
  await rm(dir, { recursive: true });
});
