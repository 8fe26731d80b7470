// Static files: the shell includes of the HTML pages (src/http/static.c).
// A line that is exactly "<!--#include shell/NAME -->" is replaced, when the
// page is loaded, by web/shell/NAME.html; the server here serves a temporary
// copy of web/ so the test can change, add and remove fragments.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { cp, mkdtemp, readFile, writeFile, rm, readdir, unlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { startServer, WEB } from '../lib/server.mjs';

let srv;
let web;
before(async () => {
  web = await mkdtemp(join(tmpdir(), 'motcua-web-'));
  await cp(WEB, web, { recursive: true });
  srv = await startServer({ args: ['--web', web] });
});
after(async () => {
  await srv.stop();
  await rm(web, { recursive: true, force: true });
});

const INCLUDE = /^<!--#include shell\/([a-z0-9_-]{1,40}) -->\r?$/;

/** The rule, written again: what the server must send for a page's bytes. */
async function expand(text) {
  const lines = text.split('\n');
  const out = [];
  for (const line of lines) {
    const m = line.match(INCLUDE);
    if (!m) {
      out.push(line);
      continue;
    }
    const frag = await readFile(join(web, 'shell', m[1] + '.html'), 'utf8');
    out.push(frag.replace(/\r?\n$/, '') + (line.endsWith('\r') ? '\r' : ''));
  }
  return out.join('\n');
}

async function htmlPages(dir) {
  const found = [];
  for (const ent of await readdir(dir, { withFileTypes: true })) {
    const p = join(dir, ent.name);
    if (ent.isDirectory() && ent.name !== 'shell') found.push(...(await htmlPages(p)));
    else if (ent.isFile() && ent.name.endsWith('.html')) found.push(p);
  }
  return found;
}

function urlOf(file) {
  return '/' + relative(web, file).replace(/index\.html$/, '');
}

/** Fetches path until its body passes ok() (the cache re-checks every 2 s). */
async function until(path, ok) {
  let res;
  let body;
  for (let i = 0; i < 40; i++) {
    res = await srv.fetch(path);
    body = await res.text();
    if (ok(body)) return { res, body };
    await new Promise((r) => setTimeout(r, 200));
  }
  assert.fail(`${path} did not change: ${body.slice(0, 300)}`);
}

