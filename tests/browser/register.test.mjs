// One register on every citizen-facing page (docs/DECISIONS.md, the
// "Ông/Bà" entry): in Vietnamese, no text of the home page, the procedures,
// a procedure, the submission form (every step, also those not shown yet),
// tracking (a dossier and a code that does not exist), the sign-in page and
// the 404 page addresses the reader as "bạn", and none says "Trễ hạn" (late
// is "Quá hạn"). Checked on the visible text, on every translated element
// (hidden steps included) and on the accessible labels.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../lib/server.mjs';
import { launch } from '../lib/browser.mjs';

const BAN = /(?<![\p{L}\p{M}])bạn(?![\p{L}\p{M}])/iu;
const LATE = /trễ hạn/iu;

let srv, b, code;
before(async () => {
  srv = await startServer();
  b = await launch();
  const clerk = await srv.login('tiepnhan1');
  const p = await srv.json('GET', '/api/v1/procedures/1.004873');
  const documents = p.data.documents.filter((d) => d.mandatory).map((d) => ({ id: d.id, count: 1 }));
  const applicant = { kind: 'person', name: 'Phạm Văn Đức', id_number: '048085004321', phone: '0905 333 444', address: '5 Bạch Đằng, Hội An' };
  const r = await srv.json('POST', '/api/v1/dossiers', { procedure: '1.004873', applicant, channel: 'counter', return_method: 'counter', documents }, clerk);
  assert.equal(r.status, 201, JSON.stringify(r.data));
  code = r.data.code;
});
after(async () => {
  await b?.close();
  await srv?.stop();
});

/* The visible text, every translated element's text and every label. */
async function words(page) {
  return page.evaluate(() => {
    const out = [['visible', document.body.innerText], ['title', document.title]];
    for (const el of document.querySelectorAll('[data-i18n]')) out.push([el.dataset.i18n, el.textContent]);
    for (const el of document.querySelectorAll('[aria-label], [title], [placeholder], [alt]'))
      for (const a of ['aria-label', 'title', 'placeholder', 'alt']) if (el.hasAttribute(a)) out.push([a, el.getAttribute(a)]);
    return out;
  });
}

const PAGES = [
  ['home', '/', 'main h1'],
  ['procedures', '/procedures/', 'main h1'],
  ['procedure', '/procedures/view/?code=1.004873', 'main h1'],
  ['submit', '/submit/', 'main h1'],
  ['submit a procedure', '/submit/?procedure=1.004873', 'main h1'],
  ['track', '/track/', 'main h1'],
  ['track a dossier', () => '/track/?code=' + encodeURIComponent(code), 'main h1'],
  ['track a code not found', '/track/?code=000.01.40.H15-260101-9999', 'main h1'],
  ['login', '/login/', 'main h1'],
  ['404', '/khong-co-trang-nay', 'main h1'],
];

for (const [name, path, ready] of PAGES) {
  test(`${name}: no "bạn", no "Trễ hạn" in Vietnamese`, async () => {
    const page = await b.page({ width: 1366 });
    const res = await page.goto(srv.url + (typeof path === 'function' ? path() : path));
    assert.ok(res, name);
    await page.locator(ready + ':visible').first().waitFor();
    await page.waitForLoadState('networkidle');
    assert.equal(await page.evaluate(() => document.documentElement.lang), 'vi');
    const text = await words(page);
    assert.ok(text[0][1].length > 50, `${name}: the page has text`);
    const bad = text.filter(([, s]) => BAN.test(s) || LATE.test(s));
    assert.deepEqual(bad, [], name);
    assert.deepEqual(page.consoleErrors.filter((e) => !/404|Not Found/.test(e)), [], name);
  });
}

test('the tracked dossier speaks to the citizen as "Ông/Bà"', async () => {
  const page = await b.page({ width: 360 });
  await page.goto(srv.url + '/track/?code=' + encodeURIComponent(code));
  await page.getByText(code).first().waitFor();
  assert.match(await page.innerText('main'), /Ông\/Bà chưa cần làm gì thêm/);
});
