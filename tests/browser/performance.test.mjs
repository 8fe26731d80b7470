// The officers' figures page in a real Chromium (issue 14, item 4; D41): the
// head of a unit sees the table of its officers with the rate shown above the
// minimum sample and hidden below it; a number opens the dossiers behind it;
// an officer sees only his own figures; the menu links to the page. axe
// finds nothing serious. Screenshots: build/screenshots/performance-*.png.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { rm } from 'node:fs/promises';
import { startServer, freshDb, PG, pgAdmin, DEMO_PASSWORD } from '../lib/server.mjs';
import { launch, axe, shot } from '../lib/browser.mjs';

const execFileP = promisify(execFile);
const at = (y, m, d, h, mi = 0) => Date.UTC(y, m - 1, d, h - 7, mi) / 1000;
let srv, b, db, dir;

// hotich1: ten steps in March 2026 (8 on time or early, 2 late);
// diachinh1: two (below the minimum sample)
function seed() {
  const sql = [];
  for (let i = 0; i < 10; i++) {
    const id = 910001 + i;
    sql.push(`INSERT INTO dossier (id, code, procedure_id, agency_id, status, channel, return_method, applicant_kind,
      applicant_name, applicant_fold, limit_value, limit_unit, received_at, clock_start, due_at, original_due_at,
      received_by, created_at, updated_at) VALUES (${id}, 'HOIAN-260304-${8001 + i}',
      (SELECT id FROM procedure WHERE code = '1.004873'), (SELECT id FROM agency WHERE code = 'HOIAN'),
      'processing', 'counter', 'counter', 'person', 'Phạm Riêng Tư', 'pham rieng tu', 5, 'working_days',
      ${at(2026, 3, 4, 8)}, ${at(2026, 3, 4, 8)}, ${at(2026, 3, 11, 17)}, ${at(2026, 3, 11, 17)},
      (SELECT id FROM staff WHERE username = 'tiepnhan1'), ${at(2026, 3, 4, 8)}, ${at(2026, 3, 4, 8)})`);
    sql.push(`INSERT INTO dossier_step (dossier_id, position, name, unit_id, due_at, started_at, finished_at, handler_id, outcome)
      VALUES (${id}, 9, 'Thẩm định hồ sơ', (SELECT unit_id FROM staff WHERE username = 'hotich1'), ${at(2026, 3, 5, 17)},
      ${at(2026, 3, 4, 9)}, ${at(2026, 3, 4, 11)}, (SELECT id FROM staff WHERE username = 'hotich1'),
      '${i < 8 ? 'on_time' : 'late'}')`);
    if (i < 2)
      sql.push(`INSERT INTO dossier_step (dossier_id, position, name, unit_id, due_at, started_at, finished_at, handler_id, outcome)
        VALUES (${id}, 10, 'Xác minh', (SELECT unit_id FROM staff WHERE username = 'diachinh1'), ${at(2026, 3, 6, 17)},
        ${at(2026, 3, 6, 8)}, ${at(2026, 3, 6, 9)}, (SELECT id FROM staff WHERE username = 'diachinh1'), 'early')`);
  }
  return sql.join(';\n') + ';';
}

before(async () => {
  ({ db, dir } = await freshDb());
  if (PG) await execFileP('psql', [db, '-X', '-q', '-v', 'ON_ERROR_STOP=1', '-c', seed()]);
  else await execFileP('sqlite3', [db, seed()]);
  // the clock stands on 31 March 2026: the page's default period is March
  srv = await startServer({ db, env: { MOTCUA_FAKE_NOW: String(at(2026, 3, 31, 10)) } });
  b = await launch();
});
after(async () => {
  await b?.close();
  await srv?.stop();
  await rm(dir, { recursive: true, force: true });
  if (PG) await pgAdmin(`DROP DATABASE IF EXISTS ${db.slice(db.lastIndexOf('/') + 1)} WITH (FORCE)`).catch(() => {});
});

