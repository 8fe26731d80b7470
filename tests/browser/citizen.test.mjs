// A citizen on a 360 px phone: online submission (/submit/) step by step
// with a PDF, a wrong phone number sent back by the server to the right
// step and field, a network failure that keeps everything typed, the code
// on the confirmation page; then public tracking (/track/) of that code
// before and after reception accepts it, a supplement request, an apology
// and an overdue dossier, an unknown code, the English switch — and never
// any personal data on the public pages. Axe on each screen, screenshots at
// 360 and 1366 px.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, writeFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer } from '../lib/server.mjs';
import { launch, shot, axe } from '../lib/browser.mjs';

let srv, b, dir, pdf, notPdf;
const users = {};
const PERSON = {
  name: 'Nguyễn Thị Hoa Lài',
  id: '048185004321',
  phone: '0912 345 678',
  email: 'hoalai.nguyen@example.com',
  address: '27 Nguyễn Thái Học, phường Hội An, Đà Nẵng',
};
// what must never appear on a public page
const PERSONAL = ['Nguyễn Thị Hoa Lài', '048185004321', '0912345678', '0912 345 678', 'hoalai.nguyen', 'Nguyễn Thái Học'];
let code = null;

before(async () => {
  srv = await startServer({ env: { MOTCUA_TEST_CLOCK: '1' } });
  b = await launch();
  dir = await mkdtemp(join(tmpdir(), 'motcua-citizen-'));
  pdf = join(dir, 'to-khai.pdf');
  await writeFile(pdf, '%PDF-1.4\n% motcua browser test\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');
  notPdf = join(dir, 'ghi-chu.pdf');
  await writeFile(notPdf, 'just some text, not a PDF\n');
  for (const u of ['tiepnhan1', 'hotich1', 'chutich']) users[u] = await srv.login(u);
});
after(async () => {
  await b?.close();
  await srv?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

const setNow = (iso) => srv.json('PUT', '/api/v1/_test/now', { now: iso });
const act = (c, body, who) => srv.json('POST', `/api/v1/dossiers/${c}/actions`, body, users[who]);

async function noPersonalData(page, where) {
  const html = await page.content();
  const text = await page.innerText('body');
  for (const s of PERSONAL) {
    assert.ok(!html.includes(s) && !text.includes(s), `${where} contains "${s}"`);
  }
}

async function noOverflow(page, where) {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 1, `horizontal overflow ${overflow}px on ${where}`);
}

// the machine running the tests may be busy: give each wait more time
async function newPage(width) {
  const page = await b.page({ width });
  page.setDefaultTimeout(60000);
  return page;
}

const visibleStep = (page) => page.evaluate(() => document.querySelector('[data-step]:not([hidden])')?.dataset.step);

test('a citizen submits a dossier online, step by step, at 360 px', async () => {
  assert.equal((await setNow('2026-03-03T08:00:00+07:00')).status, 200); // a Tuesday
  const page = await newPage(360);
  await page.goto(srv.url + '/submit/?procedure=1.004873');

  // start: the procedure, what to prepare, the documents
  await page.getByRole('heading', { level: 1, name: 'Cấp Giấy xác nhận tình trạng hôn nhân' }).waitFor();
  assert.match(await page.innerText('main'), /3 ngày làm việc/);
  assert.match(await page.innerText('main'), /Tờ khai cấp Giấy xác nhận tình trạng hôn nhân/);
  await noOverflow(page, 'start');
  await shot(page, 'citizen-submit-start-360');
  assert.deepEqual(await axe(page), []);
  await page.getByRole('link', { name: 'Bắt đầu' }).click();

  // 1. applicant: nothing typed → error summary and messages beside the fields
  await page.getByRole('heading', { level: 1, name: 'Thông tin người nộp hồ sơ' }).waitFor();
  assert.match(page.url(), /#applicant$/);
  assert.match(await page.innerText('main'), /Các mục có dấu \* là bắt buộc/);
  await page.getByRole('button', { name: 'Tiếp tục' }).click();
  const summary = page.locator('[data-form="applicant"] [data-error-summary]');
  await summary.waitFor();
  assert.match(await summary.innerText(), /Hãy chọn nộp hồ sơ cho cá nhân hay cho tổ chức/);
  assert.match(await summary.innerText(), /Hãy nhập họ và tên/);
  assert.equal(await page.getByLabel('Họ và tên').getAttribute('aria-invalid'), 'true');
  assert.match(await page.title(), /^Lỗi: /);
  await shot(page, 'citizen-submit-errors-360');
  assert.deepEqual(await axe(page), []);

  // the page's own check: an ID number of 11 digits
  await page.getByLabel('Cho bản thân hoặc cho một người (cá nhân)').check();
  await page.getByLabel('Họ và tên').fill(PERSON.name);
  await page.getByLabel('Số định danh cá nhân').fill('04818500432');
  // 0123… has 10 digits and starts with 0, so only the server knows it is no mobile prefix
  await page.getByLabel('Số điện thoại di động').fill('0123 456 789');
  await page.getByLabel('Thư điện tử (e-mail)').fill(PERSON.email);
  await page.getByLabel('Địa chỉ liên hệ').fill(PERSON.address);
  await page.getByRole('button', { name: 'Tiếp tục' }).click();
  await summary.waitFor();
  assert.match(await summary.innerText(), /phải gồm đúng 12 chữ số/);
  assert.doesNotMatch(await summary.innerText(), /điện thoại/);
  await page.getByLabel('Số định danh cá nhân').fill(PERSON.id);
  await page.getByRole('button', { name: 'Tiếp tục' }).click();

  // 2. documents: the mandatory form needs a file; a file that is no PDF is refused here
  await page.getByRole('heading', { level: 1, name: 'Giấy tờ kèm theo' }).waitFor();
  assert.match(page.url(), /#documents$/);
  await page.getByRole('button', { name: 'Tiếp tục' }).click();
  const docSummary = page.locator('[data-form="documents"] [data-error-summary]');
  await docSummary.waitFor();
  assert.match(await docSummary.innerText(), /Hãy chọn tệp cho giấy tờ bắt buộc “Tờ khai cấp Giấy xác nhận/);
  const formDoc = page.locator('[data-doc]', { hasText: 'Tờ khai cấp Giấy xác nhận' });
  await formDoc.locator('input[type=file]').setInputFiles(notPdf);
  await page.waitForFunction(() => /không phải PDF, JPG hoặc PNG/.test(document.querySelector('[data-form="documents"]').innerText));
  assert.equal(await formDoc.locator('.file-list__item').count(), 0);
  await formDoc.locator('input[type=file]').setInputFiles(pdf);
  await formDoc.locator('.file-list__item', { hasText: 'to-khai.pdf' }).waitFor();
  assert.match(await formDoc.innerText(), /to-khai\.pdf/);
  assert.match(await page.innerText('[data-files-total]'), /Đã chọn 1 tệp/);
  // remove and add again: the list follows
  await formDoc.getByRole('button', { name: 'Xóa tệp to-khai.pdf' }).click();
  assert.equal(await formDoc.locator('.file-list__item').count(), 0);
  await formDoc.locator('input[type=file]').setInputFiles(pdf);
  await formDoc.locator('.file-list__item').waitFor();
  await noOverflow(page, 'documents');
  await shot(page, 'citizen-submit-documents-360');
  assert.deepEqual(await axe(page), []);
  await page.getByRole('button', { name: 'Tiếp tục' }).click();

  // 3. how to receive the result
  await page.getByRole('heading', { level: 1, name: /Ông\/Bà muốn nhận kết quả bằng cách nào/ }).waitFor();
  await page.getByRole('button', { name: 'Tiếp tục' }).click();
  await page.locator('[data-form="return"] [data-error-summary]').waitFor();
  await page.getByLabel('Nhận tại Trung tâm').check();
  await page.getByRole('button', { name: 'Tiếp tục' }).click();

  // the back button goes back one screen, and forward again
  await page.getByRole('heading', { level: 1, name: 'Kiểm tra lại trước khi gửi' }).waitFor();
  await page.goBack();
  assert.equal(await visibleStep(page), 'return');
  await page.goForward();
  assert.equal(await visibleStep(page), 'check');

  // 4. check your answers
  const check = await page.innerText('main');
  for (const s of [PERSON.name, PERSON.id, '0123 456 789', PERSON.email, 'to-khai.pdf', 'Nhận tại Trung tâm']) {
    assert.ok(check.includes(s), `check page lacks ${s}`);
  }
  await noOverflow(page, 'check');
  await shot(page, 'citizen-submit-check-360');
  assert.deepEqual(await axe(page), []);

  // the server refuses the phone number: back on step 1, message beside the phone field
  await page.getByRole('button', { name: 'Gửi hồ sơ' }).click();
  await page.waitForURL(/#applicant$/);
  await summary.waitFor();
  assert.match(await summary.innerText(), /Đầu số không phải đầu số di động Việt Nam/);
  const phone = page.getByLabel('Số điện thoại di động');
  assert.equal(await phone.getAttribute('aria-invalid'), 'true');
  const beside = await page.locator('.field--error').innerText();
  assert.match(beside, /Số điện thoại di động[\s\S]*Đầu số không phải đầu số di động/);
  assert.equal(await page.getByLabel('Họ và tên').inputValue(), PERSON.name); // kept
  await shot(page, 'citizen-submit-server-error-360');
  await phone.fill(PERSON.phone);
  await page.getByRole('button', { name: 'Tiếp tục' }).click();
  // "Continue" after the check screen goes straight back to it
  await page.getByRole('heading', { level: 1, name: 'Kiểm tra lại trước khi gửi' }).waitFor();
  assert.match(await page.innerText('main'), /to-khai\.pdf/);

  // too many submissions from this address: the page says when to try again
  await page.route('**/api/v1/public/submissions', (route) =>
    route.fulfill({ status: 429, headers: { 'Content-Type': 'application/json', 'Retry-After': '120' }, body: JSON.stringify({ error: { code: 'too_many_submissions', message: 'x' } }) }));
  await page.getByRole('button', { name: 'Gửi hồ sơ' }).click();
  const notice = page.locator('[data-page-notice] .notice--error');
  await notice.waitFor();
  assert.match(await notice.innerText(), /Hãy thử lại sau 2 phút/);
  await page.unroute('**/api/v1/public/submissions');

  // the network fails: a notice with "Thử lại", nothing lost
  await page.route('**/api/v1/public/submissions', (route) => route.abort('internetdisconnected'));
  await page.getByRole('button', { name: 'Gửi hồ sơ' }).click();
  await page.waitForFunction(() => /Không kết nối/.test(document.querySelector('[data-page-notice]').innerText));
  assert.match(await notice.innerText(), /Không kết nối được với máy chủ/);
  assert.match(await notice.innerText(), /vẫn được giữ nguyên/);
  assert.equal(await visibleStep(page), 'check');
  await page.unroute('**/api/v1/public/submissions');

  // retry → sent: the code, large and copyable, what happens next, the tracking link
  await setNow('2026-03-03T08:30:00+07:00');
  await notice.getByRole('button', { name: 'Thử lại' }).click();
  await page.getByRole('heading', { level: 1, name: 'Đã gửi hồ sơ' }).waitFor();
  code = (await page.locator('[data-done-code]').innerText()).trim();
  assert.match(code, /^000\.01\.40\.H15-260303-\d{4}$/);
  const done = await page.innerText('main');
  assert.match(done, /Cán bộ sẽ kiểm tra và tiếp nhận hồ sơ trong ngày làm việc/);
  assert.match(done, /Gửi lúc 08:30 ngày 03\/03\/2026/); // Vietnam time on a Paris phone
  assert.equal(await page.getByRole('link', { name: 'Theo dõi hồ sơ này' }).getAttribute('href'), '/track/?code=' + encodeURIComponent(code));
  await noPersonalData(page, 'the confirmation page');
  await noOverflow(page, 'done');
  await shot(page, 'citizen-submit-done-360');
  assert.deepEqual(await axe(page), []);
  // back does not show the form again
  await page.goBack();
  assert.equal(await visibleStep(page), 'done');
  assert.deepEqual(page.consoleErrors.filter((e) => !/422|ERR_INTERNET_DISCONNECTED|Failed to load resource/.test(e)), []);

  // what the server stored: the applicant as typed, the PDF attached to its document
  const d = await srv.json('GET', '/api/v1/dossiers/' + code, undefined, users.tiepnhan1);
  assert.equal(d.status, 200);
  assert.equal(d.data.status, 'submitted');
  assert.equal(d.data.applicant.phone, '0912345678');
  assert.equal(d.data.applicant.address, PERSON.address);
  assert.equal(d.data.return_method, 'counter');
  assert.deepEqual(d.data.attachments.map((a) => [a.name, a.type]), [['to-khai.pdf', 'application/pdf']]);
});

test('the procedure is chosen first when none is given; a procedure not online says so (1366 px)', async () => {
  const page = await newPage(1366);
  await page.goto(srv.url + '/submit/');
  await page.getByRole('searchbox', { name: 'Tìm thủ tục' }).fill('xac nhan tinh trang hon nhan');
  await page.getByRole('button', { name: 'Tìm' }).click();
  // the list of all procedures may still be on screen: wait for the search's answer
  await page.locator('[data-choose-count]', { hasText: 'khớp với “xac nhan tinh trang hon nhan”' }).waitFor();
  const link = page.getByRole('link', { name: 'Cấp Giấy xác nhận tình trạng hôn nhân' });
  assert.equal(await link.getAttribute('href'), '/submit/?procedure=1.004873');
  assert.ok((await page.locator('[data-choose-list] li').count()) < 10); // filtered, not the whole catalogue
  await shot(page, 'citizen-submit-choose-1366');
  assert.deepEqual(await axe(page), []);
  await link.click();
  await page.getByRole('heading', { level: 1, name: 'Cấp Giấy xác nhận tình trạng hôn nhân' }).waitFor();
  await page.getByRole('link', { name: 'Bắt đầu' }).click();
  await page.getByRole('heading', { level: 1, name: 'Thông tin người nộp hồ sơ' }).waitFor();
  // an organisation: its name and tax code appear, the ID number is no longer required
  await page.getByLabel('Cho một cơ quan, doanh nghiệp hoặc tổ chức').check();
  await page.getByLabel('Tên cơ quan, tổ chức').waitFor();
  await page.getByRole('button', { name: 'Tiếp tục' }).click();
  const summary = await page.locator('[data-form="applicant"] [data-error-summary]').innerText();
  assert.match(summary, /Hãy nhập tên cơ quan, tổ chức/);
  assert.match(summary, /Hãy nhập mã số thuế/);
  assert.doesNotMatch(summary, /số định danh/);
  await shot(page, 'citizen-submit-org-1366');
  assert.deepEqual(await axe(page), []);
  await page.goto(srv.url + '/submit/?procedure=2.000884'); // online: none
  await page.locator('[data-page-notice] .notice').waitFor();
  assert.match(await page.innerText('[data-page-notice]'), /chưa nộp trực tuyến được/);
  await page.goto(srv.url + '/submit/?procedure=9.999999');
  await page.locator('[data-page-notice] .notice').waitFor();
  assert.match(await page.innerText('[data-page-notice]'), /Không có thủ tục nào với mã “9.999999”/);
  // a later screen cannot be opened before the ones before it
  await page.goto(srv.url + '/submit/?procedure=1.004873#check');
  await page.getByRole('heading', { level: 1, name: 'Cấp Giấy xác nhận tình trạng hôn nhân' }).waitFor();
  assert.equal(await visibleStep(page), 'start');
});

test('tracking shows the status in words, then the appointment once accepted — nothing personal', async () => {
  assert.ok(code, 'the submission test gave a code');
  for (const width of [360, 1366]) {
    const page = await newPage(width);
    await page.goto(srv.url + '/track/?code=' + encodeURIComponent(code));
    const status = page.locator('.status-panel__status');
    await status.waitFor();
    assert.equal(await page.getByLabel('Mã hồ sơ').inputValue(), code); // pre-filled from the QR link
    assert.equal(await status.innerText(), 'Đã nộp trực tuyến, chờ tiếp nhận');
    assert.match(await page.innerText('main'), /Cấp Giấy xác nhận tình trạng hôn nhân/);
    assert.match(await page.innerText('main'), /Nộp trực tuyến\s+08:30, Thứ Ba, 03\/03\/2026/);
    assert.match(await page.innerText('main'), /Có ngày hẹn khi hồ sơ được tiếp nhận/);
    await noPersonalData(page, 'tracking (submitted)');
    await noOverflow(page, 'tracking');
    await shot(page, `citizen-track-submitted-${width}`);
    assert.deepEqual(await axe(page), []);
  }

  await setNow('2026-03-03T09:00:00+07:00');
  const acc = await act(code, { action: 'accept' }, 'tiepnhan1');
  assert.equal(acc.status, 200, JSON.stringify(acc.data));
  assert.equal(acc.data.due_at, '2026-03-06T09:00:00+07:00');

  for (const width of [360, 1366]) {
    const page = await newPage(width);
    await page.goto(srv.url + '/track/?code=' + encodeURIComponent(code));
    const status = page.locator('.status-panel__status');
    await status.waitFor();
    assert.equal(await status.innerText(), 'Đã tiếp nhận');
    const main = await page.innerText('main');
    // shown in Vietnam time although the phone is set to Paris
    assert.match(main, /Tiếp nhận\s+09:00, Thứ Ba, 03\/03\/2026/);
    assert.match(main, /Hẹn trả kết quả\s+09:00, Thứ Sáu, 06\/03\/2026/);
    const steps = page.locator('.timeline__item');
    assert.equal(await steps.count(), 4);
    assert.match(await steps.nth(0).innerText(), /Bước 1: [\s\S]*Đang thực hiện/);
    assert.match(await steps.nth(1).innerText(), /Chưa đến bước này/);
    assert.equal(await steps.nth(0).getAttribute('aria-current'), 'step');
    await noPersonalData(page, 'tracking (received)');
    await noOverflow(page, 'tracking');
    await shot(page, `citizen-track-received-${width}`);
    assert.deepEqual(await axe(page), []);
    assert.deepEqual(page.consoleErrors, []);
  }
});

test('tracking: English switch, unknown code, empty code, another code without reloading', async () => {
  const page = await newPage(360);
  await page.goto(srv.url + '/track/?code=' + encodeURIComponent(code));
  await page.locator('.status-panel__status').waitFor();
  await page.getByRole('button', { name: 'English' }).click();
  await page.waitForFunction(() => document.documentElement.lang === 'en');
  assert.equal(await page.locator('.status-panel__status').innerText(), 'Accepted');
  const en = await page.innerText('main');
  assert.match(en, /Result due\s+09:00, Friday, 06\/03\/2026/);
  assert.match(en, /Step 1: [\s\S]*In progress/);
  assert.match(await page.title(), /^Track an application/);
  await shot(page, 'citizen-track-en-360');
  assert.deepEqual(await axe(page), []);
  await page.getByRole('button', { name: 'Tiếng Việt' }).click();
  await page.waitForFunction(() => document.documentElement.lang === 'vi');
  assert.equal(await page.locator('.status-panel__status').innerText(), 'Đã tiếp nhận');

  // an unknown code: friendly not-found with hints
  await page.getByLabel('Mã hồ sơ').fill(' 000.01.40.h15-260101-9999 ');
  await page.getByRole('button', { name: 'Tra cứu' }).click();
  await page.getByRole('heading', { name: 'Không tìm thấy hồ sơ' }).waitFor();
  assert.match(page.url(), /\?code=000\.01\.40\.H15-260101-9999$/);
  const nf = await page.innerText('main');
  assert.match(nf, /Không có hồ sơ nào với mã “000\.01\.40\.H15-260101-9999”/);
  assert.match(nf, /kiểm tra lại mã trên giấy tiếp nhận hồ sơ/);
  await shot(page, 'citizen-track-notfound-360');
  assert.deepEqual(await axe(page), []);

  // back returns to the previous dossier
  await page.goBack();
  await page.locator('.status-panel__status').waitFor();
  assert.equal(await page.getByLabel('Mã hồ sơ').inputValue(), code);

  // an empty box is an error beside the field
  await page.getByLabel('Mã hồ sơ').fill('');
  await page.getByRole('button', { name: 'Tra cứu' }).click();
  await page.locator('[data-track-form] [data-error-summary]').waitFor();
  assert.match(await page.innerText('[data-track-form]'), /Hãy nhập mã hồ sơ/);
  assert.equal(await page.getByLabel('Mã hồ sơ').getAttribute('aria-invalid'), 'true');
});

test('tracking a counter dossier: supplement items, apology, overdue, steps on time or late', async () => {
  await setNow('2026-03-09T09:00:00+07:00'); // a Monday
  const p = await srv.json('GET', '/api/v1/procedures/1.004873');
  const docs = p.data.documents.filter((d) => d.mandatory).map((d) => ({ id: d.id }));
  const applicant = { kind: 'person', name: PERSON.name, id_number: PERSON.id, phone: PERSON.phone, email: PERSON.email, address: PERSON.address };
  const r = await srv.json('POST', '/api/v1/dossiers', { procedure: '1.004873', applicant, documents: docs }, users.tiepnhan1);
  assert.equal(r.status, 201, JSON.stringify(r.data));
  const c = r.data.code;
  await setNow('2026-03-09T10:00:00+07:00');
  assert.equal((await act(c, { action: 'forward' }, 'tiepnhan1')).status, 200);
  await setNow('2026-03-09T14:00:00+07:00');
  const sup = await act(c, { action: 'request_supplement', reason: 'Thiếu giấy tờ', items: ['Bản sao Giấy khai sinh', 'Giấy xác nhận nơi cư trú'] }, 'hotich1');
  assert.equal(sup.status, 200, JSON.stringify(sup.data));

  const page = await newPage(360);
  await page.goto(srv.url + '/track/?code=' + encodeURIComponent(c));
  await page.locator('.status-panel__status').waitFor();
  assert.equal(await page.locator('.status-panel__status').innerText(), 'Chờ bổ sung hồ sơ');
  let main = await page.innerText('main');
  assert.match(main, /Cần bổ sung hồ sơ/);
  assert.match(main, /Bản sao Giấy khai sinh/);
  assert.match(main, /Giấy xác nhận nơi cư trú/);
  assert.match(main, /Tạm dừng trong khi chờ bổ sung/);
  assert.match(await page.locator('.timeline__item').nth(0).innerText(), /Xong lúc 10:00, Thứ Hai, 09\/03\/2026[\s\S]*(Đúng hạn|Trước hạn)/);
  await noPersonalData(page, 'tracking (supplement)');
  await shot(page, 'citizen-track-supplement-360');
  assert.deepEqual(await axe(page), []);

  await setNow('2026-03-10T09:00:00+07:00');
  assert.equal((await act(c, { action: 'supplement', note: 'Đã nộp' }, 'tiepnhan1')).status, 200);
  assert.equal((await act(c, { action: 'forward', to: 'chutich' }, 'hotich1')).status, 200);
  const apo = await act(c, { action: 'apologize', reason: 'Cần xác minh thêm', new_due_at: '2026-03-20T17:00:00+07:00' }, 'chutich');
  assert.equal(apo.status, 200, JSON.stringify(apo.data));
  await setNow('2026-03-25T09:00:00+07:00'); // after the new date: overdue
  await page.reload();
  await page.locator('.status-panel__status').waitFor();
  assert.equal(await page.locator('.status-panel__status').innerText(), 'Đang giải quyết');
  main = await page.innerText('main');
  assert.match(main, /Ngày hẹn trả kết quả đã thay đổi/);
  assert.match(main, /Văn bản xin lỗi và đề nghị gia hạn thời gian giải quyết, hẹn trả kết quả vào 17:00, Thứ Sáu, 20\/03\/2026/);
  assert.match(main, /Hồ sơ đã quá ngày hẹn trả/);
  assert.match(main, /Hẹn trả kết quả\s+17:00, Thứ Sáu, 20\/03\/2026\s+Quá hạn/);
  assert.match(await page.locator('.timeline__item[aria-current="step"]').innerText(), /Đang thực hiện\s+Quá hạn/);
  await noPersonalData(page, 'tracking (apology, overdue)');
  await shot(page, 'citizen-track-overdue-360');
  assert.deepEqual(await axe(page), []);
});
