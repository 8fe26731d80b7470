// tests/lib/server.mjs — starts the real motcua binary for a test: a fresh
// temporary database (a copy of a demo database made once per test process,
// without the demo's counter floor: the tests set up their own),
// 127.0.0.1 and a random port. Used by the e2e and browser layers.
//
//   const srv = await startServer();          // demo centre loaded
//   const res = await srv.fetch('/healthz');
//   const api = await srv.login('tiepnhan1'); // → {fetch, csrf, cookie}
//   await srv.stop();
//
// PostgreSQL: with MOTCUA_TEST_PG set to a cluster's base URL
// (postgresql://user@host:port, from scripts/pg-cluster.sh; `make test-pg`),
// freshDb() creates a database on that cluster instead — a copy of a demo
// database made once per test process (CREATE DATABASE … TEMPLATE) — and
// `db` is its URL; srv.stop() drops it. `dir` is still a fresh directory.
import { spawn, execFile } from 'node:child_process';
import { mkdtemp, copyFile, rm } from 'node:fs/promises';
import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const execFileP = promisify(execFile);
const here = dirname(fileURLToPath(import.meta.url));
export const ROOT = resolve(here, '..', '..');
export const BIN = process.env.MOTCUA_BIN || join(ROOT, 'build', 'motcua');
export const WEB = process.env.MOTCUA_WEB || join(ROOT, 'web');
export const DEMO_PASSWORD = 'motcua-demo';

let templateDir = null;
let template = null;
export const PG = process.env.MOTCUA_TEST_PG || '';
let pgSerial = 0;

/** Runs SQL on the PostgreSQL test cluster's maintenance database. */
export async function pgAdmin(sql) {
  await execFileP('psql', [`${PG}/postgres`, '-X', '-q', '-v', 'ON_ERROR_STOP=1', '-c', sql]);
}

async function pgTemplate() {
  if (!template) {
    template = (async () => {
      const name = `motcua_tpl_${process.pid}`;
      await pgAdmin(`CREATE DATABASE ${name}`);
      await execFileP(BIN, ['demo', '--db', `${PG}/${name}`, '--no-floor']);
      return name;
    })();
  }
  return template;
}

/** Runs the CLI; resolves to {code, stdout, stderr} (never throws on exit code). */
export async function cli(args, { input, env } = {}) {
  return new Promise((resolveP) => {
    const p = spawn(BIN, args, { env: { ...process.env, ...env } });
    /* decoded as UTF-8 by the stream, so a Vietnamese letter cut across two
     * chunks is not mangled */
    p.stdout.setEncoding('utf8');
    p.stderr.setEncoding('utf8');
    let stdout = '';
    let stderr = '';
    p.stdout.on('data', (d) => (stdout += d));
    p.stderr.on('data', (d) => (stderr += d));
    p.on('close', (code) => resolveP({ code, stdout, stderr }));
    if (input !== undefined) p.stdin.end(input);
    else p.stdin.end();
  });
}

async function demoTemplate() {
  if (!template) {
    template = (async () => {
      templateDir = await mkdtemp(join(tmpdir(), 'motcua-tpl-'));
      const db = join(templateDir, 'demo.db');
      await execFileP(BIN, ['demo', '--db', db, '--no-floor']);
      return db;
    })();
  }
  return template;
}

export async function freshDb({ demo = true } = {}) {
  const dir = await mkdtemp(join(tmpdir(), 'motcua-test-'));
  if (PG) {
    const name = `motcua_e2e_${process.pid}_${++pgSerial}`;
    await pgAdmin(demo ? `CREATE DATABASE ${name} TEMPLATE ${await pgTemplate()}` : `CREATE DATABASE ${name}`);
    return { dir, db: `${PG}/${name}` };
  }
  const db = join(dir, 'test.db');
  if (demo) await copyFile(await demoTemplate(), db);
  return { dir, db };
}

