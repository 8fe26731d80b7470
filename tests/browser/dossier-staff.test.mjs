// The staff dossier pages in a real browser, one dossier's whole life:
// a counter officer takes it in with the keyboard only (procedure found
// without diacritics, Enter, the applicant, an ID number the server refuses
// shown beside its field, the code and the appointment in words); the
// specialist finds it in the inbox with deadline words (overdue / due soon /
// days left), opens it and asks for a supplement; reception records it; the
// specialist forwards it to the leader; the leader completes it; the return
// desk takes a scanned tracking URL and hands the result over; the dossier
// page shows the control sheet with outcomes and the history. Also: the
// online queue, an apology with its date-time picker, a version conflict,
// the refusal confirmation. Axe on each page, screenshots at 360/1366 px.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../lib/server.mjs';
import { launch, shot, axe } from '../lib/browser.mjs';

let srv, b;
const users = {};
const codes = {}; // late, soon: dossiers made through the API for the inbox
let code = null; // the dossier taken in through the page

const PERSON = {
  kind: 'person',
  name: 'Trần Thị Bích Ngọc',
  id_number: '048190001122',
  phone: '0905111222',
};

before(async () => {
  srv = await startServer({ env: { MOTCUA_TEST_CLOCK: '1' } });
  b = await launch();
  for (const u of ['tiepnhan1', 'hotich1', 'chutich']) users[u] = await srv.login(u);
  // two dossiers already at the specialist's: one that will be overdue, one due soon
  codes.late = await intakeViaApi('2026-02-25T09:00:00+07:00', { ...PERSON, name: 'Lê Văn Quá Hạn' });
  codes.soon = await intakeViaApi('2026-02-26T09:30:00+07:00', { ...PERSON, name: 'Phạm Thị Sắp Hạn' });
});
after(async () => {
  await b?.close();
  await srv?.stop();
});

const setNow = async (iso) => assert.equal((await srv.json('PUT', '/api/v1/_test/now', { now: iso })).status, 200);
const act = (c, body, who) => srv.json('POST', `/api/v1/dossiers/${c}/actions`, body, users[who]);

async function intakeViaApi(now, applicant) {
  await setNow(now);
  const p = await srv.json('GET', '/api/v1/procedures/1.004873');
  const documents = p.data.documents.filter((d) => d.mandatory).map((d) => ({ id: d.id }));
  const r = await srv.json('POST', '/api/v1/dossiers', { procedure: '1.004873', applicant, documents }, users.tiepnhan1);
  assert.equal(r.status, 201, JSON.stringify(r.data));
  const f = await act(r.data.code, { action: 'forward', to: 'hotich1' }, 'tiepnhan1');
  assert.equal(f.status, 200, JSON.stringify(f.data));
  assert.equal(f.data.assignee.username, 'hotich1');
  return r.data.code;
}

/** A page signed in as `user` (the session cookie is shared by the context). */
async function pageAs(user, width = 1366) {
  const page = await b.page({ width });
  const r = await page.request.post(srv.url + '/api/v1/session', { data: { username: user, password: 'motcua-demo' } });
  assert.equal(r.status(), 200);
  return page;
}

async function noOverflow(page, where) {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 1, `horizontal overflow ${overflow}px on ${where}`);
}

const focused = (page) => page.evaluate(() => {
  const el = document.activeElement;
  return el ? el.id || el.getAttribute('name') || el.className || el.tagName : '';
});

async function openDossier(page, c) {
  await page.goto(`${srv.url}/staff/dossier/?code=${encodeURIComponent(c)}`);
  await page.locator('[data-dossier]:not([hidden])').waitFor();
  await page.locator('[data-history] table').waitFor();
}

async function doAction(page, label, fill = async () => {}, submit) {
  await page.locator('[data-actions]').getByRole('button', { name: label, exact: true }).click();
  const form = page.locator('#action-form');
  await form.waitFor();
  await fill(form);
  await form.locator('button[type="submit"]').click();
  if (submit) await submit(page);
  await page.locator('[data-action-notice] .notice--success').waitFor();
  return page.locator('[data-action-notice]').innerText();
}

