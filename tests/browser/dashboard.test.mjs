// The dashboards and the public transparency page in a real browser
// (/staff/dashboard/, /transparency/; DECISIONS D40): two dossiers taken in
// on Monday 7 June 2027, one carried to its result. The charts render as SVG
// with the right number of marks and labels and their numbers as a table;
// the page prints (forms gone, the tables shown); it reads on a 360 px phone
// without sideways scrolling; every request it makes goes to the server
// under test (no CDN); the counter's officer sees only "today"; the public
// page shows the figures and nothing of the applicant. Screenshots in
// build/screenshots/dashboard-*.png; axe-core on each page.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../lib/server.mjs';
import { launch, shot, axe } from '../lib/browser.mjs';

let srv, b;
const users = {};
const PERSON = { kind: 'person', name: 'Đỗ Thị Kín Đáo', id_number: '048190005678', phone: '0987 654 321', address: '3 Bạch Đằng, phường Hội An, Đà Nẵng' };
const codes = [];

before(async () => {
  srv = await startServer({ env: { MOTCUA_TEST_CLOCK: '1' } });
  b = await launch();
  await srv.json('PUT', '/api/v1/_test/now', { now: '2027-06-07T08:00:00+07:00' });
  for (const u of ['tiepnhan1', 'hotich1', 'chutich']) users[u] = await srv.login(u);
  const p = await srv.json('GET', '/api/v1/procedures/1.004873');
  const documents = p.data.documents.filter((d) => d.mandatory).map(({ id, form }) => ({ id, form, count: 1 }));
  for (let i = 0; i < 2; i++) {
    const r = await srv.json('POST', '/api/v1/dossiers', { procedure: '1.004873', applicant: PERSON, documents }, users.tiepnhan1);
    assert.equal(r.status, 201, JSON.stringify(r.data));
    codes.push(r.data.code);
  }
  const act = (code, body, who) => srv.json('POST', `/api/v1/dossiers/${encodeURIComponent(code)}/actions`, body, users[who]);
  assert.equal((await act(codes[0], { action: 'forward' }, 'tiepnhan1')).status, 200);
  assert.equal((await act(codes[0], { action: 'forward', to: 'chutich' }, 'hotich1')).status, 200);
  assert.equal((await act(codes[0], { action: 'complete', result: { summary: 'Đã cấp' } }, 'chutich')).status, 200);
});
after(async () => {
  await b?.close();
  await srv?.stop();
});

/** A page signed in as `username`, recording every request it makes. */
async function staffPage(username, opts) {
  const page = await b.page(opts);
  page.requests = [];
  page.on('request', (r) => page.requests.push(r.url()));
  if (username) {
    const { cookie } = await srv.login(username);
    const [name, ...rest] = cookie.split('=');
    await page.context().addCookies([{ name, value: rest.join('='), url: srv.url }]);
  }
  return page;
}

function onlyOurServer(page) {
  const origin = new URL(srv.url).origin;
  const foreign = page.requests.filter((u) => !u.startsWith('data:') && new URL(u).origin !== origin);
  assert.deepEqual(foreign, [], 'requests to another host');
  assert.ok(page.requests.length > 3);
}

async function noOverflow(page, label) {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 1, `horizontal overflow ${overflow}px on ${label}`);
}

const marks = (page, section, kind, mark) => page.locator(`${section} figure[data-chart="${kind}"] svg ${mark}`);

