// The intake desk's competent-agency chooser (issue 11, item 5; D29) in a
// real browser: Hội An Tây's counter officer takes in a civil-status
// dossier (a procedure the four Hội An communes implement), the chooser
// offers the four with Hội An Tây first chosen, he chooses phường Hội An
// Đông; the receipt is Hội An Tây's, and once the paper file is handed over
// the dossier is in Hội An Đông's inbox — not in phường Hội An's. For a
// procedure of phường Hội An only there is no chooser; an officer of one
// agency has no chooser of the receiving centre.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../lib/server.mjs';
import { launch, shot, axe } from '../lib/browser.mjs';

let srv, b;
let code = null;

before(async () => {
  srv = await startServer({ env: { MOTCUA_TEST_CLOCK: '1' } });
  b = await launch();
  assert.equal((await srv.json('PUT', '/api/v1/_test/now', { now: '2026-03-02T09:00:00+07:00' })).status, 200);
});
after(async () => {
  await b?.close();
  await srv?.stop();
});

async function pageAs(user, width = 1366) {
  const page = await b.page({ width });
  const r = await page.request.post(srv.url + '/api/v1/session', { data: { username: user, password: 'motcua-demo' } });
  assert.equal(r.status(), 200);
  return page;
}

async function chooseProcedure(page, proc) {
  await page.goto(srv.url + '/staff/intake/');
  await page.waitForFunction(() => document.activeElement && document.activeElement.id === 'f-procedure');
  await page.keyboard.type(proc);
  await page.locator('#proc-options [role="option"]').first().waitFor();
  await page.keyboard.press('Enter');
  await page.locator('[data-chosen]:not([hidden])').waitFor();
}

test('Hội An Tây takes in a marriage-status dossier for phường Hội An Đông through the chooser', async () => {
  const page = await pageAs('hoiantay.tiepnhan');
  await chooseProcedure(page, '1.004873');
  const chooser = page.getByLabel('Cơ quan giải quyết');
  await chooser.waitFor();
  // the implementing agencies, the receiving one chosen by default
  const options = await chooser.locator('option').allInnerTexts();
  assert.deepEqual(options, ['Ủy ban nhân dân phường Hội An', 'Ủy ban nhân dân phường Hội An Đông', 'Ủy ban nhân dân phường Hội An Tây', 'Ủy ban nhân dân xã Tân Hiệp']);
  assert.equal(await chooser.inputValue(), 'HOIANTAY');
  assert.match(await page.innerText('[data-agency-note]'), /Hồ sơ được giải quyết tại cơ quan tiếp nhận/);
  // an officer of one commune receives for it only: no chooser of the receiving centre
  assert.equal(await page.locator('[data-receiving-box]').isHidden(), true);
  await chooser.selectOption('HOIANDONG');
  assert.match(await page.innerText('[data-agency-note]'), /chuyển qua bưu chính công ích đến Ủy ban nhân dân phường Hội An Đông; hẹn trả kết quả tại Trung tâm Phục vụ hành chính công phường Hội An Tây/);
  await shot(page, 'intake-agency-chooser-1366');
  assert.deepEqual(await axe(page), []);

  await page.locator('#f-applicant-name').fill('Trần Thị Bích');
  await page.locator('#f-applicant-id_number').fill('048186004321');
  await page.locator('#f-applicant-phone').fill('0905 654 321');
  await page.keyboard.press('Control+Enter'); // check
  await page.locator('[data-check]:not([hidden])').waitFor();
  assert.match(await page.innerText('[data-check]'), /Cơ quan giải quyết\s+Ủy ban nhân dân phường Hội An Đông/);
  await page.keyboard.press('Control+Enter'); // confirm
  await page.locator('[data-done]:not([hidden])').waitFor();
  code = (await page.innerText('[data-done-code]')).trim();
  assert.match(code, /^000\.03\.40\.H15-260302-\d{4}$/); // Hội An Tây's receipt
  // the officer hands the paper file over (the transport step)
  const fw = await srv.json('POST', `/api/v1/dossiers/${encodeURIComponent(code)}/actions`, { action: 'forward' }, await srv.login('hoiantay.tiepnhan'));
  assert.equal(fw.status, 200, JSON.stringify(fw.data));
  assert.deepEqual(page.consoleErrors, []);
});

