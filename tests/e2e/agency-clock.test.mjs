// Each agency's clock and book (issue 11, item 5; DECISIONS D30). The
// administrator of phường Hội An (the home centre) sets phường Hội An Tây's
// hours to 07:00–11:00, 13:30–16:30 with a 16:00 cut-off; its public centre
// shows them. A dossier handed in at Hội An Tây at 15:30 for a procedure of
// Hội An starts its clock at once (Hội An Tây's cut-off), one handed in at
// Hội An at 15:30 the next morning (Hội An's 15:00). Each centre enters what
// it received in its own book (Mẫu 07), numbered from 1, headed by its own
// centre; an officer reads his agency's book, the province officer chooses.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../lib/server.mjs';

let srv;
const users = {};

before(async () => {
  srv = await startServer({ env: { MOTCUA_TEST_CLOCK: '1' } });
  for (const u of ['admin', 'tiepnhan1', 'hoiantay.tiepnhan', 'hoiandong.tiepnhan', 'tinh']) users[u] = await srv.login(u);
});
after(async () => {
  await srv.stop();
});

const PERSON = {
  kind: 'person',
  name: 'Lê Thị Hoa',
  id_number: '048185009876',
  phone: '0935 222 333',
  address: '8 Nguyễn Duy Hiệu, phường Hội An Tây, Đà Nẵng',
};
const hours = (code, body, who = 'admin') => srv.json('PUT', '/api/v1/calendar/hours/' + code, body, users[who]);

async function intake(who, at) {
  await srv.json('PUT', '/api/v1/_test/now', { now: at });
  const p = await srv.json('GET', '/api/v1/procedures/1.004873');
  const documents = p.data.documents.filter((d) => d.mandatory).map(({ id, form }) => ({ id, form, count: 1 }));
  // every commune implements 1.004873 (D29): Hội An is chosen as the deciding agency
  const r = await srv.json('POST', '/api/v1/dossiers', { procedure: '1.004873', agency: 'HOIAN', applicant: PERSON, documents }, users[who]);
  assert.equal(r.status, 201, JSON.stringify(r.data));
  return (await srv.json('GET', '/api/v1/dossiers/' + encodeURIComponent(r.data.code), undefined, users[who])).data;
}

test('hours per agency: listed for staff, set by the administrator, shown on the agency\'s public centre', async () => {
  const list = await srv.json('GET', '/api/v1/calendar/hours', undefined, users['hoiantay.tiepnhan']);
  assert.equal(list.status, 200);
  const codes = list.data.items.map((i) => i.agency.code);
  assert.deepEqual(codes.sort(), ['DNG', 'HOIAN', 'HOIANDONG', 'HOIANTAY', 'TANHIEP']);
  const hoian = list.data.items.find((i) => i.agency.code === 'HOIAN');
  assert.equal(hoian.work_periods, '07:30-11:30,13:00-17:00');
  assert.equal(hoian.cutoff, '15:00');
  assert.equal(hoian.day_working_seconds, 8 * 3600);

  const r = await hours('HOIANTAY', { work_periods: '07:00-11:00, 13:30-16:30', cutoff: '16:00' });
  assert.equal(r.status, 200, JSON.stringify(r.data));
  assert.equal(r.data.agency.code, 'HOIANTAY');
  assert.equal(r.data.work_periods, '07:00-11:00,13:30-16:30');
  assert.equal(r.data.cutoff, '16:00');
  assert.equal(r.data.day_working_seconds, 7 * 3600);

  // the agency's public centre and the agency list carry its own hours; the home centre keeps its own
  const pub = await srv.json('GET', '/api/v1/public/centre?agency=HOIANTAY');
  assert.equal(pub.status, 200);
  assert.equal(pub.data.name, 'Trung tâm Phục vụ hành chính công phường Hội An Tây');
  assert.equal(pub.data.work_periods, '07:00-11:00,13:30-16:30');
  assert.equal(pub.data.cutoff, '16:00');
  assert.equal((await srv.json('GET', '/api/v1/public/centre')).data.work_periods, '07:30-11:30,13:00-17:00');
  assert.equal((await srv.json('GET', '/api/v1/public/centre?agency=KHONGCO')).status, 404);
  const ag = (await srv.json('GET', '/api/v1/agencies')).data.items.find((a) => a.code === 'HOIANTAY');
  assert.equal(ag.centre.work_periods, '07:00-11:00,13:30-16:30');

  // bad input names its field; an unknown agency is 404; only an administrator
  let bad = await hours('HOIANTAY', { work_periods: '13:00-17:00,07:30-11:30', cutoff: '15:00' });
  assert.equal(bad.status, 422);
  assert.equal(bad.data.error.field, 'work_periods');
  bad = await hours('HOIANTAY', { work_periods: '07:30-11:30', cutoff: '18:00' });
  assert.equal(bad.status, 422);
  assert.equal(bad.data.error.field, 'cutoff');
  bad = await hours('HOIANTAY', { work_periods: '07:30-11:30' });
  assert.equal(bad.status, 422);
  assert.equal(bad.data.error.field, 'cutoff');
  assert.equal((await hours('KHONGCO', { work_periods: '07:30-11:30', cutoff: null })).status, 404);
  assert.equal((await hours('HOIANTAY', { work_periods: '07:30-11:30', cutoff: null }, 'hoiantay.tiepnhan')).status, 403);
  const after = (await srv.json('GET', '/api/v1/calendar/hours', undefined, users.tiepnhan1)).data.items.find((i) => i.agency.code === 'HOIANTAY');
  assert.equal(after.work_periods, '07:00-11:00,13:30-16:30');
});

