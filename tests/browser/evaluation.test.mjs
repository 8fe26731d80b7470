// The citizen's evaluation in a real Chromium (issue 12, item 6; D35): the
// counter tablet shows the ticket just served and the citizen's rating
// appears in the staff figures page; on the tracking page, opened from the
// receipt's QR code (the secret in the fragment), a wrong code is refused and
// the right one records the rating, which the staff dossier page then shows
// with the 18-point block. axe finds nothing serious on the new pages.
// Screenshots: build/screenshots/evaluation-*.png.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, DEMO_PASSWORD } from '../lib/server.mjs';
import { launch, axe, shot } from '../lib/browser.mjs';

let srv, b, admin, reception;
const NOW = { MOTCUA_FAKE_NOW: String(Date.UTC(2026, 2, 2, 2, 0, 0) / 1000), MOTCUA_FAKE_CLOCK_RUNS: '1' };

before(async () => {
  srv = await startServer({ env: NOW });
  admin = await srv.login('admin');
  reception = await srv.login('tiepnhan1');
  assert.equal((await srv.json('POST', '/api/v1/queue/groups', { code: 'HT', prefix: 'A', name: 'Hộ tịch, chứng thực', name_en: 'Civil status', fields: ['HT'] }, admin)).status, 201);
  assert.equal((await srv.json('POST', '/api/v1/queue/counters', { number: 1, name: 'Quầy 1', groups: ['HT'] }, admin)).status, 201);
  b = await launch();
});
after(async () => {
  await b?.close();
  await srv?.stop();
});

async function signIn(page, username) {
  await page.goto(srv.url + '/login/');
  await page.getByLabel(/Tên đăng nhập/).fill(username);
  await page.getByLabel(/Mật khẩu/).fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: /Đăng nhập/ }).click();
  await page.waitForURL(/\/staff\/$/);
}