test('reception takes in a dossier with the keyboard only; a bad ID number is shown beside its field', async () => {
  await setNow('2026-03-02T09:00:00+07:00'); // a Monday
  const page = await pageAs('tiepnhan1');
  await page.goto(srv.url + '/staff/intake/');
  await page.waitForFunction(() => document.activeElement && document.activeElement.id === 'f-procedure');
  assert.deepEqual(await axe(page), []);

  // 1. the procedure, typed without diacritics, taken with Enter
  await page.keyboard.type('xac nhan tinh trang hon nhan');
  await page.locator('#proc-options [role="option"]').first().waitFor();
  assert.equal(await page.getAttribute('#f-procedure', 'aria-expanded'), 'true');
  await shot(page, 'staff-intake-search-1366');
  await page.keyboard.press('Enter');
  await page.locator('[data-chosen]:not([hidden])').waitFor();
  assert.match(await page.innerText('[data-chosen]'), /Cấp Giấy xác nhận tình trạng hôn nhân/);
  assert.match(await page.innerText('[data-chosen]'), /3 ngày làm việc/);

  // 2. the checklist: mandatory documents ticked and marked; Enter goes on
  assert.equal(await focused(page), 'doc-105-take');
  const ticked = await page.$$eval('[data-docs] input[type="checkbox"]', (xs) => xs.map((x) => x.checked));
  assert.deepEqual(ticked, [true, false, false, true]);
  assert.equal(await page.locator('[data-docs] .doc-check__row--must').count(), 2);
  await page.keyboard.press('Enter');
  assert.equal(await focused(page), 'f-applicant-name');

  // 3. the applicant, with an ID number whose province code does not exist
  await page.keyboard.type('Nguyễn Văn Bình');
  await page.keyboard.press('Tab');
  await page.keyboard.type('999085001234');
  await page.keyboard.press('Tab');
  await page.keyboard.type('0905 123 456');
  await page.keyboard.press('Tab');
  await page.keyboard.type('binh.nguyen@example.com');
  await page.keyboard.press('Tab');
  await page.keyboard.type('12 Trần Phú, phường Hội An, Đà Nẵng');
  await page.keyboard.press('Enter');

  // 4. check your answers, then Enter confirms: the server refuses the ID
  await page.locator('[data-check]:not([hidden])').waitFor();
  assert.match(await page.innerText('[data-check]'), /999085001234/);
  assert.deepEqual(await axe(page), []);
  assert.equal(await page.evaluate(() => document.activeElement.hasAttribute('data-confirm')), true);
  await page.keyboard.press('Enter');
  const summary = page.locator('[data-intake-form] [data-error-summary]');
  await summary.waitFor({ state: 'visible' });
  assert.match(await summary.innerText(), /mã tỉnh/);
  const idField = page.locator('.field:has(#f-applicant-id_number)');
  assert.match(await idField.innerText(), /3 chữ số đầu của số định danh cá nhân/);
  assert.equal(await page.getAttribute('#f-applicant-id_number', 'aria-invalid'), 'true');
  assert.equal(await page.inputValue('#f-applicant-name'), 'Nguyễn Văn Bình'); // what was typed is kept
  assert.equal(await page.inputValue('#f-applicant-email'), 'binh.nguyen@example.com');
  assert.match(await page.title(), /^Lỗi: /);
  await shot(page, 'staff-intake-error-1366');
  assert.deepEqual(await axe(page), []);

  // the summary's link leads to the field (keyboard: Tab, Enter)
  assert.equal(await page.evaluate(() => document.activeElement.hasAttribute('data-error-summary')), true);
  await page.keyboard.press('Tab');
  await page.keyboard.press('Enter');
  assert.equal(await focused(page), 'f-applicant-id_number');
  await page.keyboard.press('Control+a');
  await page.keyboard.type('048085001234');
  await page.keyboard.press('Control+Enter'); // check
  await page.locator('[data-check]:not([hidden])').waitFor();
  await page.keyboard.press('Control+Enter'); // confirm

  // 5. the code, the appointment in words, the receipt to print
  await page.locator('[data-done]:not([hidden])').waitFor();
  code = (await page.innerText('[data-done-code]')).trim();
  assert.match(code, /^000\.01\.40\.H15-260302-\d{4}$/);
  assert.equal((await page.innerText('[data-done-due]')).trim(), '09 giờ 00 phút, thứ Năm 05/03/2026');
  const receipt = page.locator('[data-print-receipt]');
  assert.equal(await receipt.getAttribute('href'), `/api/v1/dossiers/${encodeURIComponent(code)}/forms/receipt`);
  assert.equal(await receipt.getAttribute('target'), '_blank');
  const paper = await page.request.get(srv.url + (await receipt.getAttribute('href')));
  assert.equal(paper.status(), 200); // the receipt is there to print
  assert.match(await paper.text(), /Giấy tiếp nhận hồ sơ và hẹn trả kết quả/);
  assert.equal(await page.evaluate(() => document.activeElement.hasAttribute('data-print-receipt')), true);
  await shot(page, 'staff-intake-done-1366');
  assert.deepEqual(await axe(page), []);

  // F2: a new dossier, the search box ready
  await page.keyboard.press('F2');
  assert.equal(await focused(page), 'f-procedure');
  assert.equal(await page.inputValue('#f-procedure'), '');
  assert.equal(await page.inputValue('#f-applicant-name'), '');
  assert.equal(await page.locator('[data-done]').isHidden(), true);
  assert.deepEqual(page.consoleErrors.filter((e) => !/422/.test(e)), []);

  // the server has it as typed
  const d = await srv.json('GET', '/api/v1/dossiers/' + code, undefined, users.tiepnhan1);
  assert.equal(d.data.applicant.name, 'Nguyễn Văn Bình');
  assert.equal(d.data.applicant.phone, '0905123456');
  assert.deepEqual(d.data.documents.map((x) => x.id), [105, 108]);
});

