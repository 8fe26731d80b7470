// Citizens' voice over HTTP (issue 13, D33): the public feedback form (its
// per-field errors, honeypot, attachment), tracking by code, the staff inbox
// by deadline within the officer's agency, the legal deadlines by type on the
// legal clock, a denouncer's identity kept confidential and its reads
// audited, forwarding and answering with a notice by mail, publication with
// personal data removed, the public register and its search, satisfaction,
// re-opening, comments through moderation — and the petitioner's e-mail in
// no public answer at all.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, cli } from '../lib/server.mjs';

let srv;
const users = {};
const publicTexts = []; // every public answer body, to look for personal data
before(async () => {
  srv = await startServer({ env: { MOTCUA_TEST_CLOCK: '1' } });
  for (const u of ['tiepnhan1', 'hotich1', 'truongvp', 'chutich', 'hoiandong.tiepnhan', 'tinh']) users[u] = await srv.login(u);
  await srv.json('PUT', '/api/v1/_test/now', { now: '2026-03-02T09:00:00+07:00' });
});
after(async () => {
  await srv.stop();
});

const EMAIL = 'nguyen.van.gopy@example.vn';
const FEEDBACK = {
  name: 'Nguyễn Văn Góp Ý',
  email: EMAIL,
  phone: '0905 111 222',
  subject: 'Đèn đường hỏng ở đường Trần Phú',
  content: 'Đèn đường trước số 12 Trần Phú đã hỏng hai tuần, buổi tối rất tối.',
  website: '',
};
const setNow = (now) => srv.json('PUT', '/api/v1/_test/now', { now });
const pub = async (method, path, body) => {
  const r = await srv.json(method, path, body);
  publicTexts.push(JSON.stringify(r.data));
  return r;
};
const staff = (method, path, body, who = 'tiepnhan1') => srv.json(method, path, body, users[who]);
const act = (id, body, who = 'tiepnhan1') => staff('POST', `/api/v1/petitions/${id}/actions`, body, who);
async function outbox(kind) {
  const r = await cli(['outbox', '--db', srv.db]);
  assert.equal(r.code, 0, r.stderr);
  return JSON.parse(r.stdout).messages.filter((m) => m.kind === kind);
}

let fb; // the online feedback: {id, code}
test('feedback form: a clear error per field, the honeypot, the attachment checked', async () => {
  const cases = [
    [{ ...FEEDBACK, name: '' }, 'name', 'họ và tên'],
    [{ ...FEEDBACK, email: '' }, 'email', 'thư điện tử'],
    [{ ...FEEDBACK, email: 'khong-phai-email' }, 'email', 'không đúng'],
    [{ ...FEEDBACK, phone: '12345' }, 'phone', 'điện thoại'],
    [{ ...FEEDBACK, content: '   ' }, 'content', 'nội dung'],
    [{ ...FEEDBACK, website: 'http://spam.example' }, 'website', 'để trống'],
    [{ ...FEEDBACK, attachment: { name: 'a.exe', data: Buffer.from('MZ not a pdf').toString('base64') } }, 'attachment', 'PDF'],
  ];
  for (const [body, field, words] of cases) {
    const r = await pub('POST', '/api/v1/public/feedback', body);
    assert.equal(r.status, 422, JSON.stringify(r.data));
    assert.equal(r.data.error.field, field);
    assert.match(r.data.error.message, new RegExp(words, 'i'));
  }
});

test('feedback form: 201 with a tracking code, a petition of the home agency, an acknowledgement mail', async () => {
  const pdf = Buffer.from('%PDF-1.4\n% anh chup\n%%EOF\n').toString('base64');
  const r = await pub('POST', '/api/v1/public/feedback', { ...FEEDBACK, attachment: { name: 'anh-den.pdf', data: pdf } });
  assert.equal(r.status, 201, JSON.stringify(r.data));
  assert.match(r.data.code, /^PA-[2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4}$/);
  assert.equal(r.data.type, 'reflection');
  // reflection: status answer within 10 working days, handled within 15 (Mon 2 Mar 09:00)
  assert.equal(r.data.ack_due_at, '2026-03-16T09:00:00+07:00');
  assert.equal(r.data.due_at, '2026-03-23T09:00:00+07:00');
  fb = r.data;
  const mails = await outbox('petition.received');
  assert.equal(mails.length, 1);
  assert.equal(mails[0].to, EMAIL);
  assert.match(mails[0].subject, new RegExp(fb.code));
  const t = await pub('GET', '/api/v1/public/petitions/' + fb.code);
  assert.equal(t.status, 200);
  assert.equal(t.data.status, 'received');
  assert.equal((await pub('GET', '/api/v1/public/petitions/PA-2222-2222-2222')).status, 404);
});