test('every page of web/ uses the shell and is served expanded, as the rule says', async () => {
  const pages = await htmlPages(web);
  assert.ok(pages.length >= 15, String(pages.length));
  for (const file of pages) {
    const raw = await readFile(file, 'utf8');
    assert.match(raw, /^<!--#include shell\/head -->\n/m, file);
    assert.match(raw, /^<!--#include shell\/body-(public|staff) -->$/m, file);
    assert.match(raw, /^<!--#include shell\/foot -->$/m, file);
    const staff = raw.includes('<!--#include shell/body-staff -->');
    assert.equal(staff, file.includes('/staff/'), file);
    const res = await srv.fetch(urlOf(file));
    assert.equal(res.status, 200, file);
    const body = await res.text();
    assert.equal(body, await expand(raw), file);
    assert.ok(body.startsWith('<!doctype html>\n<html lang="vi">\n<head>\n<meta charset="utf-8">'), file);
    assert.ok(!body.includes('<!--#include'), file);
    assert.match(body, /<title data-i18n-title="[a-z_]+\.doc_title">[^<]+<\/title>/, file);
    assert.match(body, /<script type="module" src="\/[a-z/-]*\.js"><\/script>\n<\/head>\n<body/, file);
    assert.ok(body.includes(`<header class="site-header" data-shell="${staff ? 'staff' : 'public'}"></header>`), file);
    assert.equal(body.match(/<main id="main"/g).length, 1, file);
    assert.ok(body.endsWith('</main>\n\n<footer class="site-footer" data-shell-footer></footer>\n</body>\n</html>\n'), file);
  }
  // the 404 page is expanded on the not-found path too
  const nf = await srv.fetch('/no/such/page', { headers: { Accept: 'text/html' } });
  assert.equal(nf.status, 404);
  assert.equal(await nf.text(), await expand(await readFile(join(web, '404.html'), 'utf8')));
});

test('a page without includes, and lines that only look like one, are served byte for byte', async () => {
  const plain = '<!doctype html>\n<p>plain</p>\n';
  const lookalike = [
    ' <!--#include shell/head -->', // not alone on its line
    '<!--#include shell/head-->', // not the exact form
    '<!--#include virtual="/shell/head.html" -->',
    '<!--#include shell/../404 -->', // not a NAME
    '<!--#include shell/Head -->',
    '<!--#include shell/sub/head -->',
    `<!--#include shell/${'a'.repeat(41)} -->`, // too long a NAME
    '<p>x <!--#include shell/head --></p>',
  ].join('\n');
  await writeFile(join(web, 'plain.html'), plain);
  await writeFile(join(web, 'lookalike.html'), lookalike);
  await writeFile(join(web, 'include.txt'), '<!--#include shell/head -->\n'); // not .html: not expanded
  for (const [path, want] of [['/plain.html', plain], ['/lookalike.html', lookalike], ['/include.txt', '<!--#include shell/head -->\n']]) {
    const res = await srv.fetch(path);
    assert.equal(res.status, 200, path);
    assert.equal(await res.text(), want, path);
  }
});

test('a missing or oversized fragment leaves its line as it is and logs a warning; one level only', async () => {
  await writeFile(join(web, 'missing.html'), '<p>a</p>\n<!--#include shell/nope -->\n<!--#include shell/foot -->\n');
  let res = await srv.fetch('/missing.html');
  assert.equal(res.status, 200);
  const foot = await readFile(join(web, 'shell', 'foot.html'), 'utf8');
  assert.equal(await res.text(), '<p>a</p>\n<!--#include shell/nope -->\n' + foot);
  assert.match(srv.stderr, /level=warn static=include_failed page="missing\.html" fragment=shell\/nope\.html reason=absent/);

  await writeFile(join(web, 'shell', 'big.html'), 'x'.repeat(64 * 1024 + 1));
  await writeFile(join(web, 'big.html'), '<!--#include shell/big -->\n');
  res = await srv.fetch('/big.html');
  assert.equal(await res.text(), '<!--#include shell/big -->\n');
  assert.match(srv.stderr, /static=include_failed page="big\.html" fragment=shell\/big\.html reason=too_big/);

  // an include line inside a fragment is copied, not expanded
  await writeFile(join(web, 'shell', 'nest.html'), '<div>\n<!--#include shell/foot -->\n</div>\n');
  await writeFile(join(web, 'nest.html'), '<!--#include shell/nest -->\n');
  res = await srv.fetch('/nest.html');
  assert.equal(await res.text(), '<div>\n<!--#include shell/foot -->\n</div>\n');
  assert.match(srv.stderr, /static=include_nested page="nest\.html" fragment=shell\/nest\.html/);
});

test('a changed, new or removed fragment refreshes the pages that include it, and their ETag', async () => {
  const first = await srv.fetch('/track/');
  const etag1 = first.headers.get('etag');
  const body1 = await first.text();
  assert.equal((await srv.fetch('/track/', { headers: { 'If-None-Match': etag1 } })).status, 304);

  const footPath = join(web, 'shell', 'foot.html');
  const foot = await readFile(footPath, 'utf8');
  await writeFile(footPath, foot.replace('</body>', '<!-- changed -->\n</body>'));
  const { res, body } = await until('/track/', (b) => b.includes('<!-- changed -->'));
  const etag2 = res.headers.get('etag');
  assert.notEqual(etag2, etag1);
  assert.equal(body, body1.replace('</body>', '<!-- changed -->\n</body>'));
  assert.equal((await srv.fetch('/track/', { headers: { 'If-None-Match': etag1 } })).status, 200);
  assert.equal((await srv.fetch('/track/', { headers: { 'If-None-Match': etag2 } })).status, 304);
  // a page that includes it as well, loaded before the change
  const staff = await srv.fetch('/staff/');
  assert.ok((await staff.text()).includes('<!-- changed -->'));

  // a fragment that was missing appears, then goes again
  await writeFile(join(web, 'late.html'), '<!--#include shell/late -->\n');
  assert.equal(await (await srv.fetch('/late.html')).text(), '<!--#include shell/late -->\n');
  await writeFile(join(web, 'shell', 'late.html'), '<p>late</p>\n');
  await until('/late.html', (b) => b === '<p>late</p>\n');
  await unlink(join(web, 'shell', 'late.html'));
  await until('/late.html', (b) => b === '<!--#include shell/late -->\n');

  await writeFile(footPath, foot);
  await until('/track/', (b) => b === body1);
});

test('the fragments themselves are not served', async () => {
  for (const p of ['/shell/head.html', '/shell/foot.html', '/shell/', '/shell', '/shell/nope.html']) {
    const res = await srv.fetch(p);
    assert.equal(res.status, 404, p);
    assert.equal(res.headers.get('location'), null, p);
    assert.ok(!(await res.text()).includes('<meta name="theme-color"'), p);
  }
  const html = await srv.fetch('/shell/head.html', { headers: { Accept: 'text/html' } });
  assert.equal(html.status, 404);
  assert.match(await html.text(), /notfound\.title/); // the 404 page, not the fragment
});
