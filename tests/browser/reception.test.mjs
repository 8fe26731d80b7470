// Reception days and the reception book in a real Chromium (issue 13):
// the officer adds a session on the schedule editor and sees the duty
// warning shrink; a citizen registers for it on the public schedule (the
// errors first, then the confirmation code) and the public page shows no
// registrant; the officer records a visit with two mixed matters from the
// keyboard (Alt+N adds the second, Ctrl+Enter records) and both petitions
// appear in the petition inbox; the printable book shows the visit under
// the 03/TCD headings. axe finds nothing on each page.
// Screenshots: build/screenshots/reception-*.png.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, DEMO_PASSWORD } from '../lib/server.mjs';
import { launch, axe, shot } from '../lib/browser.mjs';

let srv, b, staff;
const publicBodies = [];

before(async () => {
  srv = await startServer({ env: { MOTCUA_TEST_CLOCK: '1' } });
  await srv.json('PUT', '/api/v1/_test/now', { now: '2026-03-02T09:00:00+07:00' });
  b = await launch();
  staff = await b.page();
  await staff.goto(srv.url + '/login/');
  await staff.getByLabel(/Tên đăng nhập/).fill('tiepnhan1');
  await staff.getByLabel(/Mật khẩu/).fill(DEMO_PASSWORD);
  await staff.getByRole('button', { name: /Đăng nhập/ }).click();
  await staff.waitForURL(/\/staff\/$/);
});
after(async () => {
  await b?.close();
  await srv?.stop();
});

test('the schedule editor: the duty warning, then a session added', async () => {
  await staff.goto(srv.url + '/staff/reception/');
  await staff.getByRole('heading', { level: 1, name: 'Lịch tiếp công dân' }).waitFor();
  // the page has drawn its first answer (the browser's next four weeks)
  await staff.locator('[data-warnings] > *').first().waitFor();
  await staff.getByLabel('Từ ngày').fill('2026-03-02');
  await staff.getByLabel('Đến ngày').fill('2026-03-15');
  await staff.getByRole('button', { name: 'Xem' }).click();
  // the answer for the chosen fortnight (the first answer, for the browser's
  // next four weeks, is on screen until it comes)
  await staff.locator('[data-warnings]', { hasText: '02/03' }).waitFor();
  assert.equal(await staff.locator('[data-warning]').count(), 2);
  assert.match(await staff.locator('[data-warnings]').innerText(), /ít nhất 1 ngày mỗi tuần/);
  await staff.getByText('Thêm buổi tiếp công dân').click();
  await staff.getByLabel(/Người chủ trì tiếp/).fill('Trần Văn Chủ Tịch');
  await staff.getByLabel('Chức vụ').fill('Chủ tịch UBND phường');
  await staff.getByLabel(/Tính vào nghĩa vụ/).selectOption('commune_chairman');
  await staff.getByLabel(/^Ngày/).fill('2026-03-05');
  await staff.getByLabel(/^Địa điểm/).fill('Phòng tiếp công dân, tầng 1');
  await staff.getByLabel(/Số người đăng ký trước/).fill('1');
  await staff.getByRole('button', { name: 'Lưu buổi tiếp' }).click();
  await staff.locator('[data-session]').first().waitFor();
  await staff.waitForFunction(() => document.querySelectorAll('[data-warning]').length === 1);
  assert.deepEqual(await axe(staff), []);
  await shot(staff, 'reception-schedule');
});

