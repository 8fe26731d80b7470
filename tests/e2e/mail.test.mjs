// E-mail notifications: the outbox and the background SMTP sender, against a
// real SMTP server (tests/lib/smtp-sink.mjs). A queued message arrives as a
// well-formed UTF-8 mail and is marked sent; a temporary failure is retried,
// a permanent one is not; an unreachable server leaves mail queued while the
// HTTP server keeps answering; SIGTERM while the SMTP server hangs still
// exits promptly; without --smtp-url nothing is sent and nothing is lost.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import { startServer, cli } from '../lib/server.mjs';
import { startSmtpSink, parseMessage } from '../lib/smtp-sink.mjs';

const FROM = 'tiepnhan@hoian.danang.gov.vn';
// the test message of `motcua outbox --send-test` (src/app/cli/cli_outbox.c)
const SUBJECT = '[motcua] Thư thử: cấu hình gửi thư';
const BODY =
  'Đây là thư thử do lệnh `motcua outbox --send-test` xếp vào hàng đợi.\n' +
  'Nếu Ông/Bà nhận được thư này, máy chủ đã gửi thư đúng cách.\n\n' +
  'This is a test message queued by `motcua outbox --send-test`.\n';
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// --- the outbox, through `motcua outbox` (the server keeps running) ------

const secs = (iso) => (iso === null ? null : Date.parse(iso) / 1000);

/**
 * Puts the operator's test message in the outbox (`motcua outbox
 * --send-test`) and returns its id. Real mail comes from the services (see
 * the intake test at the end).
 */
async function queueMail(srv, { to }) {
  const r = await cli(['outbox', '--db', srv.db, '--send-test', to]);
  assert.equal(r.code, 0, r.stderr);
  return JSON.parse(r.stdout).queued;
}

/** One message of the outbox as `motcua outbox --id` shows it; instants in Unix seconds. */
async function row(srv, id) {
  const r = await cli(['outbox', '--db', srv.db, '--id', String(id)]);
  assert.equal(r.code, 0, r.stderr);
  const m = JSON.parse(r.stdout).messages[0];
  return { ...m, sent_at: secs(m.sent_at), failed_at: secs(m.failed_at), next_attempt_at: secs(m.next_attempt_at) };
}

async function waitRow(srv, id, pred, timeoutMs = 10000) {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const r = await row(srv, id);
    if (pred(r)) return r;
    if (Date.now() > end) throw new Error('outbox row never matched: ' + JSON.stringify(r));
    await sleep(100);
  }
}

async function freePort() {
  const s = net.createServer();
  await new Promise((r) => s.listen(0, '127.0.0.1', r));
  const { port } = s.address();
  await new Promise((r) => s.close(r));
  return port;
}

const mailArgs = (port, extra = []) => ['--smtp-url', `smtp://127.0.0.1:${port}`, '--mail-from', FROM, '--mail-poll', '1', ...extra];
const FAST = { MOTCUA_MAIL_BACKOFF_S: '1' };

function assertNoPersonalDataInLog(srv, ...values) {
  for (const v of values) assert.ok(!srv.stderr.includes(v), `the log contains "${v}"`);
}

// --- delivery, retry, refusal ----------------------------------------------

