// The statutory papers in a real Chromium: a reception officer signs in,
// opens the receipt of a dossier, it prints on ONE A4 page, its QR code
// (decoded with zbarimg from the screenshot and from the PDF) is the public
// tracking URL, the print button prints, axe finds nothing; the other forms
// and the landscape tracking book are rendered and saved for a look
// (build/screenshots/form-*.png and .pdf, and a PNG of each PDF page). Every
// paper, Mẫu 01–07 of Circular 03/2025/TT-VPCP, is printed to PDF and the
// PDF's text (pdftotext) carries its number and title.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { mkdir, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { startServer, DEMO_PASSWORD } from '../lib/server.mjs';
import { launch, axe, SHOTS } from '../lib/browser.mjs';

const run = promisify(execFile);
let srv, b, ctx, page;
const codes = {};

async function api(method, path, body, auth) {
  const r = await srv.json(method, path, body, auth);
  assert.ok(r.status < 300, `${method} ${path}: ${r.status} ${JSON.stringify(r.data)}`);
  return r.data;
}

before(async () => {
  srv = await startServer({ env: { MOTCUA_TEST_CLOCK: '1' } });
  b = await launch();
  const u = await srv.login('tiepnhan1');
  const h = await srv.login('hotich1');
  const ct = await srv.login('chutich');
  const now = (iso) => api('PUT', '/api/v1/_test/now', { now: iso });
  const catalogueDocs = (await api('GET', '/api/v1/procedures/1.004873')).documents;
  const docs = catalogueDocs.map((d) => ({ id: d.id, form: d.form, count: 1 }));
  const applicant = { kind: 'person', name: 'Nguyễn Văn Bình', id_number: '048085001234', phone: '0905123456', email: 'binh.nguyen@example.com', address: '12 Trần Phú, phường Hội An, Đà Nẵng' };
  const intake = async (more = {}) => (await api('POST', '/api/v1/dossiers', { procedure: '1.004873', applicant, return_method: 'counter', documents: docs, ...more }, u)).code;
  const act = (code, body, who) => api('POST', `/api/v1/dossiers/${code}/actions`, body, who);
  await now('2026-03-02T09:00:00+07:00');
  codes.main = await intake();
  await now('2026-03-02T10:00:00+07:00');
  await act(codes.main, { action: 'forward' }, u);
  await now('2026-03-02T14:00:00+07:00');
  await act(codes.main, { action: 'request_supplement', reason: 'Thiếu bản sao giấy tờ', items: ['Bản sao Giấy khai sinh', 'Tờ khai có xác nhận của tổ dân phố'] }, h);
  await now('2026-03-04T14:00:00+07:00');
  await act(codes.main, { action: 'supplement', note: 'Đã nộp bổ sung' }, u);
  await now('2026-03-04T15:00:00+07:00');
  await act(codes.main, { action: 'forward', to: 'chutich' }, h);
  await act(codes.main, { action: 'apologize', reason: 'Cần xác minh thêm với nơi cư trú trước đây của công dân.', new_due_at: '2026-03-11T17:00:00+07:00' }, ct);
  await now('2026-03-05T09:00:00+07:00');
  await act(codes.main, { action: 'complete', result: { summary: 'Đã cấp Giấy xác nhận tình trạng hôn nhân' } }, ct);
  await act(codes.main, { action: 'return', receiver_name: 'Nguyễn Văn Bình', method: 'counter' }, u);
  // refused at the counter before receipt (an online submission): the centre's Mẫu 03
  codes.refused = (await api('POST', '/api/v1/public/submissions', { procedure: '1.004873', applicant, documents: catalogueDocs.filter((d) => d.mandatory).map((d) => ({ id: d.id })) })).code;
  await act(codes.refused, { action: 'refuse', reason: 'Người yêu cầu không cư trú trên địa bàn phường; hồ sơ không thuộc thẩm quyền giải quyết.', legal_basis: 'Khoản 1 Điều 21 Luật Hộ tịch năm 2014' }, u);
  // refused after receipt by the vice-chairman: the People's Committee's Mẫu 03
  codes.refusedLate = await intake();
  await act(codes.refusedLate, { action: 'forward' }, u);
  await act(codes.refusedLate, { action: 'forward', to: 'phochutich' }, h);
  await act(codes.refusedLate, { action: 'refuse', reason: 'Người yêu cầu đã đăng ký kết hôn tại nơi khác; không đủ điều kiện cấp giấy xác nhận.', legal_basis: 'Điều 22 Nghị định số 123/2015/NĐ-CP' }, await srv.login('phochutich'));
  // submitted by an authorised person: the receipt's longest case
  codes.proxy = await intake({
    authorised_person: { name: 'Trần Thị Hoa', id_number: '048190004321', address: '5 Lê Lợi, phường Hội An, thành phố Đà Nẵng', phone: '0912345678', email: 'tran.thi.hoa@example.com', document: 'Giấy ủy quyền số 12/2026/UQ ngày 01/03/2026, chứng thực tại UBND phường Hội An' },
  });
  codes.stopped = await intake();
  await act(codes.stopped, { action: 'withdraw', reason: 'Công dân không còn nhu cầu.' }, u);

  // a PC screen with a 2x display, so the QR modules are sharp in screenshots
  ctx = await b.browser.newContext({ viewport: { width: 1366, height: 900 }, deviceScaleFactor: 2, locale: 'vi-VN', timezoneId: 'Europe/Paris' });
  page = await ctx.newPage();
  page.consoleErrors = [];
  page.on('console', (m) => m.type() === 'error' && page.consoleErrors.push(m.text()));
  page.on('pageerror', (e) => page.consoleErrors.push(String(e)));
  // sign in through the login page, as a reception officer
  await page.goto(srv.url + '/login/');
  await page.getByLabel(/Tên đăng nhập/).fill('tiepnhan1');
  await page.getByLabel(/Mật khẩu/).fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: /Đăng nhập/ }).click();
  await page.waitForURL(/\/staff\/$/);
});
after(async () => {
  await ctx?.close();
  await b?.close();
  await srv?.stop();
});