test('the dossier is in phường Hội An Đông\'s inbox, not in phường Hội An\'s', async () => {
  const dong = await pageAs('hoiandong.tiepnhan');
  await dong.goto(srv.url + '/staff/inbox/?view=unit');
  await dong.getByRole('link', { name: code }).waitFor();
  await dong.getByRole('link', { name: code }).click();
  await dong.locator('[data-history] table').waitFor();
  assert.match(await dong.innerText('[data-general]'), /Cơ quan giải quyết\s+Ủy ban nhân dân phường Hội An Đông\n/);
  const hoian = await pageAs('tiepnhan1');
  await hoian.goto(srv.url + '/staff/inbox/?view=all');
  await hoian.locator('[data-list]').waitFor();
  await hoian.waitForLoadState('networkidle');
  assert.ok(!(await hoian.innerText('main')).includes(code));
});

test('a procedure of phường Hội An only: no chooser', async () => {
  const page = await pageAs('hoiantay.tiepnhan');
  await chooseProcedure(page, 'HOIAN.01');
  assert.equal(await page.locator('[data-agency-box]').isHidden(), true);
  assert.deepEqual(page.consoleErrors, []);
});

test('the public page names every commune that implements a procedure', async () => {
  const page = await b.page({ width: 360 });
  await page.goto(srv.url + '/procedures/view/?code=1.004873');
  await page.locator('.proc-agencies').waitFor();
  assert.deepEqual(await page.locator('.proc-agencies li').allInnerTexts(), ['Ủy ban nhân dân phường Hội An', 'Ủy ban nhân dân phường Hội An Đông', 'Ủy ban nhân dân phường Hội An Tây', 'Ủy ban nhân dân xã Tân Hiệp']);
  assert.match(await page.innerText('main'), /Nơi nộp hồ sơ\s+Ông\/Bà nộp hồ sơ tại Trung tâm Phục vụ hành chính công của bất kỳ xã, phường nào/);
  await shot(page, 'procedure-agencies-public-360');
  assert.deepEqual(await axe(page), []);
  const one = await b.page({ width: 1366 });
  await one.goto(srv.url + '/procedures/view/?code=HOIAN.01');
  await one.getByText('Ủy ban nhân dân phường Hội An', { exact: true }).first().waitFor();
  assert.equal(await one.locator('.proc-agencies').count(), 0);
  assert.deepEqual(page.consoleErrors, []);
});

test('the editor sets the implementing agencies; one without a step\'s unit is refused beside its box', async () => {
  const page = await pageAs('admin');
  await page.goto(srv.url + '/staff/procedures/?edit=2.000635');
  await page.waitForSelector('[data-editor-form]');
  const own = page.getByLabel('Ủy ban nhân dân phường Hội An', { exact: true });
  assert.equal(await own.isChecked(), true);
  assert.equal(await own.isDisabled(), true);
  assert.equal(await page.getByLabel('Ủy ban nhân dân phường Hội An Tây').isChecked(), true);
  await page.getByLabel('Ủy ban nhân dân phường Hội An Tây').uncheck();
  await shot(page, 'catalogue-admin-agencies-1366');
  assert.deepEqual(await axe(page), []);
  await page.getByRole('button', { name: 'Lưu thủ tục' }).click();
  await page.waitForFunction(() => /Đã lưu thủ tục/.test(document.querySelector('[data-page-notice]').innerText));
  const saved = await (await srv.fetch('/api/v1/procedures/2.000635')).json();
  assert.deepEqual(saved.agencies.map((a) => a.code), ['HOIAN', 'HOIANDONG', 'TANHIEP']);

  // the business registration's step 2 is at KT, which Hội An Tây lacks
  await page.goto(srv.url + '/staff/procedures/?edit=1.001612');
  await page.waitForSelector('[data-editor-form]');
  await page.getByLabel('Ủy ban nhân dân phường Hội An Tây').check();
  await page.getByRole('button', { name: 'Lưu thủ tục' }).click();
  await page.waitForFunction(() => document.querySelector('[name="also.HOIANTAY"]').getAttribute('aria-invalid') === 'true');
  assert.match(await page.locator('[data-editor-form] [data-error-summary]').innerText(), /chưa có đơn vị cùng mã/);
  const after = await (await srv.fetch('/api/v1/procedures/1.001612')).json();
  assert.deepEqual(after.agencies.map((a) => a.code), ['HOIAN']);
  // the browser reports the refused request itself; nothing else went wrong
  assert.deepEqual(page.consoleErrors.filter((m) => !/status of 422/.test(m)), []);
});
