// Guidance before receipt over HTTP: a counter officer records what is
// missing from an incomplete paper dossier (201 with the paper's address and
// NO dossier code or due date, nothing in the dossiers or the tracking
// book), who may record and read, the 422s an officer meets, one guidance,
// the list and the counts the quality indicators read, Mẫu 02 on A4 (and its
// JSON), and the citizen's personal data kept out of the server log.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../lib/server.mjs';

let srv;
const users = {};
before(async () => {
  srv = await startServer({ env: { MOTCUA_TEST_CLOCK: '1' } });
  for (const u of ['tiepnhan1', 'hotich1', 'chutich', 'admin']) users[u] = await srv.login(u);
  await srv.json('PUT', '/api/v1/_test/now', { now: '2026-03-02T09:00:00+07:00' });
});
after(async () => {
  await srv.stop();
});

const PERSON = {
  name: 'Võ Thị Thu Hướng',
  id_number: '048185004321',
  phone: '0905 246 813',
  email: 'thuhuong.vo@example.com',
  address: '27 Nguyễn Thái Học, phường Hội An',
};
const ITEMS = ['Thiếu bản sao Giấy khai sinh của người yêu cầu', 'Tờ khai chưa ghi nơi cư trú và chưa ký tên'];
const create = (body, who = 'tiepnhan1') => srv.json('POST', '/api/v1/guidances', body, users[who]);
const get = (path, who = 'tiepnhan1') => srv.json('GET', path, undefined, users[who]);
async function page(path, who = 'tiepnhan1') {
  const res = await srv.fetch(path, { headers: { Cookie: users[who].cookie } });
  return { status: res.status, type: res.headers.get('content-type'), headers: res.headers, text: await res.text() };
}

let first;
test('reception records a guidance: 201, its paper, no dossier code, no due date, no dossier', async () => {
  const before = await get('/api/v1/books/tracking?from=2026-03-01&to=2026-03-31&format=json');
  const inbox = await get('/api/v1/dossiers?status=all');
  const r = await create({ procedure: '1.004873', applicant: PERSON, items: ITEMS, note: 'Mang theo bản chính để đối chiếu' });
  assert.equal(r.status, 201, JSON.stringify(r.data));
  first = r.data.id;
  assert.ok(Number.isInteger(first) && first > 0);
  assert.deepEqual(r.data.procedure, { code: '1.004873', name: 'Cấp Giấy xác nhận tình trạng hôn nhân' });
  assert.equal(r.data.created_at, '2026-03-02T09:00:00+07:00');
  assert.equal(r.data.paper_url, `/api/v1/guidances/${first}/paper`);
  assert.equal(r.data.visit, 1);
  for (const k of ['code', 'due_at', 'received_at', 'status']) assert.ok(!(k in r.data), `no ${k}`);
  // not received: nothing in the book, no new dossier
  const book = await get('/api/v1/books/tracking?from=2026-03-01&to=2026-03-31&format=json');
  assert.equal(book.data.total, before.data.total);
  const after = await get('/api/v1/dossiers?status=all');
  assert.equal(after.data.total, inbox.data.total);
});

test('only reception records; every dossier-handling role reads; admin and visitors do not', async () => {
  const body = { procedure: '1.004873', applicant: PERSON, items: ITEMS };
  for (const who of ['hotich1', 'chutich', 'admin']) {
    const r = await create(body, who);
    assert.equal(r.status, 403, who);
    assert.equal(r.data.error.code, 'forbidden');
  }
  const anon = await srv.json('POST', '/api/v1/guidances', body);
  assert.equal(anon.status, 401);
  for (const who of ['hotich1', 'chutich']) {
    assert.equal((await get(`/api/v1/guidances/${first}`, who)).status, 200, who);
    assert.equal((await get('/api/v1/guidances', who)).status, 200, who);
  }
  assert.equal((await get(`/api/v1/guidances/${first}`, 'admin')).status, 403);
  assert.equal((await srv.fetch(`/api/v1/guidances/${first}/paper`)).status, 401);
});