test('the clock: the receiving centre\'s cut-off starts it, the competent agency\'s hours run it', async () => {
  const set = await hours('HOIANTAY', { work_periods: '07:00-11:00,13:30-16:30', cutoff: '16:00' });
  assert.equal(set.status, 200);
  const tay = await intake('hoiantay.tiepnhan', '2026-03-02T15:30:00+07:00');
  const hoian = await intake('tiepnhan1', '2026-03-02T15:30:00+07:00');
  assert.equal(tay.received_at_agency.code, 'HOIANTAY');
  assert.equal(tay.agency.code, 'HOIAN');
  // Hội An Tây's cut-off is 16:00: the clock starts at once
  assert.equal(tay.clock_start, '2026-03-02T15:30:00+07:00');
  // Hội An's is 15:00: the next morning at Hội An's opening
  assert.equal(hoian.clock_start, '2026-03-03T07:30:00+07:00');
  assert.notEqual(tay.due_at, hoian.due_at);
  // the working day of the dossier is the competent agency's (Hội An: 8 h)
  assert.equal(tay.day_working_seconds, 8 * 3600);
});

test('the book (Mẫu 07): one per centre, numbered from 1, headed by that centre; scope per agency', async () => {
  await hours('HOIANTAY', { work_periods: '07:30-11:30,13:00-17:00', cutoff: '15:00' });
  const day = '2026-04-06';
  const made = [];
  for (const [who, t] of [['tiepnhan1', '09:00'], ['hoiantay.tiepnhan', '09:05'], ['hoiantay.tiepnhan', '09:10'], ['tiepnhan1', '09:15']]) {
    made.push(await intake(who, `${day}T${t}:00+07:00`));
  }
  const book = async (who, extra = '') => srv.json('GET', `/api/v1/books/tracking?from=${day}&to=${day}&format=json${extra}`, undefined, users[who]);
  const tay = await book('hoiantay.tiepnhan');
  assert.equal(tay.status, 200);
  assert.equal(tay.data.agency.code, 'HOIANTAY');
  assert.deepEqual(tay.data.rows.map((r) => r.code), [made[1].code, made[2].code]);
  const entries = (rows) => rows.map((r) => `${r.book.agency} ${r.book.volume} ${r.book.entry}`);
  // the volume of this year already holds the dossiers of the tests above: numbers follow in each book
  const [t1, t2] = tay.data.rows.map((r) => r.book.entry);
  assert.equal(t2, t1 + 1);
  assert.equal(made[1].book.entry, t1);
  const hoian = await book('tiepnhan1');
  assert.deepEqual(hoian.data.rows.map((r) => r.code), [made[0].code, made[3].code]);
  assert.deepEqual(entries(hoian.data.rows).map((e) => e.split(' ').slice(0, 2).join(' ')), ['HOIAN HT-2026', 'HOIAN HT-2026']);
  // Hội An Tây's first book of the year starts at 1 (its dossiers above were the first)
  const year = await srv.json('GET', '/api/v1/books/tracking?from=2026-01-01&to=2026-12-31&format=json', undefined, users['hoiantay.tiepnhan']);
  assert.deepEqual(year.data.rows.map((r) => r.book.entry), year.data.rows.map((_, i) => i + 1));
  assert.ok(year.data.rows.every((r) => r.book.agency === 'HOIANTAY'));

  // another agency's book: 403 for an officer; the province officer chooses (none: every agency's)
  const other = await book('hoiantay.tiepnhan', '&agency=HOIAN');
  assert.equal(other.status, 403);
  assert.equal(other.data.error.field, 'agency');
  assert.deepEqual((await book('tinh', '&agency=HOIANTAY')).data.rows.map((r) => r.code), [made[1].code, made[2].code]);
  const all = await book('tinh');
  assert.equal(all.data.agency, null);
  assert.equal(all.data.total, 4);
  const unknown = await book('tinh', '&agency=KHONGCO');
  assert.equal(unknown.status, 422);
  assert.equal(unknown.data.error.field, 'agency');
  assert.deepEqual((await book('hoiandong.tiepnhan')).data.rows, []);

  // the printed book is headed by the centre that keeps it
  const html = await (await srv.fetch(`/api/v1/books/tracking?from=${day}&to=${day}&agency=HOIANTAY`, { headers: { Cookie: users.tinh.cookie } })).text();
  assert.match(html, /UBND phường Hội An Tây/);
  assert.ok(html.includes(made[1].code) && !html.includes(made[0].code));
  const own = await (await srv.fetch(`/api/v1/books/tracking?from=${day}&to=${day}`, { headers: { Cookie: users['hoiantay.tiepnhan'].cookie } })).text();
  assert.match(own, /UBND phường Hội An Tây/);
});
