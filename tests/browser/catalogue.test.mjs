// The procedure catalogue in a real browser: a citizen searching (with and
// without diacritics), filtering, paging and opening a procedure; the
// administrator editing, adding, withdrawing, exporting and importing; a
// reception officer turned away. Each page is checked with axe-core and
// photographed at 360 px and 1366 px (build/screenshots/catalogue-*.png).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { startServer } from '../lib/server.mjs';
import { launch, shot, axe } from '../lib/browser.mjs';

let srv, b;
before(async () => {
  srv = await startServer();
  b = await launch();
});
after(async () => {
  await b?.close();
  await srv?.stop();
});

/** A browser page already signed in as `username` (session cookie from the API). */
async function staffPage(username, opts) {
  const page = await b.page(opts);
  const { cookie } = await srv.login(username);
  const [name, ...rest] = cookie.split('=');
  await page.context().addCookies([{ name, value: rest.join('='), url: srv.url }]);
  return page;
}

async function noOverflow(page, label) {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 1, `horizontal overflow ${overflow}px on ${label}`);
}

const countText = (page) => page.locator('[data-count]').innerText();
const firstTitle = (page) => page.locator('.proc-item__title').first().innerText();

async function searchFor(page, text) {
  const box = page.getByRole('searchbox', { name: 'Tên thủ tục hoặc từ khóa' });
  await box.fill(text);
  await page.waitForFunction(
    (q) => new URLSearchParams(location.search).get('q') === q && document.querySelector('[data-count]').innerText.includes(q),
    text
  );
}

test('a citizen searches the catalogue without diacritics, filters by field and pages through', async () => {
  for (const width of [360, 1366]) {
    const page = await b.page({ width });
    await page.goto(srv.url + '/procedures/');
    await page.waitForFunction(() => /Tìm thấy 41 thủ tục/.test(document.querySelector('[data-count]').innerText));
    // the hint says diacritics are optional
    assert.match(await page.locator('#f-q-hint').innerText(), /không dấu/);
    assert.equal(await page.locator('.proc-item').count(), 10);
    await noOverflow(page, `/procedures/ at ${width}`);
    await shot(page, `catalogue-search-${width}`);
    assert.deepEqual(await axe(page), []);
    assert.deepEqual(page.consoleErrors, []);
  }

  const page = await b.page({ width: 360 });
  await page.goto(srv.url + '/procedures/');
  await page.waitForSelector('.proc-item');

  // typed without diacritics
  await searchFor(page, 'dang ky ket hon');
  assert.equal(await firstTitle(page), 'Đăng ký kết hôn');
  assert.match(await countText(page), /Tìm thấy 2 thủ tục cho “dang ky ket hon”/);
  const card = page.locator('.proc-item').first();
  assert.match(await card.innerText(), /Hộ tịch/);
  assert.match(await card.innerText(), /Trong ngày/);
  assert.match(await card.innerText(), /Nộp trực tuyến một phần/);
  await shot(page, 'catalogue-search-results-360');

  // in capitals, with diacritics
  await searchFor(page, 'ĐĂNG KÝ KẾT HÔN');
  assert.equal(await firstTitle(page), 'Đăng ký kết hôn');

  // another word, another field
  await searchFor(page, 'chung thuc');
  assert.match(await countText(page), /Tìm thấy 10 thủ tục/);
  for (const t of await page.locator('.proc-item').allInnerTexts()) assert.match(t, /[Cc]hứng thực/);

  // the field filter narrows the list, and goes into the URL
  await page.getByLabel('Tên thủ tục hoặc từ khóa').fill('');
  await page.getByRole('button', { name: 'Tìm kiếm' }).click();
  await page.waitForFunction(() => /Tìm thấy 41 thủ tục\./.test(document.querySelector('[data-count]').innerText));
  await page.getByLabel('Lĩnh vực').selectOption('HT');
  await page.waitForFunction(() => /Tìm thấy 12 thủ tục trong lĩnh vực Hộ tịch/.test(document.querySelector('[data-count]').innerText));
  assert.match(page.url(), /field=HT/);
  const metas = await page.locator('.proc-item__meta').allInnerTexts();
  assert.ok(metas.every((m) => /Lĩnh vực: Hộ tịch/.test(m)), metas.join(' | '));

  // page 2 of the field, then back and forward
  await page.getByRole('link', { name: /Trang sau/ }).click();
  await page.waitForFunction(() => /Đang xem 11–12/.test(document.querySelector('[data-count]').innerText));
  assert.match(page.url(), /page=2/);
  await page.goBack();
  await page.waitForFunction(() => /Đang xem 1–10/.test(document.querySelector('[data-count]').innerText));
  await page.goBack();
  await page.waitForFunction(() => /Tìm thấy 41 thủ tục\./.test(document.querySelector('[data-count]').innerText));
  assert.equal(await page.getByLabel('Lĩnh vực').inputValue(), '');

  // nothing found: say so, and what to try
  await searchFor(page, 'xyzzy khong co');
  assert.match(await page.locator('[data-empty]').innerText(), /Không tìm thấy thủ tục nào/);
  assert.equal(await page.locator('.proc-item').count(), 0);
  await shot(page, 'catalogue-search-empty-360');
  assert.deepEqual(await axe(page), []);

  // a shared link opens the same search
  const shared = await b.page({ width: 1366 });
  await shared.goto(srv.url + '/procedures/?q=khai%20sinh&field=HT');
  await shared.waitForFunction(() => /khai sinh/.test(document.querySelector('[data-count]').innerText));
  assert.equal(await shared.getByLabel('Tên thủ tục hoặc từ khóa').inputValue(), 'khai sinh');
  assert.equal(await shared.getByLabel('Lĩnh vực').inputValue(), 'HT');
  assert.match(await firstTitle(shared), /khai sinh/i);
  assert.deepEqual([...page.consoleErrors, ...shared.consoleErrors], []);
});

