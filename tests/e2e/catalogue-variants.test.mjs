// The lawful variants of a procedure's time limit (time_limit.variants: marriage
// registration the same day, or up to 5 working days when verification is needed —
// Law on Civil Status 2014 Art. 18(2)) and the centre's 15:00 cut-off
// (time_limit.cutoff), through the API as an administrator and a citizen use it:
// the demo data, a PUT read back by GET, a bad variant refused naming its field,
// and the CSV export imported back into the same JSON.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../lib/server.mjs';

let srv, admin;
before(async () => {
  srv = await startServer();
  admin = await srv.login('admin');
});
after(async () => {
  await srv?.stop();
});

// A procedure as the editor sends it back: steps by unit code.
function editable(p) {
  return { ...p, steps: p.steps.map((s) => ({ name: s.name, unit: s.unit.code, share: s.share, may_complete: s.may_complete })) };
}

// What a save changes by itself.
function content(p) {
  const { version, updated_at, ...rest } = p;
  return rest;
}

test('the demo catalogue shows the lawful variants and the cut-off', async () => {
  const marriage = await srv.json('GET', '/api/v1/procedures/1.000894');
  assert.equal(marriage.status, 200);
  assert.equal(marriage.data.time_limit.unit, 'same_day');
  assert.equal(marriage.data.time_limit.cutoff, true);
  assert.deepEqual(marriage.data.time_limit.variants, [
    { code: 'xac_minh', name: 'Trường hợp cần xác minh', value: 5, unit: 'working_days' },
  ]);
  const parent = await srv.json('GET', '/api/v1/procedures/1.001022');
  assert.deepEqual(parent.data.time_limit.variants.map((v) => [v.code, v.value, v.unit]), [['xac_minh', 8, 'working_days']]);
  const island = await srv.json('GET', '/api/v1/procedures/1.012796');
  assert.deepEqual(island.data.time_limit.variants, [
    { code: 'dao_tan_hiep', name: 'Hồ sơ của xã đảo Tân Hiệp', value: 18, unit: 'working_days' },
  ]);
  // none: always an array on output
  const plain = await srv.json('GET', '/api/v1/procedures/1.004873');
  assert.deepEqual(plain.data.time_limit.variants, []);
  assert.equal(plain.data.time_limit.cutoff, true);
});

test('PUT with variants and the cut-off off → GET shows them; a bad variant is refused naming its field', async () => {
  const cur = (await srv.json('GET', '/api/v1/procedures/1.004873')).data;
  const variants = [
    { code: 'xac_minh', name: 'Trường hợp cần xác minh', value: 8, unit: 'working_days' },
    { code: 'dao_tan_hiep', name: 'Hồ sơ của xã đảo Tân Hiệp', value: 10, unit: 'working_days' },
  ];
  const doc = editable({ ...cur, time_limit: { ...cur.time_limit, variants, cutoff: false } });
  let r = await srv.json('PUT', '/api/v1/procedures/1.004873', doc, admin);
  assert.equal(r.status, 200, JSON.stringify(r.data));
  assert.deepEqual(r.data.time_limit.variants, variants);
  const got = (await srv.json('GET', '/api/v1/procedures/1.004873')).data;
  assert.deepEqual(got.time_limit.variants, variants);
  assert.equal(got.time_limit.cutoff, false);
  assert.equal(got.version, cur.version + 1);

  // the second variant's code has capitals and a hyphen
  const bad = { ...doc, version: got.version, time_limit: { ...doc.time_limit, variants: [variants[0], { ...variants[1], code: 'Dao-Tan-Hiep' }] } };
  r = await srv.json('PUT', '/api/v1/procedures/1.004873', bad, admin);
  assert.equal(r.status, 422);
  assert.equal(r.data.error.field, 'time_limit.variants[1].code');
  assert.equal(r.data.error.code, 'validation');
  assert.ok(r.data.error.message, JSON.stringify(r.data));
  // same_day is 1, for a variant as for the base limit
  r = await srv.json('PUT', '/api/v1/procedures/1.004873',
    { ...bad, time_limit: { ...doc.time_limit, variants: [{ ...variants[0], unit: 'same_day', value: 2 }] } }, admin);
  assert.equal(r.status, 422);
  assert.equal(r.data.error.field, 'time_limit.variants[0].value');
  r = await srv.json('PUT', '/api/v1/procedures/1.004873', { ...bad, time_limit: { ...doc.time_limit, cutoff: 'no' } }, admin);
  assert.equal(r.status, 422);
  assert.equal(r.data.error.field, 'time_limit.cutoff');
  // nothing changed
  const still = (await srv.json('GET', '/api/v1/procedures/1.004873')).data;
  assert.deepEqual(still, got);

  // absent on input: none, and the cut-off back on
  const { variants: _v, cutoff: _c, ...base } = doc.time_limit;
  r = await srv.json('PUT', '/api/v1/procedures/1.004873', { ...doc, version: got.version, time_limit: base }, admin);
  assert.equal(r.status, 200, JSON.stringify(r.data));
  assert.deepEqual(r.data.time_limit.variants, []);
  assert.equal(r.data.time_limit.cutoff, true);
});

