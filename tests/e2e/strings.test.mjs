// The words of the Vietnamese string tables (web/js/strings/vi/*.js): one
// register (docs/DECISIONS.md D-entry "Ông/Bà"): a citizen is addressed
// "Ông/Bà", an official in a neutral register — never "bạn"; and one word
// for late, "Quá hạn" — never "Trễ hạn". Fails when someone reintroduces
// either (the rendered pages are checked by tests/browser/register.test.mjs).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { WEB, ROOT } from '../lib/server.mjs';

const BAN = /(?<![\p{L}\p{M}])bạn(?![\p{L}\p{M}])/iu;
const LATE = /trễ hạn/iu;

/* Every string of a table: plural forms are objects {one, other}. */
function* values(table) {
  for (const [key, v] of Object.entries(table)) {
    if (typeof v === 'string') yield [key, v];
    else if (v && typeof v === 'object') for (const [form, s] of Object.entries(v)) yield [`${key}.${form}`, String(s)];
  }
}

async function tables(lang) {
  const dir = join(WEB, 'js', 'strings', lang);
  const out = [];
  for (const f of (await readdir(dir)).filter((n) => n.endsWith('.js')).sort())
    out.push([f, (await import(pathToFileURL(join(dir, f)).href)).default]);
  return out;
}

test('the scan sees the word it looks for (and not inside another word)', () => {
  assert.ok(BAN.test('Bạn cần làm gì?'));
  assert.ok(BAN.test('liên hệ với bạn.'));
  assert.ok(!BAN.test('Ông/Bà cần làm gì?'));
  assert.ok(!BAN.test('bạnh')); // not a word boundary
  assert.ok(LATE.test('Trễ hạn'));
});

test('no Vietnamese string table addresses anyone as "bạn" or says "Trễ hạn"', async () => {
  const found = [];
  const t = await tables('vi');
  assert.ok(t.length >= 5, 'the tables were found');
  for (const [file, table] of t)
    for (const [key, s] of values(table)) {
      if (BAN.test(s)) found.push(`${file} ${key}: ${s}`);
      if (LATE.test(s)) found.push(`${file} ${key}: ${s}`);
    }
  assert.deepEqual(found, []);
});

test('no message of the server (C string literals in src/: errors, mails, papers) says "bạn" or "Trễ hạn"', async () => {
  const found = [];
  const files = (await readdir(join(ROOT, 'src'), { recursive: true })).filter((f) => f.endsWith('.c') || f.endsWith('.h'));
  assert.ok(files.length > 50, 'the sources were found');
  for (const f of files) {
    const text = await readFile(join(ROOT, 'src', f), 'utf8');
    for (const m of text.matchAll(/"(?:[^"\\\n]|\\.)*"/g))
      if (BAN.test(m[0]) || LATE.test(m[0])) found.push(`src/${f}: ${m[0]}`);
  }
  assert.deepEqual(found, []);
});

test('the citizen\'s tracking page and the staff say late the same way: "Quá hạn" / "Overdue"', async () => {
  const vi = Object.fromEntries(await tables('vi'));
  const en = Object.fromEntries(await tables('en'));
  assert.equal(vi['citizen.js']['track.timing.late'], 'Quá hạn');
  assert.equal(vi['citizen.js']['track.overdue_badge'], 'Quá hạn');
  assert.equal(vi['dossier.js']['dossier.outcome.late'], 'Quá hạn');
  assert.equal(en['citizen.js']['track.timing.late'], 'Overdue');
  assert.equal(en['citizen.js']['track.overdue_badge'], 'Overdue');
  assert.equal(en['dossier.js']['dossier.outcome.late'], 'Overdue');
});