test('the intake desk at 360 px, and in English', async () => {
  const page = await pageAs('tiepnhan1', 360);
  await page.goto(srv.url + '/staff/intake/');
  await page.waitForFunction(() => document.activeElement && document.activeElement.id === 'f-procedure');
  await page.keyboard.type('1.004873');
  await page.locator('#proc-options [role="option"]').first().waitFor();
  await page.keyboard.press('Enter');
  await page.locator('[data-chosen]:not([hidden])').waitFor();
  await page.locator('#f-kind-org').check();
  await page.locator('button[type="submit"]', { hasText: 'Kiểm tra thông tin' }).click();
  await page.locator('[data-intake-form] [data-error-summary]:not([hidden])').waitFor();
  const text = await page.innerText('[data-intake-form] [data-error-summary]');
  assert.match(text, /Vui lòng nhập tên tổ chức\.\s+Vui lòng nhập mã số thuế\.\s+Vui lòng nhập họ và tên người đại diện, người nộp\./);
  await noOverflow(page, 'intake 360');
  await shot(page, 'staff-intake-360');
  assert.deepEqual(await axe(page), []);

  await page.getByRole('button', { name: /English/ }).click();
  await page.waitForFunction(() => document.documentElement.lang === 'en');
  assert.match(await page.innerText('h1'), /Take in a dossier/);
  assert.equal(await page.innerText('[data-docs] .badge >> nth=0'), 'Mandatory'); // drawn from data, redrawn
  assert.equal(await page.isChecked('#f-kind-org'), true); // what was chosen is kept
  await shot(page, 'staff-intake-en-360');
  await page.getByRole('button', { name: /Tiếng Việt/ }).click();
  await page.waitForFunction(() => document.documentElement.lang === 'vi');
});

