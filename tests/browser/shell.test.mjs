// The page shell (web/js/shell.js): header, nav and footer drawn from one
// place, the centre's identity from GET /api/v1/public/centre, menus that
// lead only to pages that exist and that the role may use, the English
// switch; the header keeps its size while the centre loads and says a
// neutral name when the API fails.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, freshDb, cli, DEMO_PASSWORD } from '../lib/server.mjs';
import { launch, shot, axe } from '../lib/browser.mjs';

// Another centre than the demo's: whatever the pages show comes from here.
const CENTRE = {
  name: 'Trung tâm Phục vụ hành chính công xã Thử Nghiệm',
  agency: 'Ủy ban nhân dân xã Thử Nghiệm',
  address: '1 đường Kiểm Tra, xã Thử Nghiệm, tỉnh Mẫu',
  phone: '0236 000 1111',
};
const NEUTRAL = 'Trung tâm Phục vụ hành chính công';

let srv, b;
before(async () => {
  // The test's own database: the demo centre, renamed with `motcua centre`
  // before the server starts (it reads the centre when it starts).
  const { db } = await freshDb();
  const r = await cli([
    'centre', '--db', db, '--name', CENTRE.name, '--agency', CENTRE.agency,
    '--address', CENTRE.address, '--phone', CENTRE.phone, '--hours', '07:00-11:00,13:30-17:30',
  ]);
  assert.equal(r.code, 0, r.stderr);
  srv = await startServer({ db });
  b = await launch();
});
after(async () => {
  await b?.close();
  await srv?.stop();
});

async function pageAs(user, width = 1366) {
  const page = await b.page({ width });
  const r = await page.request.post(srv.url + '/api/v1/session', { data: { username: user, password: DEMO_PASSWORD } });
  assert.equal(r.status(), 200);
  return page;
}

const shellText = (page) =>
  page.evaluate(() => ['header', 'footer'].map((s) => document.querySelector(s).innerText).join('\n'));

async function noOverflow(page, where) {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 1, `horizontal overflow ${overflow}px on ${where}`);
}

test("the centre's name, agency, address and hotline come from the API, on a public and a staff page", async () => {
  for (const width of [360, 1366]) {
    const page = await b.page({ width });
    await page.goto(srv.url + '/procedures/');
    const brand = page.locator('header .brand__name');
    await page.waitForFunction((n) => document.querySelector('header .brand__name')?.textContent === n, CENTRE.name);
    assert.equal(await page.locator('header .brand__agency').textContent(), CENTRE.agency);
    const text = await shellText(page);
    assert.ok(text.includes(CENTRE.address), 'address in the footer');
    assert.ok(text.includes(CENTRE.phone), 'hotline in the footer');
    assert.match(text, /07:00.11:00/, 'hours in the footer');
    assert.equal(await page.locator('footer a[href^="tel:"]').getAttribute('href'), 'tel:02360001111');
    assert.doesNotMatch(text, /Hội An/);
    assert.match(await page.title(), new RegExp(`— ${CENTRE.name}$`));
    assert.equal(await brand.count(), 1);
    // the landmarks the shell keeps: skip link first, header, labelled nav, main#main, footer
    assert.equal(await page.evaluate(() => document.body.firstElementChild.className), 'skip-link');
    assert.equal(await page.getByRole('navigation', { name: 'Chuyên mục chính' }).count(), 1);
    assert.equal(await page.locator('main#main').count(), 1);
    assert.equal(await page.getByRole('contentinfo').count(), 1);
    await noOverflow(page, `/procedures/ at ${width}`);
    await shot(page, `shell-public-${width}`);
    assert.deepEqual(await axe(page), []);
    assert.deepEqual(page.consoleErrors, []);

    const staff = await pageAs('tiepnhan1', width);
    await staff.goto(srv.url + '/staff/inbox/');
    await staff.waitForFunction((n) => document.querySelector('header .brand__name')?.textContent === n, CENTRE.name);
    await staff.locator('header [data-me="full_name"]').filter({ hasText: /\S/ }).waitFor();
    assert.equal(await staff.locator('header .brand__agency').textContent(), CENTRE.agency);
    assert.equal(await staff.getByRole('button', { name: 'Đăng xuất' }).isVisible(), true);
    assert.equal(await staff.locator('header .brand').getAttribute('href'), '/staff/');
    assert.doesNotMatch(await shellText(staff), /Hội An/);
    assert.equal(await staff.locator('.site-nav a[aria-current="page"]').getAttribute('href'), '/staff/inbox/');
    await noOverflow(staff, `/staff/inbox/ at ${width}`);
    await shot(staff, `shell-staff-${width}`);
    assert.deepEqual(await axe(staff), []);
    assert.deepEqual(staff.consoleErrors, []);
  }
});

