// A morning at the counter floor in miniature (issue 12, Done-when): citizens take tickets at the kiosk page (four of them
// priority), two counters call in parallel from two browsers, the board
// follows live; priority tickets go first but the fourth call of counter 1
// is the oldest ordinary ticket (at most 3 priority calls in a row, D32); a
// no-show after the grace period; a transfer to counter 2, which calls the
// transferred ticket first (it kept its place); counter 2 opens the intake
// desk for it, the dossier taken in is linked to the ticket and the staff
// dossier page shows the whole visit; the other console follows the line
// live; the citizen of A001 rates the service on counter 2's tablet and the
// rating appears in the figures page and on the dossier's timeline; the
// board carries on after the server restarts.
// Screenshots: build/screenshots/queue-morning-*.png.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { rm } from 'node:fs/promises';
import { startServer, DEMO_PASSWORD } from '../lib/server.mjs';
import { launch, axe, shot } from '../lib/browser.mjs';

let srv, b, port, firstDir;
const ENV = { MOTCUA_TEST_CLOCK: '1' };
const setNow = (now) => srv.json('PUT', '/api/v1/_test/now', { now });

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
  srv = await startServer({ env: ENV, args: ['--listen', `127.0.0.1:${port}`] });
  await setNow('2026-03-02T09:00:00+07:00');
  const admin = await srv.login('admin');
  for (const g of [
    { code: 'HT', prefix: 'A', name: 'Hộ tịch, chứng thực', fields: ['HT', 'CT'] },
    { code: 'DD', prefix: 'B', name: 'Đất đai, xây dựng', fields: ['DD', 'XD'] },
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

async function console_(username, counter) {
  const page = await signIn(username);
  await page.goto(srv.url + '/staff/counter/');
  await page.getByLabel('Quầy', { exact: true }).selectOption({ label: `Quầy ${counter}` });
  return page;
}

async function signIn(username) {
  const page = await b.page();
  await page.goto(srv.url + '/login/');
  await page.getByLabel(/Tên đăng nhập/).fill(username);
  await page.getByLabel(/Mật khẩu/).fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: /Đăng nhập/ }).click();
  await page.waitForURL(/\/staff\/$/);
  return page;
}

const current = async (page) => ((await page.locator('[data-current]').textContent()).match(/Số ([A-Z]\d{3})/) || [])[1];
async function callNext(page) {
  await page.getByRole('button', { name: 'Gọi số tiếp theo' }).click();
  await page.locator('[data-current]', { hasText: /Số [A-Z]\d{3}/ }).waitFor();
  return current(page);
}
async function finish(page) {
  await page.getByRole('button', { name: 'Hoàn thành' }).click();
  await page.locator('[data-current]', { hasText: 'Quầy chưa gọi số nào.' }).waitFor();
}