test('a marriage that needs verification, handed in by an authorised person: the variant sets the appointment', async () => {
  await setNow('2026-03-02T09:00:00+07:00'); // a Monday
  const page = await pageAs('tiepnhan1');
  await page.goto(srv.url + '/staff/intake/');
  await page.waitForFunction(() => document.activeElement && document.activeElement.id === 'f-procedure');
  await page.keyboard.type('1.000894');
  await page.locator('#proc-options [role="option"]').first().waitFor();
  await page.keyboard.press('Enter');
  await page.locator('[data-chosen]:not([hidden])').waitFor();
  // the lawful variants (Law on Civil Status 2014 Art. 18): the usual limit is chosen until one is picked
  await page.locator('[data-variants]:not([hidden])').waitFor();
  assert.equal(await page.isChecked('#f-variant-base'), true);
  await page.getByLabel('Trường hợp cần xác minh: 5 ngày làm việc').check();
  // the guidance link carries the procedure
  assert.equal(await page.getAttribute('[data-guidance-link] a', 'href'), '/staff/guidance/?procedure=1.000894');
  await page.fill('#f-applicant-name', 'Võ Thị Mai');
  await page.fill('#f-applicant-id_number', '048190003344');
  // the authorised person's block opens with its checkbox
  assert.equal(await page.locator('[data-agent]').isHidden(), true);
  await page.locator('#f-agent-on').check();
  assert.equal(await focused(page), 'f-authorised_person-name');
  await page.fill('#f-authorised_person-name', 'Võ Văn Tâm');
  await page.fill('#f-authorised_person-id_number', '048085005566');
  await page.fill('#f-authorised_person-document', 'Giấy ủy quyền số 05/2026, chứng thực ngày 27/02/2026');
  assert.deepEqual(await axe(page), []);
  await page.locator('button[type="submit"]', { hasText: 'Kiểm tra thông tin' }).click();
  await page.locator('[data-check]:not([hidden])').waitFor();
  const check = await page.innerText('[data-check]');
  assert.match(check, /5 ngày làm việc \(Trường hợp cần xác minh\)/);
  assert.match(check, /Võ Văn Tâm · 048085005566 · Giấy ủy quyền số 05\/2026/);
  await page.locator('[data-confirm]').click();
  await page.locator('[data-done]:not([hidden])').waitFor();
  // 5 working days from Monday 09:00, not the same day
  assert.equal((await page.innerText('[data-done-due]')).trim(), '09 giờ 00 phút, thứ Hai 09/03/2026');
  const c = (await page.innerText('[data-done-code]')).trim();
  const d = (await srv.json('GET', '/api/v1/dossiers/' + encodeURIComponent(c), undefined, users.tiepnhan1)).data;
  assert.equal(d.time_limit_variant.code, 'xac_minh');
  assert.equal(d.authorised_person.name, 'Võ Văn Tâm');
  assert.ok(d.book.entry >= 1);
  // the dossier page says it too
  await openDossier(page, c);
  const general = await page.innerText('[data-general]');
  assert.match(general, /5 ngày làm việc \(Trường hợp cần xác minh\)/);
  assert.match(general, new RegExp(`Quyển số ${d.book.volume}, số thứ tự ${d.book.entry}`));
  assert.match(await page.innerText('[data-applicant]'), /Người được ủy quyền\s+Võ Văn Tâm/);
  assert.deepEqual(page.consoleErrors, []);
});

test('reception sends the new dossier on to the civil-status officer', async () => {
  const page = await pageAs('tiepnhan1');
  await openDossier(page, code);
  assert.match(await page.innerText('[data-head-badges]'), /Đã tiếp nhận/);
  const msg = await doAction(page, 'Chuyển bước tiếp theo', async (form) => {
    assert.match(await form.innerText(), /bước 2: Thẩm tra/);
    await form.getByLabel(/Giao cho cán bộ/).fill('hotich1');
  });
  assert.match(msg, /Đã chuyển hồ sơ/);
  assert.match(msg, /Nguyễn Thị Thanh Thảo/);
  assert.match(await page.innerText('[data-control]'), /Đúng hạn/);
});

test('the specialist\'s inbox: most urgent first, deadline words with their colours', async () => {
  await setNow('2026-03-02T10:00:00+07:00');
  for (const width of [1366, 360]) {
    const page = await pageAs('hotich1', width);
    await page.goto(srv.url + '/staff/inbox/');
    await page.locator('[data-list] table').waitFor();
    const rows = page.locator('[data-list] tbody tr');
    const order = await rows.evaluateAll((trs) => trs.map((tr) => tr.querySelector('a').textContent));
    assert.deepEqual(order, [codes.late, codes.soon, code]); // the server's order: overdue, then by due
    const row = (c) => page.locator('[data-list] tbody tr', { hasText: c });
    assert.match(await row(codes.late).locator('.badge--late').innerText(), /^Quá hạn 1 ngày$/);
    assert.match(await row(codes.soon).locator('.badge--soon').innerText(), /^Sắp đến hạn$/);
    assert.match(await row(codes.soon).innerText(), /còn 7 giờ làm việc/);
    assert.match(await row(code).locator('.badge--ok').innerText(), /^Còn 2 ngày làm việc$/);
    assert.match(await row(code).innerText(), /Nguyễn Văn Bình/);
    assert.match(await row(code).innerText(), /Đang xử lý/);
    await noOverflow(page, 'inbox ' + width);
    await shot(page, `staff-inbox-${width}`);
    assert.deepEqual(await axe(page), []);
    assert.deepEqual(page.consoleErrors, []);
  }
  // the search and the "all" view; filters kept in the address
  const page = await pageAs('hotich1');
  await page.goto(srv.url + '/staff/inbox/');
  await page.locator('[data-list] table').waitFor();
  await page.keyboard.press('/');
  assert.equal(await focused(page), 'f-q');
  await page.keyboard.type('qua han');
  await page.keyboard.press('Enter');
  await page.waitForURL(/q=qua\+han/);
  await page.waitForFunction(() => document.querySelectorAll('[data-list] tbody tr').length === 1);
  assert.match(await page.innerText('[data-list]'), /Lê Văn Quá Hạn/);
  await page.selectOption('#f-view', 'overdue');
  await page.waitForURL(/view=overdue/);
  // a reception officer does not see the specialist's tools, nor they the intake
  assert.equal(await page.locator('.site-nav a[href="/staff/intake/"]').isVisible(), false);
  assert.equal(await page.locator('.site-nav a[href="/staff/inbox/"]').isVisible(), true);
});

