// The web shell in a real browser: home page, staff login through the form,
// the staff landing page, English switch, logout; at phone and PC widths,
// with an accessibility check of each page.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, DEMO_PASSWORD } from '../lib/server.mjs';
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

test('home page shows the centre, its links and hours, at 360 px and 1366 px', async () => {
  for (const width of [360, 1366]) {
    const page = await b.page({ width });
    await page.goto(srv.url + '/');
    assert.equal(await page.getAttribute('html', 'lang'), 'vi');
    await page.waitForFunction(() => document.body.innerText.includes('Hội An'));
    const text = await page.innerText('body');
    assert.match(text, /Tra cứu thủ tục/);
    assert.match(text, /Tra cứu hồ sơ/);
    assert.match(text, /07:30/);
    // nothing wider than the screen at 360 px
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 1, `horizontal overflow ${overflow}px at ${width}`);
    await shot(page, `home-${width}`);
    assert.deepEqual(await axe(page), []);
    assert.deepEqual(page.consoleErrors, []);
  }
});

test('a wrong password shows an error summary linked to the field; the right one signs in', async () => {
  const page = await b.page({ width: 360 });
  await page.goto(srv.url + '/login/');
  assert.deepEqual(await axe(page), []);
  await page.getByLabel(/Tên đăng nhập/).fill('tiepnhan1');
  await page.getByLabel(/Mật khẩu/).fill('sai-mat-khau');
  await page.getByRole('button', { name: /Đăng nhập/ }).click();
  const summary = page.locator('[data-error-summary]').first();
  await summary.waitFor();
  assert.match(await summary.innerText(), /không đúng/);
  // focus moves to the summary, and its link leads to the password field
  assert.equal(await page.evaluate(() => document.activeElement.hasAttribute('data-error-summary')), true);
  // the typed username is kept
  assert.equal(await page.getByLabel(/Tên đăng nhập/).inputValue(), 'tiepnhan1');
  await shot(page, 'login-error-360');

  await page.getByLabel(/Mật khẩu/).fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: /Đăng nhập/ }).click();
  await page.waitForURL(/\/staff\/$/);
  await page.waitForFunction(() => document.body.innerText.includes('tiepnhan1'));
  const text = await page.innerText('body');
  assert.match(text, /Cán bộ tiếp nhận/);
  await shot(page, 'staff-360');
  assert.deepEqual(await axe(page), []);

  // English switch, remembered across pages
  await page.getByRole('button', { name: /English/ }).click();
  await page.waitForFunction(() => document.documentElement.lang === 'en');
  assert.match(await page.innerText('body'), /Sign out|Log out/);
  await page.reload();
  await page.waitForFunction(() => document.documentElement.lang === 'en');
  await page.getByRole('button', { name: /Tiếng Việt/ }).click();
  await page.waitForFunction(() => document.documentElement.lang === 'vi');

  await page.getByRole('button', { name: /Đăng xuất/ }).click();
  await page.waitForURL(/\/login\//);
  const me = await page.evaluate(async () => (await fetch('/api/v1/me')).status);
  assert.equal(me, 401);
  assert.deepEqual(page.consoleErrors.filter((e) => !/401|Unauthorized/.test(e)), []);
});

test('the staff page sends an anonymous visitor to the login page and back', async () => {
  const page = await b.page({ width: 1366 });
  await page.goto(srv.url + '/staff/');
  await page.waitForURL(/\/login\/\?next=/);
  await page.getByLabel(/Tên đăng nhập/).fill('admin');
  await page.getByLabel(/Mật khẩu/).fill(DEMO_PASSWORD);
  await page.keyboard.press('Enter');
  await page.waitForURL(/\/staff\/$/);
  await page.waitForFunction(() => document.body.innerText.includes('Quản trị hệ thống'));
  await shot(page, 'staff-1366');
});