describe('with a working SMTP server', () => {
  let sink;
  let srv;
  before(async () => {
    sink = await startSmtpSink();
    srv = await startServer({ args: mailArgs(sink.port), env: FAST });
  });
  after(async () => {
    await srv?.stop();
    await sink?.stop();
  });

  test('a queued message arrives as a well-formed UTF-8 mail and is marked sent', async () => {
    const to = 'an.nguyen@example.vn';
    const id = await queueMail(srv, { to });
    const m = await sink.waitFor((x) => x.to.includes(to));
    assert.equal(m.from, FROM);
    assert.deepEqual(m.to, [to]);
    // the wire form: CRLF lines, ASCII only, none longer than 78
    assert.ok(m.data.endsWith('\r\n'));
    for (const line of m.data.slice(0, -2).split('\r\n')) {
      assert.ok(line.length <= 78, `long line: ${line}`);
      assert.match(line, /^[\x20-\x7e]*$/);
    }
    const p = parseMessage(m.data);
    assert.equal(p.headers.subject, SUBJECT);
    assert.match(p.raw.subject, /^=\?UTF-8\?B\?/);
    assert.match(p.headers.from, new RegExp(`<${FROM.replace(/\./g, '\\.')}>$`));
    assert.ok(p.headers.from.startsWith('Trung tâm Phục vụ hành chính công phường Hội An'), p.headers.from);
    assert.equal(p.headers.to, to);
    assert.match(p.headers.date, /^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{1,2} [A-Z][a-z]{2} \d{4} \d\d:\d\d:\d\d \+0700$/);
    assert.match(p.headers['message-id'], new RegExp(`^<outbox\\.${id}\\.\\d+@hoian\\.danang\\.gov\\.vn>$`));
    assert.equal(p.headers['mime-version'], '1.0');
    assert.equal(p.headers['content-type'], 'text/plain; charset=utf-8');
    assert.equal(p.headers['content-transfer-encoding'], 'base64');
    assert.equal(p.body, BODY.replace(/\n/g, '\r\n'));
    const r = await waitRow(srv, id, (x) => x.sent_at !== null);
    assert.equal(r.attempts, 1);
    assert.equal(r.failed_at, null);
    assert.equal(r.last_error, '');
    assert.ok(Math.abs(r.sent_at - Date.now() / 1000) < 30);
    assert.equal(r.status, 'sent');
    assert.equal(r.kind, 'test');
    assert.equal(r.to, to);
    assert.equal(r.body, BODY);
    assert.match(srv.stderr, new RegExp(`mail=sent id=${id} kind="test" attempts=1`));
    assertNoPersonalDataInLog(srv, to, 'an.nguyen', 'Thư thử', 'Ông/Bà');
  });

  test('a temporary failure (451) is retried with backoff and then delivered', async () => {
    const to = 'retry.451@example.vn';
    const rejected = sink.state.rejected;
    sink.failNext(1);
    const id = await queueMail(srv, { to });
    await waitRow(srv, id, (x) => x.attempts >= 1);
    await sink.waitFor((x) => x.to.includes(to), 15000);
    const r = await waitRow(srv, id, (x) => x.sent_at !== null);
    assert.equal(r.attempts, 2);
    assert.equal(sink.state.rejected, rejected + 1);
    assert.equal(sink.messages.filter((x) => x.to.includes(to)).length, 1);
    assert.match(srv.stderr, new RegExp(`mail=retry id=${id} kind="test" attempts=1 smtp=451`));
    assertNoPersonalDataInLog(srv, to);
  });

  test('a permanent refusal (550) marks the message failed, without retrying', async () => {
    const to = 'refused.550@example.vn';
    sink.failNext(1, 550);
    const id = await queueMail(srv, { to });
    const r = await waitRow(srv, id, (x) => x.failed_at !== null);
    assert.equal(r.attempts, 1);
    assert.equal(r.sent_at, null);
    assert.match(r.last_error, /^smtp 550: /);
    assert.ok(!r.last_error.includes(to));
    await sleep(2500); // several polls: nothing more happens
    assert.equal((await row(srv, id)).attempts, 1);
    assert.equal(sink.messages.filter((x) => x.to.includes(to)).length, 0);
  });
});

test('SMTP AUTH uses --smtp-user and the password from MOTCUA_SMTP_PASSWORD, never logged', async () => {
  const sink = await startSmtpSink({ auth: true });
  const password = 'mật-khẩu-smtp-7f3a';
  const srv = await startServer({
    args: mailArgs(sink.port, ['--smtp-user', 'motcua-mailer']),
    env: { ...FAST, MOTCUA_SMTP_PASSWORD: password },
  });
  try {
    const to = 'auth.user@example.vn';
    await queueMail(srv, { to });
    const m = await sink.waitFor((x) => x.to.includes(to));
    assert.deepEqual(m.auth, { user: 'motcua-mailer', pass: password });
    assert.ok(!srv.proc.spawnargs.join(' ').includes(password));
    assertNoPersonalDataInLog(srv, password, to);
    assert.match(srv.stderr, /mail=enabled tls=none auth=yes/);
  } finally {
    await srv.stop();
    await sink.stop();
  }
});

test('--smtp-starttls never sends in clear to a server without STARTTLS', async () => {
  const sink = await startSmtpSink(); // offers no STARTTLS
  const srv = await startServer({ args: mailArgs(sink.port, ['--smtp-starttls']), env: FAST });
  try {
    assert.match(srv.stderr, /mail=enabled tls=starttls/);
    const id = await queueMail(srv, { to: 'clear.text@example.vn' });
    const r = await waitRow(srv, id, (x) => x.attempts >= 1);
    assert.equal(r.sent_at, null);
    assert.match(r.last_error, /\(curl 64\)$/); // CURLE_USE_SSL_FAILED
    assert.equal(sink.messages.length, 0);
    assert.equal(sink.state.transactions, 0); // not even MAIL FROM
  } finally {
    await srv.stop();
    await sink.stop();
  }
});