test('the specialist opens it from the inbox and asks for a supplement', async () => {
  await setNow('2026-03-02T10:30:00+07:00');
  const page = await pageAs('hotich1');
  await page.goto(srv.url + '/staff/inbox/');
  await page.getByRole('link', { name: code }).click();
  await page.waitForURL(/\/staff\/dossier\/\?code=/);
  await page.locator('[data-history] table').waitFor();
  assert.match(await page.innerText('h1'), new RegExp(code.replace(/\./g, '\\.')));
  assert.match(await page.innerText('[data-head-badges]'), /Còn 2 ngày làm việc/);
  assert.match(await page.innerText('[data-applicant]'), /048085001234/);
  assert.deepEqual(await axe(page), []);

  const msg = await doAction(page, 'Yêu cầu bổ sung', async (form) => {
    await form.getByLabel(/Lý do cần bổ sung/).fill('Tờ khai chưa ghi nơi cư trú trước đây');
    await form.getByLabel(/Giấy tờ cần bổ sung/).fill('Tờ khai ghi đủ nơi cư trú\nBản sao giấy xác nhận cư trú');
  });
  assert.match(msg, /Đã gửi yêu cầu bổ sung/);
  assert.match(msg, /Phiếu yêu cầu bổ sung/);
  assert.match(await page.innerText('[data-head-badges]'), /Chờ bổ sung/);
  assert.match(await page.innerText('[data-state-notices]'), /Thời hạn giải quyết tạm dừng/);
  const block = await page.innerText('[data-events]');
  assert.match(block, /Bản sao giấy xác nhận cư trú/);
  assert.match(block, /Đang chờ người nộp bổ sung/);
  assert.match(await page.innerText('[data-forms]'), /Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ/);
  // asked once: the button is gone
  assert.equal(await page.locator('[data-actions] button', { hasText: 'Yêu cầu bổ sung' }).count(), 0);
  await shot(page, 'staff-dossier-supplement-1366');
  assert.deepEqual(await axe(page), []);
});

test('reception records the supplement: the appointment moves by the time paused', async () => {
  await setNow('2026-03-04T10:30:00+07:00'); // two working days later
  const page = await pageAs('tiepnhan1');
  await openDossier(page, code);
  const msg = await doAction(page, 'Ghi nhận bổ sung', async (form) => {
    assert.match(await form.innerText(), /Bản sao giấy xác nhận cư trú/); // what was asked
    await form.getByLabel(/Ghi chú/).fill('Đã nhận đủ');
  });
  assert.match(msg, /Hẹn trả kết quả: 09 giờ 00 phút, thứ Hai 09\/03\/2026/);
  const general = await page.innerText('[data-general]');
  assert.match(general, /Hẹn ban đầu\s+09 giờ 00 phút, thứ Năm 05\/03\/2026/);
  assert.match(general, /16 giờ làm việc/);
});

test('the specialist forwards it to the leader (the default officer of the step)', async () => {
  await setNow('2026-03-04T15:00:00+07:00');
  const page = await pageAs('hotich1');
  await openDossier(page, code);
  const msg = await doAction(page, 'Chuyển bước tiếp theo', async (form) => {
    assert.match(await form.innerText(), /bước 3: Ký duyệt/);
  });
  assert.match(msg, /Lê Văn Trung/);
  assert.match(await page.innerText('[data-general]'), /Bước 3\/4/);
  // the step is the leader's now: the specialist is told, and offered none of its work
  assert.match(await page.innerText('[data-actions]'), /Lãnh đạo Ủy ban nhân dân phường \(người xử lý: Lê Văn Trung\)/);
  assert.equal(await page.locator('[data-actions] button', { hasText: 'Hoàn thành' }).count(), 0);
  // were it sent anyway, the server's 403 would be said in words
  const r = await act(code, { action: 'complete', result: { summary: 'x' } }, 'hotich1');
  assert.equal(r.status, 403);
});