async function open(path) {
  const res = await page.goto(srv.url + path);
  assert.equal(res.status(), 200, path);
  await page.evaluate(() => document.fonts.ready);
  // the paper's own serif is used, not a fallback
  assert.equal(await page.evaluate(() => document.fonts.check('13pt "Motcua Serif"')), true);
}

/** Saves the screenshot and the PDF; returns {pages, width, height, pdf}. */
async function keep(name, { landscape = false } = {}) {
  await mkdir(SHOTS, { recursive: true });
  const png = join(SHOTS, `form-${name}.png`);
  await page.screenshot({ path: png, fullPage: true });
  const pdf = join(SHOTS, `form-${name}.pdf`);
  await page.pdf({ path: pdf, format: 'A4', landscape, preferCSSPageSize: true, printBackground: false });
  const info = (await run('pdfinfo', [pdf])).stdout;
  const pages = Number(info.match(/^Pages:\s+(\d+)/m)[1]);
  const [, w, h] = info.match(/^Page size:\s+([\d.]+) x ([\d.]+) pts/m);
  // each page as a PNG, to look at (and to read the printed QR code)
  await run('pdftoppm', ['-r', '110', '-png', pdf, join(SHOTS, `form-${name}-pdf`)]);
  return { png, pdf, pages, width: Number(w), height: Number(h) };
}

/** The printed PDF's text holds the paper's number and title. */
async function assertPrinted(pdf, no, title) {
  const { stdout } = await run('pdftotext', ['-layout', pdf, '-']);
  const text = stdout.replace(/\s+/g, ' ');
  assert.ok(text.includes(no), `${pdf}: ${no}`);
  assert.ok(text.includes(title), `${pdf}: ${title} in ${text.slice(0, 400)}`);
}

async function zbar(file) {
  try {
    const { stdout } = await run('zbarimg', ['-q', '--raw', file]);
    return stdout.trim();
  } catch (e) {
    if (e.code === 'ENOENT') assert.fail('zbarimg is missing: apt-get install zbar-tools (scripts/install-deps.sh)');
    return '';
  }
}