test('inbox: the agency sees it by deadline with its attachment; another agency does not', async () => {
  const l = await staff('GET', '/api/v1/petitions');
  assert.equal(l.status, 200);
  const it = l.data.items.find((x) => x.code === fb.code);
  assert.ok(it, 'in the inbox');
  assert.equal(it.next_deadline.kind, 'ack');
  assert.equal(it.next_deadline.overdue, false);
  assert.equal(it.next_deadline.days, 10);
  const g = await staff('GET', '/api/v1/petitions/' + fb.id);
  assert.equal(g.status, 200);
  assert.equal(g.data.petitioner.email, EMAIL);
  assert.equal(g.data.channel, 'online');
  assert.deepEqual(g.data.deadlines.map((d) => [d.kind, d.due_at]), [
    ['ack', '2026-03-16T09:00:00+07:00'],
    ['forward', '2026-03-09T09:00:00+07:00'],
    ['resolve', '2026-03-23T09:00:00+07:00'],
  ]);
  const f = await srv.fetch(g.data.attachment.url, { headers: { Cookie: users.tiepnhan1.cookie } });
  assert.equal(f.status, 200);
  assert.equal(f.headers.get('content-type'), 'application/pdf');
  assert.equal((await staff('GET', '/api/v1/petitions/' + fb.id, undefined, 'hoiandong.tiepnhan')).status, 404);
  const other = await staff('GET', '/api/v1/petitions?status=all', undefined, 'hoiandong.tiepnhan');
  assert.ok(!other.data.items.some((x) => x.code === fb.code));
  // the province reads every agency's
  assert.equal((await staff('GET', '/api/v1/petitions/' + fb.id, undefined, 'tinh')).status, 200);
});

test('overdue is surfaced: past the status answer the inbox says so', async () => {
  await setNow('2026-03-17T09:00:00+07:00');
  const l = await staff('GET', '/api/v1/petitions?overdue=1');
  const it = l.data.items.find((x) => x.code === fb.code);
  assert.ok(it, 'listed as overdue');
  assert.equal(it.next_deadline.overdue, true);
  assert.equal(it.next_deadline.days, -1);
  await setNow('2026-03-02T10:00:00+07:00');
});

let den;
test('denunciation keyed in at the reception: 7 working days to classify, the identity confidential and every read audited', async () => {
  const r = await staff('POST', '/api/v1/petitions', {
    channel: 'reception', type: 'denunciation', field: 'Đất đai', subject: 'Tố cáo cán bộ địa chính',
    content: 'Tố cáo việc nhận tiền khi làm thủ tục đất đai.', people: 1,
    petitioner: { name: 'Trần Thị Tố Giác', phone: '0935 000 111', id_number: '048185001234', address: 'Hội An', email: 'to.giac@example.vn' },
  });
  assert.equal(r.status, 201, JSON.stringify(r.data));
  den = r.data;
  assert.equal(den.ack_due_at, '2026-03-11T10:00:00+07:00'); // Mon 2 Mar 10:00 + 7 working days
  const g = await staff('GET', '/api/v1/petitions/' + den.id, undefined, 'hotich1');
  assert.equal(g.status, 200);
  assert.equal(g.data.confidential, true);
  assert.equal(g.data.petitioner, null);
  assert.ok(!JSON.stringify(g.data).includes('Tố Giác'));
  const l = await staff('GET', '/api/v1/petitions');
  assert.equal(l.data.items.find((x) => x.code === den.code).name, null);
  // a specialist not assigned: refused; the head: allowed and audited
  const no = await staff('POST', `/api/v1/petitions/${den.id}/identity`, undefined, 'hotich1');
  assert.equal(no.status, 403);
  assert.equal(no.data.error.code, 'identity_confidential');
  const yes = await staff('POST', `/api/v1/petitions/${den.id}/identity`, undefined, 'truongvp');
  assert.equal(yes.status, 200);
  assert.equal(yes.data.name, 'Trần Thị Tố Giác');
  // once assigned, the officer may read it too
  assert.equal((await act(den.id, { action: 'assign', unit: 'VP', officer: 'hotich1' }, 'truongvp')).status, 200);
  assert.equal((await staff('POST', `/api/v1/petitions/${den.id}/identity`, undefined, 'hotich1')).status, 200);
  const h = await staff('GET', '/api/v1/petitions/' + den.id, undefined, 'truongvp');
  const views = h.data.history.filter((e) => e.action === 'petition.identity_view');
  assert.deepEqual(views.map((e) => e.actor), ['truongvp', 'hotich1']);
  assert.ok(!JSON.stringify(h.data.history).includes('Tố Giác'));
});