test('the leader\'s dashboard: tiles, donuts, bars and lines, stacked bars; print; no other host', async () => {
  const page = await staffPage('chutich', { width: 1366 });
  await page.goto(srv.url + '/staff/dashboard/');
  await page.waitForSelector('[data-today] [data-tile="received"]');
  await page.waitForSelector('[data-trends] figure[data-chart="bar"]');
  await page.waitForSelector('[data-breakdown] figure[data-chart="stack"]');
  assert.equal(await page.locator('[data-today] [data-tile="received"] .dash__tile-value').innerText(), '2');
  assert.equal(await page.locator('[data-today] [data-tile="resolved"] .dash__tile-value').innerText(), '1');
  // today: two donuts, the first one whole slice "on time" (1)
  assert.equal(await page.locator('[data-today] figure[data-chart="donut"]').count(), 2);
  const slices = marks(page, '[data-today]', 'donut', 'path.chart__slice');
  assert.equal(await slices.first().getAttribute('data-value'), '1');
  assert.equal(await slices.first().getAttribute('data-label'), 'Đúng hạn');
  // every chart has an accessible name and description
  for (const svg of await page.locator('figure.chart svg').all()) {
    assert.equal(await svg.getAttribute('role'), 'img');
    assert.ok((await svg.locator('title').first().textContent()).length > 3);
    assert.ok((await svg.locator('desc').first().textContent()).length > 3);
  }
  // trends: two bars per week (received, resolved), as many weeks as table rows
  const weeks = await page.locator('[data-trends] figure[data-chart="bar"] table.chart__data tbody tr').count();
  assert.ok(weeks >= 12 && weeks <= 13, `${weeks} weeks`);
  assert.equal(await marks(page, '[data-trends]', 'bar', 'rect.chart__bar').count(), 2 * weeks);
  const thisWeek = marks(page, '[data-trends]', 'bar', 'rect[data-label="2027-06-07"]');
  assert.deepEqual(await thisWeek.evaluateAll((r) => r.map((x) => [x.dataset.series, x.dataset.value])), [['Tiếp nhận', '2'], ['Đã giải quyết', '1']]);
  // the on-time line: one point, the week with a result (100 %)
  const dots = marks(page, '[data-trends]', 'line', 'circle.chart__dot');
  assert.equal(await dots.count(), 1);
  assert.equal(await dots.getAttribute('data-value'), '100');
  // by field: one row, "on time" 1
  const rows = await page.locator('[data-breakdown] table.chart__data tbody tr').count();
  assert.equal(rows, 1);
  assert.equal(await marks(page, '[data-breakdown]', 'stack', 'rect.chart__bar').first().getAttribute('data-value'), '1');
  // by officer: the names, for the leader
  await page.selectOption('#b-by', 'officer');
  await page.click('[data-breakdown-form] button[type="submit"]');
  await page.waitForSelector('[data-breakdown] svg text.chart__label >> text=Huỳnh Thị Mỹ Duyên');
  assert.match(await page.innerText('[data-overdue]'), /Không có hồ sơ nào đang quá hạn/);
  assert.deepEqual(await axe(page), []);
  await shot(page, 'dashboard-1366');

  // print: the forms and buttons gone, the numbers printed under the charts
  await page.emulateMedia({ media: 'print' });
  assert.equal(await page.locator('[data-trends-form]').isVisible(), false);
  assert.equal(await page.locator('[data-print]').isVisible(), false);
  const box = await page.locator('[data-trends] table.chart__data').first().boundingBox();
  assert.ok(box && box.width > 100 && box.height > 100, 'the table of numbers prints');
  await shot(page, 'dashboard-print');
  await page.emulateMedia({ media: 'screen' });
  assert.deepEqual(page.consoleErrors, []);
  onlyOurServer(page);
});

test('on a 360 px phone: the charts fit, nothing scrolls sideways', async () => {
  const page = await staffPage('chutich', { width: 360, height: 780 });
  await page.goto(srv.url + '/staff/dashboard/');
  await page.waitForSelector('[data-trends] figure[data-chart="bar"]');
  await page.waitForSelector('[data-breakdown] figure[data-chart="stack"]');
  await noOverflow(page, 'the dashboard at 360 px');
  for (const svg of await page.locator('figure.chart svg').all()) {
    const bb = await svg.boundingBox();
    assert.ok(bb.width <= 360, `a chart ${bb.width}px wide`);
  }
  // the axis text stays readable: drawn at its own size (the chart is drawn to the width)
  const fs = await page.locator('[data-trends] svg text.chart__axis').first().evaluate((t) => t.getBoundingClientRect().height);
  assert.ok(fs >= 10, `axis text ${fs}px high`);
  await shot(page, 'dashboard-360');
  onlyOurServer(page);
});

test('the counter\'s officer sees today only', async () => {
  const page = await staffPage('tiepnhan1', { width: 1366 });
  await page.goto(srv.url + '/staff/dashboard/');
  await page.waitForSelector('[data-today] [data-tile="received"]');
  assert.equal(await page.locator('[data-section="trends"]').isVisible(), false);
  assert.equal(await page.locator('[data-no-access]').isVisible(), true);
  assert.deepEqual(page.consoleErrors, []);
});

test('the public page: the figures per agency, a chart, the table; no personal data; from the footer', async () => {
  for (const width of [360, 1366]) {
    const page = await staffPage(null, { width });
    await page.goto(srv.url + '/');
    await page.click('footer a[href="/transparency/"]');
    await page.waitForSelector('[data-pub] figure[data-chart="stack"]');
    const agencies = await page.locator('[data-pub-table] tbody tr').count();
    assert.equal(agencies, 5);
    assert.equal(await page.locator('[data-pub] figure[data-chart="stack"] table.chart__data tbody tr').count(), agencies);
    const hoian = page.locator('[data-pub-table] tr[data-agency="HOIAN"] td');
    assert.equal(await hoian.nth(0).innerText(), '2');
    assert.equal(await hoian.nth(2).innerText(), '100 %'.replace(' ', '\u00a0'));
    await page.selectOption('#p-agency', 'HOIAN');
    assert.match(await page.innerText('[data-pub] [data-tile="pub.on_time_rate"]'), /100/);
    const html = await page.content();
    for (const secret of ['Kín Đáo', '0987', '048190005678', 'Bạch Đằng', ...codes]) assert.ok(!html.includes(secret), `the public page shows ${secret}`);
    await noOverflow(page, `/transparency/ at ${width}`);
    assert.deepEqual(await axe(page), []);
    await shot(page, `dashboard-public-${width}`);
    assert.deepEqual(page.consoleErrors, []);
    onlyOurServer(page);
  }
});