test('an unreachable SMTP server leaves mail queued with its attempts counted; HTTP still answers', async () => {
  const port = await freePort(); // nothing listens there
  const srv = await startServer({ args: mailArgs(port), env: FAST });
  try {
    const id = await queueMail(srv, { to: 'nobody.home@example.vn' });
    const r = await waitRow(srv, id, (x) => x.attempts >= 2, 15000);
    assert.equal(r.sent_at, null);
    assert.equal(r.failed_at, null);
    assert.match(r.last_error, /^smtp 0: .*\(curl 7\)$/); // CURLE_COULDNT_CONNECT
    assert.ok(r.next_attempt_at >= Math.floor(Date.now() / 1000) - 1);
    const res = await srv.fetch('/healthz');
    assert.equal(res.status, 200);
    assert.match(srv.stderr, new RegExp(`mail=retry id=${id} `));
  } finally {
    await srv.stop();
  }
});

test('SIGTERM while the SMTP server hangs exits within a few seconds; the message stays queued', async () => {
  const sink = await startSmtpSink();
  sink.hang(true);
  const srv = await startServer({ args: mailArgs(sink.port), env: FAST });
  try {
    const id = await queueMail(srv, { to: 'hang.test@example.vn' });
    const end = Date.now() + 10000;
    while (sink.state.connections === 0 && Date.now() < end) await sleep(50);
    assert.ok(sink.state.connections > 0, 'the sender never connected');
    await sleep(300); // it is now waiting for a greeting that never comes
    const t0 = Date.now();
    const exited = new Promise((r) => srv.proc.on('exit', (code) => r(code)));
    srv.proc.kill('SIGTERM');
    const code = await exited;
    const took = Date.now() - t0;
    assert.equal(code, 0, srv.stderr);
    assert.ok(took < 6000, `shutdown took ${took} ms`);
    assert.match(srv.stderr, new RegExp(`mail=aborted id=${id} kind="test" reason=shutdown`));
    assert.match(srv.stderr, /server=stopped/);
    const r = await row(srv, id);
    assert.equal(r.sent_at, null);
    assert.equal(r.failed_at, null);
    assert.equal(r.attempts, 0); // an attempt cut short by shutdown does not count
    assert.equal(r.last_error, 'aborted at shutdown');
  } finally {
    await srv.stop();
    await sink.stop();
  }
});

test('without --smtp-url mail is disabled and the outbox keeps the messages', async () => {
  const srv = await startServer({ args: ['--mail-poll', '1'] });
  try {
    // stderr and stdout are two pipes: the log line may arrive after "serving"
    for (let i = 0; i < 100 && !/mail=disabled/.test(srv.stderr); i++) await sleep(20);
    assert.match(srv.stderr, /mail=disabled/);
    const id = await queueMail(srv, { to: 'kept@example.vn' });
    await sleep(1500);
    const r = await row(srv, id);
    assert.equal(r.sent_at, null);
    assert.equal(r.attempts, 0);
  } finally {
    await srv.stop();
  }
});

test('bad mail options are usage errors', async () => {
  const { cli } = await import('../lib/server.mjs');
  let r = await cli(['serve', '--smtp-url', 'smtp://127.0.0.1:1']);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /--mail-from/);
  r = await cli(['serve', '--mail-poll', '0']);
  assert.equal(r.code, 2);
  r = await cli(['serve', '--help']);
  assert.match(r.stdout, /--smtp-url URL/);
  assert.match(r.stdout, /MOTCUA_SMTP_PASSWORD/);
});

// --- the real source of mail: a dossier received at the counter ------------