test('denunciation: accepted, 30 days, extended twice at most', async () => {
  await setNow('2026-03-05T09:00:00+07:00');
  const a = await act(den.id, { action: 'accept' }, 'truongvp');
  assert.equal(a.status, 200, JSON.stringify(a.data));
  assert.equal(a.data.status, 'accepted');
  // Thu 5 Mar + 30 days = Sat 4 Apr → the next working day, Mon 6 Apr, end of day
  assert.equal(a.data.deadlines.find((d) => d.kind === 'resolve').due_at, '2026-04-06T17:00:00+07:00');
  assert.equal((await act(den.id, { action: 'extend' }, 'truongvp')).data.error.field, 'reason');
  const e1 = await act(den.id, { action: 'extend', reason: 'Vụ việc phức tạp' }, 'truongvp');
  assert.equal(e1.data.deadlines.find((d) => d.kind === 'resolve').due_at, '2026-05-06T17:00:00+07:00');
  assert.equal((await act(den.id, { action: 'extend', reason: 'Rất phức tạp' }, 'truongvp')).status, 200);
  const e3 = await act(den.id, { action: 'extend', reason: 'Lần ba' }, 'truongvp');
  assert.equal(e3.status, 409);
  assert.equal(e3.data.error.code, 'extension_limit');
});

let comp;
test('complaint: 10 working days to accept, then 30 days across the holidays', async () => {
  await setNow('2026-04-01T09:00:00+07:00');
  const r = await staff('POST', '/api/v1/petitions', {
    channel: 'post', type: 'complaint', content: 'Khiếu nại quyết định xử phạt.', petitioner: { name: 'Lê Văn Khiếu', email: 'khieu@example.vn' },
  });
  assert.equal(r.status, 201, JSON.stringify(r.data));
  comp = r.data;
  // Wed 1 Apr + 10 working days, skipping Mon 27 Apr? no: 2,3,6,7,8,9,10,13,14,15 → Wed 15 Apr
  assert.equal(comp.ack_due_at, '2026-04-15T09:00:00+07:00');
  assert.equal(comp.due_at, null);
  const a = await act(comp.id, { action: 'accept' });
  // Wed 1 Apr + 30 days = Fri 1 May (holiday; 30 Apr–3 May off) → Mon 4 May
  assert.equal(a.data.deadlines.find((d) => d.kind === 'resolve').due_at, '2026-05-04T17:00:00+07:00');
  assert.equal((await act(comp.id, { action: 'accept' })).status, 409);
  const bad = await staff('POST', '/api/v1/petitions', { channel: 'fax', type: 'complaint', content: 'x', petitioner: { name: 'A' } });
  assert.equal(bad.status, 422);
  assert.equal(bad.data.error.field, 'channel');
  const bad2 = await staff('POST', '/api/v1/petitions', { channel: 'post', type: 'complaint', content: 'x', petitioner: { name: 'A', email: 'no' } });
  assert.equal(bad2.data.error.field, 'petitioner.email');
});

