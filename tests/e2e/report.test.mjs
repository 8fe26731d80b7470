// The periodic report on dossier handling (Biểu II.06a; issue 14, item 1;
// DECISIONS D38), with known answers. Dossiers of phường Hội An are built
// through the API on the test clock — in March (carried over into April)
// and in April 2026 — with every outcome: early, on time, late, late after
// an apology with a new date, on time thanks to the pause of a supplement,
// waiting for a supplement at the end, overdue at the end, refused,
// withdrawn (one online), and one received the day before the 30 April –
// 1 May holidays. Every cell of the April and the March report is checked,
// each row reconciles, April's carried over is March's in progress; the
// CSV (BOM) and the XLSX (opened with a real zip + XML reader) carry the
// same numbers; scope and roles as D38 says.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { inflateRawSync } from 'node:zlib';
import { startServer, cli } from '../lib/server.mjs';

let srv;
const users = {};
const WHO = ['tiepnhan1', 'hotich1', 'truongvp', 'chutich', 'admin', 'tinh', 'hoiandong.chutich', 'hoiandong.tiepnhan'];

const setNow = (iso) => srv.json('PUT', '/api/v1/_test/now', { now: iso });
const at = (day, hhmm = '09:00') => `2026-${day}T${hhmm}:00+07:00`;
const act = async (code, body, who) => {
  const r = await srv.json('POST', `/api/v1/dossiers/${code}/actions`, body, users[who]);
  assert.equal(r.status, 200, `${body.action} on ${code}: ${JSON.stringify(r.data)}`);
  return r.data;
};
const get = async (code) => (await srv.json('GET', '/api/v1/dossiers/' + code, undefined, users.tiepnhan1)).data;
const report = (query, who = 'truongvp') => srv.json('GET', '/api/v1/reports/handling?' + query, undefined, users[who]);

const PERSON = { kind: 'person', name: 'Trần Thị Báo Cáo', id_number: '048185001111', phone: '0905 111 222', address: '1 Lê Lợi, phường Hội An, Đà Nẵng' };
const HT = '1.004873'; // Hộ tịch, 3 working days
const CT = '2.001016'; // Chứng thực, 2 working days
const docs = {};

async function intake(procedure, when, channel = 'counter') {
  await setNow(when);
  const r = await srv.json('POST', '/api/v1/dossiers', { procedure, applicant: PERSON, channel, return_method: 'counter', documents: docs[procedure] }, users.tiepnhan1);
  assert.equal(r.status, 201, JSON.stringify(r.data));
  return r.data.code;
}
async function online(procedure, when) {
  await setNow(when);
  const r = await srv.json('POST', '/api/v1/public/submissions', { procedure, applicant: PERSON, documents: docs[procedure].map(({ id }) => ({ id })) });
  assert.equal(r.status, 201, JSON.stringify(r.data));
  await act(r.data.code, { action: 'accept' }, 'tiepnhan1');
  return r.data.code;
}
/* to the leader's step (counter → civil-status office → leader) at `when`, then the result */
async function complete(code, when) {
  await setNow(when);
  let d = await get(code);
  if (d.current_step === 1) await act(code, { action: 'forward' }, 'tiepnhan1');
  d = await get(code);
  if (d.current_step === 2) await act(code, { action: 'forward', to: 'chutich' }, 'hotich1');
  return act(code, { action: 'complete', result: { summary: 'Đã cấp kết quả' } }, 'chutich');
}
async function toOffice(code, when) {
  await setNow(when);
  await act(code, { action: 'forward' }, 'tiepnhan1');
}

const made = {};
const expected = {};

