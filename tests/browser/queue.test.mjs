// The counter floor in a real Chromium (issue 12): a citizen takes a number
// at the kiosk page (big buttons per group, the slip "printed" with its QR
// code), the display board shows it called from the counter console live
// (Server-Sent Events), the phone page follows the ticket, and the board
// comes back by itself after the server restarts (on the same address).
// axe finds nothing serious on the kiosk, the board and the console.
// Screenshots: build/screenshots/queue-*.png.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { rm } from 'node:fs/promises';
import { startServer, DEMO_PASSWORD } from '../lib/server.mjs';
import { launch, axe, shot } from '../lib/browser.mjs';

let srv, b, port, firstDir;
const NOW = { MOTCUA_FAKE_NOW: String(Date.UTC(2026, 2, 2, 2, 0, 0) / 1000), MOTCUA_FAKE_CLOCK_RUNS: '1' };

/** A free TCP port on 127.0.0.1 (the server restarts on the same one). */
function freePort() {
  return new Promise((res) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const p = s.address().port;
      s.close(() => res(p));
    });
  });
}

before(async () => {
  port = await freePort();
  srv = await startServer({ env: NOW, args: ['--listen', `127.0.0.1:${port}`] });
  const admin = await srv.login('admin');
  for (const g of [
    { code: 'HT', prefix: 'A', name: 'Hộ tịch, chứng thực', name_en: 'Civil status, certification', fields: ['HT', 'CT'] },
    { code: 'DD', prefix: 'B', name: 'Đất đai, xây dựng', name_en: 'Land, construction', fields: ['DD', 'XD'] },
  ])
    assert.equal((await srv.json('POST', '/api/v1/queue/groups', g, admin)).status, 201);
  for (const [number, groups] of [[1, ['HT']], [2, ['HT', 'DD']]])
    assert.equal((await srv.json('POST', '/api/v1/queue/counters', { number, name: `Quầy ${number}`, groups }, admin)).status, 201);
  b = await launch();
});
after(async () => {
  await b?.close();
  await srv?.stop();
  if (firstDir) await rm(firstDir, { recursive: true, force: true });
});

async function signIn(page, username) {
  await page.goto(srv.url + '/login/');
  await page.getByLabel(/Tên đăng nhập/).fill(username);
  await page.getByLabel(/Mật khẩu/).fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: /Đăng nhập/ }).click();
  await page.waitForURL(/\/staff\/$/);
}

let ticketUrl;
test('kiosk ticket → the console calls it → the board shows and announces the call', async () => {
  const kiosk = await b.page({ width: 1280, height: 1024 });
  await kiosk.addInitScript(() => {
    window.print = () => (window.__printed = (window.__printed || 0) + 1);
  });
  await kiosk.goto(srv.url + '/kiosk/');
  await kiosk.getByRole('heading', { level: 1, name: 'Lấy số thứ tự' }).waitFor();
  const button = kiosk.getByRole('button', { name: /Hộ tịch, chứng thực/ });
  await button.waitFor();
  assert.deepEqual(await axe(kiosk), []);
  await shot(kiosk, 'queue-kiosk');
  await button.click();
  await kiosk.getByRole('heading', { name: 'Số thứ tự của Ông/Bà' }).waitFor();
  assert.equal(await kiosk.locator('[data-slip-number]').textContent(), 'A001');
  assert.match(await kiosk.locator('[data-slip-ahead]').textContent(), /Trước Ông\/Bà còn 0 người/);
  const qr = kiosk.locator('[data-slip-qr] img');
  await qr.waitFor();
  assert.ok(await qr.evaluate((img) => img.complete && img.naturalWidth > 0), 'the QR code is drawn');
  await kiosk.waitForFunction(() => window.__printed >= 1);
  await shot(kiosk, 'queue-kiosk-slip');
  const id = await kiosk.evaluate(() => new URL(document.querySelector('[data-slip-qr] img').src).pathname.split('/')[5]);
  ticketUrl = `${srv.url}/kiosk/ticket/#${id}`;

  const board = await b.page({ width: 1920, height: 1080 });
  await board.goto(srv.url + '/board/');
  await board.getByRole('heading', { level: 1, name: 'Mời công dân đến quầy' }).waitFor();
  await board.locator('[data-waiting] li', { hasText: 'Hộ tịch, chứng thực: 1' }).waitFor();
  assert.deepEqual(await axe(board), []);

  const staff = await b.page();
  await signIn(staff, 'tiepnhan1');
  await staff.getByRole('link', { name: /Quầy phục vụ/ }).first().click();
  await staff.waitForURL(/\/staff\/counter\/$/);
  await staff.getByLabel('Quầy', { exact: true }).selectOption({ label: 'Quầy 1' });
  await staff.getByRole('button', { name: 'Gọi số tiếp theo' }).click();
  await staff.locator('[data-current]', { hasText: 'Số A001' }).waitFor();
  assert.equal(await staff.locator('[data-staff-loading]').isVisible(), false);
  assert.deepEqual(await axe(staff), []);
  await shot(staff, 'queue-console');

  // the board, live
  await board.locator('[data-now] .board__call', { hasText: 'A001' }).waitFor({ timeout: 3000 });
  assert.match(await board.locator('[data-now]').textContent(), /A001\s*Quầy 1/);
  await board.locator('[data-waiting] li', { hasText: 'Hộ tịch, chứng thực: 0' }).waitFor();
  await shot(board, 'queue-board');

  // the phone page follows the ticket
  const phone = await b.page({ width: 360, height: 740 });
  await phone.goto(ticketUrl);
  await phone.getByText('Mời Ông/Bà đến quầy số 1').waitFor();
  await shot(phone, 'queue-phone');

  // finished: the call leaves the board's "now"
  await staff.getByRole('button', { name: 'Hoàn thành' }).click();
  await board.locator('[data-now]', { hasText: 'Chưa gọi số nào.' }).waitFor({ timeout: 3000 });
  for (const p of [kiosk, board, staff, phone]) assert.deepEqual(p.consoleErrors, []);
  test.board = board;
  test.staff = staff;
});

