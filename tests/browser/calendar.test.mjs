// The working calendar in a real browser (/staff/calendar/): the administrator
// sees February 2026 with the Tết days marked in words and the lunar dates,
// adds a day off through the dialog and sees it in the grid and the list;
// the keyboard moves through the grid; another staff member sees the page
// read-only; a visitor who is not signed in is sent to the login page.
// Screenshots at 360 px and 1366 px (build/screenshots/calendar-*.png) and
// an axe-core check of each state.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
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

async function openYear(page, year) {
  await page.goto(`${srv.url}/staff/calendar/?year=${year}`);
  await page.waitForSelector(`.cal-day[data-date="${year}-12-31"]`);
}

const day = (page, date) => page.locator(`.cal-day[data-date="${date}"]`);

async function noOverflow(page, label) {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 1, `horizontal overflow ${overflow}px on ${label}`);
}

test('a visitor who is not signed in is sent to the login page and back', async () => {
  const page = await b.page({ width: 360 });
  await page.goto(srv.url + '/staff/calendar/?year=2026');
  await page.waitForURL(/\/login\/\?next=/);
  assert.equal(new URL(page.url()).searchParams.get('next'), '/staff/calendar/?year=2026');
});

test('the administrator sees 2026: Tết marked in words, lunar dates, hours, at 360 and 1366 px', async () => {
  for (const width of [360, 1366]) {
    const page = await staffPage('admin', { width });
    await openYear(page, 2026);
    const text = await page.innerText('main');
    assert.match(text, /Lịch năm 2026/);
    assert.match(text, /Buổi sáng 07:30–11:30 · Buổi chiều 13:00–17:00/);
    assert.match(text, /Đến 15:00/);
    assert.match(text, /Theo văn bản đã ban hành/);
    // February: Mon 16 – Fri 20 are days off, written as such
    for (const d of ['2026-02-16', '2026-02-17', '2026-02-18', '2026-02-19', '2026-02-20']) {
      assert.match(await day(page, d).innerText(), /Nghỉ/, d);
      assert.match(await day(page, d).getAttribute('aria-label'), /ngày nghỉ: Tết Nguyên đán/);
    }
    // lunar dates: Tết is 1/1, the day before is the 29th of the 12th month
    assert.deepEqual((await day(page, '2026-02-17').innerText()).split('\n'), ['17', '1/1', 'Nghỉ']);
    assert.match(await day(page, '2026-02-16').innerText(), /^16\n29\n/);
    assert.match(await day(page, '2026-02-01').innerText(), /^1\n14\/12$/);
    assert.match(await day(page, '2026-02-17').getAttribute('aria-label'), /Thứ Ba, 17\/02\/2026, ngày 1 tháng 1 năm 2026 âm lịch/);
    // the make-up Saturdays
    assert.match(await day(page, '2026-01-10').innerText(), /Làm bù/);
    assert.match(await day(page, '2026-08-22').innerText(), /Làm bù/);
    // February's grid starts on Sunday 1: six empty cells before it (Monday first)
    const lead = await page.locator('.cal-month').nth(1).locator('tbody tr').first().locator('td.cal-grid__pad').count();
    assert.equal(lead, 6);
    // the year's list, with the decision number
    const list = await page.locator('[data-list-rows]').innerText();
    assert.match(list, /Tết Nguyên đán/);
    assert.match(list, /9441\/TB-BNV/);
    assert.equal(await page.locator('[data-export]').getAttribute('href'), '/api/v1/calendar/2026/export');
    await noOverflow(page, `/staff/calendar/ at ${width}`);
    await shot(page, `calendar-2026-${width}`);
    // axe over 365 day buttons is slow: once, at the PC width
    if (width === 1366) assert.deepEqual(await axe(page), []);
    assert.deepEqual(page.consoleErrors, []);
  }
});

