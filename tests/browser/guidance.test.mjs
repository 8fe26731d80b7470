// Guidance before receipt in a real Chromium: a reception officer opens the
// page from the staff menu, picks the procedure with the keyboard, fills the
// citizen and the items (one per line), and records; the paper (Mẫu 02)
// opens in a new tab, fits one A4 page, the "In" button prints and the
// toolbar is not printed; the list below shows the guidance with its link
// and the counts; the errors an officer meets are shown beside the fields;
// a specialist sees the list but no form; axe finds nothing.
// Screenshots: build/screenshots/guidance-*.png, the paper's PDF.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { startServer, DEMO_PASSWORD } from '../lib/server.mjs';
import { launch, axe, shot, SHOTS } from '../lib/browser.mjs';

const run = promisify(execFile);
let srv, b;

before(async () => {
  srv = await startServer({ env: { MOTCUA_TEST_CLOCK: '1' } });
  await srv.json('PUT', '/api/v1/_test/now', { now: '2026-03-02T09:00:00+07:00' });
  // one guidance already recorded, for the list
  const u = await srv.login('tiepnhan2');
  const r = await srv.json('POST', '/api/v1/guidances', { procedure: '2.000815', applicant: { name: 'Phan Văn Tú', phone: '0935 111 222' }, items: ['Thiếu bản chính để đối chiếu'] }, u);
  assert.equal(r.status, 201, JSON.stringify(r.data));
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

test('reception records a guidance, the paper opens on one A4 page and prints', async () => {
  const page = await b.page();
  await signIn(page, 'tiepnhan1');
  // the staff home links the tool for reception
  await page.getByRole('link', { name: /Hướng dẫn hoàn thiện hồ sơ/ }).first().click();
  await page.waitForURL(/\/staff\/guidance\/$/);
  await page.getByRole('heading', { level: 1, name: 'Hướng dẫn hoàn thiện hồ sơ' }).waitFor();
  await page.getByRole('heading', { name: 'Ghi hướng dẫn mới' }).waitFor();

  // nothing filled: the errors are listed and shown beside the fields
  await page.getByRole('button', { name: /Ghi nhận và in phiếu/ }).click();
  const summary = page.locator('[data-guidance-form] [data-error-summary]');
  await summary.waitFor();
  const s = await summary.innerText();
  assert.match(s, /Chọn thủ tục/);
  assert.match(s, /số định danh cá nhân hoặc số điện thoại/);
  assert.match(s, /ít nhất một nội dung/);
  assert.equal(await page.getAttribute('#f-applicant-name', 'aria-invalid'), 'true');

  // the procedure by keyboard, without diacritics
  await page.locator('#f-procedure').fill('tinh trang hon nhan');
  await page.locator('#proc-options [role="option"]').first().waitFor();
  await page.locator('#f-procedure').press('Enter');
  await page.locator('[data-chosen-name]').waitFor();
  assert.equal(await page.innerText('[data-chosen-name]'), 'Cấp Giấy xác nhận tình trạng hôn nhân');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'f-applicant-name');

  await page.getByLabel('Họ và tên').fill('Võ Thị Thu Hướng');
  // a wrong phone: the server's message beside the field
  await page.getByLabel('Số điện thoại di động').fill('0123');
  await page.getByLabel('Những gì còn thiếu hoặc chưa đúng').fill('Thiếu bản sao Giấy khai sinh\n\n  Tờ khai chưa ký tên  \n');
  await page.getByRole('button', { name: /Ghi nhận và in phiếu/ }).click();
  await page.locator('#f-applicant-phone[aria-invalid="true"]').waitFor();
  assert.match(await summary.innerText(), /điện thoại/i);

  await page.getByLabel('Số điện thoại di động').fill('0905 246 813');
  await page.getByLabel('Địa chỉ').fill('27 Nguyễn Thái Học, phường Hội An');
  const popup = page.waitForEvent('popup');
  await page.getByRole('button', { name: /Ghi nhận và in phiếu/ }).click();
  const paper = await popup;
  await paper.waitForLoadState();
  assert.match(paper.url(), /\/api\/v1\/guidances\/\d+\/paper$/);
  const id = paper.url().match(/guidances\/(\d+)\//)[1];

  // the page says what happened and keeps a link to the paper
  const done = page.locator('[data-done]');
  await done.waitFor();
  const doneText = await done.innerText();
  assert.match(doneText, new RegExp(`Đã ghi hướng dẫn số ${id}`));
  assert.match(doneText, /Hồ sơ chưa được tiếp nhận/);
  assert.equal(await page.getAttribute('[data-print]', 'href'), `/api/v1/guidances/${id}/paper`);
  // the list below shows it, with the counts
  await page.locator(`tr[data-guidance="${id}"]`).waitFor();
  const row = await page.innerText(`tr[data-guidance="${id}"]`);
  assert.match(row, /Võ Thị Thu Hướng/);
  assert.match(row, /Cấp Giấy xác nhận tình trạng hôn nhân/);
  assert.match(await page.innerText('[data-counts]'), /Số lần hướng dẫn\s*2/);
  await shot(page, 'guidance-page');
  assert.deepEqual(await axe(page), []);
  // the only console error is the browser's note of the 422 above
  assert.deepEqual(page.consoleErrors.filter((e) => !/status of 422/.test(e)), []);

  // the paper: Mẫu 02, the items as typed (blank lines dropped), no dossier code
  await paper.evaluate(() => document.fonts.ready);
  assert.equal(await paper.innerText('h1'), 'PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ');
  const text = await paper.innerText('.paper');
  for (const x of ['Mẫu số 02', `Số: ${id}/PBS`, 'Ông/Bà Võ Thị Thu Hướng', '1. Thiếu bản sao Giấy khai sinh', '2. Tờ khai chưa ký tên', 'Hồ sơ chưa được tiếp nhận', 'Huỳnh Thị Mỹ Duyên', 'Hội An, ngày 02 tháng 3 năm 2026']) {
    assert.ok(text.includes(x), x);
  }
  assert.ok(!text.includes('Mã hồ sơ'));
  await mkdir(SHOTS, { recursive: true });
  await paper.screenshot({ path: join(SHOTS, 'guidance-paper.png'), fullPage: true });
  const pdf = join(SHOTS, 'guidance-paper.pdf');
  await paper.pdf({ path: pdf, format: 'A4', preferCSSPageSize: true, printBackground: false });
  const info = (await run('pdfinfo', [pdf])).stdout;
  assert.equal(Number(info.match(/^Pages:\s+(\d+)/m)[1]), 1, 'Mẫu 02 fits one A4 page');
  // "In" prints; the toolbar is never printed
  await paper.evaluate(() => {
    window.__printed = 0;
    window.print = () => window.__printed++;
  });
  await paper.getByRole('button', { name: 'In' }).click();
  await paper.waitForFunction(() => window.__printed === 1);
  await paper.emulateMedia({ media: 'print' });
  assert.equal(await paper.isVisible('.print-toolbar'), false);
  assert.equal(await paper.isVisible('.paper'), true);
  await paper.emulateMedia({ media: null });
  assert.deepEqual(await axe(paper), []);

  // "guide someone else": a fresh form, focus on the procedure search
  await page.getByRole('button', { name: 'Hướng dẫn người khác' }).click();
  assert.equal(await page.evaluate(() => document.activeElement.id), 'f-procedure');
  assert.equal(await page.inputValue('#f-applicant-name'), '');
});

test('a specialist reads the list but has no form; the page works in English', async () => {
  const page = await b.page({ width: 360, height: 740 });
  await signIn(page, 'hotich1');
  await page.goto(srv.url + '/staff/guidance/');
  await page.locator('tr[data-guidance]').first().waitFor();
  assert.equal(await page.isVisible('[data-guidance-form]'), false);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 1, `page overflow ${overflow}px at 360`);
  // the search by name without diacritics
  await page.getByLabel(/Tìm tên, số định danh/).fill('phan van tu');
  await page.getByRole('button', { name: 'Tìm', exact: true }).click();
  await page.waitForFunction(() => document.querySelectorAll('tr[data-guidance]').length === 1);
  await shot(page, 'guidance-list-360');
  assert.deepEqual(await axe(page), []);
  await page.evaluate(() => localStorage.setItem('motcua.lang', 'en'));
  await page.reload();
  await page.getByRole('heading', { level: 1, name: 'Guide an incomplete application' }).waitFor();
  await page.locator('tr[data-guidance]').first().waitFor();
  assert.match(await page.innerText('[data-counts]'), /Guidances/);
  assert.deepEqual(page.consoleErrors, []);
});
