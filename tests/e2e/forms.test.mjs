// The statutory papers over HTTP: the six papers of a dossier as A4 HTML (and
// the JSON they are filled from), numbered and titled as in Annex I of
// Circular 03/2025/TT-VPCP (Mẫu 01–07), who issues and signs each (the
// centre, the People's Committee TM./KT. CHỦ TỊCH, a unit's head), the 409
// rule for papers that do not apply,
// roles, HTML escaping of hostile input, the QR code's URL from --public-url
// (never from the Host header), and the tracking book in HTML, CSV and JSON.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { startServer } from '../lib/server.mjs';

const PUBLIC = 'https://dichvucong.hoian.example.vn';
let srv;
const users = {};
before(async () => {
  srv = await startServer({ env: { MOTCUA_TEST_CLOCK: '1' }, args: ['--public-url', PUBLIC + '/'] });
  for (const u of ['tiepnhan1', 'hotich1', 'truongvp', 'chutich', 'admin']) users[u] = await srv.login(u);
});
after(async () => {
  await srv.stop();
});

const setNow = (iso) => srv.json('PUT', '/api/v1/_test/now', { now: iso });
const PERSON = {
  kind: 'person',
  name: 'Nguyễn Văn Bình',
  id_number: '048085001234',
  phone: '0905 123 456',
  email: 'binh.nguyen@example.com',
  address: '12 Trần Phú, phường Hội An, Đà Nẵng',
};

let docsCache = null;
async function intake(applicant = PERSON) {
  if (!docsCache) docsCache = (await srv.json('GET', '/api/v1/procedures/1.004873')).data.documents;
  const documents = docsCache.map((d) => ({ id: d.id, form: d.form, count: 1 }));
  const r = await srv.json('POST', '/api/v1/dossiers', { procedure: '1.004873', applicant, channel: 'counter', return_method: 'counter', documents }, users.tiepnhan1);
  assert.equal(r.status, 201, JSON.stringify(r.data));
  return r.data.code;
}
async function act(code, body, who) {
  const r = await srv.json('POST', `/api/v1/dossiers/${code}/actions`, body, users[who]);
  assert.equal(r.status, 200, `${body.action}: ${JSON.stringify(r.data)}`);
  return r.data;
}
/** GET a paper as text: {status, type, text, headers}. */
async function paper(path, who = 'tiepnhan1', headers = {}) {
  const h = { ...headers };
  if (who) h.Cookie = users[who].cookie;
  const res = await srv.fetch(path, { headers: h });
  return { status: res.status, type: res.headers.get('content-type'), headers: res.headers, text: await res.text() };
}
const form = (code, kind, who) => paper(`/api/v1/dossiers/${code}/forms/${kind}`, who);
const formJson = (code, kind, who = 'tiepnhan1') => srv.json('GET', `/api/v1/dossiers/${code}/forms/${kind}?format=json`, undefined, users[who]);

/** The common shape of every paper; `no` the annex's number ("Mẫu số 01"),
 * printed at the top right of the heading, `title` the paper's title. */
function assertPaper(r, { no, title, code, landscape = false, agency = 'UBND phường Hội An' }) {
  assert.equal(r.status, 200, r.text.slice(0, 300));
  assert.equal(r.type, 'text/html; charset=utf-8');
  const t = r.text;
  assert.match(t, /^<!doctype html>\n<html lang="vi">/);
  assert.ok(t.includes('<link rel="stylesheet" href="/css/app.css">'));
  assert.ok(t.includes('<link rel="stylesheet" href="/css/print.css">'));
  assert.ok(t.includes('<script type="module" src="/js/print-page.js"></script>'));
  assert.ok(t.includes(landscape ? 'class="paper paper--landscape"' : '<article class="paper" lang="vi"'));
  // the national heading (print.css writes the country in capitals)
  assert.ok(t.includes('<p class="doc-head__country">Cộng hòa xã hội chủ nghĩa Việt Nam</p>'));
  assert.ok(t.includes('<p class="doc-head__motto">Độc lập - Tự do - Hạnh phúc</p>'));
  assert.ok(t.includes(`<p class="doc-head__${agency.startsWith('UBND') ? 'parent' : 'org'}">${agency}</p>`), 'issuing body');
  assert.ok(t.includes('Trung tâm Phục vụ hành chính công'), 'centre');
  if (no) assert.ok(t.includes(`<div class="doc-head__nation">\n<p class="doc-form-no">${no}</p>\n<p class="doc-head__country">`), `number ${no}`);
  if (title) assert.ok(t.includes(`<h1 class="doc-title" id="doc-title">${title}</h1>`), `title ${title}`);
  // nothing of the superseded Circular 01/2018 numbering or titles
  assert.ok(!t.includes('Phiếu xin lỗi và hẹn lại ngày trả kết quả'));
  if (code) assert.ok(t.includes(code), 'dossier code');
  // the CSP allows no inline code or style: none is needed
  assert.doesNotMatch(t, /<[^>]*\s(style|on[a-z]+)=|<style/i);
  assert.equal((t.match(/<script/g) || []).length, 1);
  assert.ok(r.headers.get('content-security-policy').includes("script-src 'self'"));
  assert.equal(r.headers.get('cache-control'), 'no-store');
}