test('a morning in miniature', async () => {
  // the kiosk: two ordinary, four priority, one for land
  const kiosk = await b.page({ width: 1280, height: 1024 });
  await kiosk.addInitScript(() => {
    window.print = () => {};
  });
  await kiosk.goto(srv.url + '/kiosk/');
  const take = async (group, priority) => {
    const button = kiosk.getByRole('button', { name: new RegExp(group) });
    await button.waitFor();
    if (priority) await kiosk.getByLabel(/Ưu tiên/).check();
    await button.click();
    await kiosk.getByRole('heading', { name: 'Số thứ tự của Ông/Bà' }).waitFor();
    const n = (await kiosk.locator('[data-slip-number]').textContent()).trim();
    await kiosk.getByRole('button', { name: 'Lấy số khác' }).click();
    return n;
  };
  const issued = [];
  for (const [g, p] of [['Hộ tịch', false], ['Hộ tịch', false], ['Hộ tịch', true], ['Hộ tịch', true], ['Hộ tịch', true], ['Hộ tịch', true], ['Đất đai', false]]) issued.push(await take(g, p));
  assert.deepEqual(issued, ['A001', 'A002', 'A003', 'A004', 'A005', 'A006', 'B001']);

  const board = await b.page({ width: 1920, height: 1080 });
  await board.goto(srv.url + '/board/');
  await board.locator('[data-waiting] li', { hasText: 'Hộ tịch, chứng thực: 6' }).waitFor();

  // two counters, two browsers, calling at the same moment: two different priority tickets
  const c1 = await console_('tiepnhan1', 1);
  const c2 = await console_('tiepnhan2', 2);
  await c1.locator('[data-waiting]', { hasText: 'Hộ tịch, chứng thực: 6' }).waitFor();
  const [n1, n2] = await Promise.all([callNext(c1), callNext(c2)]);
  assert.deepEqual([n1, n2].sort(), ['A003', 'A004']);
  for (const n of [n1, n2]) await board.locator('[data-now] .board__call', { hasText: n }).waitFor({ timeout: 3000 });
  await board.locator('[data-waiting] li', { hasText: 'Hộ tịch, chứng thực: 4' }).waitFor();
  await shot(board, 'queue-morning-board');

  // counter 1 serves; counter 2's citizen does not come: absent only after the grace period
  await c1.getByRole('button', { name: 'Bắt đầu phục vụ' }).click();
  await c1.locator('[data-current]', { hasText: 'Đang được phục vụ' }).waitFor();
  await finish(c1);
  await c2.getByRole('button', { name: 'Vắng mặt' }).click();
  await c2.locator('[data-page-notice]', { hasText: /2 phút/ }).waitFor();
  await setNow('2026-03-02T09:03:00+07:00');
  await c2.getByRole('button', { name: 'Vắng mặt' }).click();
  await c2.locator('[data-current]', { hasText: 'Quầy chưa gọi số nào.' }).waitFor();

  // counter 1: two more priority calls, then the ordinary line moves (the bound: 3 in a row)
  assert.equal(await callNext(c1), 'A005');
  await finish(c1);
  assert.equal(await callNext(c1), 'A006');
  await finish(c1);
  assert.equal(await callNext(c1), 'A001', 'after 3 priority calls in a row the oldest ordinary ticket');

  // A001 belongs at counter 2: transferred there, it is called first (its place kept)
  await c1.getByLabel('hoặc đến quầy số').fill('2');
  await c1.getByRole('button', { name: 'Chuyển', exact: true }).click();
  await c1.locator('[data-current]', { hasText: 'Quầy chưa gọi số nào.' }).waitFor();
  assert.equal(await callNext(c2), 'A001');
  // counter 1 did nothing: its console follows the line live (A002 alone waits in HT)
  await c1.locator('[data-waiting]', { hasText: 'Hộ tịch, chứng thực: 1' }).waitFor({ timeout: 3000 });
  await shot(c1, 'queue-morning-console');

  // the intake desk for this ticket: the dossier taken in is linked
  await c2.getByRole('link', { name: 'Tiếp nhận hồ sơ cho số này' }).click();
  await c2.waitForURL(/\/staff\/intake\/\?ticket=\d+$/);
  await c2.locator('[data-ticket]', { hasText: 'A001' }).waitFor();
  await c2.locator('#f-procedure').click();
  await c2.keyboard.type('xac nhan tinh trang hon nhan');
  await c2.locator('#proc-options [role="option"]').first().waitFor();
  await c2.keyboard.press('Enter');
  await c2.locator('[data-chosen]:not([hidden])').waitFor();
  await c2.keyboard.press('Enter');
  await c2.keyboard.type('Phạm Thị Sáng');
  await c2.keyboard.press('Tab');
  await c2.keyboard.type('048185001122');
  await c2.keyboard.press('Tab');
  await c2.keyboard.type('0905 222 333');
  await c2.keyboard.press('Enter');
  await c2.locator('[data-check]:not([hidden])').waitFor();
  await c2.locator('[data-confirm]').click();
  await c2.locator('[data-done]:not([hidden])').waitFor();
  const code = (await c2.innerText('[data-done-code]')).trim();
  await shot(c2, 'queue-morning-intake');
  await c2.goto(srv.url + '/staff/counter/');
  await c2.getByLabel('Quầy', { exact: true }).selectOption({ label: 'Quầy 2' });
  await c2.locator('[data-current]', { hasText: `Số A001` }).waitFor();
  await c2.locator('[data-current]', { hasText: code }).waitFor();
  await finish(c2);

  // the staff dossier page: the whole visit, ticket first
  await c2.goto(`${srv.url}/staff/dossier/?code=${encodeURIComponent(code)}`);
  const tl = c2.locator('[data-timeline]');
  await tl.locator('li', { hasText: 'Lấy số thứ tự A001' }).waitFor();
  const items = await tl.locator('li').allInnerTexts();
  assert.match(items[0], /Lấy số thứ tự A001/);
  assert.ok(items.some((x) => /Số A001 được mời đến quầy 2/.test(x)), items.join('\n'));
  const served = items.findIndex((x) => /Phục vụ xong tại quầy 2/.test(x));
  const received = items.findIndex((x) => /Tiếp nhận tại quầy/.test(x));
  assert.ok(received > 0 && served > received, 'the intake inside the service: ' + items.join(' | '));
  await shot(c2, 'queue-morning-timeline');

  // the citizen rates the service on counter 2's tablet; it appears in the figures
  const admin = await srv.login('admin');
  const dev = await srv.json('POST', '/api/v1/service-evaluations/devices', { counter: 2 }, admin);
  assert.equal(dev.status, 201, JSON.stringify(dev.data));
  const tablet = await b.page({ width: 1024, height: 768 });
  await tablet.goto(`${srv.url}/evaluate/#token=${dev.data.token}`);
  await tablet.locator('[data-ticket="A001"]').waitFor({ timeout: 10000 });
  await tablet.locator('.eval__level--very_satisfied').click();
  await tablet.getByRole('button', { name: 'Gửi đánh giá' }).click();
  await tablet.getByText('Cảm ơn Ông/Bà đã đánh giá.').waitFor();
  await shot(tablet, 'queue-morning-tablet');
  await c2.goto(srv.url + '/staff/figures/?by=counter');
  const total = c2.locator('[data-fig-table] tfoot tr');
  await total.waitFor();
  const cells = await total.locator('th, td').allTextContents();
  assert.equal(cells[7], '1', 'one evaluation: ' + cells.join(' | '));
  assert.match(cells[8], /^100 %$/, cells.join(' | '));
  await shot(c2, 'queue-morning-figures');
  // and on the dossier's timeline, last
  await c2.goto(`${srv.url}/staff/dossier/?code=${encodeURIComponent(code)}`);
  const rated = c2.locator('[data-timeline] li[data-kind="evaluation"]');
  await rated.waitFor();
  assert.match(await rated.innerText(), /Rất hài lòng/);
  const kinds = await c2.locator('[data-timeline] li').evaluateAll((l) => l.map((x) => x.dataset.kind));
  assert.equal(kinds[kinds.length - 1], 'evaluation', 'the evaluation ends the visit: ' + kinds.join(','));
  assert.deepEqual(tablet.consoleErrors, []);

  // the server restarts: the board and the console carry on by themselves
  firstDir = srv.dir;
  await srv.kill('SIGTERM');
  await board.locator('[data-offline]').waitFor({ state: 'visible', timeout: 5000 });
  srv = await startServer({ db: srv.db, env: ENV, args: ['--listen', `127.0.0.1:${port}`] });
  await setNow('2026-03-02T09:10:00+07:00');
  assert.equal(await callNext(c1), 'A002');
  await board.locator('[data-now] .board__call', { hasText: 'A002' }).waitFor({ timeout: 15000 });
  await board.locator('[data-offline]').waitFor({ state: 'hidden' });
  assert.match(await board.locator('[data-now]').textContent(), /A002\s*Quầy 1/);
  await board.locator('[data-waiting] li', { hasText: 'Hộ tịch, chứng thực: 0' }).waitFor();
  await shot(board, 'queue-morning-board-after-restart');
  for (const p of [kiosk, board]) assert.deepEqual(p.consoleErrors, []);
});