test('a citizen registers: errors first, then the code; the public page names nobody', async () => {
  const page = await b.page();
  page.on('response', async (res) => {
    if (res.url().includes('/api/v1/public/')) publicBodies.push(await res.text().catch(() => ''));
  });
  await page.goto(srv.url + '/reception/');
  await page.getByRole('heading', { level: 1, name: 'Lịch tiếp công dân' }).waitFor();
  await page.getByText('Trần Văn Chủ Tịch').waitFor();
  await page.getByRole('button', { name: 'Đăng ký' }).first().click();
  await page.locator('[data-reg-form] button[type=submit]').click();
  const summary = page.locator('[data-reg-form] [data-error-summary]');
  await summary.waitFor();
  assert.match(await summary.innerText(), /Vui lòng nhập họ và tên/);
  await page.getByLabel(/^Họ và tên/).fill('Lê Thị Đăng Ký');
  await page.getByLabel(/Số điện thoại di động hoặc thư điện tử/).fill('0905 777 888');
  await page.getByLabel(/Tóm tắt nội dung/).fill('Hỏi về cấp giấy chứng nhận đất');
  await page.locator('[data-reg-form] button[type=submit]').click();
  await page.locator('[data-done-code]').waitFor();
  assert.match(await page.locator('[data-done-code]').innerText(), /^RC-/);
  assert.deepEqual(await axe(page), []);
  await page.getByRole('button', { name: 'Xem lại lịch' }).click();
  await page.getByText('Đã đủ số người đăng ký').waitFor();
  await shot(page, 'reception-public');
  const all = publicBodies.join('\n') + (await page.content());
  for (const s of ['Đăng Ký', '0905777888', '0905 777 888', 'giấy chứng nhận']) assert.ok(!all.includes(s), `public page holds ${s}`);
});

test('a visit with two matters typed from the keyboard becomes two petitions in the inbox', async () => {
  await staff.goto(srv.url + '/staff/reception/visit/');
  await staff.getByRole('heading', { level: 1, name: 'Ghi sổ tiếp công dân' }).waitFor();
  // the cursor starts on the visitor's name (once the page's script has run)
  await staff.waitForFunction(() => document.activeElement && document.activeElement.id === 'v-visitors');
  await staff.keyboard.type('Phạm Văn Đến');
  await staff.getByLabel('Số CCCD/Hộ chiếu').fill('049201001234');
  await staff.getByLabel('Số người').fill('2');
  await staff.getByLabel('Loại nội dung 1').selectOption('complaint');
  await staff.getByLabel(/^Nội dung 1/).fill('Khiếu nại quyết định thu hồi đất số 12/QĐ-UBND');
  await staff.getByLabel(/^Nội dung 1/).press('Alt+n');
  await staff.getByLabel('Loại nội dung 2').waitFor();
  await staff.getByLabel('Loại nội dung 2').selectOption('recommendation');
  await staff.getByLabel(/^Nội dung 2/).fill('Kiến nghị sửa đoạn đường kiệt 45 Trần Phú');
  await staff.getByLabel(/^Nội dung 2/).press('Control+Enter');
  const saved = staff.locator('[data-saved-petitions] a');
  await saved.nth(1).waitFor();
  const codes = await saved.allInnerTexts();
  assert.equal(codes.length, 2);
  assert.match(await staff.locator('[data-saved]').innerText(), /số thứ tự 1; đã tạo 2 đơn/);
  assert.deepEqual(await axe(staff), []);
  await shot(staff, 'reception-visit');
  await staff.goto(srv.url + '/staff/petitions/');
  await staff.locator('[data-petitions]').waitFor();
  const inbox = await staff.locator('[data-petitions]').innerText();
  for (const c of codes) assert.ok(inbox.includes(c), `inbox lists ${c}`);
});

test('the printable book shows the visit under the 03/TCD headings', async () => {
  await staff.goto(srv.url + '/staff/reception/book/');
  await staff.getByLabel('Từ ngày').fill('2026-03-01');
  await staff.getByLabel('Đến ngày').fill('2026-03-31');
  await staff.getByRole('button', { name: 'Xem' }).click();
  await staff.locator('[data-visit="1"]').waitFor();
  const text = await staff.locator('[data-book]').innerText();
  assert.match(text, /SỔ TIẾP CÔNG DÂN/);
  assert.match(text, /Mẫu số 03\/TCD/);
  assert.match(text, /Số CCCD\/ Hộ chiếu/);
  assert.match(text, /Phạm Văn Đến/);
  assert.match(text, /Khiếu nại, Kiến nghị/);
  assert.match(await staff.locator('[data-csv]').getAttribute('href'), /format=csv/);
  assert.deepEqual(await axe(staff), []);
  await shot(staff, 'reception-book');
});