test('the leader completes it from the inbox', async () => {
  await setNow('2026-03-05T09:00:00+07:00');
  const page = await pageAs('chutich');
  await page.goto(srv.url + '/staff/inbox/');
  await page.getByRole('link', { name: code }).click();
  await page.locator('[data-history] table').waitFor();
  const msg = await doAction(page, 'Hoàn thành, có kết quả', async (form) => {
    await form.getByLabel(/Kết quả giải quyết/).fill('Đã cấp Giấy xác nhận tình trạng hôn nhân số 15/2026');
  });
  assert.match(msg, /hồ sơ chờ trả/);
  assert.match(await page.innerText('[data-head-badges]'), /Có kết quả, chờ trả/);
  assert.match(await page.innerText('[data-events]'), /số 15\/2026/);
});

test('the return desk takes a scanned tracking address and hands the result over', async () => {
  await setNow('2026-03-05T10:00:00+07:00');
  const page = await pageAs('tiepnhan1');
  await page.goto(srv.url + '/staff/return/');
  await page.waitForFunction(() => document.activeElement && document.activeElement.id === 'f-code');
  await page.locator('[data-waiting] .waiting-list').waitFor();
  assert.match(await page.innerText('[data-waiting]'), new RegExp(code.replace(/\./g, '\\.')));
  assert.deepEqual(await axe(page), []);
  await shot(page, 'staff-return-1366');

  // an unknown code: said beside the box
  await page.keyboard.type('000.01.40.H15-260302-9999');
  await page.keyboard.press('Enter');
  await page.locator('[data-scan-form] [data-error-summary]:not([hidden])').waitFor();
  assert.match(await page.innerText('[data-scan-form] .field'), /Không có hồ sơ với mã/);

  // the scanner types the QR's address and Enter
  await page.locator('#f-code').fill('');
  await page.keyboard.type(`${srv.url}/track/?code=${encodeURIComponent(code)}`);
  await page.keyboard.press('Enter');
  await page.locator('[data-found]:not([hidden])').waitFor();
  const found = await page.innerText('[data-found]');
  assert.match(found, /Đã cấp Giấy xác nhận tình trạng hôn nhân số 15\/2026/);
  assert.match(found, /Nguyễn Văn Bình/);
  assert.equal(await focused(page), 'f-receiver_name');
  assert.equal(await page.inputValue('#f-receiver_name'), 'Nguyễn Văn Bình');
  await shot(page, 'staff-return-found-1366');
  assert.deepEqual(await axe(page), []);
  await page.keyboard.press('Enter');
  await page.locator('[data-result-notice] .notice--success').waitFor();
  const done = await page.innerText('[data-result-notice]');
  assert.match(done, /Đã trả kết quả hồ sơ/);
  assert.match(done, /Người nhận: Nguyễn Văn Bình, lúc 10:00/);
  assert.match(done, /Bước trả kết quả: ✓?\s*Trước hạn/);
  assert.equal(await focused(page), 'f-code');
  assert.equal(await page.inputValue('#f-code'), '');
  await page.waitForFunction((c) => !document.querySelector('[data-waiting]').textContent.includes(c), code);

  // the same code again: already handed over
  await page.keyboard.type(code);
  await page.keyboard.press('Enter');
  await page.locator('[data-found]:not([hidden])').waitFor();
  assert.match(await page.innerText('[data-found-action]'), /đã trả kết quả/);

  const narrow = await pageAs('tiepnhan1', 360);
  await narrow.goto(srv.url + '/staff/return/');
  await narrow.locator('[data-waiting] p').first().waitFor();
  await noOverflow(narrow, 'return 360');
  await shot(narrow, 'staff-return-360');
  assert.deepEqual(await axe(narrow), []);
});

