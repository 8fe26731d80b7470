// The province model in a real browser (issue 11, item 5): a dossier handed
// in at phường Hội An Tây for a procedure of phường Hội An is processed by
// phường Hội An's staff and returned at Hội An Tây. Hội An Tây's counter
// officer takes it in through the intake desk (the code is Hội An Tây's),
// hands it over (the transport step), Hội An's counter receives the paper
// file and forwards it, Hội An's civil-status officer and chairman process
// it, and Hội An Tây's return desk hands the result over. The public
// tracking page says where it is handled and where it was handed in; an
// officer of a third commune does not find it.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../lib/server.mjs';
import { launch, shot, axe } from '../lib/browser.mjs';

let srv, b;
let code = null;

before(async () => {
  srv = await startServer({ env: { MOTCUA_TEST_CLOCK: '1' } });
  b = await launch();
});
after(async () => {
  await b?.close();
  await srv?.stop();
});

const setNow = async (iso) => assert.equal((await srv.json('PUT', '/api/v1/_test/now', { now: iso })).status, 200);

async function pageAs(user, width = 1366) {
  const page = await b.page({ width });
  const r = await page.request.post(srv.url + '/api/v1/session', { data: { username: user, password: 'motcua-demo' } });
  assert.equal(r.status(), 200);
  return page;
}

async function openDossier(page, c) {
  await page.goto(`${srv.url}/staff/dossier/?code=${encodeURIComponent(c)}`);
  await page.locator('[data-dossier]:not([hidden])').waitFor();
  await page.locator('[data-history] table').waitFor();
}

async function doAction(page, label, fill = async () => {}) {
  await page.locator('[data-actions]').getByRole('button', { name: label, exact: true }).click();
  const form = page.locator('#action-form');
  await form.waitFor();
  await fill(form);
  await form.locator('button[type="submit"]').click();
  await page.locator('[data-action-notice] .notice--success').waitFor();
  return page.locator('[data-action-notice]').innerText();
}

test('Hội An Tây takes in a dossier for a procedure of phường Hội An: its own code and receipt', async () => {
  await setNow('2026-03-02T09:00:00+07:00');
  const page = await pageAs('hoiantay.tiepnhan');
  await page.goto(srv.url + '/staff/intake/');
  await page.waitForFunction(() => document.activeElement && document.activeElement.id === 'f-procedure');
  await page.keyboard.type('HOIAN.01'); // phường Hội An's only (competence.test.mjs: the communes' own)
  await page.locator('#proc-options [role="option"]').first().waitFor();
  await page.keyboard.press('Enter');
  await page.locator('[data-chosen]:not([hidden])').waitFor();
  await page.keyboard.press('Enter');
  await page.keyboard.type('Nguyễn Văn Thắng');
  await page.keyboard.press('Tab');
  await page.keyboard.type('048085001234');
  await page.keyboard.press('Tab');
  await page.keyboard.type('0905 123 456');
  await page.keyboard.press('Control+Enter'); // check
  await page.locator('[data-check]:not([hidden])').waitFor();
  await page.keyboard.press('Control+Enter'); // confirm
  await page.locator('[data-done]:not([hidden])').waitFor();
  code = (await page.innerText('[data-done-code]')).trim();
  assert.match(code, /^000\.03\.40\.H15-260302-\d{4}$/); // Hội An Tây's e-ID
  const receipt = await page.request.get(`${srv.url}/api/v1/dossiers/${encodeURIComponent(code)}/forms/receipt`);
  assert.equal(receipt.status(), 200);
  // Mẫu 01 is issued by the receiving centre
  const paper = await receipt.text();
  assert.match(paper, /UBND phường Hội An Tây/);
  assert.match(paper, /Trung tâm Phục vụ hành chính công phường Hội An Tây tiếp nhận hồ sơ của/);
  assert.deepEqual(page.consoleErrors, []);
});