before(async () => {
  srv = await startServer({ env: { MOTCUA_TEST_CLOCK: '1' } });
  for (const u of WHO) users[u] = await srv.login(u);
  for (const p of [HT, CT]) {
    const r = await srv.json('GET', '/api/v1/procedures/' + p);
    docs[p] = r.data.documents.filter((d) => d.mandatory).map((d) => ({ id: d.id, form: d.form, count: 1 }));
  }
  // ---- March: four dossiers of Hộ tịch
  made.C3 = await intake(HT, at('03-20')); // finished in March: not in April's report
  await complete(made.C3, at('03-24'));
  made.C1 = await intake(HT, at('03-25')); // due 30/3: overdue at the end of March, resolved late in April
  made.C2 = await intake(HT, at('03-30')); // still open at the end of April: overdue
  made.C4 = await intake(HT, at('03-31')); // withdrawn on 1/4
  await setNow(at('04-01', '10:00'));
  await act(made.C4, { action: 'withdraw', reason: 'Công dân có đơn xin rút hồ sơ để bổ sung giấy tờ' }, 'tiepnhan1');
  await complete(made.C1, at('04-02'));

  // ---- April
  made.A1 = await intake(HT, at('04-06')); // due Thu 9/4 09:00
  made.A2 = await online(HT, at('04-06')); // online, due 9/4 09:00
  made.A3 = await intake(CT, at('04-06'), 'post'); // due Wed 8/4 09:00
  await complete(made.A1, at('04-07')); // a day before: early
  await complete(made.A2, at('04-09', '08:30')); // on the day, before 09:00: on time
  await complete(made.A3, at('04-10')); // after: late

  // A4: due Thu 16/4; the supplement pauses it 14/4 → 20/4 (four working days): due 22/4;
  // resolved 21/4 — early, and late if the pause were counted
  made.A4 = await intake(HT, at('04-13'));
  await toOffice(made.A4, at('04-13', '10:00'));
  await setNow(at('04-14'));
  await act(made.A4, { action: 'request_supplement', reason: 'Thiếu bản sao giấy tờ', items: ['Bản sao Giấy khai sinh'] }, 'hotich1');
  await setNow(at('04-20'));
  expected.A4due = (await act(made.A4, { action: 'supplement', note: 'Đã nộp bổ sung' }, 'tiepnhan1')).due_at;
  await complete(made.A4, at('04-21'));

  // A5: due Mon 20/4; the leader apologises on 16/4 with a new date 24/4; resolved 22/4:
  // before the new date but after the first one — late (D38)
  made.A5 = await intake(HT, at('04-15'));
  await setNow(at('04-16'));
  await act(made.A5, { action: 'apologize', reason: 'Cần xác minh thêm với nơi cư trú trước', new_due_at: at('04-24', '17:00') }, 'chutich');
  await complete(made.A5, at('04-22'));

  // A6: waiting for the supplement at the end of April (asked within time): within time
  made.A6 = await intake(HT, at('04-20'));
  await toOffice(made.A6, at('04-20', '10:00'));
  await setNow(at('04-21'));
  await act(made.A6, { action: 'request_supplement', reason: 'Thiếu tờ khai', items: ['Tờ khai'] }, 'hotich1');

  // A7: refused by the leader
  made.A7 = await intake(HT, at('04-21'));
  await setNow(at('04-22'));
  await act(made.A7, { action: 'refuse', reason: 'Không thuộc thẩm quyền giải quyết của phường' }, 'chutich');

  // A8: Chứng thực, due 24/4, still open at the end: overdue
  made.A8 = await intake(CT, at('04-22'));

  // A10: online, withdrawn the same day
  made.A10 = await online(HT, at('04-28'));
  await setNow(at('04-28', '10:00'));
  await act(made.A10, { action: 'withdraw', reason: 'Công dân có đơn xin rút hồ sơ đã nộp' }, 'tiepnhan1');

  // A9: received Wed 29/4 09:00; 30/4 and 1/5 are holidays, 2–3/5 a weekend: due Wed 6/5 —
  // within time at the end of April; resolved on 4/5, after the period
  made.A9 = await intake(HT, at('04-29'));
  expected.A9due = (await get(made.A9)).due_at;
  await complete(made.A9, at('05-04'));

  await setNow(at('05-11'));
});
after(async () => {
  await srv.stop();
});