test('the dossier page: control sheet with outcomes, history of hand-overs, papers', async () => {
  for (const width of [1366, 360]) {
    const page = await pageAs('hotich1', width);
    await openDossier(page, code);
    const outcomes = await page.$$eval('[data-control] tbody tr', (trs) => trs.map((tr) => tr.lastElementChild.innerText.trim()));
    assert.deepEqual(outcomes, ['Đúng hạn', 'Trước hạn', 'Trước hạn', 'Trước hạn']);
    const handlers = await page.$$eval('[data-control] tbody tr', (trs) => trs.map((tr) => tr.children[6].innerText.trim()));
    assert.deepEqual(handlers, ['Huỳnh Thị Mỹ Duyên', 'Nguyễn Thị Thanh Thảo', 'Lê Văn Trung', 'Huỳnh Thị Mỹ Duyên']);
    const actions = await page.$$eval('[data-history] tbody tr', (trs) => trs.map((tr) => tr.children[1].querySelector('strong').innerText.trim()));
    assert.deepEqual(actions, [
      'Tiếp nhận tại quầy',
      'Chuyển bước tiếp theo',
      'Yêu cầu bổ sung',
      'Ghi nhận bổ sung',
      'Chuyển bước tiếp theo',
      'Hoàn thành, có kết quả',
      'Trả kết quả',
    ]);
    const history = await page.innerText('[data-history]');
    assert.match(history, /Huỳnh Thị Mỹ Duyên/);
    assert.match(history, /Lê Văn Trung/);
    assert.match(history, /Tờ khai chưa ghi nơi cư trú trước đây/);
    assert.match(await page.innerText('[data-head-badges]'), /Đã trả kết quả/);
    assert.match(await page.innerText('[data-head-badges]'), /Giải quyết trước hạn/);
    assert.match(await page.innerText('[data-events]'), /Người nhận\s+Nguyễn Văn Bình/);
    const papers = await page.$$eval('[data-forms] a', (as) => as.map((a) => a.getAttribute('href').split('/').pop()));
    assert.deepEqual(papers, ['receipt', 'supplement', 'control']);
    assert.match(await page.innerText('[data-actions]'), /đã kết thúc/);
    await noOverflow(page, 'dossier ' + width);
    await shot(page, `staff-dossier-${width}`);
    assert.deepEqual(await axe(page), []);
    assert.deepEqual(page.consoleErrors, []);
  }
});

test('an apology with a new date, then a version conflict said plainly with a reload', async () => {
  await setNow('2026-03-05T11:00:00+07:00');
  const page = await pageAs('hotich1');
  await openDossier(page, codes.late);
  assert.match(await page.innerText('[data-head-badges]'), /Quá hạn/);
  assert.match(await page.innerText('[data-state-notices]'), /Hồ sơ đã quá hạn/);
  // the apology (Mẫu 04) is issued by a leader of the People's Committee:
  // the specialist is not offered it; the vice-chair issues it at the specialist's step
  assert.equal(await page.locator('[data-actions]').getByRole('button', { name: 'Xin lỗi, hẹn lại', exact: true }).count(), 0);
  const lead = await pageAs('phochutich');
  await openDossier(lead, codes.late);
  const msg = await doAction(lead, 'Xin lỗi, hẹn lại', async (form) => {
    await form.getByLabel(/Lý do chậm trả kết quả/).fill('Chờ nơi cư trú trước đây trả lời xác minh');
    await form.getByLabel('Ngày', { exact: true }).fill('2026-03-10');
    await form.getByLabel('Giờ', { exact: true }).fill('14:00');
  });
  assert.match(msg, /Hẹn trả kết quả: 14 giờ 00 phút, thứ Ba 10\/03\/2026/);
  assert.match(await lead.innerText('[data-events]'), /Không \(báo muộn\)/); // it was already late
  assert.match(await lead.innerText('[data-events]'), /Hẹn trước đó\s+09 giờ 00 phút, thứ Hai 02\/03\/2026/);
  assert.match(await lead.innerText('[data-forms]'), /Mẫu 04 – Văn bản xin lỗi và đề nghị gia hạn thời gian giải quyết/);
  assert.deepEqual(lead.consoleErrors, []);
  await lead.close();
  await openDossier(page, codes.late); // the specialist's page, up to date

  // someone else acts behind the page's back
  const other = await act(codes.late, { action: 'request_supplement', reason: 'Thiếu giấy tờ', items: ['Bản sao'] }, 'hotich1');
  assert.equal(other.status, 200, JSON.stringify(other.data));
  await page.locator('[data-actions]').getByRole('button', { name: 'Trả lại bước trước', exact: true }).click();
  await page.locator('#action-form').getByLabel(/Lý do trả lại/).fill('Cần kiểm tra lại');
  await page.locator('#action-form button[type="submit"]').click();
  const notice = page.locator('[data-action-notice] .notice--error');
  await notice.waitFor();
  assert.match(await notice.innerText(), /Hồ sơ vừa được người khác xử lý/);
  assert.equal(await page.evaluate(() => document.activeElement.classList.contains('notice')), true);
  await shot(page, 'staff-dossier-conflict-1366');
  await notice.getByRole('button', { name: 'Tải lại hồ sơ' }).click();
  await page.waitForFunction(() => document.querySelector('[data-head-badges]').textContent.includes('Chờ bổ sung'));
  assert.equal(await page.locator('[data-action-notice] .notice').count(), 0);
});

