// `motcua demo` ships one recognised example for phường Hội An
// (data/demo/recognition.json), loaded through the recognition services as
// the demo accounts — nominated, endorsed, recognised, each step audited —
// so a newcomer sees the whole cycle; `--no-floor` (the test suites' demo)
// leaves it out with the floor. On SQLite and PostgreSQL.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { rm } from 'node:fs/promises';
import { startServer, freshDb, cli } from '../lib/server.mjs';

const cleanup = [];
after(async () => {
  for (const f of cleanup) await f();
});

async function demoServer(extra = []) {
  const { dir, db } = await freshDb({ demo: false });
  const r = await cli(['demo', '--db', db, ...extra]);
  assert.equal(r.code, 0, r.stderr);
  const srv = await startServer({ db });
  cleanup.push(async () => {
    await srv.stop();
    await rm(dir, { recursive: true, force: true });
  });
  return srv;
}

test('the demo centre shows one recognised official of Hội An, with the steps that led there', async () => {
  const srv = await demoServer();
  const r = await srv.json('GET', '/api/v1/public/recognitions?agency=HOIAN');
  assert.equal(r.status, 200);
  assert.equal(r.data.items.length, 1);
  const one = r.data.items[0];
  assert.equal(one.kind, 'official');
  assert.equal(one.official.name, 'Huỳnh Thị Mỹ Duyên');
  assert.match(one.reasons, /hướng dẫn một lần đầy đủ/);
  const chutich = await srv.login('chutich');
  const g = await srv.json('GET', '/api/v1/recognitions/' + one.id, undefined, chutich);
  assert.equal(g.status, 200);
  assert.equal(g.data.status, 'recognised');
  assert.deepEqual(g.data.events.map((e) => [e.action, e.by.username]), [['nominate', 'tiepnhan2'], ['endorse', 'phochutich'], ['recognise', 'chutich']]);
  const audit = await cli(['audit', '--db', srv.db, '--entity', 'recognition']);
  assert.equal(audit.code, 0, audit.stderr);
  for (const a of ['recognition.nominate', 'recognition.endorse', 'recognition.recognise']) assert.ok(audit.stdout.includes(a), a);
});

test('--no-floor: no recognition either', async () => {
  const srv = await demoServer(['--no-floor']);
  const r = await srv.json('GET', '/api/v1/public/recognitions');
  assert.equal(r.status, 200);
  assert.deepEqual(r.data.items, []);
});