test('the administrator adds 1 Dec 2026 as a day off through the page', async () => {
  const page = await staffPage('admin', { width: 1366 });
  await openYear(page, 2026);
  await day(page, '2026-12-01').click();
  const dialog = page.locator('[data-day-dialog]');
  await dialog.waitFor({ state: 'visible' });
  assert.match(await dialog.innerText(), /Thứ Ba, 01\/12\/2026/);
  assert.match(await dialog.innerText(), /ngày 23 tháng 10 năm 2026 âm lịch/);
  assert.match(await dialog.innerText(), /Ngày làm việc/);
  assert.deepEqual(await axe(page), []);

  // a make-up day on a Tuesday is refused by the page, with the server's words
  await dialog.getByLabel(/Ngày làm bù/).check();
  await dialog.getByLabel(/Tên ngày/).fill('Thử');
  await dialog.getByRole('button', { name: 'Lưu ngày này' }).click();
  await dialog.locator('[data-error-summary]').waitFor();
  assert.match(await dialog.locator('[data-error-summary]').innerText(), /thứ Bảy hoặc Chủ nhật/);
  await shot(page, 'calendar-dialog-error-1366');

  await dialog.getByLabel(/Ngày nghỉ \(lễ/).check();
  await dialog.getByLabel(/Tên ngày/).fill('Ngày nghỉ theo quyết định của tỉnh');
  await dialog.getByLabel('Số văn bản').fill('12/QĐ-UBND');
  await dialog.getByLabel('Lý do, căn cứ').fill('Quyết định 12/QĐ-UBND của tỉnh');
  await shot(page, 'calendar-dialog-1366');
  await dialog.getByRole('button', { name: 'Lưu ngày này' }).click();
  await page.waitForFunction(() => !document.querySelector('[data-day-dialog]').open);
  const note = page.locator('[data-page-notice]');
  await note.getByText('Đã lưu ngày 01/12/2026').waitFor();
  assert.match(await note.innerText(), /Không có hồ sơ đang giải quyết nào có hẹn trả vào ngày này/);
  assert.match(await day(page, '2026-12-01').innerText(), /Nghỉ/);
  assert.match(await day(page, '2026-12-01').getAttribute('aria-label'), /ngày nghỉ: Ngày nghỉ theo quyết định của tỉnh/);
  // focus comes back to the day
  assert.equal(await page.evaluate(() => document.activeElement.dataset.date), '2026-12-01');
  assert.match(await page.locator('[data-list-rows]').innerText(), /Ngày nghỉ theo quyết định của tỉnh\s+12\/QĐ-UBND/);
  assert.match(await page.innerText('main'), /Đã được quản trị hệ thống cập nhật/);
  const api = await srv.json('GET', '/api/v1/calendar/2026');
  assert.equal(api.data.days.find((d) => d.date === '2026-12-01').working, false);
  await shot(page, 'calendar-saved-1366');

  // and removed again from the list's "Sửa" button
  await page.getByRole('button', { name: 'Sửa ngày 01/12/2026' }).click();
  await dialog.waitFor({ state: 'visible' });
  assert.equal(await dialog.getByLabel(/Tên ngày/).inputValue(), 'Ngày nghỉ theo quyết định của tỉnh');
  await dialog.getByRole('button', { name: 'Xóa khỏi lịch' }).click();
  await note.getByText('Đã xóa ngày 01/12/2026 khỏi lịch').waitFor();
  assert.doesNotMatch(await day(page, '2026-12-01').innerText(), /Nghỉ/);
  assert.deepEqual(page.consoleErrors, []);
});

test('the grid is one tab stop moved with the arrow keys; years change with the buttons', async () => {
  const page = await staffPage('admin', { width: 1366 });
  await openYear(page, 2026);
  assert.equal(await page.locator('.cal-day[tabindex="0"]').count(), 1);
  await day(page, '2026-02-16').focus();
  await page.keyboard.press('ArrowRight');
  assert.equal(await page.evaluate(() => document.activeElement.dataset.date), '2026-02-17');
  await page.keyboard.press('ArrowDown');
  assert.equal(await page.evaluate(() => document.activeElement.dataset.date), '2026-02-24');
  await page.keyboard.press('PageDown');
  assert.equal(await page.evaluate(() => document.activeElement.dataset.date), '2026-03-24');
  await page.keyboard.press('Enter');
  await page.locator('[data-day-dialog]').waitFor({ state: 'visible' });
  await page.keyboard.press('Escape');
  await page.waitForFunction(() => !document.querySelector('[data-day-dialog]').open);
  assert.equal(await page.evaluate(() => document.activeElement.dataset.date), '2026-03-24');

  await page.getByRole('button', { name: /Năm 2027/ }).click();
  await page.waitForSelector('.cal-day[data-date="2027-12-31"]');
  assert.match(await page.innerText('main'), /Chưa có văn bản cho năm 2027/);
  assert.match(await page.locator('[data-list-rows]').innerText(), /Tự tính theo luật/);
  assert.equal(new URL(page.url()).searchParams.get('year'), '2027');
  // the leap month of 2023 (from 22 Mar) is marked N
  await page.getByLabel('Năm', { exact: true }).fill('2023');
  await page.getByRole('button', { name: 'Xem', exact: true }).click();
  await page.waitForSelector('.cal-day[data-date="2023-12-31"]');
  assert.match(await day(page, '2023-03-22').innerText(), /^22\n1\/2 N$/);
  await page.getByLabel('Năm', { exact: true }).fill('23');
  await page.getByRole('button', { name: 'Xem', exact: true }).click();
  await page.locator('[data-year-form] [data-error-summary]').waitFor();
  assert.deepEqual(page.consoleErrors, []);
});

test('other staff see the calendar read-only, in English too', async () => {
  const page = await staffPage('tiepnhan1', { width: 360 });
  await openYear(page, 2026);
  assert.match(await page.innerText('main'), /Chỉ quản trị hệ thống mới thay đổi được/);
  assert.equal(await page.locator('[data-import-form]').isVisible(), false);
  await day(page, '2026-02-17').click();
  const dialog = page.locator('[data-day-dialog]');
  await dialog.waitFor({ state: 'visible' });
  assert.match(await dialog.innerText(), /Tết Nguyên đán/);
  assert.equal(await dialog.locator('[data-day-form]').isVisible(), false);
  await shot(page, 'calendar-readonly-dialog-360');
  assert.deepEqual(await axe(page), []);
  await dialog.getByRole('button', { name: 'Đóng' }).click();

  await page.getByRole('button', { name: /English/ }).click();
  await page.waitForFunction(() => document.documentElement.lang === 'en');
  assert.match(await page.innerText('main'), /Calendar 2026/);
  assert.match(await day(page, '2026-02-17').innerText(), /Off/);
  await shot(page, 'calendar-2026-en-360');
  await page.getByRole('button', { name: /Tiếng Việt/ }).click();
  await page.waitForFunction(() => document.documentElement.lang === 'vi');
  assert.deepEqual(page.consoleErrors, []);
});

test('a dossier whose promised window spans 24 Nov 2026 is shown above the year, linked, not recomputed', async () => {
  const s2 = await startServer({ env: { MOTCUA_TEST_CLOCK: '1' } });
  try {
    await s2.json('PUT', '/api/v1/_test/now', { now: '2026-11-23T09:00:00+07:00' });
    const clerk = await s2.login('tiepnhan1');
    const p = await s2.json('GET', '/api/v1/procedures/1.004873');
    const documents = p.data.documents.filter((d) => d.mandatory).map((d) => ({ id: d.id, count: 1 }));
    const applicant = { kind: 'person', name: 'Lê Văn Tám', id_number: '048085009999', phone: '0905 111 222', address: '3 Hùng Vương, Hội An' };
    const r = await s2.json('POST', '/api/v1/dossiers', { procedure: '1.004873', applicant, channel: 'counter', return_method: 'counter', documents }, clerk);
    assert.equal(r.status, 201, JSON.stringify(r.data));
    const code = r.data.code;
    await s2.json('PUT', '/api/v1/_test/now', { now: '2026-11-23T14:00:00+07:00' });

    const page = await b.page({ width: 1366 });
    const { cookie } = await s2.login('chutich');
    const [name, ...rest] = cookie.split('=');
    await page.context().addCookies([{ name, value: rest.join('='), url: s2.url }]);
    await page.goto(`${s2.url}/staff/calendar/?year=2026`);
    const table = page.locator('[data-spans-table="2026-11-24"]');
    await table.waitFor();
    const warning = page.locator('[data-spans] .notice--warning');
    const text = await warning.innerText();
    assert.match(text, /hồ sơ đang mở có ngày hẹn được tính khi ngày 24\/11\/2026 còn là ngày làm việc/);
    assert.match(text, /Ngày Văn hóa Việt Nam/);
    assert.match(text, /không được tính lại tự động: Trung tâm xem từng hồ sơ và quyết định/);
    assert.match(text, /lãnh đạo Ủy ban nhân dân ký văn bản xin lỗi và hẹn lại ngày trả/);
    assert.doesNotMatch(text, /Lê Văn Tám/);
    const link = table.getByRole('link', { name: `Mở hồ sơ ${code}` });
    assert.equal(await link.getAttribute('href'), `/staff/dossier/?code=${encodeURIComponent(code)}`);
    assert.match(await table.innerText(), /Đã tiếp nhận/);
    assert.match(await table.innerText(), /27\/11\/2026/);
    await shot(page, 'calendar-spans-1366');
    assert.deepEqual(await axe(page), []);
    await link.click();
    await page.waitForURL(/\/staff\/dossier\/\?code=/);
    await page.getByText(code).first().waitFor();
    assert.deepEqual(page.consoleErrors, []);
  } finally {
    await s2.stop();
  }
});

test('each agency\'s hours: the administrator changes phường Hội An Tây\'s through the page; others read them', async () => {
  const page = await staffPage('admin', { width: 360 });
  await openYear(page, 2026);
  const rows = page.locator('[data-hours-rows]');
  await rows.getByText('Ủy ban nhân dân phường Hội An Tây').waitFor();
  assert.match(await rows.innerText(), /Ủy ban nhân dân phường Hội An\s+Trung tâm vận hành hệ thống/);
  await page.getByRole('button', { name: 'Sửa giờ làm việc của Ủy ban nhân dân phường Hội An Tây' }).click();
  const form = page.locator('[data-hours-form]');
  await form.waitFor({ state: 'visible' });
  assert.match(await form.innerText(), /Giờ làm việc của Ủy ban nhân dân phường Hội An Tây/);
  // a cut-off outside the working hours: the server's words, on the field
  await form.getByLabel(/^Giờ làm việc/).fill('07:00-11:00,13:30-16:30');
  await form.getByLabel('Giờ nhận hồ sơ tính trong ngày').fill('18:00');
  await form.getByRole('button', { name: 'Lưu giờ làm việc' }).click();
  await form.locator('[data-error-summary]').waitFor();
  assert.match(await form.locator('[data-error-summary]').innerText(), /trong giờ làm việc/);
  assert.deepEqual(await axe(page), []);
  await shot(page, 'calendar-hours-error-360');
  await form.getByLabel('Giờ nhận hồ sơ tính trong ngày').fill('16:00');
  await form.getByRole('button', { name: 'Lưu giờ làm việc' }).click();
  await page.locator('[data-page-notice]').getByText('Đã lưu giờ làm việc của Ủy ban nhân dân phường Hội An Tây').waitFor();
  assert.equal(await form.isVisible(), false);
  const tay = rows.locator('tr', { hasText: 'phường Hội An Tây' });
  assert.match(await tay.innerText(), /07:00–11:00 · Buổi chiều 13:30–16:30/);
  assert.match(await tay.innerText(), /Đến 16:00/);
  // the home centre's hours (the year's facts) did not change
  assert.match(await page.innerText('[data-hours]'), /07:30–11:30 · Buổi chiều 13:00–17:00/);
  await shot(page, 'calendar-hours-saved-360');
  const api = await srv.json('GET', '/api/v1/public/centre?agency=HOIANTAY');
  assert.equal(api.data.work_periods, '07:00-11:00,13:30-16:30');
  // the one error the browser logs is the refused cut-off (422)
  assert.deepEqual(page.consoleErrors.filter((e) => !/status of 422/.test(e)), []);

  // other staff read every agency's hours, with no button to change them
  const other = await staffPage('hoiantay.tiepnhan', { width: 1366 });
  await openYear(other, 2026);
  await other.locator('[data-hours-rows]').getByText('Đến 16:00').waitFor();
  assert.equal(await other.locator('[data-hours-rows] button').count(), 0);
  assert.deepEqual(await axe(other), []);
  assert.deepEqual(other.consoleErrors, []);
});
