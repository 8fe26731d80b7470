// Recognition in a real Chromium (issue 15, item 4; D43): a colleague
// nominates the counter officer on the staff page; a leader attaches the
// citizen's praise from her evaluation and endorses; another leader
// recognises; the public page, reached from the footer of the home page,
// shows the official with the reasons and the praise — and not the
// citizen's name, phone or e-mail. axe finds nothing serious on either page.
// Screenshots: build/screenshots/recognition-*.png.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, DEMO_PASSWORD } from '../lib/server.mjs';
import { launch, axe, shot } from '../lib/browser.mjs';

let srv, b;
const NOW = { MOTCUA_FAKE_NOW: String(Date.UTC(2026, 2, 2, 2, 0, 0) / 1000), MOTCUA_FAKE_CLOCK_RUNS: '1' };
const CITIZEN = { kind: 'person', name: 'Đoàn Thị Khen Ngợi', id_number: '048185007777', phone: '0935 777 888', address: 'Hội An' };
const EMAIL = 'khen.ngoi@example.vn';
const PRAISE = `Tôi là ${CITIZEN.name}, số ${CITIZEN.phone}, thư ${EMAIL}. Chị Duyên hướng dẫn rất tận tình, một lần là đủ hồ sơ.`;

before(async () => {
  srv = await startServer({ env: NOW });
  const reception = await srv.login('tiepnhan1');
  const proc = await srv.json('GET', '/api/v1/procedures/1.004873');
  const documents = proc.data.documents.filter((d) => d.mandatory).map((d) => ({ id: d.id, form: d.form, count: 1 }));
  const d = await srv.json('POST', '/api/v1/dossiers', { procedure: '1.004873', applicant: CITIZEN, documents }, reception);
  assert.equal(d.status, 201, JSON.stringify(d.data));
  const receipt = await srv.json('GET', `/api/v1/dossiers/${d.data.code}/forms/receipt?format=json`, undefined, reception);
  const ev = await srv.json('POST', '/api/v1/public/evaluations', { dossier: d.data.code, secret: receipt.data.evaluation_code, level: 'very_satisfied', comment: PRAISE });
  assert.equal(ev.status, 201, JSON.stringify(ev.data));
  b = await launch();
});
after(async () => {
  await b?.close();
  await srv?.stop();
});

async function signIn(page, username) {
  await page.goto(srv.url + '/login/');
  await page.getByLabel(/Tên đăng nhập/).fill(username);
  await page.getByLabel(/Mật khẩu/).fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: /Đăng nhập/ }).click();
  await page.waitForURL(/\/staff\/$/);
}

let url;
test('a colleague nominates the counter officer on the staff page', async () => {
  const page = await b.page();
  await signIn(page, 'tiepnhan2');
  await page.getByRole('link', { name: 'Gương điển hình', exact: true }).first().click();
  await page.waitForURL(/\/staff\/recognitions\/$/);
  await page.locator('[data-new-box] summary').click();
  await page.getByLabel('Tên đăng nhập của cán bộ').fill('tiepnhan1');
  await page.getByLabel('Năm').fill('2026');
  await page.getByLabel('Thành tích, lý do đề nghị').fill('Không hồ sơ nào phải bổ sung lần hai vì hướng dẫn thiếu.');
  assert.deepEqual(await axe(page), []);
  await page.getByRole('button', { name: 'Gửi đề nghị' }).click();
  await page.waitForURL(/\?id=\d+$/);
  url = page.url();
  await page.locator('[data-events] li').first().waitFor();
  assert.match(await page.locator('[data-view]').innerText(), /Huỳnh Thị Mỹ Duyên[\s\S]*Đã đề nghị/);
  // the nominator may only withdraw
  assert.equal(await page.locator('[data-actions] [data-action]').count(), 1);
  assert.equal(await page.locator('[data-actions] [data-action="withdraw"]').count(), 1);
  assert.deepEqual(page.consoleErrors, []);
});

test('a leader attaches the citizen\'s praise and endorses; another recognises', async () => {
  const page = await b.page();
  await signIn(page, 'chutich');
  await page.goto(url);
  const cand = page.locator('[data-candidate^="evaluation:"]');
  await cand.waitFor();
  assert.match(await cand.innerText(), /hướng dẫn rất tận tình/);
  await cand.getByRole('button', { name: 'Gắn' }).click();
  await page.locator('[data-praises] li').waitFor();
  const praise = await page.locator('[data-praises]').innerText();
  assert.match(praise, /Công khai: Tôi là \*\*\*, số \*\*\*, thư \*\*\*\. Chị Duyên hướng dẫn rất tận tình/);
  await page.getByRole('button', { name: 'Xác nhận' }).click();
  await page.locator('[data-view]').getByText('Đã xác nhận').first().waitFor();
  assert.deepEqual(await axe(page), []);
  await shot(page, 'recognition-staff');
  assert.deepEqual(page.consoleErrors, []);

  const second = await b.page();
  await signIn(second, 'phochutich');
  await second.goto(url);
  await second.getByLabel('Ý kiến').fill('Gương điển hình năm 2026.');
  await second.getByRole('button', { name: 'Công nhận', exact: true }).click();
  await second.locator('[data-view]').getByText('Đã công nhận').first().waitFor();
  assert.match(await second.locator('[data-events]').innerText(), /Công nhận — Phạm Thị Thu Sương: Gương điển hình năm 2026\./);
  // her measured figures beside the reasons: the dossier she received, the citizen's rating
  const fig = await second.locator('[data-figures]').innerText();
  assert.match(fig, /Hồ sơ đã tiếp nhận\s+1/);
  assert.match(fig, /Đánh giá của người dân\s+1 lượt, 0 không hài lòng/);
  assert.deepEqual(second.consoleErrors, []);
});

test('the public page, from the home page\'s footer, shows the official and the praise — not the citizen', async () => {
  const page = await b.page();
  await page.goto(srv.url + '/');
  await page.locator('footer').getByRole('link', { name: 'Gương điển hình, mô hình hay' }).click();
  await page.waitForURL(/\/recognitions\/$/);
  const card = page.locator('[data-recognition-id]');
  await card.waitFor();
  const text = await card.innerText();
  assert.match(text, /Huỳnh Thị Mỹ Duyên/);
  assert.match(text, /Công chức tiếp nhận và trả kết quả/);
  assert.match(text, /Không hồ sơ nào phải bổ sung lần hai/);
  assert.match(text, /Chị Duyên hướng dẫn rất tận tình/);
  const html = await page.content();
  for (const s of [CITIZEN.name, 'Khen Ngợi', CITIZEN.phone, EMAIL, CITIZEN.id_number, 'tiepnhan1']) assert.ok(!html.includes(s), `"${s}" is on the public page`);
  assert.deepEqual(await axe(page), []);
  await shot(page, 'recognition-public');
  assert.deepEqual(page.consoleErrors, []);
});