let main; // the dossier that goes through every step
test('the receipt (Mẫu 01): heading, applicant, documents, appointment, QR of the tracking URL', async () => {
  await setNow('2026-03-02T09:00:00+07:00'); // a Monday
  main = await intake();
  const r = await form(main, 'receipt');
  assertPaper(r, { no: 'Mẫu số 01', title: 'Giấy tiếp nhận hồ sơ và hẹn trả kết quả', code: main });
  const t = r.text;
  assert.ok(t.includes('Hội An, ngày 02 tháng 3 năm 2026'));
  assert.ok(t.includes('Số: 260302-0001/TNHS'));
  assert.ok(t.includes('Nguyễn Văn Bình'));
  assert.ok(t.includes('048085001234'));
  assert.ok(t.includes('0905123456'));
  assert.ok(t.includes('Cấp Giấy xác nhận tình trạng hôn nhân'));
  assert.ok(t.includes('Tờ khai cấp Giấy xác nhận tình trạng hôn nhân theo mẫu: 01 bản chính.'));
  assert.ok(t.includes('>03 ngày làm việc</span>'), 'the time limit as papers write it');
  assert.ok(t.includes('09 giờ 00 phút, ngày 02/03/2026'), 'received');
  assert.ok(t.includes('09 giờ 00 phút, ngày 05/03/2026'), 'appointment');
  assert.ok(t.includes('Trực tiếp tại Trung tâm'));
  assert.ok(t.includes('Huỳnh Thị Mỹ Duyên'), 'the receiving officer signs');
  assert.ok(t.includes('Vào Sổ theo dõi hồ sơ, Quyển số:'), 'the book entry line');
  assert.ok(!t.includes('Người được ủy quyền'), 'no authorised person: no block');
  // the QR code: one inline SVG, titled, of the public tracking URL
  assert.equal((t.match(/<svg xmlns/g) || []).length, 1);
  assert.match(t, /<svg xmlns="http:\/\/www.w3.org\/2000\/svg" viewBox="0 0 \d+ \d+" shape-rendering="crispEdges" role="img" class="doc-qr"><title>Mã QR tra cứu hồ sơ /);
  const url = `${PUBLIC}/track/?code=${main}`;
  assert.ok(t.includes(url));

  const j = await formJson(main, 'receipt');
  assert.equal(j.status, 200);
  assert.equal(j.data.kind, 'receipt');
  assert.equal(j.data.form_no, 'Mẫu số 01');
  assert.equal(j.data.number, '260302-0001/TNHS');
  // the evaluation secret rides in the fragment (D35)
  assert.match(j.data.evaluation_code, /^[0-9A-F]{10}$/);
  assert.equal(j.data.tracking_url, `${url}#ev=${j.data.evaluation_code}`);
  assert.equal(j.data.issued_at, '2026-03-02T09:00:00+07:00');
  assert.equal(j.data.place_date, 'Hội An, ngày 02 tháng 3 năm 2026');
  assert.equal(j.data.issuer.centre, 'Trung tâm Phục vụ hành chính công phường Hội An');
  assert.equal(j.data.officer.full_name, 'Huỳnh Thị Mỹ Duyên');
  assert.equal(j.data.signer.by, 'centre');
  assert.equal(j.data.signer.full_name, 'Huỳnh Thị Mỹ Duyên');
  assert.equal(j.data.dossier.code, main);
  assert.equal(j.data.dossier.applicant.name, 'Nguyễn Văn Bình');
});