test('a dossier received at the counter queues its receipt, which the sender delivers', async () => {
  const sink = await startSmtpSink();
  const srv = await startServer({ args: mailArgs(sink.port), env: FAST });
  try {
    const officer = await srv.login('tiepnhan1');
    const email = 'binh.nguyen@example.com';
    const procedure = '1.004873';
    const p = await srv.json('GET', '/api/v1/procedures/' + procedure);
    assert.equal(p.status, 200);
    const documents = p.data.documents.filter((d) => d.mandatory).map((d) => ({ id: d.id, form: d.form, count: 1 }));
    const applicant = { kind: 'person', name: 'Nguyễn Văn Bình', id_number: '048085001234', phone: '0905 123 456', email, address: '12 Trần Phú, phường Hội An' };
    const r = await srv.json('POST', '/api/v1/dossiers', { procedure, applicant, channel: 'counter', return_method: 'counter', documents }, officer);
    assert.equal(r.status, 201, JSON.stringify(r.data));
    const m = await sink.waitFor((x) => x.to.includes(email));
    const mail = parseMessage(m.data);
    // the paper it stands for by its title in Circular 03/2025/TT-VPCP (Mẫu 01)
    assert.equal(mail.headers.subject, `[Mã hồ sơ ${r.data.code}] Giấy tiếp nhận hồ sơ và hẹn trả kết quả`);
    const [, y, mo, d, hh, mi] = r.data.due_at.match(/^(\d{4})-(\d\d)-(\d\d)T(\d\d):(\d\d)/);
    assert.match(mail.body, /^Kính gửi Ông\/Bà Nguyễn Văn Bình,\r?\n/);
    assert.ok(mail.body.includes('đã tiếp nhận hồ sơ của Ông/Bà và hẹn trả kết quả (Giấy tiếp nhận hồ sơ và hẹn trả kết quả)'), mail.body);
    assert.doesNotMatch(mail.body, /(?<![\p{L}\p{M}])bạn(?![\p{L}\p{M}])/iu);
    assert.ok(mail.body.includes(`Hẹn trả kết quả: ${hh}:${mi} ${d}/${mo}/${y}`), mail.body);
    assert.ok(mail.body.includes(`/track/?code=${r.data.code}`), mail.body);
    // who to ask: the centre that received it, with its address and phone
    const centre = JSON.parse((await cli(['centre', '--db', srv.db])).stdout);
    assert.ok(mail.body.includes(`liên hệ ${centre.name}, địa chỉ: ${centre.address}, điện thoại: ${centre.phone}`), mail.body);
    for (const s of ['048085001234', '0905', 'Trần Phú']) assert.ok(!mail.body.includes(s), `mail contains ${s}`);
    assertNoPersonalDataInLog(srv, email, 'Nguyễn Văn Bình');
    // the operator sees it in the outbox, tied to the dossier
    const out = await cli(['outbox', '--db', srv.db]);
    assert.equal(out.code, 0, out.stderr);
    const queued = JSON.parse(out.stdout).messages.filter((x) => x.dossier_code === r.data.code);
    assert.equal(queued.length, 1);
    assert.equal(queued[0].kind, 'dossier.received');
    assert.equal(queued[0].to, email);
  } finally {
    await srv.stop();
    await sink.stop();
  }
});

// --- the other notices: each names its paper; an organisation is "Quý tổ chức"