test('forwarding to another agency tells the citizen by mail', async () => {
  const r = await act(comp.id, { action: 'forward', to: 'Sở Xây dựng thành phố Đà Nẵng', doc_no: '12/UBND-TCD' });
  assert.equal(r.status, 200, JSON.stringify(r.data));
  assert.equal(r.data.status, 'forwarded');
  const mails = await outbox('petition.forwarded');
  assert.equal(mails.length, 1);
  assert.equal(mails[0].to, 'khieu@example.vn');
  const t = await pub('GET', '/api/v1/public/petitions/' + comp.code);
  assert.equal(t.data.forwarded_to, 'Sở Xây dựng thành phố Đà Nẵng');
});

let pubId;
test('answer, then publish with personal data removed; the register finds it', async () => {
  await setNow('2026-03-03T09:00:00+07:00');
  const a = await act(fb.id, { action: 'answer', text: 'Kính gửi ông Nguyễn Văn Góp Ý: đèn đã được thay ngày 03/03/2026.' });
  assert.equal(a.status, 200, JSON.stringify(a.data));
  assert.equal(a.data.status, 'answered');
  assert.equal((await outbox('petition.answered')).length, 1);
  const named = await act(fb.id, { action: 'publish', title: 'Đèn đường Trần Phú', question: 'Ông Nguyễn Văn Góp Ý phản ánh đèn hỏng.', answer: 'Đã thay.' });
  assert.equal(named.status, 422);
  assert.equal(named.data.error.code, 'personal_data');
  assert.equal(named.data.error.field, 'question');
  const p = await act(fb.id, {
    action: 'publish', title: 'Đèn đường hỏng ở đường Trần Phú',
    question: 'Một công dân phản ánh đèn đường trước số 12 Trần Phú hỏng, liên hệ 0905 111 222.',
    answer: 'Đèn đã được thay ngày 03/03/2026. Mọi thắc mắc gửi ' + EMAIL,
  });
  assert.equal(p.status, 200, JSON.stringify(p.data));
  assert.ok(!p.data.publication.question.includes('0905'));
  assert.ok(p.data.publication.question.includes('***'));
  assert.ok(!p.data.publication.answer.includes(EMAIL));
  pubId = p.data.publication.id;
  const reg = await pub('GET', '/api/v1/public/answers?q=' + encodeURIComponent('đèn đường'));
  assert.equal(reg.status, 200);
  assert.ok(reg.data.items.some((x) => x.id === pubId));
  const none = await pub('GET', '/api/v1/public/answers?q=khongcochu');
  assert.equal(none.data.total, 0);
  const one = await pub('GET', '/api/v1/public/answers/' + pubId);
  assert.equal(one.status, 200);
  assert.equal(one.data.title, 'Đèn đường hỏng ở đường Trần Phú');
  // an unpublished petition is not in the register
  assert.equal((await pub('GET', '/api/v1/public/answers/' + den.id)).status, 404);
});

test('the citizen rates the answer once, by the code', async () => {
  const t = await pub('GET', '/api/v1/public/petitions/' + fb.code);
  assert.equal(t.data.status, 'answered');
  assert.equal(t.data.answered_at, '2026-03-03T09:00:00+07:00');
  assert.equal(t.data.answer, undefined); // the letter goes by mail: it may name the citizen
  assert.equal(t.data.published_id, pubId);
  const s = await pub('POST', `/api/v1/public/petitions/${fb.code}/satisfaction`, { satisfied: false });
  assert.equal(s.status, 200);
  assert.equal(s.data.satisfaction, 'not_satisfied');
  assert.equal((await pub('POST', `/api/v1/public/petitions/${fb.code}/satisfaction`, { satisfied: true })).status, 409);
  assert.equal((await pub('POST', `/api/v1/public/petitions/${den.code}/satisfaction`, { satisfied: true })).status, 409);
});

