// Personal access tokens in a real browser (/staff/tokens/): an officer
// reaches the page from the staff home, sees a token made on the command
// line (never its secret), creates one (shown once, and it works), revokes
// one with a second click (and it stops working at once), in Vietnamese and
// in English. Screenshots at 360 px and 1366 px (build/screenshots/tokens-*)
// and an axe-core check.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, cli } from '../lib/server.mjs';
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

async function staffPage(username, opts) {
  const page = await b.page(opts);
  const login = await srv.login(username);
  const [name, ...rest] = login.cookie.split('=');
  await page.context().addCookies([{ name, value: rest.join('='), url: srv.url }]);
  return page;
}

const me = (token) => srv.json('GET', '/api/v1/me', undefined, { token });

test('a visitor who is not signed in is sent to the login page', async () => {
  const page = await b.page({ width: 360 });
  await page.goto(srv.url + '/staff/tokens/');
  await page.waitForURL(/\/login\/\?next=/);
  assert.equal(new URL(page.url()).searchParams.get('next'), '/staff/tokens/');
});

test('an officer lists, creates and revokes personal access tokens', async () => {
  const made = await cli(['token', 'add', '--db', srv.db, '--username', 'hotich1', '--label', 'Bảng tính báo cáo', '--days', '30']);
  assert.equal(made.code, 0, made.stderr);
  const cliToken = made.stdout.trim();

  const page = await staffPage('hotich1', { width: 1366 });
  await page.goto(srv.url + '/staff/');
  await page.locator('[data-tools] a[href="/staff/tokens/"]').click();
  await page.waitForURL(/\/staff\/tokens\/$/);
  const row = page.locator('tr', { hasText: 'Bảng tính báo cáo' });
  await row.waitFor();
  const text = await page.innerText('main');
  assert.match(text, /Mã truy cập cá nhân/);
  assert.match(text, /Đang dùng được/);
  assert.match(text, /Chưa dùng/);
  assert.ok(!text.includes(cliToken), 'the secret is never listed');
  assert.deepEqual(await axe(page), []);
  await shot(page, 'tokens-list-1366');

  // a new token: refused without a name, then shown once, and it works
  await page.getByRole('button', { name: 'Tạo mã' }).click();
  await page.locator('.error-summary', { hasText: 'Hãy đặt tên gọi cho mã.' }).waitFor();
  await page.getByLabel('Tên gọi (để dễ nhận ra mã)').fill('Đồng bộ sổ theo dõi');
  await page.getByLabel('Dùng được trong (ngày)').fill('7');
  await page.getByRole('button', { name: 'Tạo mã' }).click();
  const box = page.locator('[data-new-token]');
  await box.waitFor();
  const newToken = await box.inputValue();
  assert.match(newToken, /^[A-Za-z0-9_-]{43}$/);
  assert.match(await page.innerText('[data-new-result]'), /lần duy nhất/);
  assert.equal((await me(newToken)).status, 200);
  await page.locator('tr', { hasText: 'Đồng bộ sổ theo dõi' }).waitFor();
  await shot(page, 'tokens-created-1366');

  // revoke the command-line one: a second click confirms; it stops at once
  for (let i = 0; i < 2; i++) assert.equal((await me(cliToken)).status, 200);
  await row.getByRole('button', { name: 'Thu hồi mã “Bảng tính báo cáo”' }).click();
  await row.getByText('Thu hồi mã này?').waitFor();
  await row.getByRole('button', { name: 'Thu hồi', exact: true }).click();
  await row.getByText('Đã thu hồi', { exact: true }).waitFor();
  assert.match(await page.innerText('[data-list-notice]'), /Đã thu hồi mã “Bảng tính báo cáo”/);
  assert.equal((await me(cliToken)).status, 401);
  assert.equal((await me(newToken)).status, 200);
  assert.deepEqual(await axe(page), []);
  assert.deepEqual(page.consoleErrors, []);
});

test('the page reads in English and fits a 360 px screen', async () => {
  const page = await staffPage('tiepnhan1', { width: 360 });
  await page.goto(srv.url + '/staff/tokens/');
  await page.locator('[data-list-empty]').waitFor();
  assert.match(await page.innerText('main'), /Chưa có mã truy cập nào/);
  await page.locator('[data-lang-switch]').click();
  await page.getByRole('heading', { name: 'Personal access tokens' }).waitFor();
  assert.match(await page.innerText('main'), /You have no access tokens/);
  await page.getByLabel('Name (so you can recognise it)').fill('Nightly export');
  await page.getByRole('button', { name: 'Create token' }).click();
  await page.locator('[data-new-token]').waitFor();
  await page.locator('tr', { hasText: 'Nightly export' }).waitFor();
  assert.match(await page.innerText('main'), /Active/);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 1, `horizontal overflow ${overflow}px`);
  await shot(page, 'tokens-en-360');
  assert.deepEqual(page.consoleErrors, []);
});
