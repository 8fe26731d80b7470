// Open311 API keys in a real browser (/staff/apikeys/, D37): the
// administrator reaches the page from the staff home, sees a key issued on
// the command line (never the key), issues one (shown once, and a client can
// POST with it), revokes one with a second click (and it is refused at once),
// in Vietnamese and in English at 360 px. An officer without the admin role
// does not see the tool. Screenshots (build/screenshots/apikeys-*), axe-core.
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

async function postWith(key) {
  const body = new URLSearchParams({ api_key: key, service_code: 'phan-anh', address_string: '12 Trần Phú', description: 'Thử khóa.', email: 'thu.khoa@example.vn', first_name: 'Thử' });
  const r = await srv.fetch('/open311/v2/requests.json', { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: body.toString() });
  return r.status;
}

test('the administrator lists, issues and revokes Open311 API keys', async () => {
  const made = await cli(['apikey', 'add', '--db', srv.db, '--name', 'FixMyStreet Hội An']);
  assert.equal(made.code, 0, made.stderr);
  const cliKey = made.stdout.trim();

  const page = await staffPage('admin', { width: 1366 });
  await page.goto(srv.url + '/staff/');
  await page.locator('[data-tools] a[href="/staff/apikeys/"]').click();
  await page.waitForURL(/\/staff\/apikeys\/$/);
  const row = page.locator('tr', { hasText: 'FixMyStreet Hội An' });
  await row.waitFor();
  const text = await page.innerText('main');
  assert.match(text, /Khóa API Open311/);
  assert.match(text, /Đang dùng được/);
  assert.ok(!text.includes(cliKey), 'the key is never listed');
  assert.deepEqual(await axe(page), []);
  await shot(page, 'apikeys-list-1366');

  await page.getByRole('button', { name: 'Cấp khóa' }).click();
  await page.locator('.error-summary', { hasText: 'Hãy nhập tên ứng dụng.' }).waitFor();
  await page.getByLabel('Tên ứng dụng').fill('Ứng dụng Đà Nẵng Smart City');
  await page.getByRole('button', { name: 'Cấp khóa' }).click();
  const box = page.locator('[data-new-key]');
  await box.waitFor();
  const newKey = await box.inputValue();
  assert.match(newKey, /^[A-Za-z0-9_-]{43}$/);
  assert.equal(await postWith(newKey), 201);
  await page.locator('tr', { hasText: 'Ứng dụng Đà Nẵng Smart City' }).waitFor();
  await shot(page, 'apikeys-created-1366');

  assert.equal(await postWith(cliKey), 201);
  await row.getByRole('button', { name: 'Thu hồi khóa của “FixMyStreet Hội An”' }).click();
  await row.getByText('Thu hồi khóa này?').waitFor();
  await row.getByRole('button', { name: 'Thu hồi', exact: true }).click();
  await row.getByText('Đã thu hồi', { exact: true }).waitFor();
  assert.match(await page.innerText('[data-list-notice]'), /Đã thu hồi khóa của “FixMyStreet Hội An”/);
  assert.equal(await postWith(cliKey), 403);
  assert.equal(await postWith(newKey), 201);
  assert.deepEqual(await axe(page), []);
  assert.deepEqual(page.consoleErrors, []);
});

test('the page reads in English and fits a 360 px screen; officers do not see the tool', async () => {
  const page = await staffPage('admin', { width: 360 });
  await page.goto(srv.url + '/staff/apikeys/');
  await page.locator('[data-list-rows] tr').first().waitFor();
  await page.locator('[data-lang-switch]').click();
  await page.getByRole('heading', { name: 'Open311 API keys' }).waitFor();
  await page.getByLabel('Application name').fill('Night bus app');
  await page.getByRole('button', { name: 'Issue key' }).click();
  await page.locator('[data-new-key]').waitFor();
  await page.locator('tr', { hasText: 'Night bus app' }).waitFor();
  assert.match(await page.innerText('main'), /Active/);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 1, `horizontal overflow ${overflow}px`);
  await shot(page, 'apikeys-en-360');
  assert.deepEqual(page.consoleErrors, []);

  const officer = await staffPage('tiepnhan1', { width: 1366 });
  await officer.goto(srv.url + '/staff/');
  await officer.locator('[data-tools] a').first().waitFor();
  assert.equal(await officer.locator('[data-tools] a[href="/staff/apikeys/"]').count(), 0);
});