test('export the CSV, import it: every procedure has the same JSON', async () => {
  // one with a cut-off off and a name a spreadsheet would quote
  const cur = (await srv.json('GET', '/api/v1/procedures/1.004837')).data;
  const variants = [{ code: 'xac_minh', name: 'Cần xác minh; "đặc biệt" | thêm', value: 2.5, unit: 'working_days' }];
  let r = await srv.json('PUT', '/api/v1/procedures/1.004837',
    editable({ ...cur, time_limit: { ...cur.time_limit, variants, cutoff: false } }), admin);
  assert.equal(r.status, 200, JSON.stringify(r.data));

  const list = (await srv.json('GET', '/api/v1/procedures?limit=200')).data.items.map((p) => p.code);
  assert.ok(list.length >= 41);
  const beforeAll = {};
  for (const code of list) beforeAll[code] = content((await srv.json('GET', '/api/v1/procedures/' + code)).data);

  const exp = await srv.fetch('/api/v1/procedures/export', { headers: { Cookie: admin.cookie } });
  assert.equal(exp.status, 200);
  const csv = await exp.text();
  assert.match(csv.split('\r\n')[0], /,cutoff,variant$/);
  assert.ok(csv.includes('\r\nvariant,1.000894,Trường hợp cần xác minh,'), 'a variant row');
  const imp = await srv.fetch('/api/v1/procedures/import', {
    method: 'POST',
    headers: { 'Content-Type': 'text/csv; charset=utf-8', Cookie: admin.cookie, 'X-CSRF-Token': admin.csrf },
    body: csv,
  });
  assert.equal(imp.status, 200, await imp.clone().text());
  for (const code of list) {
    const after = content((await srv.json('GET', '/api/v1/procedures/' + code)).data);
    assert.deepEqual(after, beforeAll[code], code);
  }
  const mine = (await srv.json('GET', '/api/v1/procedures/1.004837')).data.time_limit;
  assert.deepEqual(mine.variants, variants);
  assert.equal(mine.cutoff, false);

  // a bad cutoff cell names its line (cells may hold line breaks: count them)
  const lines = csv.split('\r\n');
  const at = lines.findIndex((l) => l.startsWith('procedure,1.004837,'));
  assert.match(lines[at], /,0,$/);
  lines[at] = lines[at].replace(/,0,$/, ',maybe,');
  const line = lines.slice(0, at).join('\r\n').split('\n').length + 1;
  const badImp = await srv.fetch('/api/v1/procedures/import', {
    method: 'POST',
    headers: { 'Content-Type': 'text/csv; charset=utf-8', Cookie: admin.cookie, 'X-CSRF-Token': admin.csrf },
    body: lines.join('\r\n'),
  });
  assert.equal(badImp.status, 422, await badImp.clone().text());
  assert.equal((await badImp.json()).error.field, `line ${line}`);
});
