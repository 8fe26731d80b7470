// Reception days and the reception book over HTTP (issue 13 items 1, 2;
// D36): the public schedule without personal data, advance registration
// with its cap, confirmation code, per-field errors, honeypot and throttle;
// the duty warning on the staff schedule; a visit with two mixed matters
// split into two petitions; the printable book's data and its CSV with the
// 03/TCD headings; the personal data only for the reception roles, a
// denouncer's never in the book; the scope per agency; nothing personal in
// the server log.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../lib/server.mjs';

let srv;
const users = {};
before(async () => {
  srv = await startServer({ env: { MOTCUA_TEST_CLOCK: '1' } });
  for (const u of ['tiepnhan1', 'hotich1', 'chutich', 'admin', 'hoiandong.tiepnhan', 'tinh']) users[u] = await srv.login(u);
  await srv.json('PUT', '/api/v1/_test/now', { now: '2026-03-02T09:00:00+07:00' });
});
after(async () => {
  await srv.stop();
});

const staff = (method, path, body, who = 'tiepnhan1') => srv.json(method, path, body, users[who]);
const SESSION = {
  leader_name: 'Trần Văn Chủ Tịch',
  leader_title: 'Chủ tịch UBND phường',
  leader_role: 'commune_chairman',
  starts_at: '2026-03-05T08:00',
  ends_at: '2026-03-05T11:00',
  place: 'Phòng tiếp công dân, tầng 1',
  kind: 'regular',
  mode: 'in_person',
  capacity: 2,
};
const REGISTRANT = { name: 'Lê Thị Đăng Ký', contact: '0905 777 888', subject: 'Hỏi về cấp giấy chứng nhận đất' };

let sid;
test('the staff schedule warns when the commune chairman has no reception day in a week', async () => {
  let r = await staff('GET', '/api/v1/reception/sessions?from=2026-03-02&to=2026-03-15');
  assert.equal(r.status, 200, JSON.stringify(r.data));
  assert.equal(r.data.warnings.length, 2);
  assert.equal(r.data.warnings[0].role, 'commune_chairman');
  assert.match(r.data.warnings[0].message_vi, /ít nhất 1 ngày mỗi tuần/);
  // bad input: a clear 422 naming the field
  for (const [body, field] of [
    [{ ...SESSION, leader_name: '' }, 'leader_name'],
    [{ ...SESSION, ends_at: '2026-03-05T07:00' }, 'ends_at'],
    [{ ...SESSION, kind: 'sometimes' }, 'kind'],
    [{ ...SESSION, starts_at: 'thứ năm' }, 'starts_at'],
  ]) {
    const e = await staff('POST', '/api/v1/reception/sessions', body);
    assert.equal(e.status, 422, JSON.stringify(e.data));
    assert.equal(e.data.error.field, field);
  }
  r = await staff('POST', '/api/v1/reception/sessions', SESSION);
  assert.equal(r.status, 201, JSON.stringify(r.data));
  sid = r.data.id;
  r = await staff('GET', '/api/v1/reception/sessions?from=2026-03-02&to=2026-03-15');
  assert.equal(r.data.warnings.length, 1);
  assert.equal(r.data.warnings[0].from, '2026-03-09');
  // a specialist does not edit the schedule
  assert.equal((await staff('POST', '/api/v1/reception/sessions', SESSION, 'hotich1')).status, 403);
});