const ZERO = { received: { total: 0, online: 0, direct_or_post: 0 }, carried_over: 0, resolved: { total: 0, early: 0, on_time: 0, late: 0 }, in_progress: { total: 0, within_time: 0, overdue: 0 }, stopped: { withdrawn: 0, refused: 0 } };
const cells = (row) => ({ received: row.received, carried_over: row.carried_over, resolved: row.resolved, in_progress: row.in_progress, stopped: row.stopped });
const row = (data, code) => data.rows.find((r) => r.field.code === code);

function reconciles(r) {
  assert.equal(r.received.total, r.received.online + r.received.direct_or_post);
  assert.equal(r.resolved.total, r.resolved.early + r.resolved.on_time + r.resolved.late);
  assert.equal(r.in_progress.total, r.in_progress.within_time + r.in_progress.overdue);
  assert.equal(r.received.total + r.carried_over, r.resolved.total + r.in_progress.total + r.stopped.withdrawn + r.stopped.refused);
  assert.equal(r.reconciles, true);
}

test('the dates the test relies on: the pause moved the appointment, the holidays pushed one into May', () => {
  assert.equal(expected.A4due, at('04-22'));
  assert.equal(expected.A9due, at('05-06'));
});

test('April: every cell, per field and in total; each row reconciles', async () => {
  const r = await report('from=2026-04-01&to=2026-04-30');
  assert.equal(r.status, 200, JSON.stringify(r.data));
  assert.equal(r.data.form, 'II.06a/VPCP/KSTT');
  assert.equal(r.data.from, '2026-04-01');
  assert.equal(r.data.to, '2026-04-30');
  assert.equal(r.data.agency.code, 'HOIAN');
  assert.equal(r.data.judged_at, '2026-05-01T00:00:00+07:00');
  assert.deepEqual(r.data.rows.map((x) => x.field.code), ['CT', 'HT']);
  assert.equal(row(r.data, 'HT').field.name, 'Hộ tịch');
  assert.deepEqual(cells(row(r.data, 'HT')), {
    // A1 A2 A4 A5 A6 A7 A9 A10; online A2 A10; carried C1 C2 C4
    received: { total: 8, online: 2, direct_or_post: 6 },
    carried_over: 3,
    // early A1 A4; on time A2; late C1 A5
    resolved: { total: 5, early: 2, on_time: 1, late: 2 },
    // within A6 (waiting for the supplement) A9 (due after the holidays); overdue C2
    in_progress: { total: 3, within_time: 2, overdue: 1 },
    stopped: { withdrawn: 2, refused: 1 }, // C4 A10; A7
  });
  assert.deepEqual(cells(row(r.data, 'CT')), {
    ...ZERO,
    received: { total: 2, online: 0, direct_or_post: 2 }, // A3 by post, A8
    resolved: { total: 1, early: 0, on_time: 0, late: 1 }, // A3
    in_progress: { total: 1, within_time: 0, overdue: 1 }, // A8
  });
  assert.deepEqual(cells(r.data.total), {
    received: { total: 10, online: 2, direct_or_post: 8 },
    carried_over: 3,
    resolved: { total: 6, early: 2, on_time: 1, late: 3 },
    in_progress: { total: 4, within_time: 2, overdue: 2 },
    stopped: { withdrawn: 2, refused: 1 },
  });
  for (const x of [...r.data.rows, r.data.total]) reconciles(x);
  assert.equal(r.data.columns.length, 13);
  assert.deepEqual(r.data.columns.slice(0, 4).map((c) => c.vi), ['Tổng số', 'Trực tuyến', 'Trực tiếp, dịch vụ bưu chính', 'Từ kỳ trước chuyển qua']);
  assert.equal(r.data.columns[0].number, 3);
});