test('the receipt: one A4 page, national heading, QR code of the tracking URL, prints, accessible', async () => {
  await open(`/api/v1/dossiers/${codes.main}/forms/receipt`);
  const url = `${srv.url}/track/?code=${codes.main}`;
  // print.css writes the nation in capitals; the text reads as people see it
  assert.equal(await page.innerText('.doc-head__country'), 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM');
  assert.equal(await page.innerText('.doc-head__motto'), 'Độc lập - Tự do - Hạnh phúc');
  assert.equal(await page.innerText('h1'), 'GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ');
  assert.equal(await page.innerText('.doc-form-no'), 'Mẫu số 01');
  // the number sits at the top right of the sheet, above the country's name
  const [noBox, countryBox, paperBox] = await Promise.all(['.doc-form-no', '.doc-head__country', '.paper'].map((s) => page.locator(s).boundingBox()));
  assert.ok(noBox.y + noBox.height <= countryBox.y + 1, 'the number above the country');
  assert.ok(noBox.x + noBox.width > paperBox.x + paperBox.width * 0.8, 'the number on the right');
  const text = await page.innerText('.paper');
  for (const x of [codes.main, 'Nguyễn Văn Bình', 'Hội An, ngày 02 tháng 3 năm 2026', '09 giờ 00 phút, ngày 05/03/2026', 'Huỳnh Thị Mỹ Duyên']) {
    assert.ok(text.includes(x), x);
  }
  // the sheet is an A4 preview: 210 mm wide at 96 px/in
  const w = await page.evaluate(() => document.querySelector('.paper').getBoundingClientRect().width);
  assert.ok(Math.abs(w - (210 / 25.4) * 96) < 2, `paper width ${w}`);

  const shot = await keep('receipt');
  assert.equal(shot.pages, 1, 'the receipt fits one A4 page');
  await assertPrinted(shot.pdf, 'Mẫu số 01', 'GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ');
  assert.ok(Math.abs(shot.width - 595) < 2 && Math.abs(shot.height - 842) < 2, 'A4 portrait');
  // the QR code, read back from the screen and from the printed page
  const qrPng = join(SHOTS, 'form-receipt-qr.png');
  await page.locator('svg.doc-qr').screenshot({ path: qrPng });
  // the QR code carries the evaluation code in its fragment (D35), printed under it too
  const evCode = (await page.innerText('.eval-code')).trim();
  assert.match(evCode, /^[0-9A-F]{10}$/);
  assert.equal(await zbar(qrPng), `${url}#ev=${evCode}`);
  assert.equal(await zbar(join(SHOTS, 'form-receipt-pdf-1.png')), `${url}#ev=${evCode}`);

  // the toolbar: shown with JavaScript, never printed; "In" prints
  assert.equal(await page.isVisible('[data-action="print"]'), true);
  await page.evaluate(() => {
    window.__printed = 0;
    window.print = () => window.__printed++;
  });
  await page.getByRole('button', { name: 'In' }).click();
  await page.waitForFunction(() => window.__printed === 1);
  await page.emulateMedia({ media: 'print' });
  assert.equal(await page.isVisible('.print-toolbar'), false);
  assert.equal(await page.isVisible('.paper'), true);
  await page.emulateMedia({ media: null });

  assert.deepEqual(await axe(page), []);
  assert.deepEqual(page.consoleErrors, []);
});

test('the toolbar follows the language; the paper stays Vietnamese', async () => {
  await page.evaluate(() => localStorage.setItem('motcua.lang', 'en'));
  await open(`/api/v1/dossiers/${codes.main}/forms/receipt`);
  await page.waitForFunction(() => document.documentElement.lang === 'en');
  assert.equal(await page.innerText('[data-action="print"]'), 'Print');
  assert.equal(await page.getAttribute('.paper', 'lang'), 'vi');
  assert.equal(await page.innerText('h1'), 'GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ');
  await page.evaluate(() => localStorage.removeItem('motcua.lang'));
});

test('the other papers (Mẫu 02–06) and the tracking book (Mẫu 07) print on A4 with their number and title, accessibly', async () => {
  const list = [
    ['supplement', codes.main, 'Mẫu số 02', 'PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ'],
    ['refusal', codes.refused, 'Mẫu số 03', 'PHIẾU TỪ CHỐI TIẾP NHẬN GIẢI QUYẾT HỒ SƠ'],
    ['refusal-late', codes.refusedLate, 'Mẫu số 03', 'PHIẾU TỪ CHỐI TIẾP NHẬN GIẢI QUYẾT HỒ SƠ'],
    ['apology', codes.main, 'Mẫu số 04', 'VĂN BẢN XIN LỖI VÀ ĐỀ NGHỊ GIA HẠN THỜI GIAN GIẢI QUYẾT'],
    ['withdrawal', codes.stopped, 'Mẫu số 05', 'THÔNG BÁO DỪNG GIẢI QUYẾT HỒ SƠ'],
    ['control', codes.main, 'Mẫu số 06', 'PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ'],
  ];
  for (const [kind, code, no, title] of list) {
    await open(`/api/v1/dossiers/${code}/forms/${kind.replace('-late', '')}`);
    assert.equal(await page.innerText('h1'), title);
    assert.equal(await page.innerText('.doc-form-no'), no);
    const s = await keep(kind);
    assert.ok(s.pages >= 1 && s.pages <= 2, `${kind}: ${s.pages} pages`);
    if (kind !== 'control') assert.equal(s.pages, 1, `${kind} fits one page`);
    await assertPrinted(s.pdf, no, title);
    assert.deepEqual(await axe(page), [], kind);
  }
  // the refusal after receipt: the People's Committee's, signed by its vice-chairman
  await open(`/api/v1/dossiers/${codes.refusedLate}/forms/refusal`);
  assert.equal(await page.innerText('.doc-head__org'), 'ỦY BAN NHÂN DÂN PHƯỜNG HỘI AN');
  assert.match(await page.locator('.doc-sign > div').last().innerText(), /^TM\. ỦY BAN NHÂN DÂN\n+KT\. CHỦ TỊCH\n+PHÓ CHỦ TỊCH\n+\(Ký, ghi rõ họ tên và đóng dấu\)\n+Phạm Thị Thu Sương$/);
  assert.match(await page.innerText('.paper'), /Căn cứ: Điều 22 Nghị định số 123\/2015\/NĐ-CP/);
  // the apology is signed for the People's Committee by its chairman
  await open(`/api/v1/dossiers/${codes.main}/forms/apology`);
  assert.equal(await page.innerText('.doc-head__org'), 'ỦY BAN NHÂN DÂN PHƯỜNG HỘI AN');
  const sign = await page.locator('.doc-sign > div').last().innerText();
  assert.match(sign, /^TM\. ỦY BAN NHÂN DÂN\n+CHỦ TỊCH\n+\(Ký, ghi rõ họ tên và đóng dấu\)\n+Lê Văn Trung$/);

  await open(`/api/v1/books/tracking?from=2026-03-01&to=2026-03-31`);
  assert.equal(await page.innerText('h1'), 'SỔ THEO DÕI HỒ SƠ');
  assert.equal(await page.innerText('.doc-form-no'), 'Mẫu số 07');
  // received in March: main, the stopped one, the one refused late, the proxy's
  // (the one refused before receipt was never entered)
  assert.equal(await page.$$eval('.doc-table tbody tr', (trs) => trs.length), 4);
  // the thirteen columns stay inside the sheet's margins
  const bookOverflow = await page.evaluate(() => {
    const paper = document.querySelector('.paper');
    const right = paper.getBoundingClientRect().right - parseFloat(getComputedStyle(paper).paddingRight);
    return document.querySelector('.doc-table').getBoundingClientRect().right - right;
  });
  assert.ok(bookOverflow <= 1, `the book table overflows the margin by ${bookOverflow}px`);
  const book = await keep('book', { landscape: true });
  assert.equal(book.pages, 1);
  await assertPrinted(book.pdf, 'Mẫu số 07', 'SỔ THEO DÕI HỒ SƠ');
  assert.ok(book.width > book.height, 'A4 landscape');
  assert.deepEqual(await axe(page), []);

  // the receipt of a dossier submitted by an authorised person: its block and
  // the book entry, still on ONE page
  await open(`/api/v1/dossiers/${codes.proxy}/forms/receipt`);
  const proxyText = await page.innerText('.paper');
  for (const x of [/Người được ủy quyền:\s*Trần Thị Hoa/, /048190004321/, /Giấy ủy quyền:\s*Giấy ủy quyền số 12\/2026\/UQ/, /Quyển số:\s*HT-2026/]) assert.match(proxyText, x);
  const proxy = await keep('receipt-proxy');
  assert.equal(proxy.pages, 1, 'the receipt with an authorised person fits one A4 page');
  await assertPrinted(proxy.pdf, 'Mẫu số 01', 'Người được ủy quyền');
  assert.deepEqual(await axe(page), []);

  // a phone: the sheet scrolls sideways inside its frame instead of reflowing
  await page.setViewportSize({ width: 360, height: 740 });
  await open(`/api/v1/dossiers/${codes.main}/forms/receipt`);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 1, `page overflow ${overflow}px at 360`);
  await page.screenshot({ path: join(SHOTS, 'form-receipt-360.png'), fullPage: true });
  await page.setViewportSize({ width: 1366, height: 900 });
  assert.deepEqual(page.consoleErrors, []);
  const files = await readdir(SHOTS);
  assert.ok(files.includes('form-control-pdf-1.png'));
});