test('while the centre loads the header keeps its size; if the API fails it says a neutral name', async () => {
  for (const width of [360, 1366]) {
    const page = await b.page({ width });
    let release;
    const held = new Promise((r) => (release = r));
    await page.route('**/api/v1/public/centre', async (route) => {
      await held;
      await route.continue();
    });
    await page.goto(srv.url + '/track/');
    await page.locator('header .brand__name').waitFor();
    // measured once the web fonts are in: a font swap moves lines on its own, which is not what this checks
    await page.evaluate(() => document.fonts.ready);
    const mainTop = () => page.evaluate(() => document.querySelector('main').getBoundingClientRect().top);
    const before = await mainTop();
    assert.equal(await page.locator('header .brand__name').textContent(), NEUTRAL);
    release();
    await page.waitForFunction((n) => document.querySelector('header .brand__name')?.textContent === n, CENTRE.name);
    await page.evaluate(() => document.fonts.ready);
    assert.equal(await mainTop(), before, `the page below the header did not move at ${width} px`);
  }

  const page = await b.page({ width: 360 });
  await page.route('**/api/v1/public/centre', (route) => route.fulfill({ status: 503, body: '' }));
  await page.goto(srv.url + '/');
  await page.locator('[data-contact-notice] .notice').waitFor();
  assert.equal(await page.locator('header .brand__name').textContent(), NEUTRAL);
  assert.equal(await page.locator('h1').textContent(), NEUTRAL);
  assert.match(await page.title(), new RegExp(`— ${NEUTRAL}$`));
  const text = await shellText(page);
  assert.doesNotMatch(text, /Địa chỉ:|Điện thoại:/); // facts it does not have are left out, not made up
  assert.match(text, /Đăng nhập cán bộ/);
  await shot(page, 'shell-centre-failed-360');
});

test('no menu link answers 404, and each role sees only its tools', async () => {
  const expect = {
    admin: { has: ['/staff/procedures/', '/staff/calendar/'], not: ['/staff/intake/', '/staff/inbox/'] },
    tiepnhan1: { has: ['/staff/intake/', '/staff/return/', '/staff/inbox/'], not: ['/staff/procedures/'] },
    hotich1: { has: ['/staff/inbox/', '/staff/dossier/'], not: ['/staff/intake/', '/staff/return/'] },
    truongvp: { has: ['/staff/inbox/'], not: ['/staff/intake/', '/staff/procedures/'] },
    chutich: { has: ['/staff/inbox/', '/staff/dossier/'], not: ['/staff/intake/', '/staff/procedures/'] },
  };
  const check = async (page, who) => {
    const hrefs = await page.evaluate(() =>
      [...document.querySelectorAll('header a[href], footer a[href], [data-tools] a[href], .action-list a[href]')]
        .map((a) => a.getAttribute('href'))
        .filter((h) => h.startsWith('/'))
    );
    assert.ok(hrefs.length >= 4, `${who}: links found`);
    for (const href of new Set(hrefs)) {
      const r = await page.request.get(srv.url + href);
      assert.equal(r.status(), 200, `${who}: ${href} answers ${r.status()}`);
    }
    return hrefs;
  };

  const pub = await b.page({ width: 1366 });
  await pub.goto(srv.url + '/');
  await pub.waitForFunction((n) => document.querySelector('header .brand__name')?.textContent === n, CENTRE.name);
  await check(pub, 'visitor');

  for (const [user, want] of Object.entries(expect)) {
    const page = await pageAs(user);
    await page.goto(srv.url + '/staff/');
    await page.locator('[data-tools] a').first().waitFor();
    const hrefs = await check(page, user);
    const nav = await page.evaluate(() => [...document.querySelectorAll('.site-nav a')].map((a) => a.getAttribute('href')));
    for (const h of want.has) assert.ok(nav.includes(h), `${user} has ${h} in the nav`);
    for (const h of want.not) assert.ok(!hrefs.includes(h), `${user} has no link to ${h}`);
    assert.equal(nav[0], '/staff/');
    assert.equal(nav[nav.length - 1], '/');
  }
});

test('the English switch translates the shell and is remembered', async () => {
  const page = await b.page({ width: 1366 });
  await page.goto(srv.url + '/procedures/');
  await page.getByRole('button', { name: 'English' }).click();
  await page.waitForFunction(() => document.documentElement.lang === 'en');
  const nav = page.getByRole('navigation', { name: 'Main sections' });
  assert.equal(await nav.getByRole('link', { name: 'Track an application' }).isVisible(), true);
  await page.waitForFunction((n) => document.querySelector('header .brand__name')?.textContent === n, CENTRE.name);
  assert.match(await shellText(page), /Address:/);
  // the page's own strings (the catalogue area) follow too
  assert.doesNotMatch(await page.innerText('main'), /\b(proc_search|catalogue)\.[a-z_]+/);
  await page.goto(srv.url + '/login/');
  await page.waitForFunction(() => document.documentElement.lang === 'en');
  assert.equal(await page.getByRole('link', { name: 'Staff sign-in' }).isVisible(), true);
  await page.getByRole('button', { name: 'Tiếng Việt' }).click();
  await page.waitForFunction(() => document.documentElement.lang === 'vi');
  assert.equal(await page.getByRole('link', { name: 'Đăng nhập cán bộ' }).isVisible(), true);
  assert.deepEqual(page.consoleErrors, []);
});
