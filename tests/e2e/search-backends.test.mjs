// Search gives the same answers on SQLite and on PostgreSQL (issue 11, item 3):
// the same demo catalogue served by one server on each backend, the same
// queries — as typed, without accents, in capitals, in NFD, with a prefix, by
// code, limited to a field — and the same top results in the same order.
//
// Needs a PostgreSQL cluster: runs under `make test-pg` (MOTCUA_TEST_PG); under
// `make test` it is skipped, saying so.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { startServer, freshDb, BIN, PG } from '../lib/server.mjs';

const execFileP = promisify(execFile);
const skip = PG ? false : 'needs PostgreSQL: run with make test-pg (MOTCUA_TEST_PG)';

let sqlite, pg, dir;

before(async () => {
  if (!PG) return;
  dir = await mkdtemp(join(tmpdir(), 'motcua-search-'));
  const file = join(dir, 'demo.db');
  await execFileP(BIN, ['demo', '--db', file]);
  sqlite = await startServer({ db: file });
  const fresh = await freshDb();
  pg = await startServer({ db: fresh.db });
  await rm(fresh.dir, { recursive: true, force: true });
});

after(async () => {
  await sqlite?.stop();
  await pg?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

async function search(srv, q, extra = '') {
  const r = await srv.fetch(`/api/v1/procedures?q=${encodeURIComponent(q)}&limit=10${extra}`);
  assert.equal(r.status, 200, q);
  const body = await r.json();
  return { total: body.total, codes: body.items.map((p) => p.code), names: body.items.map((p) => p.name) };
}

const QUERIES = [
  'Đăng ký kết hôn',
  'dang ky ket hon',
  'ĐĂNG KÝ KẾT HÔN',
  'Đăng ký kết hôn'.normalize('NFD'),
  'dang ky ket h', // the last word a prefix
  'khai sinh',
  'KHAI TỬ',
  'chứng thực',
  'dat dai',
  'đất',
  'giấy phép xây dựng',
  'hộ tịch',
  '1.001193', // a code
  'kết hôn; “đăng ký”!', // punctuation only separates words
  'xyzzy không có',
];

test('the marriage registration comes first for every form of its name, on both backends', { skip }, async () => {
  for (const q of ['dang ky ket hon', 'ĐĂNG KÝ KẾT HÔN', 'Đăng ký kết hôn'.normalize('NFD')]) {
    for (const srv of [sqlite, pg]) {
      const r = await search(srv, q);
      assert.equal(r.names[0], 'Đăng ký kết hôn', `${q} on ${srv === pg ? 'PostgreSQL' : 'SQLite'}`);
    }
  }
});

test('the same queries give the same totals and the same top ten in the same order', { skip }, async () => {
  let nonEmpty = 0;
  for (const q of QUERIES) {
    const a = await search(sqlite, q);
    const b = await search(pg, q);
    assert.equal(b.total, a.total, `total for ${JSON.stringify(q)}`);
    assert.deepEqual(b.codes, a.codes, `top 10 for ${JSON.stringify(q)}`);
    if (a.total > 0) nonEmpty++;
  }
  assert.ok(nonEmpty >= 10, `most queries find something (${nonEmpty})`);
});

test('a field filter and paging agree too', { skip }, async () => {
  const all = await search(sqlite, 'đăng ký');
  assert.ok(all.total > 2, 'several procedures are registrations');
  for (const extra of ['&field=HT', '&offset=2']) {
    const a = await search(sqlite, 'đăng ký', extra);
    const b = await search(pg, 'đăng ký', extra);
    assert.equal(b.total, a.total, extra);
    assert.deepEqual(b.codes, a.codes, extra);
  }
});