test('a procedure page shows the portal sections, the documents table and fees in đồng', async () => {
  for (const width of [360, 1366]) {
    const page = await b.page({ width });
    await page.goto(srv.url + '/procedures/?q=dang%20ky%20ket%20hon');
    await page.getByRole('link', { name: 'Đăng ký kết hôn', exact: true }).click();
    await page.waitForURL(/\/procedures\/view\/\?code=1\.000894$/);
    await page.waitForSelector('[data-proc-body] .proc-section');
    assert.equal(await page.locator('h1').innerText(), 'Đăng ký kết hôn');
    assert.match(await page.title(), /^Đăng ký kết hôn — /);

    // the sections, in the order citizens know from the national portal
    // ("Ghi chú" comes before the internal steps when the procedure has a note)
    const h2 = (await page.locator('.proc-section > h2').allInnerTexts()).filter((x) => x !== 'Ghi chú');
    assert.deepEqual(h2, [
      'Trình tự thực hiện',
      'Cách thức thực hiện',
      'Thành phần hồ sơ',
      'Thời hạn giải quyết',
      'Phí, lệ phí',
      'Cơ quan thực hiện',
      'Đối tượng thực hiện',
      'Kết quả thực hiện',
      'Căn cứ pháp lý',
      'Điều kiện thực hiện',
      'Quy trình nội bộ',
    ]);

    // documents: a table with the form in words and whether it is required
    const docs = page.locator('#s-documents table');
    assert.deepEqual(await docs.locator('thead th').allInnerTexts(), ['STT', 'Tên giấy tờ', 'Hình thức', 'Số lượng', 'Bắt buộc']);
    const rows = await docs.locator('tbody tr').allInnerTexts();
    assert.equal(rows.length, 3);
    assert.match(rows[0], /Tờ khai đăng ký kết hôn/);
    assert.match(rows[0], /Bản chính/);
    assert.match(rows[2], /Xuất trình/);
    assert.match(rows[0], /1 bản/);
    assert.match(rows[0], /Bắt buộc/);

    // fees: "Miễn phí" for 0, Vietnamese money format otherwise
    const fees = await page.locator('#s-fees').innerText();
    assert.match(fees, /Miễn phí/);
    assert.match(fees, /8\.000\sđ/);
    assert.match(await page.locator('#s-time_limit').innerText(), /Trong ngày/);
    // the internal steps with their unit and time
    const flow = await page.locator('#s-steps').innerText();
    assert.match(flow, /Bộ phận Tiếp nhận và Trả kết quả/);
    assert.match(flow, /giờ làm việc/);

    // online in part: the submit button leads to the online form
    const submit = page.locator('a[data-submit-online="top"]');
    assert.equal(await submit.innerText(), 'Nộp hồ sơ trực tuyến');
    assert.equal(await submit.getAttribute('href'), '/submit/?procedure=1.000894');
    // the breadcrumb back to the catalogue keeps the search
    assert.equal(await page.locator('[data-back-link]').getAttribute('href'), '/procedures/?q=dang+ky+ket+hon');

    await noOverflow(page, `procedure page at ${width}`);
    await shot(page, `catalogue-procedure-${width}`);
    assert.deepEqual(await axe(page), []);

    if (width === 1366) {
      // on paper: no navigation, no buttons, the sections stay
      await page.emulateMedia({ media: 'print' });
      assert.equal(await page.locator('.site-nav').isVisible(), false);
      assert.equal(await submit.isVisible(), false);
      assert.equal(await page.locator('#s-documents table').isVisible(), true);
      await shot(page, 'catalogue-procedure-print');
      await page.emulateMedia({ media: 'screen' });
    }
    assert.deepEqual(page.consoleErrors, []);
  }

  // another procedure: 2.000 đ; not online, so no submit button
  const page = await b.page({ width: 360 });
  await page.goto(srv.url + '/procedures/view/?code=2.000815');
  await page.waitForSelector('#s-fees');
  assert.match(await page.locator('#s-fees').innerText(), /2\.000\sđ/);
  assert.match(await page.locator('#s-documents').innerText(), /Bản sao/);
  await page.goto(srv.url + '/procedures/view/?code=2.000992');
  await page.waitForSelector('#s-fees');
  assert.equal(await page.locator('a[data-submit-online]').count(), 0);
  assert.match(await page.locator('.proc-summary').innerText(), /Không nộp trực tuyến/);

  // English
  await page.evaluate(() => localStorage.setItem('motcua.lang', 'en'));
  await page.goto(srv.url + '/procedures/view/?code=1.001193');
  await page.waitForSelector('#s-fees');
  assert.match(await page.locator('#s-documents').innerText(), /Documents to provide/);
  assert.match(await page.locator('#s-fees').innerText(), /Free/);
  await shot(page, 'catalogue-procedure-en-360');
  assert.deepEqual(await axe(page), []);
  await page.evaluate(() => localStorage.removeItem('motcua.lang'));

  // an unknown code
  for (const width of [360, 1366]) {
    const p = await b.page({ width });
    await p.goto(srv.url + '/procedures/view/?code=9.999999');
    await p.waitForFunction(() => document.querySelector('h1').innerText === 'Không tìm thấy thủ tục');
    assert.match(await p.locator('main').innerText(), /9\.999999/);
    assert.equal(await p.getByRole('link', { name: 'Tìm thủ tục theo tên' }).getAttribute('href'), '/procedures/');
    await shot(p, `catalogue-procedure-notfound-${width}`);
    assert.deepEqual(await axe(p), []);
  }
});