test('an administrator sets up a group and a counter on the console page', async () => {
  const page = await b.page();
  await signIn(page, 'admin');
  await page.getByRole('link', { name: /Quầy phục vụ/ }).first().click();
  await page.waitForURL(/\/staff\/counter\/$/);
  await page.getByRole('heading', { name: 'Thiết lập nhóm dịch vụ và quầy' }).waitFor();
  await page.getByLabel('Mã nhóm').fill('CTR');
  await page.getByLabel('Chữ đầu số').fill('C');
  await page.getByLabel('Tên nhóm').fill('Cư trú');
  await page.getByLabel(/Mã lĩnh vực/).fill('CTR');
  await page.getByRole('button', { name: 'Thêm nhóm' }).click();
  await page.locator('[data-setup-list]', { hasText: 'CTR (C)' }).waitFor();
  await page.getByLabel('Số quầy').fill('3');
  await page.getByLabel('Tên quầy').fill('Quầy cư trú');
  await page.getByLabel(/Mã các nhóm quầy gọi/).fill('CTR, HT');
  await page.getByRole('button', { name: 'Thêm quầy' }).click();
  await page.locator('[data-setup-list]', { hasText: /Quầy: 1, 2, 3/ }).waitFor();
  const groups = await srv.json('GET', '/api/v1/queue/groups');
  assert.ok(groups.data.items.some((g) => g.code === 'CTR' && g.fields.includes('CTR')));
  // a wrong field code is named beside the field's form
  await page.getByLabel('Mã nhóm').fill('XX');
  await page.getByLabel('Chữ đầu số').fill('X');
  await page.getByLabel('Tên nhóm').fill('Sai');
  await page.getByLabel(/Mã lĩnh vực/).fill('NOPE');
  await page.getByRole('button', { name: 'Thêm nhóm' }).click();
  await page.locator('[data-group-form] [data-error-summary]').waitFor({ state: 'visible' });
  assert.deepEqual(await axe(page), []);
  await shot(page, 'queue-setup');
  assert.deepEqual(page.consoleErrors.filter((e) => !/422/.test(e)), []);
  await page.close();
});

test('the board reconnects by itself after the server restarts', async () => {
  const { board, staff } = test;
  assert.ok(board, 'the first test ran');
  firstDir = srv.dir;
  await srv.kill('SIGTERM');
  await board.locator('[data-offline]').waitFor({ state: 'visible', timeout: 5000 });
  srv = await startServer({ db: srv.db, env: NOW, args: ['--listen', `127.0.0.1:${port}`] });
  // a call made after the restart reaches the same board page
  const tk = await srv.json('POST', '/api/v1/queue/tickets', { group: 'DD' });
  assert.equal(tk.status, 201);
  const u = await srv.login('tiepnhan2');
  const counters = await srv.json('GET', '/api/v1/queue/counters', undefined, u);
  const c2 = counters.data.items.find((c) => c.number === 2);
  assert.equal((await srv.json('POST', `/api/v1/queue/counters/${c2.id}/call`, undefined, u)).status, 200);
  await board.locator('[data-now] .board__call', { hasText: tk.data.number }).waitFor({ timeout: 15000 });
  await board.locator('[data-offline]').waitFor({ state: 'hidden' });
  assert.match(await board.locator('[data-now]').textContent(), /Quầy 2/);
  await staff.close();
});