test('the receipt names the authorised person, the variant of the time limit and the book entry; the book shows the entry', async () => {
  await setNow('2026-03-02T09:30:00+07:00');
  // marriage registration (1.000894) has a lawful variant in the demo
  // catalogue ("Trường hợp cần xác minh", 5 working days); the variants are
  // demo data, not code: when it has none, take the marriage-status
  // procedure and skip only the variant's assertions
  const marriage = await srv.json('GET', '/api/v1/procedures/1.000894');
  const variants = marriage.status === 200 ? (marriage.data.time_limit && marriage.data.time_limit.variants) || [] : [];
  const variant = variants.find((v) => v.unit === 'working_days') || null;
  const proc = variant ? marriage.data : (await srv.json('GET', '/api/v1/procedures/1.004873')).data;
  const authorised_person = { name: 'Trần Thị Hoa', id_number: '048190004321', address: '5 Lê Lợi, phường Hội An', phone: '0912345678', email: 'hoa@example.com', document: 'Giấy ủy quyền số 12/2026 ngày 01/03/2026' };
  const documents = proc.documents.map((d) => ({ id: d.id, form: d.form, count: 1 }));
  const body = { procedure: proc.code, applicant: PERSON, authorised_person, channel: 'counter', return_method: 'counter', documents };
  if (variant) body.time_limit_variant = variant.code;
  const c = await srv.json('POST', '/api/v1/dossiers', body, users.tiepnhan1);
  assert.equal(c.status, 201, JSON.stringify(c.data));
  const code = c.data.code;
  const j = await formJson(code, 'receipt');
  const book = j.data.dossier.book;
  assert.ok(book && book.volume && Number.isInteger(book.entry), JSON.stringify(book));
  assert.equal(j.data.dossier.authorised_person.name, 'Trần Thị Hoa');
  const r = await form(code, 'receipt');
  assert.ok(r.text.includes('<article class="paper paper--dense" lang="vi"'));
  for (const x of [
    'Tên tổ chức, cá nhân:</span><span class="doc-fill__value">Nguyễn Văn Bình</span>', // the applicant's lines stay
    'Người được ủy quyền:</span><span class="doc-fill__value">Trần Thị Hoa</span>',
    'Số định danh cá nhân:</span><span class="doc-fill__value">048190004321</span>',
    '5 Lê Lợi, phường Hội An',
    '0912345678',
    'hoa@example.com',
    'Giấy ủy quyền:</span><span class="doc-fill__value">Giấy ủy quyền số 12/2026 ngày 01/03/2026</span>',
    `Vào Sổ theo dõi hồ sơ, Quyển số:</span><span class="doc-fill__value">${book.volume}</span><span class="doc-fill__label">Số thứ tự:</span><span class="doc-fill__value">${book.entry}</span>`,
    '<p class="doc-sign__name">Trần Thị Hoa</p>', // the proxy signs as the submitter
  ]) {
    assert.ok(r.text.includes(x), `receipt: ${x}`);
  }
  if (variant) {
    assert.equal(j.data.dossier.time_limit_variant.code, variant.code);
    // point 3: the variant's limit, named
    assert.ok(r.text.includes(`3. Thời gian giải quyết hồ sơ theo quy định:</span><span class="doc-fill__value">${String(variant.value).padStart(2, '0')} ngày làm việc (${variant.name})</span>`), 'point 3 names the variant');
  }
  // the book's row carries the same volume and entry (and the first dossier of the
  // day, main, the first entry of the volume)
  const b = await srv.json('GET', '/api/v1/books/tracking?from=2026-03-02&to=2026-03-02&format=json', undefined, users.tiepnhan1);
  const row = b.data.rows.find((x) => x.code === code);
  // (and the agency whose book it is: the centre that received it, D30)
  assert.deepEqual(row.book, { ...book, agency: 'HOIAN' });
  assert.deepEqual(b.data.rows.find((x) => x.code === main).book, { volume: book.volume, entry: 1, agency: 'HOIAN' });
  const h = await paper('/api/v1/books/tracking?from=2026-03-02&to=2026-03-02');
  assert.ok(h.text.includes(`<td class="center">${book.volume}</td><td class="num">${book.entry}</td><td>${code}</td>`));
});

test('the QR code takes --public-url, never the Host header', async () => {
  const { port } = new URL(srv.url);
  const text = await new Promise((resolve, reject) => {
    const req = http.request(
      { host: '127.0.0.1', port, path: `/api/v1/dossiers/${main}/forms/receipt`, headers: { Host: 'evil.example', Cookie: users.tiepnhan1.cookie } },
      (res) => {
        let b = '';
        res.setEncoding('utf8');
        res.on('data', (d) => (b += d));
        res.on('end', () => resolve(b));
      },
    );
    req.on('error', reject);
    req.end();
  });
  assert.ok(text.includes(`${PUBLIC}/track/?code=${main}`));
  assert.ok(!text.includes('evil.example'));
});