test('registration: per-field errors, a confirmation code, 409 when the session is full', async () => {
  for (const [body, field] of [
    [{ ...REGISTRANT, name: '' }, 'name'],
    [{ ...REGISTRANT, contact: 'abc' }, 'contact'],
    [{ ...REGISTRANT, subject: ' ' }, 'subject'],
    [{ ...REGISTRANT, website: 'http://spam.example' }, 'website'],
  ]) {
    const e = await srv.json('POST', `/api/v1/public/reception/sessions/${sid}/registrations`, body);
    assert.equal(e.status, 422, JSON.stringify(e.data));
    assert.equal(e.data.error.field, field);
  }
  const a = await srv.json('POST', `/api/v1/public/reception/sessions/${sid}/registrations`, REGISTRANT);
  assert.equal(a.status, 201, JSON.stringify(a.data));
  assert.match(a.data.code, /^RC-[2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4}$/);
  assert.equal(a.data.session.registered, 1);
  const b = await srv.json('POST', `/api/v1/public/reception/sessions/${sid}/registrations`, { ...REGISTRANT, contact: 'dang.ky@example.vn' });
  assert.equal(b.status, 201);
  const c = await srv.json('POST', `/api/v1/public/reception/sessions/${sid}/registrations`, REGISTRANT);
  assert.equal(c.status, 409);
  assert.equal(c.data.error.code, 'session_full');
  assert.match(c.data.error.message, /đủ số người/);
  assert.equal((await srv.json('POST', '/api/v1/public/reception/sessions/999999/registrations', REGISTRANT)).status, 404);
  // the registrants, for the reception roles of the agency only
  const list = await staff('GET', `/api/v1/reception/sessions/${sid}/registrations`, undefined, 'chutich');
  assert.equal(list.status, 200);
  assert.deepEqual(list.data.items.map((i) => i.contact).sort(), ['0905777888', 'dang.ky@example.vn']);
  assert.equal((await staff('GET', `/api/v1/reception/sessions/${sid}/registrations`, undefined, 'hotich1')).status, 403);
  assert.equal((await staff('GET', `/api/v1/reception/sessions/${sid}/registrations`, undefined, 'hoiandong.tiepnhan')).status, 404);
});

test('the public schedule: the session and its fill, nothing of the registrants', async () => {
  const r = await srv.json('GET', '/api/v1/public/reception/sessions?from=2026-03-01&to=2026-03-31');
  assert.equal(r.status, 200);
  const s = r.data.items.find((i) => i.id === sid);
  assert.equal(s.leader_name, 'Trần Văn Chủ Tịch');
  assert.equal(s.full, true);
  assert.equal(s.registered, 2);
  assert.equal(s.agency.name, 'Ủy ban nhân dân phường Hội An');
  const text = JSON.stringify(r.data);
  for (const p of ['Đăng Ký', '0905777888', '0905 777 888', 'dang.ky@example.vn', 'giấy chứng nhận']) assert.ok(!text.includes(p), `public schedule holds ${p}`);
  assert.equal((await srv.json('GET', '/api/v1/public/reception/sessions?agency=HOIANDONG&from=2026-03-01&to=2026-03-31')).data.items.length, 0);
  assert.equal((await srv.json('GET', '/api/v1/public/reception/sessions?agency=KHONGCO')).status, 404);
  // a cancelled session leaves the public schedule and takes no registration
  const u = await staff('POST', `/api/v1/reception/sessions/${sid}`, { ...SESSION, cancelled: true });
  assert.equal(u.status, 200, JSON.stringify(u.data));
  const again = await srv.json('GET', '/api/v1/public/reception/sessions?from=2026-03-01&to=2026-03-31');
  assert.ok(!again.data.items.some((i) => i.id === sid));
  assert.equal((await staff('POST', `/api/v1/reception/sessions/${sid}`, SESSION, 'hoiandong.tiepnhan')).status, 404);
});

test('registration is throttled per address', async () => {
  const r = await staff('POST', '/api/v1/reception/sessions', { ...SESSION, starts_at: '2026-03-06T08:00', ends_at: '2026-03-06T11:00', capacity: 100 });
  let last;
  for (let i = 0; i < 12; i++) {
    last = await srv.json('POST', `/api/v1/public/reception/sessions/${r.data.id}/registrations`, { ...REGISTRANT, contact: `09057770${10 + i}` });
    if (last.status === 429) break;
  }
  assert.equal(last.status, 429);
  assert.equal(last.data.error.code, 'too_many_submissions');
  await srv.json('PUT', '/api/v1/_test/now', { now: '2026-03-02T11:00:00+07:00' });
});