test('March: judged at its end; what is in progress then is what April carries over', async () => {
  const r = await report('from=2026-03-01&to=2026-03-31');
  assert.equal(r.status, 200);
  assert.deepEqual(r.data.rows.map((x) => x.field.code), ['HT']);
  assert.deepEqual(cells(r.data.total), {
    ...ZERO,
    received: { total: 4, online: 0, direct_or_post: 4 },
    resolved: { total: 1, early: 1, on_time: 0, late: 0 }, // C3: due 25/3, done 24/3
    in_progress: { total: 3, within_time: 2, overdue: 1 }, // C1 overdue (due 30/3); C2 C4 within
  });
  reconciles(r.data.total);
  const april = await report('from=2026-04-01&to=2026-04-30');
  assert.equal(april.data.total.carried_over, r.data.total.in_progress.total);
});

test('a period not yet ended is judged now; one in the future is empty; the default is this month', async () => {
  // on 4/5 at 08:00 A9 is still open (completed at 09:00) and within time; C2 and A8 overdue
  await setNow(at('05-04', '08:00'));
  let r = await report('from=2026-04-01&to=2026-05-31');
  assert.equal(r.data.judged_at, at('05-04', '08:00'));
  assert.deepEqual(r.data.total.in_progress, { total: 4, within_time: 2, overdue: 2 });
  for (const x of [...r.data.rows, r.data.total]) reconciles(x);
  await setNow(at('05-11'));
  r = await report('from=2026-06-01&to=2026-06-30');
  assert.equal(r.status, 200);
  assert.deepEqual(r.data.rows, []);
  // C2 and A8 are open: June has nothing yet, not even carried over (judged before it begins)
  assert.deepEqual(cells(r.data.total), ZERO);
  r = await report('');
  assert.equal(r.data.from, '2026-05-01');
  assert.equal(r.data.to, '2026-05-11');
  // May so far: A9 resolved early (4/5, due 6/5); C2, A6, A8 carried over and still open
  assert.deepEqual(cells(r.data.total), {
    ...ZERO,
    carried_over: 4,
    resolved: { total: 1, early: 1, on_time: 0, late: 0 },
    in_progress: { total: 3, within_time: 1, overdue: 2 },
  });
});

test('CSV: UTF-8 with a BOM, the form\'s headings, the same numbers', async () => {
  const res = await srv.fetch('/api/v1/reports/handling?from=2026-04-01&to=2026-04-30&format=csv', { headers: { Cookie: users.truongvp.cookie } });
  assert.equal(res.status, 200);
  assert.match(res.headers.get('content-type'), /^text\/csv; charset=utf-8/);
  assert.match(res.headers.get('content-disposition'), /attachment; filename="bao-cao-II06a_HOIAN_2026-04-01_2026-04-30\.csv"/);
  const bytes = Buffer.from(await res.arrayBuffer());
  assert.deepEqual([...bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf]);
  const lines = bytes.subarray(3).toString('utf8').split('\r\n');
  assert.equal(lines[0], '"Biểu số II.06a/VPCP/KSTT"');
  assert.equal(lines[2], `"Cơ quan: ${(await report('from=2026-04-01&to=2026-04-30')).data.agency.name}"`);
  assert.equal(lines[3], '"Kỳ báo cáo: từ ngày 01/04/2026 đến ngày 30/04/2026"');
  assert.ok(lines[5].startsWith('"STT","Lĩnh vực giải quyết","Số hồ sơ nhận giải quyết"'));
  assert.ok(lines[6].includes('"Trước hạn","Đúng hạn","Quá hạn"'));
  assert.equal(lines[7], '(1),(2),(3),(4),(5),(6),(7),(8),(9),(10),(11),(12),(13),(14),(15)');
  assert.equal(lines[8], '"1","Chứng thực",2,0,2,0,1,0,0,1,1,0,1,0,0');
  assert.equal(lines[9], '"2","Hộ tịch",8,2,6,3,5,2,1,2,3,2,1,2,1');
  assert.equal(lines[10], '"","Tổng cộng",10,2,8,3,6,2,1,3,4,2,2,2,1');
});