test('supplement, apology and control sheet of a dossier that went through every step', async () => {
  await setNow('2026-03-02T10:00:00+07:00');
  await act(main, { action: 'forward' }, 'tiepnhan1');
  await setNow('2026-03-02T14:00:00+07:00');
  await act(main, { action: 'request_supplement', reason: 'Thiếu bản sao giấy tờ', items: ['Bản sao Giấy khai sinh', 'Tờ khai có xác nhận của tổ dân phố'] }, 'hotich1');
  await setNow('2026-03-04T14:00:00+07:00');
  await act(main, { action: 'supplement', note: 'Đã nộp bổ sung' }, 'tiepnhan1');
  await setNow('2026-03-04T15:00:00+07:00');
  await act(main, { action: 'forward', to: 'chutich' }, 'hotich1');
  await act(main, { action: 'apologize', reason: 'Cần xác minh thêm với nơi cư trú trước', new_due_at: '2026-03-11T17:00:00+07:00' }, 'chutich');
  await setNow('2026-03-05T09:00:00+07:00');
  await act(main, { action: 'complete', result: { summary: 'Đã cấp Giấy xác nhận tình trạng hôn nhân' } }, 'chutich');
  await act(main, { action: 'return', receiver_name: 'Nguyễn Văn Bình', method: 'counter' }, 'tiepnhan1');

  // Mẫu 02 — by any dossier role (here the specialist who asked)
  const s = await form(main, 'supplement', 'hotich1');
  assertPaper(s, { no: 'Mẫu số 02', title: 'Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ', code: main });
  for (const x of ['Số: 260302-0001/PBS', 'Hội An, ngày 02 tháng 3 năm 2026', '1. Bản sao Giấy khai sinh', '2. Tờ khai có xác nhận của tổ dân phố', 'Lý do: Thiếu bản sao giấy tờ', 'Nguyễn Thị Thanh Thảo', '14 giờ 00 phút, ngày 02/03/2026', '0235 3861 234']) {
    assert.ok(s.text.includes(x), `supplement: ${x}`);
  }

  // Mẫu 04 — issued by the People's Committee, signed for it by its chairman
  // (TM. ỦY BAN NHÂN DÂN / CHỦ TỊCH); the applicant's ID number; the
  // appointment it replaces is the one moved by the supplement pause (09/03)
  const a = await form(main, 'apology');
  assertPaper(a, { no: 'Mẫu số 04', title: 'Văn bản xin lỗi và đề nghị gia hạn thời gian giải quyết', code: main, agency: 'Ủy ban nhân dân phường Hội An' });
  for (const x of ['Số: 260302-0001/PXL', 'Ủy ban nhân dân phường Hội An', 'Hội An, ngày 04 tháng 3 năm 2026', 'Kính gửi: Ông/Bà Nguyễn Văn Bình', 'Ngày 02/03/2026', 'Số định danh cá nhân:</span><span class="doc-fill__value">048085001234</span>', '09 giờ 00 phút, ngày 09/03/2026', 'Cần xác minh thêm với nơi cư trú trước', 'đề nghị gia hạn thời gian giải quyết', '17 giờ 00 phút, ngày 11/03/2026', 'Nơi nhận:', '<p class="doc-sign__title">TM. ỦY BAN NHÂN DÂN</p><p class="doc-sign__title">CHỦ TỊCH</p>', '<p class="doc-sign__name">Lê Văn Trung</p>']) {
    assert.ok(a.text.includes(x), `apology: ${x}`);
  }
  assert.ok(!a.text.includes('KT. CHỦ TỊCH'), 'the chairman signs himself');

  // Mẫu 05 — one row per hand-over of the history (the receipt is the header)
  const c = await form(main, 'control', 'truongvp');
  assertPaper(c, { no: 'Mẫu số 06', title: 'Phiếu kiểm soát quá trình giải quyết hồ sơ', code: main });
  const h = await srv.json('GET', `/api/v1/dossiers/${main}/history`, undefined, users.tiepnhan1);
  const handOvers = h.data.items.filter((e) => !['submit', 'receive', 'accept'].includes(e.action));
  const cj = await formJson(main, 'control');
  assert.deepEqual(cj.data.rows.map((r) => r.action), handOvers.map((e) => e.action));
  assert.deepEqual(cj.data.rows.map((r) => r.outcome || null), handOvers.map((e) => e.outcome));
  const words = { early: 'Trước hạn', on_time: 'Đúng hạn', late: 'Quá hạn' };
  const rows = [...c.text.matchAll(/<tr data-event="([a-z_]+)">(.*?)<\/tr>/g)];
  assert.equal(rows.length, handOvers.length);
  handOvers.forEach((e, i) => {
    assert.equal(rows[i][1], e.action);
    if (e.outcome) assert.ok(rows[i][2].includes(`<td class="center">${words[e.outcome]}</td>`), `row ${i + 1}: ${e.outcome}`);
  });
  const fwd = cj.data.rows[0];
  assert.equal(fwd.giver_unit, 'Bộ phận Tiếp nhận và Trả kết quả');
  assert.equal(fwd.giver, 'Huỳnh Thị Mỹ Duyên');
  assert.equal(fwd.receiver, 'Nguyễn Thị Thanh Thảo');
  assert.equal(fwd.result, 'Đúng hạn');
  assert.ok(c.text.includes('1. Giao: Bộ phận Tiếp nhận và Trả kết quả<br>2. Nhận: Văn phòng Hội đồng nhân dân và Ủy ban nhân dân phường'));
  assert.ok(c.text.includes('10 giờ 00 phút, ngày 02/03/2026<br>Người giao: Huỳnh Thị Mỹ Duyên<br>Người nhận: Nguyễn Thị Thanh Thảo'));
  assert.ok(c.text.includes('Trước hạn') && c.text.includes('Đúng hạn'));
  assert.ok(c.text.includes('Hẹn lại ngày trả kết quả:'));
  // the apology's row names what Mẫu 04 does
  assert.match(c.text, /<tr data-event="apologize">.*Xin lỗi và đề nghị gia hạn thời gian giải quyết/);

  // papers that do not apply: 409, bilingual
  for (const kind of ['refusal', 'withdrawal']) {
    const r = await formJson(main, kind);
    assert.equal(r.status, 409);
    assert.equal(r.data.error.code, 'form_not_available');
    assert.match(r.data.error.message, /Hồ sơ này không/);
    const en = await srv.json('GET', `/api/v1/dossiers/${main}/forms/${kind}`, undefined, users.tiepnhan1, { 'Accept-Language': 'en' });
    assert.equal(en.status, 409);
    assert.match(en.data.error.message, /^This dossier was not/);
  }
});