export async function startServer({ demo = true, env = {}, args = [], db: givenDb } = {}) {
  const { dir, db } = givenDb ? { dir: null, db: givenDb } : await freshDb({ demo });
  const proc = spawn(BIN, ['serve', '--db', db, '--listen', '127.0.0.1:0', '--web', WEB, ...args], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  proc.stdout.setEncoding('utf8');
  proc.stderr.setEncoding('utf8');
  proc.stderr.on('data', (d) => (stderr += d));
  const url = await new Promise((resolveP, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error('motcua did not start:\n' + stderr)), 15000);
    proc.stdout.on('data', (d) => {
      out += d;
      const m = out.match(/serving (http:\/\/[0-9.:]+)\//);
      if (m) {
        clearTimeout(timer);
        resolveP(m[1]);
      }
    });
    proc.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`motcua exited with ${code}:\n${stderr}`));
    });
  });
  const srv = {
    url,
    db,
    dir,
    proc,
    get stderr() {
      return stderr;
    },
    fetch: (path, opts = {}) => fetch(url + path, { redirect: 'manual', ...opts }),
    /** POST/PUT/PATCH/DELETE JSON with optional auth {cookie, csrf} or {token}. */
    async json(method, path, body, auth = {}, headers = {}) {
      const h = { ...headers };
      if (body !== undefined) h['Content-Type'] = 'application/json';
      if (auth.cookie) h.Cookie = auth.cookie;
      if (auth.csrf && !('X-CSRF-Token' in h)) h['X-CSRF-Token'] = auth.csrf;
      if (auth.token) h.Authorization = 'Bearer ' + auth.token;
      const res = await fetch(url + path, {
        method,
        headers: h,
        body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
        redirect: 'manual',
      });
      const text = await res.text();
      let data = null;
      try {
        data = text ? JSON.parse(text) : null;
      } catch {
        data = text;
      }
      return { status: res.status, headers: res.headers, data };
    },
    async login(username, password = DEMO_PASSWORD) {
      const r = await srv.json('POST', '/api/v1/session', { username, password });
      if (r.status !== 200) throw new Error(`login ${username}: ${r.status} ${JSON.stringify(r.data)}`);
      const cookie = r.headers.get('set-cookie').split(';')[0];
      return { cookie, csrf: r.data.csrf_token, user: r.data.user };
    },
    /** Kills the process with `signal` (default SIGKILL) and waits for it to
     *  end; the database and its directory are left as they are. */
    async kill(signal = 'SIGKILL') {
      if (proc.exitCode === null && proc.signalCode === null) {
        const done = new Promise((r) => proc.on('exit', r));
        proc.kill(signal);
        await done;
      }
    },
    async stop() {
      if (proc.exitCode === null) {
        const done = new Promise((r) => proc.on('exit', r));
        proc.kill('SIGTERM');
        await done;
      }
      if (dir) await rm(dir, { recursive: true, force: true });
      if (dir && PG) await pgAdmin(`DROP DATABASE IF EXISTS ${db.slice(db.lastIndexOf('/') + 1)} WITH (FORCE)`).catch(() => {});
      return proc.exitCode;
    },
  };
  return srv;
}

process.on('exit', () => {
  if (templateDir) rmSync(templateDir, { recursive: true, force: true });
});

/**
 * Several servers on ONE database (PostgreSQL: several `motcua serve` on
 * one database, docs/DEPLOY.md "Several servers"): a fresh database, then n
 * servers started on it with the same options. stop() stops them all and
 * drops the database.
 *
 *   const { servers: [a, b, c], stop } = await startServers(3, { args });
 */
export async function startServers(n, { demo = true, env = {}, args = [] } = {}) {
  const { dir, db } = await freshDb({ demo });
  const servers = [];
  try {
    for (let i = 0; i < n; i++) servers.push(await startServer({ db, env, args }));
  } catch (e) {
    for (const s of servers) await s.stop();
    throw e;
  }
  return {
    db,
    servers,
    async stop() {
      for (const s of servers) await s.stop();
      await rm(dir, { recursive: true, force: true });
      if (PG) await pgAdmin(`DROP DATABASE IF EXISTS ${db.slice(db.lastIndexOf('/') + 1)} WITH (FORCE)`).catch(() => {});
    },
  };
}