test('the administrator edits a group and takes a counter out of use on the console page', async () => {
  const p = await signIn('admin');
  await p.goto(srv.url + '/staff/counter/');
  await p.getByRole('heading', { name: 'Sửa hoặc ngừng dùng nhóm và quầy' }).waitFor();
  await p.getByLabel('DD: tên gọi').fill('Đất đai, xây dựng, môi trường');
  await p.getByRole('button', { name: 'Lưu DD' }).click();
  await p.getByLabel('Quầy 2: đang dùng').uncheck();
  await p.getByRole('button', { name: 'Lưu Quầy 2' }).click();
  await p.locator('[data-setup-list]', { hasText: /Quầy: 1\./ }).waitFor();
  assert.equal(await p.getByLabel('Quầy 2: đang dùng').isChecked(), false);
  const groups = await srv.json('GET', '/api/v1/queue/groups');
  assert.ok(groups.data.items.some((g) => g.name === 'Đất đai, xây dựng, môi trường'));
  // a wrong group code is named beside the counter's form
  await p.getByLabel('Quầy 1: các nhóm').fill('NOPE');
  await p.getByRole('button', { name: 'Lưu Quầy 1' }).click();
  await p.locator('[data-edit-counter="1"] [data-error-summary]').waitFor({ state: 'visible' });
  assert.deepEqual(await axe(p), []);
  await shot(p, 'queue-morning-setup-edit');
});