/* A minimal zip reader: the central directory, each entry inflated. */
function unzip(buf) {
  const files = {};
  let eocd = buf.length - 22;
  while (eocd >= 0 && buf.readUInt32LE(eocd) !== 0x06054b50) eocd--;
  assert.ok(eocd >= 0, 'not a zip file');
  let p = buf.readUInt32LE(eocd + 16);
  const n = buf.readUInt16LE(eocd + 10);
  for (let i = 0; i < n; i++) {
    assert.equal(buf.readUInt32LE(p), 0x02014b50);
    const method = buf.readUInt16LE(p + 10);
    const csize = buf.readUInt32LE(p + 20);
    const nlen = buf.readUInt16LE(p + 28), xlen = buf.readUInt16LE(p + 30), clen = buf.readUInt16LE(p + 32);
    const local = buf.readUInt32LE(p + 42);
    const name = buf.subarray(p + 46, p + 46 + nlen).toString('utf8');
    const start = local + 30 + buf.readUInt16LE(local + 26) + buf.readUInt16LE(local + 28);
    const data = buf.subarray(start, start + csize);
    files[name] = (method === 8 ? inflateRawSync(data) : data).toString('utf8');
    p += 46 + nlen + xlen + clen;
  }
  return files;
}
const unxml = (s) => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&');