test('online submissions: reception accepts one from the queue; refusing asks for confirmation', async () => {
  await setNow('2026-03-05T14:00:00+07:00');
  const p = await srv.json('GET', '/api/v1/procedures/1.004873');
  const documents = p.data.documents.filter((d) => d.mandatory).map((d) => ({ id: d.id }));
  const subs = [];
  for (const name of ['Võ Thị Trực Tuyến', 'Đỗ Văn Từ Chối']) {
    const r = await srv.json('POST', '/api/v1/public/submissions', { procedure: '1.004873', applicant: { ...PERSON, name }, documents });
    assert.equal(r.status, 201, JSON.stringify(r.data));
    subs.push(r.data.code);
  }
  const page = await pageAs('tiepnhan1');
  await page.goto(srv.url + '/staff/intake/?tab=online');
  const item = (c) => page.locator('.queue__item', { hasText: c });
  await item(subs[0]).waitFor();
  assert.equal(await page.getAttribute('#tab-online', 'aria-selected'), 'true');
  assert.match(await page.innerText('[data-online-count]'), /2/);
  await shot(page, 'staff-intake-online-1366');
  assert.deepEqual(await axe(page), []);
  await item(subs[0]).getByRole('button', { name: 'Tiếp nhận', exact: true }).click();
  await page.locator('[data-online-notice] .notice--success').waitFor();
  // Thursday 14:00 + 3 working days → Tuesday 14:00
  assert.match(await page.innerText('[data-online-notice]'), /Hẹn trả kết quả: 14 giờ 00 phút, thứ Ba 10\/03\/2026/);
  await page.waitForFunction((c) => !document.querySelector('[data-online-list]').textContent.includes(c), subs[0]);

  // refusing from the dossier page: asked twice, the reason required
  await openDossier(page, subs[1]);
  await page.locator('[data-actions]').getByRole('button', { name: 'Từ chối', exact: true }).click();
  await page.locator('#action-form button[type="submit"]').click();
  await page.locator('#action-form [data-error-summary]:not([hidden])').waitFor();
  assert.match(await page.innerText('#action-form .field'), /Vui lòng nhập thông tin bắt buộc này/);
  await page.locator('#action-form').getByLabel(/Lý do từ chối/).fill('Không thuộc thẩm quyền giải quyết của phường');
  await page.locator('#action-form button[type="submit"]').click();
  const confirm = page.locator('#action-form .confirm');
  await confirm.waitFor();
  assert.match(await confirm.innerText(), /không hoàn tác được/);
  assert.equal(await page.evaluate(() => document.activeElement.textContent), 'Đồng ý từ chối');
  await shot(page, 'staff-dossier-confirm-1366');
  assert.deepEqual(await axe(page), []);
  let d = await srv.json('GET', '/api/v1/dossiers/' + subs[1], undefined, users.tiepnhan1);
  assert.equal(d.data.status, 'submitted'); // nothing happened yet
  await page.keyboard.press('Enter');
  await page.locator('[data-action-notice] .notice--success').waitFor();
  assert.match(await page.innerText('[data-head-badges]'), /Đã từ chối/);
  assert.match(await page.innerText('[data-forms]'), /Phiếu từ chối/);
  d = await srv.json('GET', '/api/v1/dossiers/' + subs[1], undefined, users.tiepnhan1);
  assert.equal(d.data.status, 'refused');
});

test('the staff home lists the dossier tools by role; the dossier page opens a typed code', async () => {
  const page = await pageAs('hotich1');
  await page.goto(srv.url + '/staff/');
  await page.locator('[data-tools] a').first().waitFor();
  const tools = await page.$$eval('[data-tools] a', (as) => as.map((a) => a.getAttribute('href')));
  assert.ok(tools.includes('/staff/inbox/') && tools.includes('/staff/dossier/'));
  assert.ok(!tools.includes('/staff/intake/') && !tools.includes('/staff/return/'));
  await page.goto(srv.url + '/staff/dossier/');
  await page.waitForFunction(() => document.activeElement && document.activeElement.id === 'f-code');
  await page.keyboard.type(code.toLowerCase());
  await page.keyboard.press('Enter');
  await page.waitForURL(/\?code=/);
  await page.locator('[data-dossier]:not([hidden])').waitFor();
  assert.match(await page.innerText('h1'), new RegExp(code.replace(/\./g, '\\.')));
});