test('a step handed over after its deadline is "Quá hạn" on the control sheet', async () => {
  await setNow('2026-03-03T08:00:00+07:00');
  const code = await intake();
  await setNow('2026-03-03T15:00:00+07:00'); // the counter step was due at 10:00
  await act(code, { action: 'forward' }, 'tiepnhan1');
  const c = await form(code, 'control');
  assertPaper(c, { code });
  assert.match(c.text, /<tr data-event="forward">.*<td class="center">Quá hạn<\/td>/);
  const j = await formJson(code, 'control');
  assert.equal(j.data.rows.length, 1);
  assert.equal(j.data.rows[0].result, 'Quá hạn');
  // no supplement, apology, refusal or stop: 409
  for (const kind of ['supplement', 'apology', 'refusal', 'withdrawal']) assert.equal((await formJson(code, kind)).status, 409, kind);
});

test('the refusal (Mẫu 03) and the stop notice (Mẫu 05), each only once it happened', async () => {
  await setNow('2026-03-05T09:00:00+07:00');
  // refusing to receive is the counter's, before receipt: an online submission
  const documents = docsCache.filter((d) => d.mandatory).map((d) => ({ id: d.id }));
  const sub = await srv.json('POST', '/api/v1/public/submissions', { procedure: '1.004873', applicant: PERSON, documents });
  assert.equal(sub.status, 201, JSON.stringify(sub.data));
  const refused = sub.data.code;
  assert.equal((await formJson(refused, 'refusal')).status, 409);
  await act(refused, { action: 'refuse', reason: 'Người yêu cầu không cư trú trên địa bàn phường', legal_basis: 'Khoản 1 Điều 21 Luật Hộ tịch năm 2014' }, 'tiepnhan1');
  const r = await form(refused, 'refusal');
  // the centre's paper, signed by the applicant and the counter officer; the legal basis
  assertPaper(r, { no: 'Mẫu số 03', title: 'Phiếu từ chối tiếp nhận giải quyết hồ sơ', code: refused });
  for (const x of ['Số: 260305-0001/PTC', 'Hội An, ngày 05 tháng 3 năm 2026', '<p class="doc-head__org">Trung tâm Phục vụ hành chính công</p>', 'Người yêu cầu không cư trú trên địa bàn phường', '<p class="doc-indent">Căn cứ: Khoản 1 Điều 21 Luật Hộ tịch năm 2014</p>', 'Người nộp hồ sơ', 'Người tiếp nhận hồ sơ', 'Huỳnh Thị Mỹ Duyên']) {
    assert.ok(r.text.includes(x), `refusal: ${x}`);
  }
  const rj = await formJson(refused, 'refusal');
  assert.equal(rj.data.stage, 'reception');
  assert.equal(rj.data.dossier.refusal.stage, 'reception');
  assert.equal(rj.data.signer.by, 'centre');

  await setNow('2026-03-05T10:30:00+07:00');
  const stopped = await intake();
  await act(stopped, { action: 'withdraw', reason: 'Công dân không còn nhu cầu', legal_basis: 'Điều 21 Nghị định số 118/2025/NĐ-CP' }, 'tiepnhan1');
  const w = await form(stopped, 'withdrawal');
  assertPaper(w, { no: 'Mẫu số 05', title: 'Thông báo dừng giải quyết hồ sơ', code: stopped });
  for (const x of ['Kính gửi: Ông/Bà Nguyễn Văn Bình', 'Công dân không còn nhu cầu', '<p class="doc-indent">Căn cứ: Điều 21 Nghị định số 118/2025/NĐ-CP</p>', '10 giờ 30 phút, ngày 05/03/2026', 'Nghị định số 118/2025/NĐ-CP']) {
    assert.ok(w.text.includes(x), `withdrawal: ${x}`);
  }
  const j = await formJson(stopped, 'withdrawal');
  assert.equal(j.data.number, '260305-0002/TB-DGQ');
  assert.equal(j.data.officer.full_name, 'Huỳnh Thị Mỹ Duyên');
  assert.equal(j.data.form_no, 'Mẫu số 05');
});