test('the errors an officer meets are 422s naming the field, in Vietnamese', async () => {
  const cases = [
    [{ applicant: PERSON, items: ITEMS }, 'procedure'],
    [{ procedure: '9.999999', applicant: PERSON, items: ITEMS }, 'procedure'],
    [{ procedure: '1.004873', items: ITEMS }, 'applicant'],
    [{ procedure: '1.004873', applicant: { ...PERSON, name: '  ' }, items: ITEMS }, 'applicant.name'],
    [{ procedure: '1.004873', applicant: { name: 'Võ Thị Thu Hướng', address: 'Hội An' }, items: ITEMS }, 'applicant.id_number'],
    [{ procedure: '1.004873', applicant: { ...PERSON, id_number: '12345' }, items: ITEMS }, 'applicant.id_number'],
    [{ procedure: '1.004873', applicant: { ...PERSON, phone: '0123' }, items: ITEMS }, 'applicant.phone'],
    [{ procedure: '1.004873', applicant: { ...PERSON, email: 'khong-phai-thu' }, items: ITEMS }, 'applicant.email'],
    [{ procedure: '1.004873', applicant: PERSON }, 'items'],
    [{ procedure: '1.004873', applicant: PERSON, items: [] }, 'items'],
    [{ procedure: '1.004873', applicant: PERSON, items: Array(31).fill('Thiếu giấy tờ') }, 'items'],
    [{ procedure: '1.004873', applicant: PERSON, items: ['Thiếu giấy tờ', '   '] }, 'items[1]'],
    [{ procedure: '1.004873', applicant: PERSON, items: ['Thiếu giấy tờ', 7] }, 'items[1]'],
    [{ procedure: '1.004873', applicant: PERSON, items: ['x'.repeat(1001)] }, 'items[0]'],
  ];
  for (const [body, field] of cases) {
    const r = await create(body);
    assert.equal(r.status, 422, `${field}: ${JSON.stringify(r.data)}`);
    assert.equal(r.data.error.field, field, JSON.stringify(r.data));
    assert.ok(r.data.error.message.length > 10);
  }
  // the missing way to find the citizen again says so
  const r = await create({ procedure: '1.004873', applicant: { name: 'Võ Thị Thu Hướng' }, items: ITEMS });
  assert.match(r.data.error.message, /số định danh cá nhân hoặc số điện thoại/);
  const en = await srv.json('POST', '/api/v1/guidances', { procedure: '1.004873', applicant: { name: 'Võ Thị Thu Hướng' }, items: ITEMS }, users.tiepnhan1, { 'Accept-Language': 'en' });
  assert.equal(en.status, 422);
  assert.match(en.data.error.message, /personal ID number or phone number/);
  // the largest paper there may be: 30 items of 1000 Vietnamese characters (more than 64 KiB of body)
  const big = await create({ procedure: '1.004873', applicant: { name: 'Phan Văn Tú', phone: '0935 111 222' }, items: Array(30).fill('ỗ'.repeat(1000)) });
  assert.equal(big.status, 201, JSON.stringify(big.data));
  const bigItems = (await get(`/api/v1/guidances/${big.data.id}`)).data.items;
  assert.equal(bigItems.length, 30);
  assert.equal([...bigItems[29]].length, 1000);
  // an ID number alone, or a phone alone, is enough
  assert.equal((await create({ procedure: '1.004873', applicant: { name: 'Phan Văn Tú', phone: '0935 111 222' }, items: ['Thiếu ảnh 4x6'] })).status, 201);
  assert.equal((await create({ procedure: '1.004873', applicant: { name: 'Đỗ Thị Lan', id_number: '048185009876' }, items: ['Thiếu ảnh 4x6'] })).status, 201);
});

test('one guidance: the applicant, the items, the officer, no dossier yet, the visit', async () => {
  const r = await get(`/api/v1/guidances/${first}`);
  assert.equal(r.status, 200);
  assert.equal(r.data.id, first);
  assert.deepEqual(r.data.applicant, { ...PERSON, phone: '0905246813' });
  assert.deepEqual(r.data.items, ITEMS);
  assert.equal(r.data.note, 'Mang theo bản chính để đối chiếu');
  assert.equal(r.data.officer.full_name, 'Huỳnh Thị Mỹ Duyên');
  assert.equal(r.data.officer.unit, 'Bộ phận Tiếp nhận và Trả kết quả');
  assert.equal(r.data.dossier, null);
  assert.equal(r.data.visit, 1);
  // the citizen comes back the next day, still incomplete: second visit
  await srv.json('PUT', '/api/v1/_test/now', { now: '2026-03-03T10:00:00+07:00' });
  const again = await create({ procedure: '1.004873', applicant: { ...PERSON, email: undefined }, items: ['Tờ khai chưa ký tên'] });
  assert.equal(again.status, 201);
  assert.equal(again.data.visit, 2);
  await srv.json('PUT', '/api/v1/_test/now', { now: '2026-03-02T09:00:00+07:00' });
  assert.equal((await get('/api/v1/guidances/999999')).status, 404);
  assert.equal((await get('/api/v1/guidances/abc')).status, 404);
});

