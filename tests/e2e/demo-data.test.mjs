// The demo centre's data files keep their rules (unique codes, known fields
// and units, step shares adding up to the limit, NFC text, formatting).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { ROOT } from '../lib/server.mjs';

test('data/demo/check.mjs finds no violation', () => {
  const out = execFileSync(process.execPath, [join(ROOT, 'data', 'demo', 'check.mjs')], { encoding: 'utf8' });
  assert.match(out, /^ok: 5 agencies/);
});