test('a refusal after receipt is the competent body\'s: the People\'s Committee signed by its leader, or a unit by its head', async () => {
  await setNow('2026-03-05T13:30:00+07:00');
  const why = 'Người yêu cầu đã đăng ký kết hôn tại nơi khác; không đủ điều kiện cấp giấy xác nhận.';
  // the vice-chairman refuses at his step: TM. ỦY BAN NHÂN DÂN / KT. CHỦ TỊCH / PHÓ CHỦ TỊCH
  const byLeader = await intake();
  await act(byLeader, { action: 'forward' }, 'tiepnhan1');
  await act(byLeader, { action: 'forward', to: 'phochutich' }, 'hotich1');
  users.phochutich ||= await srv.login('phochutich');
  await act(byLeader, { action: 'refuse', reason: why, legal_basis: 'Điều 18 Luật Hộ tịch năm 2014' }, 'phochutich');
  const r = await form(byLeader, 'refusal', 'phochutich');
  assertPaper(r, { no: 'Mẫu số 03', title: 'Phiếu từ chối tiếp nhận giải quyết hồ sơ', code: byLeader, agency: 'Ủy ban nhân dân phường Hội An' });
  for (const x of ['Kính gửi: Ông/Bà Nguyễn Văn Bình', 'Ủy ban nhân dân phường Hội An từ chối giải quyết hồ sơ này vì lý do sau:', why, 'Căn cứ: Điều 18 Luật Hộ tịch năm 2014', '<p class="doc-sign__name">Phạm Thị Thu Sương</p>', '<p class="doc-sign__title">TM. ỦY BAN NHÂN DÂN</p><p class="doc-sign__title">KT. CHỦ TỊCH</p><p class="doc-sign__title">PHÓ CHỦ TỊCH</p>', 'Nơi nhận:']) {
    assert.ok(r.text.includes(x), `refusal by the leader: ${x}`);
  }
  assert.ok(!r.text.includes('Người tiếp nhận hồ sơ'), 'not the counter officer');
  const j = await formJson(byLeader, 'refusal');
  assert.equal(j.data.stage, 'processing');
  assert.equal(j.data.signer.by, 'agency');
  assert.equal(j.data.signer.full_name, j.data.officer.full_name);
  assert.equal(j.data.dossier.refusal.stage, 'processing');
  assert.equal(j.data.dossier.refusal.by.full_name, j.data.signer.full_name);

  // the head of the office refuses at his unit's step: for his unit
  const byHead = await intake();
  await act(byHead, { action: 'forward' }, 'tiepnhan1');
  await act(byHead, { action: 'refuse', reason: why }, 'truongvp');
  const h = await form(byHead, 'refusal', 'truongvp');
  assertPaper(h, { no: 'Mẫu số 03', code: byHead });
  for (const x of ['<p class="doc-head__org">Văn phòng Hội đồng nhân dân và Ủy ban nhân dân phường</p>', 'Văn phòng Hội đồng nhân dân và Ủy ban nhân dân phường từ chối giải quyết hồ sơ này', '<p class="doc-sign__title">Chánh Văn phòng Hội đồng nhân dân và Ủy ban nhân dân phường</p>']) {
    assert.ok(h.text.includes(x), `refusal by the head: ${x}`);
  }
  assert.ok(!h.text.includes('TM. ỦY BAN NHÂN DÂN'));
});

test('an online submission not yet accepted has no receipt and no control sheet', async () => {
  await setNow('2026-03-06T08:00:00+07:00');
  const documents = docsCache.filter((d) => d.mandatory).map((d) => ({ id: d.id }));
  const sub = await srv.json('POST', '/api/v1/public/submissions', { procedure: '1.004873', applicant: PERSON, documents });
  assert.equal(sub.status, 201, JSON.stringify(sub.data));
  for (const kind of ['receipt', 'control', 'supplement']) {
    const r = await formJson(sub.data.code, kind);
    assert.equal(r.status, 409, kind);
    assert.equal(r.data.error.code, 'form_not_available');
  }
  await setNow('2026-03-06T09:00:00+07:00');
  await act(sub.data.code, { action: 'accept' }, 'tiepnhan1');
  const r = await formJson(sub.data.code, 'receipt');
  assert.equal(r.status, 200);
  assert.equal(r.data.officer.full_name, 'Huỳnh Thị Mỹ Duyên'); // who accepted it
});

test('roles, unknown kinds and dossiers, bad parameters', async () => {
  assert.equal((await form(main, 'receipt', 'admin')).status, 403);
  const anon = await paper(`/api/v1/dossiers/${main}/forms/receipt`, null);
  assert.equal(anon.status, 401);
  assert.match(anon.type, /^application\/json/);
  assert.equal((await form(main, 'receipt', 'chutich')).status, 200); // leader
  const unknown = await formJson(main, 'passport');
  assert.equal(unknown.status, 404);
  assert.equal(unknown.data.error.code, 'form_unknown');
  const nobody = await formJson('000.01.40.H15-260302-9999', 'receipt');
  assert.equal(nobody.status, 404);
  assert.equal(nobody.data.error.code, 'not_found');
  const fmt = await srv.json('GET', `/api/v1/dossiers/${main}/forms/receipt?format=pdf`, undefined, users.tiepnhan1);
  assert.equal(fmt.status, 400);
  assert.equal(fmt.data.error.field, 'format');
  assert.equal((await srv.json('POST', `/api/v1/dossiers/${main}/forms/receipt`, {}, users.tiepnhan1)).status, 405);
});

