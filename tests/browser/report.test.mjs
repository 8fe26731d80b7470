// The periodic report (Biểu II.06a; D38) in a real Chromium: a leader opens
// it from the staff menu, picks a month and then a quarter, reads the table
// with the form's headings and the numbers the API gives; the print view
// opens in a new tab, is A4 landscape (the PDF's page is wider than high),
// fits one sheet, has the form's number, agency, period, headings and the
// signatures, and its toolbar is not printed; the province officer picks an
// agency; a phone-width page scrolls the table; axe finds nothing.
// Screenshots: build/screenshots/report-*.png, the print view's PDF.
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
const PERSON = { kind: 'person', name: 'Đỗ Thị Biểu', id_number: '048185002222', phone: '0905 333 444', address: '2 Lê Lợi, phường Hội An' };

before(async () => {
  srv = await startServer({ env: { MOTCUA_TEST_CLOCK: '1' } });
  const users = {};
  for (const u of ['tiepnhan1', 'hotich1', 'chutich']) users[u] = await srv.login(u);
  const setNow = (now) => srv.json('PUT', '/api/v1/_test/now', { now });
  const p = await srv.json('GET', '/api/v1/procedures/1.004873');
  const documents = p.data.documents.filter((d) => d.mandatory).map((d) => ({ id: d.id, form: d.form, count: 1 }));
  const act = (code, body, who) => srv.json('POST', `/api/v1/dossiers/${code}/actions`, body, users[who]);
  // March 2026: two dossiers of Hộ tịch, one resolved early, one open
  const codes = [];
  for (const day of ['02', '03']) {
    await setNow(`2026-03-${day}T09:00:00+07:00`);
    const r = await srv.json('POST', '/api/v1/dossiers', { procedure: '1.004873', applicant: PERSON, documents }, users.tiepnhan1);
    assert.equal(r.status, 201, JSON.stringify(r.data));
    codes.push(r.data.code);
  }
  await setNow('2026-03-03T10:00:00+07:00');
  assert.equal((await act(codes[0], { action: 'forward' }, 'tiepnhan1')).status, 200);
  assert.equal((await act(codes[0], { action: 'forward', to: 'chutich' }, 'hotich1')).status, 200);
  assert.equal((await act(codes[0], { action: 'complete', result: { summary: 'Đã cấp' } }, 'chutich')).status, 200);
  await setNow('2026-04-15T09:00:00+07:00');
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

test('a leader reads March and the first quarter; the print view is one A4 landscape sheet', async () => {
  const page = await b.page();
  await signIn(page, 'chutich');
  await page.getByRole('link', { name: /Báo cáo tình hình giải quyết hồ sơ/ }).first().click();
  await page.waitForURL(/\/staff\/reports\/$/);
  await page.getByRole('heading', { level: 1, name: /Báo cáo tình hình, kết quả giải quyết/ }).waitFor();
  // the default is this month (April, nothing): the empty note
  await page.locator('[data-rep-empty]').waitFor();

  await page.getByLabel('Tháng', { exact: true }).selectOption('3');
  await page.getByLabel('Năm').fill('2026');
  await page.getByRole('button', { name: 'Xem báo cáo' }).click();
  const table = page.locator('[data-rep-table]');
  await table.waitFor();
  const head = await table.locator('thead').innerText();
  for (const x of ['STT', 'Lĩnh vực giải quyết', 'Số hồ sơ nhận giải quyết', 'Trực tuyến', 'Từ kỳ trước chuyển qua', 'Số hồ sơ đã giải quyết', 'Trước hạn', 'Đúng hạn', 'Số hồ sơ đang giải quyết', 'Trong hạn', '(13)']) {
    assert.ok(head.includes(x), x);
  }
  assert.match(await table.locator('caption').innerText(), /2026-03-01.*2026-03-31/);
  const ht = (await table.locator('tr[data-field="HT"] td').allInnerTexts()).slice(1);
  // received 2 (direct 2), carried 0; resolved 1 early; in progress 1, overdue (due 6/3); no stop
  assert.deepEqual(ht, ['2', '0', '2', '0', '1', '1', '0', '0', '1', '0', '1', '0', '0']);
  await shot(page, 'report-page');
  assert.deepEqual(await axe(page), []);

  // the quarter holds the same (nothing in February)
  await page.getByLabel('Kỳ báo cáo').selectOption('quarter');
  await page.getByLabel('Quý').selectOption('1');
  await page.getByRole('button', { name: 'Xem báo cáo' }).click();
  await page.waitForFunction(() => /2026-01-01/.test(document.querySelector('[data-rep-table] caption')?.textContent || ''));
  const total = (await table.locator('tr[data-total] td').allInnerTexts()).slice(1);
  assert.equal(total[0], '2');

  const popup = page.waitForEvent('popup');
  await page.locator('[data-rep-print]').click();
  const paper = await popup;
  await paper.waitForLoadState();
  assert.match(paper.url(), /\/api\/v1\/reports\/handling\?.*format=html/);
  await paper.evaluate(() => document.fonts.ready);
  assert.equal(await paper.innerText('h1'), 'TÌNH HÌNH, KẾT QUẢ GIẢI QUYẾT THỦ TỤC HÀNH CHÍNH');
  const text = await paper.innerText('.paper');
  for (const x of ['Biểu số II.06a/VPCP/KSTT', 'Cộng hòa xã hội chủ nghĩa Việt Nam', 'Kỳ báo cáo: từ ngày 01/01/2026 đến ngày 31/03/2026', 'Hộ tịch', 'Tổng cộng', 'Người lập biểu', 'Thủ trưởng cơ quan', 'Đơn vị tính: Số hồ sơ']) {
    assert.ok(text.toLowerCase().includes(x.toLowerCase()), x); // some headings are set in capitals by CSS
  }
  assert.ok(text.toLowerCase().includes('phường hội an'));
  await mkdir(SHOTS, { recursive: true });
  await paper.screenshot({ path: join(SHOTS, 'report-print.png'), fullPage: true });
  const pdf = join(SHOTS, 'report-print.pdf');
  await paper.pdf({ path: pdf, preferCSSPageSize: true, printBackground: false });
  const info = (await run('pdfinfo', [pdf])).stdout;
  assert.equal(Number(info.match(/^Pages:\s+(\d+)/m)[1]), 1, 'one sheet');
  const [w, h] = info.match(/^Page size:\s+([\d.]+) x ([\d.]+)/m).slice(1).map(Number);
  assert.ok(Math.abs(w - 841.89) < 2 && Math.abs(h - 595.28) < 2, `A4 landscape: ${w} x ${h}`);
  await paper.emulateMedia({ media: 'print' });
  assert.equal(await paper.isVisible('.print-toolbar'), false);
  assert.equal(await paper.isVisible('.paper'), true);
  await paper.emulateMedia({ media: null });
  assert.deepEqual(await axe(paper), []);
  assert.deepEqual(page.consoleErrors, []);
});

test('the province picks an agency; on a phone the table scrolls inside its frame', async () => {
  const page = await b.page({ width: 360, height: 740 });
  await signIn(page, 'tinh');
  await page.goto(srv.url + '/staff/reports/');
  await page.getByLabel('Cơ quan').waitFor();
  // the list of agencies arrives after the page (the whole province is its first option)
  await page.waitForFunction(() => document.querySelectorAll('#r-agency option').length > 2);
  const options = await page.locator('#r-agency option').allInnerTexts();
  assert.ok(options.length > 2, options.join('|'));
  await page.getByLabel('Kỳ báo cáo').selectOption('range');
  await page.getByLabel('Từ ngày').fill('2026-03-01');
  await page.getByLabel('Đến ngày').fill('2026-03-31');
  await page.getByLabel('Cơ quan').selectOption('HOIANDONG');
  await page.getByRole('button', { name: 'Xem báo cáo' }).click();
  await page.locator('[data-rep-empty]').waitFor();
  await page.getByLabel('Cơ quan').selectOption('');
  await page.getByRole('button', { name: 'Xem báo cáo' }).click();
  await page.locator('[data-rep-table]').waitFor();
  assert.equal((await page.locator('tr[data-total] td').allInnerTexts())[1], '2');
  // the page itself does not scroll sideways; the table's frame does
  assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1));
  await shot(page, 'report-phone');
  assert.deepEqual(await axe(page), []);
  // a bad period: the error beside the field
  await page.getByLabel('Từ ngày').fill('2026-03-31');
  await page.getByLabel('Đến ngày').fill('2026-03-01');
  await page.getByRole('button', { name: 'Xem báo cáo' }).click();
  await page.locator('#r-to[aria-invalid="true"]').waitFor();
});