test('supplement, refusal, apology and stop mails name their papers and address the applicant as the forms do', async () => {
  const sink = await startSmtpSink();
  const srv = await startServer({ args: mailArgs(sink.port), env: { ...FAST, MOTCUA_TEST_CLOCK: '1' } });
  try {
    await srv.json('PUT', '/api/v1/_test/now', { now: '2026-03-02T09:00:00+07:00' });
    const clerk = await srv.login('tiepnhan1');
    const leader = await srv.login('chutich');
    const p = await srv.json('GET', '/api/v1/procedures/1.004873');
    const documents = p.data.documents.filter((d) => d.mandatory).map((d) => ({ id: d.id, form: d.form, count: 1 }));
    const intake = async (applicant) => {
      const r = await srv.json('POST', '/api/v1/dossiers', { procedure: '1.004873', applicant, channel: 'counter', return_method: 'counter', documents }, clerk);
      assert.equal(r.status, 201, JSON.stringify(r.data));
      return r.data.code;
    };
    const act = async (code, body, who) => {
      const r = await srv.json('POST', `/api/v1/dossiers/${code}/actions`, body, who);
      assert.equal(r.status, 200, JSON.stringify(r.data));
    };
    const mailOf = async (code, title) => {
      const subject = `[Mã hồ sơ ${code}] ${title}`;
      const m = await sink.waitFor((x) => parseMessage(x.data).headers.subject === subject);
      return parseMessage(m.data).body;
    };
    const BAN = /(?<![\p{L}\p{M}])bạn(?![\p{L}\p{M}])/iu;

    // an organisation: its name, then "Quý tổ chức"; never "Ông/Bà"
    const org = await intake({ kind: 'organization', name: 'Trần Thị Hoa', org_name: 'Công ty TNHH Phố Hội', tax_code: '0100109106',
      phone: '0935111222', email: 'phohoi@example.com' });
    let body = await mailOf(org, 'Giấy tiếp nhận hồ sơ và hẹn trả kết quả');
    assert.ok(/^Kính gửi Công ty TNHH Phố Hội,\r?\n/.test(body), body);
    assert.ok(body.includes('đã tiếp nhận hồ sơ của Quý tổ chức'), body);
    assert.ok(!body.includes('Ông/Bà'), body);
    // received: refusing it is the leader's (the counter officer is not competent)
    await act(org, { action: 'refuse', reason: 'Hồ sơ không thuộc thẩm quyền giải quyết của Ủy ban nhân dân phường', legal_basis: 'Điều 18 Nghị định 118/2025/NĐ-CP' }, leader);
    body = await mailOf(org, 'Phiếu từ chối tiếp nhận giải quyết hồ sơ');
    assert.ok(body.includes('Căn cứ: Điều 18 Nghị định 118/2025/NĐ-CP'), body);
    assert.ok(/^Kính gửi Công ty TNHH Phố Hội,\r?\n/.test(body), body);
    assert.ok(body.includes('không đủ điều kiện tiếp nhận, giải quyết (Phiếu từ chối tiếp nhận giải quyết hồ sơ)'), body);
    assert.ok(body.includes('xin Quý tổ chức vui lòng liên hệ'), body);
    assert.ok(!BAN.test(body) && !body.includes('Ông/Bà'), body);

    // a person: "Ông/Bà <name>"
    const person = { kind: 'person', name: 'Lê Thị Thu', id_number: '048190001111', phone: '0905 222 333', email: 'thu.le@example.com',
      address: '7 Nguyễn Huệ, Hội An' };
    const a = await intake(person);
    await act(a, { action: 'request_supplement', reason: 'Thiếu bản sao giấy khai sinh của người con', items: ['Bản sao giấy khai sinh'] }, clerk);
    body = await mailOf(a, 'Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ');
    assert.ok(/^Kính gửi Ông\/Bà Lê Thị Thu,\r?\n/.test(body), body);
    assert.ok(body.includes('đề nghị Ông/Bà bổ sung, hoàn thiện hồ sơ sau (Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ)'), body);
    assert.ok(body.includes('1. Bản sao giấy khai sinh'), body);
    assert.ok(!BAN.test(body), body);

    const b = await intake(person);
    await act(b, { action: 'apologize', reason: 'Chậm xác minh thông tin với nơi cư trú trước đây', new_due_at: '2026-03-20T09:00:00+07:00' }, leader);
    body = await mailOf(b, 'Văn bản xin lỗi và đề nghị gia hạn thời gian giải quyết');
    assert.ok(/^Kính gửi Ông\/Bà Lê Thị Thu,\r?\n/.test(body), body);
    assert.ok(body.includes('thành thật xin lỗi Ông/Bà'), body);
    assert.ok(body.includes('xin hẹn lại thời gian trả kết quả: 09:00 20/03/2026.'), body);
    assert.ok(!BAN.test(body), body);
    // the stop at the citizen's request: Mẫu 05 by e-mail
    const c = await intake(person);
    await act(c, { action: 'withdraw', reason: 'Công dân có đơn xin rút hồ sơ để bổ sung giấy tờ' }, clerk);
    body = await mailOf(c, 'Thông báo dừng giải quyết hồ sơ');
    assert.ok(/^Kính gửi Ông\/Bà Lê Thị Thu,\r?\n/.test(body), body);
    assert.ok(body.includes('thông báo dừng giải quyết hồ sơ dưới đây theo yêu cầu của Ông/Bà'), body);
    assert.ok(body.includes('Lý do: Công dân có đơn xin rút hồ sơ để bổ sung giấy tờ'), body);
    assert.ok(!BAN.test(body), body);
    for (const s of ['048190001111', '0905 222 333', 'Nguyễn Huệ', '0100109106', '0935111222']) assert.ok(!sink.messages.some((m) => m.data.includes(s)), s);
    assertNoPersonalDataInLog(srv, 'thu.le@example.com', 'Lê Thị Thu', 'phohoi@example.com', 'Phố Hội');
  } finally {
    await srv.stop();
    await sink.stop();
  }
});