test('the list (newest first, filters, totals) and the counts', async () => {
  const r = await get('/api/v1/guidances?from=2026-03-01&to=2026-03-31');
  assert.equal(r.status, 200, JSON.stringify(r.data));
  assert.equal(r.data.from, '2026-03-01');
  assert.equal(r.data.total, 5);
  assert.equal(r.data.citizens, 3);
  assert.equal(r.data.items.length, 5);
  assert.equal(r.data.items[0].created_at, '2026-03-03T10:00:00+07:00');
  const row = r.data.items.find((x) => x.id === first);
  assert.equal(row.item_count, 2);
  assert.equal(row.applicant.name, PERSON.name);
  assert.equal(row.paper_url, `/api/v1/guidances/${first}/paper`);
  assert.equal(row.dossier, null);
  // the name without diacritics; the ID number's start
  const byName = await get('/api/v1/guidances?from=2026-03-01&to=2026-03-31&q=' + encodeURIComponent('thu huong'));
  assert.equal(byName.data.total, 2);
  const byId = await get('/api/v1/guidances?from=2026-03-01&to=2026-03-31&q=048185009');
  assert.equal(byId.data.total, 1);
  const page2 = await get('/api/v1/guidances?from=2026-03-01&to=2026-03-31&limit=1&offset=1');
  assert.equal(page2.data.items.length, 1);
  assert.equal(page2.data.total, 5);
  assert.equal((await get('/api/v1/guidances?from=2026-03-01&to=2026-03-31&procedure=2.000815')).data.total, 0);
  assert.equal((await get('/api/v1/guidances?procedure=9.999999')).status, 422);
  assert.equal((await get('/api/v1/guidances?from=2026-03-31&to=2026-03-01')).status, 422);
  assert.equal((await get('/api/v1/guidances?from=2025-01-01&to=2026-03-31')).data.error.code, 'period_too_long');
  assert.equal((await get('/api/v1/guidances?from=2026-02-30')).status, 400);
  // default: the last 30 days up to today (2 March)
  const dflt = await get('/api/v1/guidances');
  assert.equal(dflt.data.to, '2026-03-02');
  assert.equal(dflt.data.from, '2026-02-01');
  assert.equal(dflt.data.total, 4);

  const s = await get('/api/v1/guidances/stats?from=2026-03-01&to=2026-03-31', 'chutich');
  assert.equal(s.status, 200);
  assert.deepEqual(s.data, {
    from: '2026-03-01',
    to: '2026-03-31',
    guidances: 5,
    citizens: 3,
    followed_by_dossier: 0,
    by_procedure: [{ code: '1.004873', name: 'Cấp Giấy xác nhận tình trạng hôn nhân', guidances: 5, citizens: 3 }],
  });
  const feb = await get('/api/v1/guidances/stats?from=2026-02-01&to=2026-02-28');
  assert.equal(feb.data.guidances, 0);
  assert.deepEqual(feb.data.by_procedure, []);
});