test('the counter tablet rates the ticket just served; the rating appears in the figures', async () => {
  // the administrator makes the tablet's link on the figures page
  const adm = await b.page();
  await signIn(adm, 'admin');
  await adm.goto(srv.url + '/staff/figures/');
  await adm.getByLabel('Số quầy').fill('1');
  await adm.getByRole('button', { name: 'Tạo mã thiết bị' }).click();
  const link = await adm.locator('[data-tablet-href]').getAttribute('href');
  assert.match(link, /\/evaluate\/#token=[A-Za-z0-9_-]{43}$/);
  assert.deepEqual(adm.consoleErrors, []);

  // the new tablet is listed, revocable
  await adm.locator('[data-tablets] li[data-tablet]').first().waitFor();
  assert.match(await adm.locator('[data-tablets]').innerText(), /Quầy 1, tạo lúc/);

  const tablet = await b.page({ width: 1024, height: 768 });
  await tablet.goto(link);
  await tablet.locator('[data-idle]').waitFor();
  assert.equal(new URL(tablet.url()).hash, '', 'the token leaves the address');

  // a ticket served at counter 1
  const tk = await srv.json('POST', '/api/v1/queue/tickets', { group: 'HT' });
  assert.equal(tk.status, 201, JSON.stringify(tk.data));
  const call = await srv.json('POST', '/api/v1/queue/counters/1/call', undefined, reception);
  assert.equal(call.status, 200, JSON.stringify(call.data));
  assert.equal((await srv.json('POST', `/api/v1/queue/tickets/${call.data.id}/finish`, undefined, reception)).status, 200);

  // the tablet shows it by itself (it polls)
  await tablet.locator('[data-ticket="A001"]').waitFor({ timeout: 10000 });
  assert.match(await tablet.locator('[data-ticket]').textContent(), /A001 — Hộ tịch, chứng thực/);
  assert.deepEqual(await axe(tablet), []);
  await tablet.getByRole('button', { name: 'Gửi đánh giá' }).click();
  await tablet.getByText('Vui lòng chọn mức độ hài lòng.').first().waitFor();
  await tablet.locator('.eval__level--satisfied').click();
  await tablet.getByLabel(/Thời gian giải quyết/).check();
  await tablet.getByRole('button', { name: 'Gửi đánh giá' }).click();
  await tablet.getByText('Cảm ơn Ông/Bà đã đánh giá.').waitFor();
  await tablet.getByText('Ông/Bà đã đánh giá: Hài lòng.').waitFor();
  await shot(tablet, 'evaluation-tablet');
  assert.deepEqual(tablet.consoleErrors, []);

  // the figures page of the counter's officer
  const staff = await b.page();
  await signIn(staff, 'tiepnhan1');
  await staff.getByRole('link', { name: /Số liệu quầy và đánh giá/ }).first().click();
  await staff.waitForURL(/\/staff\/figures\/$/);
  const total = staff.locator('[data-fig-table] tfoot tr');
  await total.waitFor();
  const cells = await total.locator('th, td').allTextContents();
  assert.equal(cells[1], '1', 'one ticket');
  assert.equal(cells[2], '1', 'served');
  assert.equal(cells[7], '1', 'one evaluation');
  assert.match(cells[8], /^100 %$/);
  await staff.locator('.fig__chart rect').first().waitFor();
  assert.deepEqual(await axe(staff), []);
  await staff.getByLabel('Theo').selectOption('counter');
  await staff.getByRole('button', { name: 'Xem' }).click();
  await staff.locator('[data-fig-table] tbody tr[data-key="1"]').waitFor();
  await shot(staff, 'evaluation-figures');
  assert.deepEqual(staff.consoleErrors, []);

  // the tablet is lost: the administrator revokes it; its token is refused
  await adm.reload();
  await adm.getByRole('button', { name: /Thu hồi máy tính bảng số \d+ của Quầy 1/ }).click();
  await adm.locator('[data-tablets]', { hasText: 'Đã thu hồi lúc' }).waitFor();
  const tok = new URL(link).hash.replace('#token=', '');
  const gone = await srv.json('GET', '/api/v1/public/evaluations/tablet', undefined, {}, { 'X-Device-Token': tok });
  assert.equal(gone.status, 403);
  assert.deepEqual(await axe(adm), []);
  assert.deepEqual(adm.consoleErrors, []);
});

test('the tracking page evaluates with the secret of the receipt; the staff dossier page shows it', async () => {
  const proc = await srv.json('GET', '/api/v1/procedures/1.004873');
  const documents = proc.data.documents.filter((d) => d.mandatory).map((d) => ({ id: d.id, form: d.form, count: 1 }));
  const r = await srv.json('POST', '/api/v1/dossiers', { procedure: '1.004873', applicant: { kind: 'person', name: 'Phạm Thị Tra Cứu', id_number: '048185007777', phone: '0935 333 444', address: 'Hội An' }, documents }, reception);
  assert.equal(r.status, 201, JSON.stringify(r.data));
  const code = r.data.code;
  const receipt = await srv.json('GET', `/api/v1/dossiers/${code}/forms/receipt?format=json`, undefined, reception);
  const url = new URL(receipt.data.tracking_url);
  assert.match(url.hash, /^#ev=[0-9A-F]{10}$/);

  const phone = await b.page({ width: 390, height: 844 });
  // first without the secret: typed wrong
  await phone.goto(`${srv.url}/track/?code=${encodeURIComponent(code)}`);
  const section = phone.locator('[data-evaluation]');
  await section.getByLabel('Mã đánh giá').waitFor();
  assert.equal(await section.getByLabel('Mã đánh giá').inputValue(), '');
  await section.getByLabel('Mã đánh giá').fill('0000000000');
  await section.locator('.eval__level--not_satisfied').click();
  await section.getByRole('button', { name: 'Gửi đánh giá' }).click();
  await section.getByText(/Mã hồ sơ hoặc mã đánh giá không đúng/).first().waitFor();
  // from the QR code: the secret is filled in
  await phone.goto(`${srv.url}${url.pathname}${url.search}${url.hash}`);
  await phone.locator('[data-evaluation]').getByLabel('Mã đánh giá').waitFor();
  assert.equal(await phone.locator('[data-evaluation]').getByLabel('Mã đánh giá').inputValue(), url.hash.slice(4));
  assert.deepEqual(await axe(phone), []);
  await phone.locator('.eval__level--not_satisfied').click();
  await phone.getByLabel(/Thái độ của cán bộ/).check();
  await phone.getByRole('button', { name: 'Gửi đánh giá' }).click();
  await phone.getByText('Ông/Bà đã đánh giá: Không hài lòng.').waitFor();
  await shot(phone, 'evaluation-track');
  assert.ok(!(await phone.content()).includes('Phạm Thị Tra Cứu'), 'no personal data on the public page');

  const staff = await b.page();
  await signIn(staff, 'tiepnhan1');
  await staff.goto(`${srv.url}/staff/dossier/?code=${encodeURIComponent(code)}`);
  const block = staff.locator('[data-one-stop]');
  await block.getByRole('heading', { name: 'Đánh giá theo 9 tiêu chí (18 điểm)' }).waitFor();
  assert.match(await block.locator('[data-citizen-rating]').textContent(), /Không hài lòng \(trang tra cứu/);
  assert.equal(await block.locator('[data-criterion]').count(), 9);
  assert.match(await block.locator('[data-criterion="attitude"]').textContent(), /0\/2/);
  await shot(staff, 'evaluation-dossier');
  assert.deepEqual(staff.consoleErrors, []);

  // the head of the unit finds it among the "not satisfied"
  const head = await b.page();
  await signIn(head, 'truongvp');
  await head.getByRole('link', { name: /Đánh giá của người dân/ }).first().click();
  await head.waitForURL(/\/staff\/evaluations\/$/);
  const card = head.locator('[data-evaluation-id]', { hasText: code });
  await card.waitFor();
  assert.match(await card.textContent(), /Không hài lòng/);
  assert.match(await card.textContent(), /Thái độ của cán bộ/);
  assert.match(await head.locator('[data-not-satisfied-count]').textContent(), /^1 lượt không hài lòng/);
  assert.deepEqual(await axe(head), []);
  await shot(head, 'evaluation-heads');
  assert.deepEqual(head.consoleErrors, []);
});