test('hostile text in a name or a reason comes out inert', async () => {
  await setNow('2026-03-09T09:00:00+07:00');
  const evil = '<script>alert(1)</script>';
  const code = await intake({ ...PERSON, name: evil, address: '"><img src=x onerror=alert(2)> & Co' });
  await act(code, { action: 'forward' }, 'tiepnhan1');
  await act(code, { action: 'refuse', reason: `Lý do ${evil}\n"><svg onload=alert(3)>`, legal_basis: `Căn cứ ${evil}` }, 'truongvp');
  const esc = '&lt;script&gt;alert(1)&lt;/script&gt;';
  for (const kind of ['receipt', 'refusal', 'control']) {
    const r = await form(code, kind);
    assert.equal(r.status, 200, kind);
    assert.ok(!r.text.includes(evil), `${kind}: raw <script> from data`);
    assert.ok(!r.text.includes('<img'), `${kind}: raw <img>`);
    assert.ok(!/<[^>]*\son(error|load)=/.test(r.text), `${kind}: event handler attribute`);
    assert.equal((r.text.match(/<script/g) || []).length, 1, kind);
    assert.ok(r.text.includes(esc), `${kind}: escaped name`);
  }
  const ref = await form(code, 'refusal');
  assert.ok(ref.text.includes('&quot;&gt;&lt;img src=x onerror=alert(2)&gt; &amp; Co'));
  assert.ok(ref.text.includes(`Lý do ${esc}<br>&quot;&gt;&lt;svg onload=alert(3)&gt;`));
  assert.ok(ref.text.includes(`Căn cứ: Căn cứ ${esc}`));
  const book = await paper('/api/v1/books/tracking?from=2026-03-09&to=2026-03-09');
  assert.equal(book.status, 200);
  assert.ok(!book.text.includes(evil));
  assert.ok(book.text.includes(esc));
  assert.ok(!book.text.includes('<img'));
});