test('Mẫu 02 on A4: heading, title, the items, not received, no dossier code; ?format=json the data', async () => {
  const p = await page(`/api/v1/guidances/${first}/paper`);
  assert.equal(p.status, 200, p.text.slice(0, 300));
  assert.equal(p.type, 'text/html; charset=utf-8');
  const t = p.text;
  assert.match(t, /^<!doctype html>\n<html lang="vi">/);
  assert.ok(t.includes('<link rel="stylesheet" href="/css/print.css">'));
  assert.ok(t.includes('Mẫu số 02'));
  assert.ok(t.includes('PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ'));
  assert.ok(t.includes(`Số: ${first}/PBS`));
  assert.ok(t.includes('<p class="doc-head__parent">UBND phường Hội An</p>'));
  assert.ok(t.includes('Cộng hòa xã hội chủ nghĩa Việt Nam'));
  assert.ok(t.includes('Hội An, ngày 02 tháng 3 năm 2026'));
  assert.ok(t.includes(`Ông/Bà ${PERSON.name}`));
  assert.ok(t.includes('Cấp Giấy xác nhận tình trạng hôn nhân'));
  assert.ok(t.includes(PERSON.address));
  assert.ok(t.includes(`1. ${ITEMS[0]}`));
  assert.ok(t.includes(`2. ${ITEMS[1]}`));
  assert.ok(t.includes('Hồ sơ chưa được tiếp nhận'));
  assert.ok(t.includes('thời hạn giải quyết chưa bắt đầu tính'));
  assert.ok(t.includes('Người hướng dẫn'));
  assert.ok(t.includes('Huỳnh Thị Mỹ Duyên'));
  assert.ok(t.includes('0235 3861 234'), "the centre's phone");
  assert.ok(!t.includes('Mã hồ sơ'));
  assert.doesNotMatch(t, /H15-\d{6}-\d{4}/, 'no dossier code');
  // the CSP allows no inline code or style: none is needed
  assert.doesNotMatch(t, /<[^>]*\s(style|on[a-z]+)=|<style/i);
  assert.equal((t.match(/<script/g) || []).length, 1);
  assert.equal(p.headers.get('cache-control'), 'no-store');

  const j = await get(`/api/v1/guidances/${first}/paper?format=json`, 'hotich1');
  assert.equal(j.status, 200);
  assert.equal(j.data.form_no, 'Mẫu số 02');
  assert.equal(j.data.number, `${first}/PBS`);
  assert.equal(j.data.guidance.id, first);
  assert.equal(j.data.issuer.phone, '0235 3861 234');
  assert.equal((await get(`/api/v1/guidances/${first}/paper?format=pdf`)).status, 400);
  assert.equal((await page('/api/v1/guidances/999999/paper')).status, 404);
});

test('the citizen comes back with the dossier complete: the receipt cites the guidance, once', async () => {
  const g = await create({ procedure: '1.004873', applicant: PERSON, items: ITEMS });
  assert.equal(g.status, 201);
  const p = await get('/api/v1/procedures/1.004873');
  const documents = p.data.documents.filter((d) => d.mandatory).map((d) => ({ id: d.id }));
  const body = { procedure: '1.004873', applicant: { kind: 'person', ...PERSON }, documents, guidance_id: g.data.id };
  const r = await srv.json('POST', '/api/v1/dossiers', body, users.tiepnhan1);
  assert.equal(r.status, 201, JSON.stringify(r.data));
  const d = await get('/api/v1/dossiers/' + encodeURIComponent(r.data.code));
  assert.equal(d.data.guidance_id, g.data.id);
  // the guidance now names the dossier that followed it, and counts as followed
  const one = await get('/api/v1/guidances/' + g.data.id);
  assert.equal(one.data.dossier, r.data.code);
  const stats = await get('/api/v1/guidances/stats?from=2026-03-01&to=2026-03-31');
  assert.ok(stats.data.followed_by_dossier >= 1);
  // a guidance is followed by one dossier only; another procedure's is refused
  const again = await srv.json('POST', '/api/v1/dossiers', body, users.tiepnhan1);
  assert.equal(again.status, 422);
  assert.equal(again.data.error.field, 'guidance_id');
  const other = await create({ procedure: '1.000894', applicant: PERSON, items: ITEMS });
  const wrong = await srv.json('POST', '/api/v1/dossiers', { ...body, guidance_id: other.data.id }, users.tiepnhan1);
  assert.equal(wrong.status, 422);
  assert.equal(wrong.data.error.field, 'guidance_id');
});

test('hostile input is printed as text', async () => {
  const r = await create({ procedure: '1.004873', applicant: { name: 'Bình <img src=x onerror=alert(1)>', phone: '0905 000 111' }, items: ['<script>alert(1)</script> thiếu giấy'] });
  assert.equal(r.status, 201);
  const t = (await page(r.data.paper_url)).text;
  assert.ok(t.includes('&lt;img src=x onerror=alert(1)&gt;'));
  assert.ok(t.includes('&lt;script&gt;alert(1)&lt;/script&gt; thiếu giấy'));
  assert.ok(!t.includes('<img src=x'));
});

test("the citizen's personal data never reaches the server log", async () => {
  const log = srv.stderr;
  assert.ok(log.includes('/api/v1/guidances'), 'the requests are logged');
  // nor what was searched for (the list's q)
  for (const s of [PERSON.name, 'Thu Hướng', 'thu huong', 'thu%20huong', PERSON.id_number, '048185009', '0905246813', '0905 246 813', PERSON.email, 'Nguyễn Thái Học', ITEMS[0]]) {
    assert.ok(!log.includes(s), `the log holds ${s}`);
  }
});