test('a comment is held for moderation, then shown without its e-mail', async () => {
  const bad = await pub('POST', `/api/v1/public/answers/${pubId}/comments`, { name: 'Phạm Bình Luận', email: '', content: 'Cảm ơn.' });
  assert.equal(bad.status, 422);
  assert.equal(bad.data.error.field, 'email');
  const c = await pub('POST', `/api/v1/public/answers/${pubId}/comments`, { name: 'Phạm Bình Luận', email: 'binh.luan@example.vn', content: 'Cảm ơn phường đã xử lý nhanh.' });
  assert.equal(c.status, 202, JSON.stringify(c.data));
  assert.equal(c.data.status, 'pending');
  let one = await pub('GET', '/api/v1/public/answers/' + pubId);
  assert.equal(one.data.comments.length, 0);
  const q = await staff('GET', '/api/v1/petitions/comments');
  assert.equal(q.status, 200);
  assert.ok(q.data.items.some((x) => x.id === c.data.id));
  assert.ok(!JSON.stringify(q.data).includes('binh.luan@example.vn'));
  assert.equal((await staff('GET', '/api/v1/petitions/comments', undefined, 'hoiandong.tiepnhan')).data.items.length, 0);
  const m = await staff('POST', `/api/v1/petitions/comments/${c.data.id}/actions`, { action: 'approve' });
  assert.equal(m.status, 200);
  assert.equal((await staff('POST', `/api/v1/petitions/comments/${c.data.id}/actions`, { action: 'reject' })).status, 409);
  one = await pub('GET', '/api/v1/public/answers/' + pubId);
  assert.deepEqual(one.data.comments.map((x) => [x.name, x.content]), [['Phạm Bình Luận', 'Cảm ơn phường đã xử lý nhanh.']]);
  assert.ok(!JSON.stringify(one.data).includes('binh.luan'));
});

test('a repeated petition re-opens the answered one', async () => {
  const r = await act(fb.id, { action: 'reopen', reason: 'Công dân phản ánh lại: đèn lại hỏng.' });
  assert.equal(r.status, 200, JSON.stringify(r.data));
  assert.equal(r.data.status, 'accepted');
  assert.equal(r.data.reopened, 1);
  const h = r.data.history.map((e) => e.action);
  assert.deepEqual(h, ['petition.create', 'petition.answer', 'petition.publish', 'petition.satisfaction', 'petition.comment', 'petition.comment_approve', 'petition.reopen']);
});

test('the petitioner\'s e-mail, name and phone appear in no public answer', async () => {
  const all = publicTexts.join('\n');
  for (const secret of [EMAIL, 'Góp Ý', '0905111222', 'to.giac@example.vn', 'Tố Giác', 'khieu@example.vn', 'binh.luan@example.vn']) assert.ok(!all.includes(secret), secret);
});

test('roles: reception may not read a denouncer; a citizen may not call the staff API', async () => {
  assert.equal((await staff('POST', `/api/v1/petitions/${den.id}/identity`)).status, 403);
  assert.equal((await srv.json('GET', '/api/v1/petitions')).status, 401);
});

test("the petitioners' personal data never reaches the server log", async () => {
  const log = srv.stderr;
  assert.ok(log.includes('/api/v1/public/feedback'), 'the requests are logged');
  for (const s of [EMAIL, 'Góp Ý', '0905111222', '0905 111 222', 'Tố Giác', '048185001234', 'khieu@example.vn', 'binh.luan@example.vn', 'Bình Luận']) assert.ok(!log.includes(s), `the log holds ${s}`);
});

// last: it uses up this address's quota
test('the form and the comments share a quota per address: past it, 429 with Retry-After, and nothing recorded', async () => {
  const before = (await staff('GET', '/api/v1/petitions?status=all&limit=200')).data.total;
  let ok = 0;
  let refused;
  for (let i = 0; i < 25 && !refused; i++) {
    const r = await srv.fetch('/api/v1/public/feedback', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ ...FEEDBACK, content: 'Thư thứ ' + i }) });
    if (r.status === 201) ok++;
    else if (r.status === 429) refused = r;
    else assert.fail(`unexpected ${r.status}`);
  }
  assert.ok(refused, 'refused at last');
  assert.ok(ok >= 1 && ok <= 20, `${ok} accepted`);
  assert.ok(Number(refused.headers.get('retry-after')) > 0);
  assert.equal((await refused.json()).error.code, 'too_many_submissions');
  const after = (await staff('GET', '/api/v1/petitions?status=all&limit=200')).data.total;
  assert.equal(after - before, ok);
});
