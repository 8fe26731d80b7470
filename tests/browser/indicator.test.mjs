// The Decision 766 indicators in a real browser (/staff/indicators/): a
// leader reaches the page from the staff home, reads the score of each group
// out of its maximum and the indicators' numerators, denominators, rates and
// points; what motcua cannot measure says "Chưa đo được" with the reason; a
// click on 2.1's numerator lists the dossiers that cost points — the overdue
// one by its code, without the applicant's name — and opens the dossier. In English at 360 px; a province
// officer chooses the agency; a specialist has no such tool. axe-core and
// screenshots (build/screenshots/indicators-*).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../lib/server.mjs';
import { launch, shot, axe } from '../lib/browser.mjs';

let srv, b, code;
before(async () => {
  srv = await startServer({ env: { MOTCUA_TEST_CLOCK: '1' } });
  b = await launch();
  await srv.json('PUT', '/api/v1/_test/now', { now: '2026-03-02T09:00:00+07:00' });
  const rec = await srv.login('tiepnhan1');
  const p = await srv.json('GET', '/api/v1/procedures/1.004873', undefined, rec);
  const documents = p.data.documents.filter((d) => d.mandatory).map((d) => ({ id: d.id, form: d.form, count: 1 }));
  const r = await srv.json('POST', '/api/v1/dossiers', { procedure: '1.004873', applicant: { kind: 'person', name: 'Đỗ Văn Trình Duyệt', id_number: '048185001122', phone: '0905 111 222', address: 'Hội An' }, documents }, rec);
  assert.equal(r.status, 201, JSON.stringify(r.data));
  code = r.data.code;
  await srv.json('PUT', '/api/v1/_test/now', { now: '2026-03-30T09:00:00+07:00' });
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

test('a leader reads the scores and opens the dossiers behind the late count', async () => {
  const page = await staffPage('chutich', { width: 1366 });
  await page.goto(srv.url + '/staff/');
  await page.locator('[data-tools] a[href="/staff/indicators/"]').click();
  await page.waitForURL(/\/staff\/indicators\/$/);
  await page.locator('[data-total]').waitFor();
  await page.fill('#f-from', '2026-03-01');
  await page.fill('#f-to', '2026-03-31');
  await page.getByRole('button', { name: 'Xem' }).click();
  await page.locator('[data-total]', { hasText: 'điểm đo được' }).waitFor();
  const api = await srv.json('GET', '/api/v1/indicators?from=2026-03-01&to=2026-03-31', undefined, await srv.login('chutich'));
  const ind = api.data.groups.flatMap((g) => g.indicators).find((i) => i.code === '2.1');
  assert.ok(ind.split.late >= 1);
  const text = await page.innerText('main');
  assert.match(text, /Tiến độ, kết quả giải quyết/);
  assert.match(text, /tối đa của nhóm: 20 điểm/);
  assert.match(text, /Hồ sơ giải quyết trước hạn, đúng hạn/);
  assert.match(text, /Chưa đo được/);
  assert.match(text, /chưa ghi nhận việc nộp phí/);
  const row = page.locator('tr[data-ind="2.1"]');
  assert.equal((await row.locator('[data-den]').innerText()).trim(), String(ind.denominator));
  assert.equal((await row.locator('[data-num]').innerText()).trim(), String(ind.numerator));
  assert.deepEqual(await axe(page), []);
  await shot(page, 'indicators-1366');

  // the number opens the list of what cost points: the overdue dossier
  await row.locator('[data-drill="2.1"]').click();
  const item = page.locator(`[data-items] tr[data-item="${code}"]`);
  await item.waitFor();
  assert.match(await item.innerText(), /Quá hạn, chưa xong/);
  assert.ok(!(await page.innerText('[data-items]')).includes('Đỗ Văn Trình Duyệt'), 'no names');
  await shot(page, 'indicators-items-1366');
  await item.locator('a').click();
  await page.waitForURL(new RegExp(`/staff/dossier/\\?code=${code}`));
  await page.close();
});

test('in English on a phone; a province officer chooses the agency; a specialist has no such tool', async () => {
  const page = await staffPage('tinh', { width: 360 });
  await page.addInitScript(() => localStorage.setItem('motcua.lang', 'en'));
  await page.goto(srv.url + '/staff/indicators/?');
  await page.locator('[data-total]', { hasText: 'measurable points' }).waitFor();
  assert.match(await page.innerText('main'), /Every agency|Figures of every agency/);
  await page.selectOption('#f-agency', 'HOIAN');
  await page.getByRole('button', { name: 'Show' }).click();
  await page.locator('main', { hasText: 'Agency: ' }).waitFor();
  assert.match(await page.innerText('main'), /Not measured/);
  assert.deepEqual(await axe(page), []);
  await shot(page, 'indicators-en-360');
  await page.close();

  const sp = await staffPage('hotich1', { width: 1366 });
  await sp.goto(srv.url + '/staff/');
  await sp.locator('[data-tools] a').first().waitFor();
  assert.equal(await sp.locator('[data-tools] a[href="/staff/indicators/"]').count(), 0);
  await sp.close();
});