// RFC 4180 records (quoted fields may hold commas and line breaks)
function parseCsv(text) {
  const rows = [[]];
  let f = '', q = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (q) {
      if (ch === '"' && text[i + 1] === '"') (f += '"'), i++;
      else if (ch === '"') q = false;
      else f += ch;
    } else if (ch === '"') q = true;
    else if (ch === ',') rows.at(-1).push(f), (f = '');
    else if (ch === '\n') rows.at(-1).push(f.replace(/\r$/, '')), (f = ''), rows.push([]);
    else f += ch;
  }
  if (f || rows.at(-1).length) rows.at(-1).push(f);
  if (!rows.at(-1).length) rows.pop();
  return rows;
}

const VISIT = {
  visitors: 'Phạm Văn Đến',
  address: '12 Trần Phú, Hội An',
  id_number: '049201001234',
  phone: '0935 222 333',
  people: 2,
  prior_handling: 'UBND phường đã trả lời năm 2025',
  within_competence: true,
  follow_up: 'Hẹn trả lời trong 10 ngày làm việc',
  matters: [
    { type: 'complaint', field: 'Đất đai', content: 'Khiếu nại quyết định thu hồi đất số 12/QĐ-UBND' },
    { type: 'recommendation', field: 'Giao thông', content: 'Kiến nghị sửa đoạn đường kiệt 45 Trần Phú' },
  ],
};
let visit;
test('a visit with two mixed matters becomes two petitions linked to it', async () => {
  const bad = await staff('POST', '/api/v1/reception/visits', { ...VISIT, matters: [VISIT.matters[0], { type: 'recommendation', content: '' }] });
  assert.equal(bad.status, 422);
  assert.equal(bad.data.error.field, 'matters[1].content');
  const noName = await staff('POST', '/api/v1/reception/visits', { ...VISIT, visitors: '' });
  assert.equal(noName.data.error.field, 'visitors');
  const r = await staff('POST', '/api/v1/reception/visits', VISIT);
  assert.equal(r.status, 201, JSON.stringify(r.data));
  visit = r.data;
  assert.equal(visit.seq, 1);
  assert.deepEqual(visit.petitions.map((p) => p.type), ['complaint', 'recommendation']);
  const inbox = await staff('GET', '/api/v1/petitions?status=all');
  for (const p of visit.petitions) {
    const item = inbox.data.items.find((i) => i.code === p.code);
    assert.ok(item, `petition ${p.code} in the inbox`);
    assert.equal(item.channel, 'reception');
  }
  const one = await staff('GET', '/api/v1/petitions/' + visit.petitions[1].id);
  assert.equal(one.data.content, VISIT.matters[1].content);
  assert.equal(one.data.people, 2);
  // a specialist does not record visits
  assert.equal((await staff('POST', '/api/v1/reception/visits', VISIT, 'hotich1')).status, 403);
});