test('the administrator edits a procedure: live sum, server errors beside the step, saved for citizens', async () => {
  const page = await staffPage('admin', { width: 1366 });
  await page.goto(srv.url + '/staff/procedures/');
  await page.waitForFunction(() => /41 thủ tục/.test(document.querySelector('[data-list-count]').innerText));
  await shot(page, 'catalogue-admin-list-1366');
  assert.deepEqual(await axe(page), []);

  await page.getByRole('searchbox', { name: 'Tìm thủ tục' }).fill('khai sinh');
  await page.waitForFunction(() => document.querySelectorAll('[data-list-rows] tr').length === 2);
  await page.getByRole('link', { name: 'Sửa 1.001193' }).click();
  await page.waitForURL(/\?edit=1\.001193$/);
  await page.waitForSelector('[data-editor-form]');
  assert.equal(await page.locator('h1').innerText(), 'Sửa thủ tục');
  const ids = await page.locator('[data-row="documents"]').evaluateAll((els) => els.map((e) => e.dataset.id));
  assert.equal(ids.length, 6);
  await shot(page, 'catalogue-admin-edit-1366');
  assert.deepEqual(await axe(page), []);

  // a document's new name, and a step's share that breaks the sum
  const newName = 'Tờ khai đăng ký khai sinh theo mẫu (bản mới nhất)';
  await page.locator('[name="documents[0].name"]').fill(newName);
  const sum = page.locator('[data-sum]');
  assert.match(await sum.innerText(), /Khớp với thời hạn/);
  await page.locator('[name="steps[1].share"]').fill('0,4');
  assert.match(await sum.innerText(), /Tổng thời gian các bước: 0,9 ngày; thời hạn: 1 ngày\./);
  assert.match(await sum.innerText(), /Còn thiếu 0,1 ngày/);

  // the server refuses: the message in the summary and beside the steps
  await page.getByRole('button', { name: 'Lưu thủ tục' }).click();
  const summary = page.locator('[data-editor-form] [data-error-summary]');
  await summary.waitFor({ state: 'visible' });
  assert.match(await summary.innerText(), /Tổng thời gian các bước phải bằng thời hạn giải quyết/);
  assert.match(await page.locator('.share-sum-wrap .field__error').innerText(), /Tổng thời gian các bước phải bằng/);

  // a step with no time: the server names steps[1].share, shown beside that box
  await page.locator('[name="steps[1].share"]').fill('0');
  await page.getByRole('button', { name: 'Lưu thủ tục' }).click();
  await page.waitForFunction(() => document.querySelector('[name="steps[1].share"]').getAttribute('aria-invalid') === 'true');
  const stepField = page.locator('.field', { has: page.locator('[name="steps[1].share"]') });
  assert.match(await stepField.locator('.field__error').innerText(), /Thời gian của bước phải lớn hơn 0/);
  assert.match(await summary.innerText(), /Thời gian của bước phải lớn hơn 0/);
  // what was typed is kept
  assert.equal(await page.locator('[name="documents[0].name"]').inputValue(), newName);
  await shot(page, 'catalogue-admin-edit-errors-1366');

  // moving a document down and back up keeps its id and the focus
  await page.getByRole('button', { name: 'Xuống: Giấy tờ 1' }).click();
  assert.equal(await page.locator('[name="documents[1].name"]').inputValue(), newName);
  assert.equal(await page.evaluate(() => document.activeElement.getAttribute('aria-label')), 'Xuống: Giấy tờ 2');
  await page.getByRole('button', { name: 'Lên: Giấy tờ 2' }).click();
  assert.equal(await page.locator('[name="documents[0].name"]').inputValue(), newName);

  // fixed: saved
  await page.locator('[name="steps[1].share"]').fill('0,5');
  assert.match(await sum.innerText(), /Khớp với thời hạn/);
  // the second step may issue the result early; the return step cannot be marked
  const nSteps = await page.locator('[data-row="steps"]').count();
  assert.equal(await page.locator(`[name="steps[${nSteps - 1}].may_complete"]`).count(), 0);
  await page.getByLabel('Bước này được ký, trả kết quả sớm').nth(1).check();
  await page.getByRole('button', { name: 'Lưu thủ tục' }).click();
  await page.waitForFunction(() => /Đã lưu thủ tục/.test(document.querySelector('[data-page-notice]').innerText));
  const saved = await (await srv.fetch('/api/v1/procedures/1.001193')).json();
  assert.equal(saved.documents[0].name, newName);
  assert.deepEqual(saved.documents.map((d) => String(d.id)), ids, 'documents keep their ids');
  assert.deepEqual(saved.steps.map((st) => st.may_complete), saved.steps.map((st, i) => i === 1));
  assert.equal(saved.steps[1].share, 0.5);
  assert.equal(saved.version, 2);

  // the citizen page shows the new name
  const citizen = await b.page({ width: 360 });
  await citizen.goto(srv.url + '/procedures/view/?code=1.001193');
  await citizen.waitForSelector('#s-documents');
  assert.match(await citizen.locator('#s-documents').innerText(), /bản mới nhất/);

  // someone else saves in between: a clear message and the latest version
  const admin = await srv.login('admin');
  const other = { ...saved, note: 'Sửa từ một máy khác.' };
  const r = await srv.json('PUT', '/api/v1/procedures/1.001193', other, admin);
  assert.equal(r.status, 200);
  await page.locator('[name="note"]').fill('Sửa từ trang này.');
  await page.getByRole('button', { name: 'Lưu thủ tục' }).click();
  await page.waitForFunction(() => /Có người vừa sửa thủ tục này/.test(document.querySelector('[data-page-notice]').innerText));
  await shot(page, 'catalogue-admin-conflict-1366');
  await page.getByRole('button', { name: 'Tải lại bản mới nhất' }).click();
  await page.waitForFunction(() => document.querySelector('[name="note"]').value === 'Sửa từ một máy khác.');
  assert.deepEqual(page.consoleErrors.filter((e) => !/409|422|Conflict|Unprocessable/.test(e)), []);
});