test('XLSX: a real workbook — merged headings as on the form, numbers as numbers', async () => {
  const res = await srv.fetch('/api/v1/reports/handling?from=2026-04-01&to=2026-04-30&format=xlsx', { headers: { Cookie: users.truongvp.cookie } });
  assert.equal(res.status, 200);
  assert.equal(res.headers.get('content-type'), 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
  const files = unzip(Buffer.from(await res.arrayBuffer()));
  const sheet = files['xl/worksheets/sheet1.xml'];
  assert.ok(sheet, Object.keys(files).join(','));
  const strings = [...files['xl/sharedStrings.xml'].matchAll(/<si><t[^>]*>([\s\S]*?)<\/t><\/si>/g)].map((m) => unxml(m[1]));
  const cell = {};
  for (const m of sheet.matchAll(/<c r="([A-Z]+\d+)"([^>]*?)(?:\/>|>([\s\S]*?)<\/c>)/g)) {
    const v = /<v>([^<]*)<\/v>/.exec(m[3] || '');
    if (!v) continue;
    cell[m[1]] = / t="s"/.test(m[2]) ? strings[Number(v[1])] : Number(v[1]);
  }
  assert.equal(cell.A1, 'Biểu số II.06a/VPCP/KSTT');
  assert.equal(cell.A2, 'TÌNH HÌNH, KẾT QUẢ GIẢI QUYẾT THỦ TỤC HÀNH CHÍNH');
  assert.equal(cell.A4, 'Kỳ báo cáo: từ ngày 01/04/2026 đến ngày 30/04/2026');
  assert.equal(cell.A6, 'STT');
  assert.equal(cell.B6, 'Lĩnh vực giải quyết');
  assert.equal(cell.C6, 'Số hồ sơ nhận giải quyết');
  assert.equal(cell.G6, 'Số hồ sơ đã giải quyết');
  assert.equal(cell.K6, 'Số hồ sơ đang giải quyết');
  assert.equal(cell.H7, 'Trước hạn');
  assert.equal(cell.M8, '(13)');
  const merged = [...sheet.matchAll(/<mergeCell ref="([^"]+)"/g)].map((m) => m[1]);
  for (const ref of ['A2:O2', 'A6:A7', 'B6:B7', 'C6:F6', 'G6:J6', 'K6:M6', 'N6:O6']) assert.ok(merged.includes(ref), `${ref} in ${merged}`);
  // the rows: numbers (no t="s"), the same as the JSON
  assert.equal(cell.B9, 'Chứng thực');
  assert.equal(cell.B10, 'Hộ tịch');
  assert.deepEqual(['C', 'D', 'E', 'F', 'G', 'H', 'I', 'J', 'K', 'L', 'M', 'N', 'O'].map((c) => cell[c + '10']), [8, 2, 6, 3, 5, 2, 1, 2, 3, 2, 1, 2, 1]);
  assert.equal(cell.B11, 'Tổng cộng');
  assert.equal(cell.C11, 10);
  assert.equal(cell.K11, 4);
  assert.match(sheet, /<pageSetup[^>]*paperSize="9"[^>]*orientation="landscape"/);
});

test('scope and roles: heads and leaders their agency, the province any or all; others 403', async () => {
  const q = 'from=2026-04-01&to=2026-04-30';
  const chutich = await report(q, 'chutich');
  assert.equal(chutich.status, 200);
  assert.deepEqual(chutich.data.total, (await report(q)).data.total);
  // another commune's leader: his own agency (no dossier), not Hội An's
  const dong = await report(q, 'hoiandong.chutich');
  assert.equal(dong.status, 200);
  assert.equal(dong.data.agency.code, 'HOIANDONG');
  assert.deepEqual(dong.data.rows, []);
  const notMine = await report(q + '&agency=HOIAN', 'hoiandong.chutich');
  assert.equal(notMine.status, 403);
  assert.equal(notMine.data.error.code, 'not_your_agency');
  assert.equal(notMine.data.error.field, 'agency');
  // the province: the whole province by default, or one agency
  const all = await report(q, 'tinh');
  assert.equal(all.status, 200);
  assert.equal(all.data.agency, null);
  assert.ok(all.data.province.length > 0);
  assert.deepEqual(all.data.total, (await report(q)).data.total);
  const one = await report(q + '&agency=HOIANDONG', 'tinh');
  assert.equal(one.data.agency.code, 'HOIANDONG');
  assert.deepEqual(one.data.rows, []);
  for (const who of ['tiepnhan1', 'hotich1', 'admin', 'hoiandong.tiepnhan']) {
    assert.equal((await report(q, who)).status, 403, who);
  }
  assert.equal((await srv.json('GET', '/api/v1/reports/handling?' + q)).status, 401);
});

test('bad input: a clear 4xx naming the field', async () => {
  const cases = [
    ['from=2026-13-01&to=2026-12-31', 'from'],
    ['from=2026-04-30&to=2026-04-01', 'to'],
    ['from=2020-01-01&to=2026-12-31', 'from'],
    ['from=2026-04-01&to=2026-04-30&agency=KHONGCO', 'agency'],
    ['from=2026-04-01&to=2026-04-30&format=pdf', 'format'],
  ];
  for (const [query, field] of cases) {
    const r = await report(query, 'tinh');
    assert.ok(r.status === 400 || r.status === 422, `${query}: ${r.status}`);
    assert.equal(r.data.error.field, field, query);
    assert.ok(r.data.error.message_vi || r.data.error.message, query);
  }
});

test('the nightly rollup (motcua report rollup) changes no cell, also beside the running server', async () => {
  const periods = ['from=2026-03-01&to=2026-03-31', 'from=2026-04-01&to=2026-04-30', 'from=2026-03-15&to=2026-05-10', 'from=2026-01-01&to=2026-12-31', 'from=2026-04-29&to=2026-04-29'];
  await setNow(at('05-11'));
  const before = [];
  for (const q of periods) before.push((await report(q)).data);
  const now = Math.floor(Date.parse(at('05-11')) / 1000);
  const r = await cli(['report', 'rollup', '--db', srv.db], { env: { MOTCUA_FAKE_NOW: String(now) } });
  assert.equal(r.code, 0, r.stderr);
  const out = JSON.parse(r.stdout);
  assert.equal(out.from, '2026-03-20');
  assert.equal(out.through, '2026-05-11');
  assert.ok(out.rows > 0);
  for (const [i, q] of periods.entries()) {
    const after = (await report(q)).data;
    assert.deepEqual(after.rows, before[i].rows, q);
    assert.deepEqual(after.total, before[i].total, q);
  }
  // bad usage
  assert.equal((await cli(['report', 'nothing', '--db', srv.db])).code, 2);
});