async function signIn(page, username) {
  await page.goto(srv.url + '/login/');
  await page.getByLabel(/Tên đăng nhập/).fill(username);
  await page.getByLabel(/Mật khẩu/).fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: /Đăng nhập/ }).click();
  await page.waitForURL(/\/staff\/$/);
}

test('a head sees his unit\'s officers, the rate only above the minimum, and the dossiers behind a number', async () => {
  const page = await b.page();
  await signIn(page, 'truongkt');
  await page.goto(srv.url + '/staff/performance/');
  const team = page.locator('[data-team-table] [data-perf-table]');
  await team.waitFor();
  // his unit only: diachinh1 and himself, not hotich1 (another unit)
  assert.equal(await team.locator('tr[data-officer="hotich1"]').count(), 0);
  const dc = team.locator('tr[data-officer="diachinh1"]');
  assert.equal(await dc.locator('[data-col="handled"]').first().innerText(), '2');
  assert.equal(await dc.locator('[data-col="rate"]').innerText(), '—', 'two steps: no rate');
  assert.match(await dc.locator('[data-col="rate"]').getAttribute('title'), /Chưa đủ 10 bước/);
  assert.equal(await page.locator('#f-from').inputValue(), '2026-03-01');
  assert.equal(await page.locator('#f-to').inputValue(), '2026-03-31');
  assert.deepEqual(await axe(page), []);
  assert.deepEqual(page.consoleErrors, []);
  await page.close();
});

test('a leader sees every officer of the agency and opens the late steps of one', async () => {
  const page = await b.page();
  await signIn(page, 'chutich');
  await page.getByRole('link', { name: /Số liệu xử lý của cán bộ/ }).first().click();
  await page.waitForURL(/\/staff\/performance\/$/);
  const row = page.locator('[data-team-table] tr[data-officer="hotich1"]');
  await row.waitFor();
  assert.equal(await row.locator('[data-col="rate"]').innerText(), '80\u00a0%');
  assert.equal(await row.locator('[data-col="hours"]').innerText(), '2,0');
  assert.equal(await page.locator('[data-team-table] tr[data-officer="diachinh1"]').count(), 1);
  await row.locator('[data-col="late"] button').click();
  const list = page.locator('[data-drill-table]');
  await list.waitFor();
  assert.match(await page.locator('[data-drill-title]').innerText(), /Quá hạn — .* \(2 hồ sơ\)/);
  const codes = await list.locator('tbody tr td:first-child').allInnerTexts();
  assert.deepEqual(codes.sort(), ['HOIAN-260304-8009', 'HOIAN-260304-8010']);
  assert.match(await list.locator('tbody tr').first().innerText(), /Thẩm định hồ sơ/);
  assert.ok(!(await page.content()).includes('Phạm Riêng Tư'), 'no personal data on the page');
  await shot(page, 'performance-leader');
  assert.deepEqual(await axe(page), []);
  assert.deepEqual(page.consoleErrors, []);
  await page.close();
});

test('an officer sees his own figures, not the table', async () => {
  const page = await b.page({ width: 390, height: 844 });
  await signIn(page, 'hotich1');
  await page.goto(srv.url + '/staff/performance/');
  const mine = page.locator('[data-mine-table] [data-perf-table]');
  await mine.waitFor();
  assert.equal(await mine.locator('[data-col="handled"]').first().innerText(), '10');
  assert.equal(await mine.locator('[data-col="rate"]').innerText(), '80\u00a0%');
  assert.equal(await page.locator('[data-team]').isHidden(), true);
  await mine.locator('[data-col="on_time"] button').click();
  await page.locator('[data-drill-table]').waitFor();
  assert.equal(await page.locator('[data-drill-table] tbody tr').count(), 8);
  await shot(page, 'performance-officer-phone');
  assert.deepEqual(page.consoleErrors, []);
  await page.close();
});