test('lawful time-limit variants and the 15:00 cut-off: the editor adds a case, the public page shows it', async () => {
  // the demo marriage registration: the same day, 5 working days with verification, the cut-off line
  const citizen = await b.page({ width: 360 });
  await citizen.goto(srv.url + '/procedures/view/?code=1.000894');
  await citizen.waitForSelector('#s-time_limit [data-time-limit]');
  const marriage = await citizen.locator('#s-time_limit').innerText();
  assert.match(marriage, /Trong ngày/);
  assert.match(marriage, /Trường hợp cần xác minh: 5 ngày làm việc/);
  assert.match(marriage, /Hồ sơ nhận sau 15:00 được tính thời hạn từ ngày làm việc tiếp theo \(theo quy định nội bộ của Trung tâm/);
  assert.match(await citizen.locator('.proc-summary').innerText(), /Trường hợp cần xác minh: 5 ngày làm việc/);
  await shot(citizen, 'catalogue-variants-public-360');
  assert.deepEqual(await axe(citizen), []);

  const page = await staffPage('admin', { width: 1366 });
  await page.goto(srv.url + '/staff/procedures/?edit=1.004837');
  await page.waitForSelector('[data-editor-form]');
  assert.equal(await page.locator('[data-row="variants"]').count(), 0);
  assert.equal(await page.locator('[name="time_limit.cutoff"]').isChecked(), true);
  await page.getByRole('button', { name: 'Thêm trường hợp' }).click();
  // the new row's first box has the focus
  assert.equal(await page.evaluate(() => document.activeElement.name), 'time_limit.variants[0].name');
  await page.locator('[name="time_limit.variants[0].name"]').fill('Trường hợp cần xác minh');
  await page.locator('[name="time_limit.variants[0].code"]').fill('Xac minh');
  await page.locator('[name="time_limit.variants[0].value"]').fill('5');
  await page.getByRole('button', { name: 'Lưu thủ tục' }).click();
  // a code with capitals and a space is refused beside the box
  await page.waitForFunction(() => document.querySelector('[name="time_limit.variants[0].code"]').getAttribute('aria-invalid') === 'true');
  const codeField = page.locator('.field', { has: page.locator('[name="time_limit.variants[0].code"]') });
  assert.match(await codeField.locator('.field__error').innerText(), /chữ thường không dấu/);
  await page.locator('[name="time_limit.variants[0].code"]').fill('xac_minh');
  // a second case, then removed again
  await page.getByRole('button', { name: 'Thêm trường hợp' }).click();
  assert.equal(await page.locator('[data-row="variants"]').count(), 2);
  await page.getByRole('button', { name: 'Xóa: Trường hợp 2' }).click();
  assert.equal(await page.locator('[data-row="variants"]').count(), 1);
  await page.locator('[name="time_limit.cutoff"]').uncheck();
  await shot(page, 'catalogue-admin-variants-1366');
  assert.deepEqual(await axe(page), []);
  await page.getByRole('button', { name: 'Lưu thủ tục' }).click();
  await page.waitForFunction(() => /Đã lưu thủ tục/.test(document.querySelector('[data-page-notice]').innerText));
  const saved = await (await srv.fetch('/api/v1/procedures/1.004837')).json();
  assert.deepEqual(saved.time_limit.variants, [{ code: 'xac_minh', name: 'Trường hợp cần xác minh', value: 5, unit: 'working_days' }]);
  assert.equal(saved.time_limit.cutoff, false);
  // the form is drawn again from the server's answer: the case and the unticked box stay
  assert.equal(await page.locator('[name="time_limit.variants[0].code"]').inputValue(), 'xac_minh');
  assert.equal(await page.locator('[name="time_limit.cutoff"]').isChecked(), false);

  // the citizen sees the case, and no cut-off line for this procedure
  await citizen.goto(srv.url + '/procedures/view/?code=1.004837');
  await citizen.waitForSelector('#s-time_limit [data-time-limit]');
  const tl = await citizen.locator('#s-time_limit').innerText();
  assert.match(tl, /Trường hợp cần xác minh: 5 ngày làm việc/);
  assert.equal(await citizen.locator('[data-cutoff]').count(), 0);
  assert.deepEqual(citizen.consoleErrors, []);
  assert.deepEqual(page.consoleErrors, []);
});

test('the administrator adds a procedure, withdraws it, exports and imports the catalogue', async () => {
  const page = await staffPage('admin', { width: 360 });
  await page.goto(srv.url + '/staff/procedures/');
  await page.waitForSelector('[data-list-rows] tr');
  await noOverflow(page, 'admin list at 360');
  await shot(page, 'catalogue-admin-list-360');

  const ed = (name) => page.locator(`[data-editor-form] [name="${name}"]`);
  await page.getByRole('link', { name: /Thêm thủ tục/ }).click();
  await page.waitForSelector('[data-editor-form]');
  assert.equal(await page.locator('h1').innerText(), 'Thêm thủ tục');
  await shot(page, 'catalogue-admin-new-360');
  assert.deepEqual(await axe(page), []);

  // a code that exists is refused before anything is overwritten
  await ed('code').fill('1.001193');
  await ed('name').fill('Trùng mã');
  await ed('field').selectOption('HT');
  await ed('time_limit.value').fill('3');
  await page.locator('[name="documents[0].name"]').fill('Tờ khai');
  await page.locator('[name="steps[0].name"]').fill('Tiếp nhận và giải quyết');
  await page.locator('[name="steps[0].unit"]').selectOption('TNTKQ');
  await page.locator('[name="steps[0].share"]').fill('3');
  await page.getByRole('button', { name: 'Lưu thủ tục' }).click();
  await page.locator('[data-editor-form] [data-error-summary]').waitFor({ state: 'visible' });
  assert.match(await page.locator('[data-editor-form] [data-error-summary]').innerText(), /Đã có thủ tục với mã này/);

  await ed('code').fill('HOIAN.99');
  await ed('name').fill('Xác nhận thử nghiệm danh mục');
  await page.getByRole('button', { name: /Thêm khoản phí/ }).click();
  assert.equal(await page.evaluate(() => document.activeElement.name), 'fees[0].name');
  await page.locator('[name="fees[0].name"]').fill('Lệ phí xác nhận');
  await page.locator('[name="fees[0].amount"]').fill('15.000');
  await page.getByRole('button', { name: /Thêm bước/ }).click();
  await page.locator('[name="steps[1].name"]').fill('Ký duyệt');
  await page.locator('[name="steps[1].unit"]').selectOption('LD');
  await page.locator('[name="steps[0].share"]').fill('2,5');
  await page.locator('[name="steps[1].share"]').fill('0,5');
  assert.match(await page.locator('[data-sum]').innerText(), /Khớp với thời hạn/);
  await page.getByRole('button', { name: 'Lưu thủ tục' }).click();
  await page.waitForFunction(() => /Đã thêm thủ tục/.test(document.querySelector('[data-page-notice]').innerText));
  assert.match(page.url(), /\?edit=HOIAN\.99$/);
  const created = await (await srv.fetch('/api/v1/procedures/HOIAN.99')).json();
  assert.equal(created.fees[0].amount, 15000);
  assert.equal(created.steps[0].share, 2.5);

  // citizens find it
  const citizen = await b.page({ width: 360 });
  await citizen.goto(srv.url + '/procedures/?q=thu%20nghiem');
  await citizen.waitForFunction(() => /Tìm thấy 1 thủ tục/.test(document.querySelector('[data-count]').innerText));
  assert.equal(await firstTitle(citizen), 'Xác nhận thử nghiệm danh mục');

  // withdraw, with a confirmation
  await page.getByRole('button', { name: 'Rút khỏi danh mục' }).click();
  assert.match(await page.locator('[data-withdraw-confirm]').innerText(), /Rút thủ tục “Xác nhận thử nghiệm danh mục” khỏi danh mục\?/);
  await shot(page, 'catalogue-admin-withdraw-360');
  await page.getByRole('button', { name: 'Đồng ý rút thủ tục' }).click();
  await page.waitForURL(/\/staff\/procedures\/$/);
  await page.waitForFunction(() => /Đã rút thủ tục HOIAN\.99/.test(document.querySelector('[data-page-notice]').innerText));

  await citizen.goto(srv.url + '/procedures/?q=thu%20nghiem');
  await citizen.waitForFunction(() => /Tìm thấy 0 thủ tục/.test(document.querySelector('[data-count]').innerText));
  await citizen.goto(srv.url + '/procedures/view/?code=HOIAN.99');
  await citizen.waitForFunction(() => document.querySelector('h1').innerText === 'Không tìm thấy thủ tục');

  // export: a CSV download the spreadsheet opens as UTF-8
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: /Tải về danh mục/ }).click()]);
  assert.equal(download.suggestedFilename(), 'thu-tuc-hanh-chinh.csv');
  const csv = await readFile(await download.path(), 'utf8');
  assert.ok(csv.startsWith('\uFEFFkind,code,name'), csv.slice(0, 40));
  assert.match(csv, /procedure,1\.001193,Đăng ký khai sinh/);
  assert.doesNotMatch(csv, /HOIAN\.99/);

  // import: an error names the line, and nothing changes
  const file = page.getByLabel('Nhập danh mục từ tệp CSV');
  await file.setInputFiles({ name: 'sai.csv', mimeType: 'text/csv', buffer: Buffer.from('kind,code,name\nprocedure,X.1,Thiếu thời hạn\n') });
  await page.getByRole('button', { name: 'Nhập tệp' }).click();
  const importForm = page.locator('[data-import-form]');
  await importForm.locator('[data-error-summary]').waitFor({ state: 'visible' });
  assert.match(await importForm.innerText(), /Dòng 2: Thời hạn \(limit_value\) phải là một số/);
  assert.match(await importForm.innerText(), /Chưa nhập được tệp/);
  // the exported file with a renamed field goes back in
  const changed = csv.replace('field,HT,Hộ tịch,', 'field,HT,Hộ tịch và chứng thực,');
  await file.setInputFiles({ name: 'danh-muc.csv', mimeType: 'text/csv', buffer: Buffer.from(changed, 'utf8') });
  await page.getByRole('button', { name: 'Nhập tệp' }).click();
  await page.waitForFunction(() => /Đã cập nhật 8 lĩnh vực và 41 thủ tục/.test(document.querySelector('[data-import-result]').innerText));
  await page.waitForFunction(() => /Hộ tịch và chứng thực/.test(document.querySelector('[data-fields-list]').innerText));
  await shot(page, 'catalogue-admin-import-360');
  assert.deepEqual(await axe(page), []);
  // (404: the check that the new code is free; 422: the refused file)
  assert.deepEqual(page.consoleErrors.filter((e) => !/404|422|Not Found|Unprocessable/.test(e)), []);
});

test('a reception officer who opens the catalogue tool is told they have no permission', async () => {
  for (const width of [360, 1366]) {
    const page = await staffPage('tiepnhan1', { width });
    await page.goto(srv.url + '/staff/procedures/?edit=1.001193');
    await page.locator('[data-forbidden]').waitFor({ state: 'visible' });
    assert.match(await page.locator('[data-forbidden]').innerText(), /Vai trò hiện tại không có quyền xem trang này/);
    assert.equal(await page.locator('[data-editor-form]').count(), 0);
    assert.equal(await page.locator('[data-view="list"]').isVisible(), false);
    await shot(page, `catalogue-admin-forbidden-${width}`);
    assert.deepEqual(await axe(page), []);
    assert.deepEqual(page.consoleErrors, []);
  }
});