test('the tracking book (Mẫu 07) in HTML, CSV and JSON for a period', async () => {
  await setNow('2026-03-10T09:00:00+07:00');
  const formula = await intake({ ...PERSON, name: 'Trần Thị Hoa', address: '=HYPERLINK("http://x.example","bấm")' });
  await setNow('2026-04-01T09:00:00+07:00');
  const april = await intake();

  const j = await srv.json('GET', '/api/v1/books/tracking?from=2026-03-01&to=2026-03-31&format=json', undefined, users.tiepnhan1);
  assert.equal(j.status, 200);
  assert.equal(j.data.from, '2026-03-01');
  assert.equal(j.data.to, '2026-03-31');
  assert.equal(j.data.total, j.data.rows.length);
  assert.ok(j.data.total >= 6);
  const codes = j.data.rows.map((r) => r.code);
  assert.ok(codes.includes(main) && codes.includes(formula));
  assert.ok(!codes.includes(april));
  assert.deepEqual(j.data.rows.map((r) => r.no), j.data.rows.map((_, i) => i + 1));
  const first = j.data.rows.find((r) => r.code === main);
  assert.equal(first.procedure.name, 'Cấp Giấy xác nhận tình trạng hôn nhân');
  assert.equal(first.applicant.name, 'Nguyễn Văn Bình');
  assert.equal(first.lead_unit, 'Văn phòng Hội đồng nhân dân và Ủy ban nhân dân phường');
  assert.equal(first.received_at, '2026-03-02T09:00:00+07:00');
  assert.equal(first.due_at, '2026-03-11T17:00:00+07:00');
  assert.equal(first.returned_at, '2026-03-05T09:00:00+07:00');
  assert.equal(first.rescheduled, true);
  assert.equal(first.receiver_name, 'Nguyễn Văn Bình');
  assert.equal(first.book.entry, 1, 'the first dossier of the volume');
  assert.match(first.book.volume, /2026/);

  const h = await paper('/api/v1/books/tracking?from=2026-03-01&to=2026-03-31');
  assertPaper(h, { no: 'Mẫu số 07', title: 'Sổ theo dõi hồ sơ', code: main, landscape: true });
  for (const x of ['Tất cả các lĩnh vực', '<th scope="colgroup" colspan="2">Vào sổ</th>', '<th scope="col">Quyển số</th><th scope="col">Số thứ tự</th>', 'Từ ngày 01/03/2026 đến ngày 31/03/2026', 'Nhận và trả kết quả', 'Ngày hẹn trả kết quả', 'Ký nhận', '09:00 02/03/2026', '17:00 11/03/2026 (hẹn lại)', '09:00 05/03/2026', 'Từ chối, 05/03/2026', 'Dừng giải quyết, 05/03/2026', `Tổng số: ${j.data.total} hồ sơ.`]) {
    assert.ok(h.text.includes(x), `book: ${x}`);
  }
  assert.ok(!h.text.includes(april));

  const c = await paper('/api/v1/books/tracking?from=2026-03-01&to=2026-03-31&format=csv');
  assert.equal(c.status, 200);
  assert.equal(c.type, 'text/csv; charset=utf-8');
  assert.match(c.headers.get('content-disposition'), /^attachment; filename="so-theo-doi-ho-so_2026-03-01_2026-03-31\.csv"$/);
  assert.equal(c.headers.get('x-total-count'), String(j.data.total));
  const raw = Buffer.from(await (await srv.fetch('/api/v1/books/tracking?from=2026-03-01&to=2026-03-31&format=csv', { headers: { Cookie: users.tiepnhan1.cookie } })).arrayBuffer());
  assert.deepEqual([...raw.subarray(0, 3)], [0xef, 0xbb, 0xbf], 'UTF-8 BOM');
  const lines = c.text.replace(/^\uFEFF/, '').trimEnd().split('\r\n');
  assert.match(lines[0], /^STT,Mã hồ sơ,Mã thủ tục,Tên thủ tục hành chính,.*,Người nhận kết quả,Quyển số,Số thứ tự trong sổ$/);
  assert.equal(lines.length, j.data.total + 1);
  const mainLine = lines.find((l) => l.includes(main));
  assert.match(mainLine, /^1,000\.01\.40\.H15-260302-0001,1\.004873,Cấp Giấy xác nhận tình trạng hôn nhân,Hộ tịch,Nguyễn Văn Bình,/);
  assert.ok(mainLine.endsWith(`09:00 02/03/2026,17:00 11/03/2026 (hẹn lại),09:00 05/03/2026,Trực tiếp,Đã trả kết quả,Nguyễn Văn Bình,${first.book.volume},1`), mainLine);
  // a cell a spreadsheet would run as a formula is kept as text
  const formulaLine = lines.find((l) => l.includes(formula));
  assert.ok(formulaLine.includes(`"'=HYPERLINK(""http://x.example"",""bấm"")"`), formulaLine);

  // paging: from an offset, numbering goes on; the page says which rows it holds
  const part = await srv.json('GET', '/api/v1/books/tracking?from=2026-03-01&to=2026-03-31&format=json&offset=2', undefined, users.tiepnhan1);
  assert.equal(part.data.offset, 2);
  assert.equal(part.data.limit, 1000);
  assert.equal(part.data.total, j.data.total);
  assert.deepEqual(part.data.rows.map((r) => r.code), codes.slice(2));
  assert.equal(part.data.rows[0].no, 3);
  const partHtml = await paper('/api/v1/books/tracking?from=2026-03-01&to=2026-03-31&offset=2');
  assert.ok(partHtml.text.includes(`Bản in này gồm các dòng 3–${j.data.total} (mỗi bản in tối đa 1000 dòng).`));
  assert.ok(partHtml.text.includes('<td class="num">3</td>'));

  // one field only; defaults to this month; limits
  const fields = (await srv.json('GET', '/api/v1/fields')).data;
  const list = Array.isArray(fields) ? fields : fields.items;
  const other = list.find((f) => f.name !== 'Hộ tịch');
  const none = await srv.json('GET', `/api/v1/books/tracking?from=2026-03-01&to=2026-03-31&format=json&field=${encodeURIComponent(other.code)}`, undefined, users.tiepnhan1);
  assert.equal(none.status, 200);
  assert.equal(none.data.total, 0);
  assert.equal(none.data.field.name, other.name);
  const empty = await paper(`/api/v1/books/tracking?from=2026-03-01&to=2026-03-31&field=${encodeURIComponent(other.code)}`);
  assert.ok(empty.text.includes(`Lĩnh vực: ${other.name}`));
  assert.ok(empty.text.includes('Không có hồ sơ nào được tiếp nhận trong thời gian này.'));
  const dflt = await srv.json('GET', '/api/v1/books/tracking?format=json', undefined, users.tiepnhan1);
  assert.equal(dflt.data.from, '2026-04-01');
  assert.equal(dflt.data.to, '2026-04-01');
  assert.deepEqual(dflt.data.rows.map((r) => r.code), [april]);

  const long = await srv.json('GET', '/api/v1/books/tracking?from=2025-01-01&to=2026-03-31', undefined, users.tiepnhan1);
  assert.equal(long.status, 422);
  assert.equal(long.data.error.code, 'period_too_long');
  assert.equal(long.data.error.field, 'to');
  assert.equal((await srv.json('GET', '/api/v1/books/tracking?from=2025-04-01&to=2026-03-31&format=json', undefined, users.tiepnhan1)).status, 200); // 365 days
  const back = await srv.json('GET', '/api/v1/books/tracking?from=2026-03-31&to=2026-03-01', undefined, users.tiepnhan1);
  assert.equal(back.status, 422);
  const bad = await srv.json('GET', '/api/v1/books/tracking?from=2026-02-30', undefined, users.tiepnhan1);
  assert.equal(bad.status, 400);
  assert.equal(bad.data.error.field, 'from');
  const nofield = await srv.json('GET', '/api/v1/books/tracking?field=XX', undefined, users.tiepnhan1);
  assert.equal(nofield.status, 422);
  assert.equal(nofield.data.error.field, 'field');
  assert.equal((await srv.json('GET', '/api/v1/books/tracking?format=xlsx', undefined, users.tiepnhan1)).status, 400);
  assert.equal((await paper('/api/v1/books/tracking', 'admin')).status, 403);
  assert.equal((await paper('/api/v1/books/tracking', null)).status, 401);
});