test('the book: 03/TCD data, personal data for the reception roles only, a denouncer never', async () => {
  const den = await staff('POST', '/api/v1/reception/visits', {
    visitors: 'Người Tố Giác',
    id_number: '048185009999',
    matters: [{ type: 'denunciation', field: 'Cán bộ', content: 'Tố cáo cán bộ địa chính nhận tiền' }],
  });
  assert.equal(den.status, 201);
  const book = await staff('GET', '/api/v1/reception/visits?from=2026-03-01&to=2026-03-31', undefined, 'chutich');
  assert.equal(book.status, 200);
  assert.equal(book.data.items.length, 2);
  const [a, b] = book.data.items;
  assert.equal(a.seq, 1);
  assert.equal(a.visitors, 'Phạm Văn Đến');
  assert.equal(a.id_number, '049201001234');
  assert.equal(a.type_labels, 'Khiếu nại, Kiến nghị');
  assert.equal(a.fields, 'Đất đai; Giao thông');
  assert.equal(a.people, 2);
  assert.equal(a.within_competence, true);
  assert.equal(a.petitions.length, 2);
  assert.equal(b.confidential, true);
  assert.equal(b.visitors, null);
  assert.equal(b.id_number, null);
  // a specialist reads the book without anybody's identity
  const spec = await staff('GET', '/api/v1/reception/visits?from=2026-03-01&to=2026-03-31', undefined, 'hotich1');
  assert.equal(spec.status, 200);
  assert.equal(spec.data.personal_data, false);
  assert.ok(!JSON.stringify(spec.data).includes('Phạm Văn Đến'));
  // CSV with the official headings
  const csv = await srv.fetch('/api/v1/reception/visits?from=2026-03-01&to=2026-03-31&format=csv', { headers: { Cookie: users.tiepnhan1.cookie } });
  assert.equal(csv.status, 200);
  assert.match(csv.headers.get('content-type'), /text\/csv/);
  assert.match(csv.headers.get('content-disposition'), /so-tiep-cong-dan_2026-03-01_2026-03-31\.csv/);
  const text = await csv.text();
  const rows = parseCsv(text.replace(/^\uFEFF/, ''));
  assert.equal(rows.length, 3);
  for (const h of ['STT', 'Ngày tiếp', 'Họ tên, địa chỉ', 'Số CCCD/Hộ chiếu', 'Phân loại', 'Số người', 'Thuộc thẩm quyền']) assert.ok(rows[0].includes(h), `heading ${h}`);
  const col = (h) => rows[0].indexOf(h);
  assert.equal(rows[1][col('Họ tên, địa chỉ')], 'Phạm Văn Đến, 12 Trần Phú, Hội An');
  assert.equal(rows[1][col('Số CCCD/Hộ chiếu')], '049201001234');
  assert.equal(rows[1][col('Thuộc thẩm quyền')], 'x');
  assert.equal(rows[2][col('Họ tên, địa chỉ')], 'Bảo mật (đơn tố cáo)');
  assert.ok(!text.includes('Người Tố Giác') && !text.includes('048185009999'));
  assert.equal((await staff('GET', '/api/v1/reception/visits?format=pdf')).status, 400);
});

test('scope per agency: another commune sees its own book; the province reads all without identities', async () => {
  const other = await staff('GET', '/api/v1/reception/visits?from=2026-03-01&to=2026-03-31', undefined, 'hoiandong.tiepnhan');
  assert.equal(other.status, 200);
  assert.equal(other.data.items.length, 0);
  const r = await staff('POST', '/api/v1/reception/visits', { visitors: 'Võ Thị Đông', matters: [{ type: 'reflection', content: 'Phản ánh rác thải' }] }, 'hoiandong.tiepnhan');
  assert.equal(r.status, 201);
  assert.equal(r.data.seq, 1); // each agency numbers its own book
  const prov = await staff('GET', '/api/v1/reception/visits?from=2026-03-01&to=2026-03-31', undefined, 'tinh');
  assert.equal(prov.status, 200);
  assert.equal(prov.data.items.length, 3);
  assert.ok(prov.data.items.every((i) => i.visitors === null));
  const one = await staff('GET', '/api/v1/reception/visits?from=2026-03-01&to=2026-03-31&agency=HOIANDONG', undefined, 'tinh');
  assert.equal(one.data.items.length, 1);
  assert.equal((await staff('POST', '/api/v1/reception/visits', VISIT, 'tinh')).status, 403);
});

test('the duty is configurable by the admin and the leader only', async () => {
  assert.equal((await staff('POST', '/api/v1/reception/duties/commune_chairman', { days: 2, per: 'week' }, 'tiepnhan1')).status, 403);
  const r = await staff('POST', '/api/v1/reception/duties/commune_chairman', { days: 2, per: 'week' }, 'admin');
  assert.equal(r.status, 200, JSON.stringify(r.data));
  assert.equal(r.data.items.find((d) => d.role === 'commune_chairman').days, 2);
  assert.equal((await staff('POST', '/api/v1/reception/duties/nobody', { days: 1, per: 'week' }, 'admin')).status, 404);
  assert.equal((await staff('POST', '/api/v1/reception/duties/commune_chairman', { days: 1, per: 'year' }, 'admin')).data.error.field, 'per');
});

test('nothing personal in the server log', async () => {
  const log = srv.stderr;
  assert.ok(log.includes('/api/v1/reception/visits'), 'the requests are logged');
  for (const s of ['Phạm Văn Đến', '049201001234', 'Người Tố Giác', 'Đăng Ký', '0905777888', 'dang.ky@example.vn']) assert.ok(!log.includes(s), `the log holds ${s}`);
});