test('Hội An Tây hands the paper file over to phường Hội An', async () => {
  const page = await pageAs('hoiantay.tiepnhan');
  await openDossier(page, code);
  const general = await page.innerText('[data-general]');
  assert.match(general, /Cơ quan giải quyết\s+Ủy ban nhân dân phường Hội An\n/);
  assert.match(general, /Nơi tiếp nhận, trả kết quả\s+Trung tâm Phục vụ hành chính công phường Hội An Tây/);
  const control = await page.innerText('[data-control]');
  assert.match(control, /Chuyển hồ sơ giấy qua bưu chính công ích đến Ủy ban nhân dân phường Hội An/);
  assert.match(control, /Bộ phận Tiếp nhận và Trả kết quả \(Ủy ban nhân dân phường Hội An Tây\)/);
  await shot(page, 'province-dossier-hoiantay-1366');
  assert.deepEqual(await axe(page), []);
  const msg = await doAction(page, 'Chuyển bước tiếp theo');
  assert.match(msg, /Đã chuyển hồ sơ/);
});

test('phường Hội An receives the file, processes and signs it', async () => {
  await setNow('2026-03-02T14:00:00+07:00');
  let page = await pageAs('tiepnhan1');
  await page.goto(srv.url + '/staff/inbox/');
  await page.getByRole('link', { name: code }).click();
  await page.locator('[data-history] table').waitFor();
  await doAction(page, 'Chuyển bước tiếp theo', async (form) => {
    await form.getByLabel(/Giao cho cán bộ/).fill('hotich1');
  });
  await setNow('2026-03-03T09:00:00+07:00');
  page = await pageAs('hotich1');
  await openDossier(page, code);
  await doAction(page, 'Chuyển bước tiếp theo');
  await setNow('2026-03-03T14:00:00+07:00');
  page = await pageAs('chutich');
  await openDossier(page, code);
  const msg = await doAction(page, 'Hoàn thành, có kết quả', async (form) => {
    await form.getByLabel(/Kết quả giải quyết/).fill('Đã ban hành Quyết định giải quyết khiếu nại lần đầu số 21/2026');
  });
  assert.match(msg, /hồ sơ chờ trả/);
});

test('the result is returned at Hội An Tây; the public page says where; a third commune does not find it', async () => {
  await setNow('2026-03-04T09:00:00+07:00');
  const page = await pageAs('hoiantay.tiepnhan');
  await page.goto(srv.url + '/staff/return/');
  await page.waitForFunction(() => document.activeElement && document.activeElement.id === 'f-code');
  await page.locator('[data-waiting] .waiting-list').waitFor();
  assert.match(await page.innerText('[data-waiting]'), new RegExp(code.replace(/\./g, '\\.')));
  await page.keyboard.type(code);
  await page.keyboard.press('Enter');
  await page.locator('[data-found]:not([hidden])').waitFor();
  assert.match(await page.innerText('[data-found]'), /số 21\/2026/);
  await page.keyboard.press('Enter');
  await page.locator('[data-result-notice] .notice--success').waitFor();
  assert.match(await page.innerText('[data-result-notice]'), /Đã trả kết quả hồ sơ/);

  const pub = await b.page({ width: 1366 });
  await pub.goto(`${srv.url}/track/?code=${encodeURIComponent(code)}`);
  await pub.locator('#result-title').waitFor();
  const text = await pub.innerText('main');
  assert.match(text, /Cơ quan giải quyết\s+Ủy ban nhân dân phường Hội An\n/);
  assert.match(text, /Nơi nhận hồ sơ và trả kết quả\s+Trung tâm Phục vụ hành chính công phường Hội An Tây/);
  assert.match(text, /Chuyển hồ sơ giấy qua bưu chính công ích/);
  assert.ok(!text.includes('Nguyễn Văn Thắng') && !text.includes('048085001234'));
  await shot(pub, 'province-track-1366');
  assert.deepEqual(await axe(pub), []);

  const other = await pageAs('hoiandong.tiepnhan');
  await other.goto(`${srv.url}/staff/dossier/?code=${encodeURIComponent(code)}`);
  await other.getByText(/Không có hồ sơ với mã/).first().waitFor();
  assert.ok(!(await other.innerText('main')).includes('Nguyễn Văn Thắng'));
});
