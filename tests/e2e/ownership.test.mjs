// Who may act on a dossier (issue 8, points 1-4): every action × an officer
// of the unit where it belongs, of another unit and of no unit; no step is
// skipped on the way to the result; a forward names an officer of the next
// step's unit; the public page shows no personal data typed by staff.
//
// The demo's procedure 1.004873 runs TNTKQ (counter) → VP (civil status) →
// LD (the leader signs) → TNTKQ (return). Two extra accounts hold every
// dossier role: `khac` in the Economy unit (KT) — another unit for every
// step — and `vodonvi` in no unit at all.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, freshDb, cli } from '../lib/server.mjs';

let srv;
const users = {};
const ALL_ROLES = ['--role', 'reception', '--role', 'specialist', '--role', 'head', '--role', 'leader'];

before(async () => {
  const { db } = await freshDb();
  for (const [username, unit] of [['khac', ['--unit', 'KT']], ['vodonvi', []]]) {
    const r = await cli(['user', 'add', '--db', db, '--username', username, '--full-name', 'Cán bộ thử ' + username, ...ALL_ROLES, ...unit], {
      input: 'mat-khau-thu-nghiem\n',
    });
    assert.equal(r.code, 0, r.stderr);
  }
  srv = await startServer({ db, env: { MOTCUA_TEST_CLOCK: '1' } });
  for (const u of ['tiepnhan1', 'hotich1', 'truongvp', 'diachinh1', 'chutich', 'phochutich', 'admin']) users[u] = await srv.login(u);
  for (const u of ['khac', 'vodonvi']) users[u] = await srv.login(u, 'mat-khau-thu-nghiem');
});
after(async () => {
  await srv.stop();
});

const PERSON = {
  kind: 'person',
  name: 'Trần Thị Kiều Oanh',
  id_number: '048185002345',
  phone: '0935 222 333',
  email: 'oanh.tran@example.com',
  address: '5 Nguyễn Huệ, phường Hội An, Đà Nẵng',
};

const setNow = (iso) => srv.json('PUT', '/api/v1/_test/now', { now: iso });
const act = (code, body, who) => srv.json('POST', `/api/v1/dossiers/${code}/actions`, body, users[who]);
const get = (code, who = 'tiepnhan1') => srv.json('GET', '/api/v1/dossiers/' + code, undefined, users[who]);

async function mandatoryDocs(procedure) {
  const p = await srv.json('GET', '/api/v1/procedures/' + procedure);
  return p.data.documents.filter((d) => d.mandatory).map((d) => ({ id: d.id, form: d.form, count: 1, name: d.name }));
}

async function intake(procedure = '1.004873') {
  const documents = (await mandatoryDocs(procedure)).map(({ id, form, count }) => ({ id, form, count }));
  const r = await srv.json('POST', '/api/v1/dossiers', { procedure, applicant: PERSON, channel: 'counter', return_method: 'counter', documents }, users.tiepnhan1);
  assert.equal(r.status, 201, JSON.stringify(r.data));
  return r.data.code;
}

async function submitOnline() {
  const documents = (await mandatoryDocs('1.004873')).map(({ id }) => ({ id }));
  const r = await srv.json('POST', '/api/v1/public/submissions', { procedure: '1.004873', applicant: PERSON, documents });
  assert.equal(r.status, 201, JSON.stringify(r.data));
  return r.data.code;
}

const ok = async (code, body, who) => {
  const r = await act(code, body, who);
  assert.equal(r.status, 200, `${who} ${body.action}: ${JSON.stringify(r.data)}`);
  return r.data;
};

// A dossier in the state an action needs, and where it sits.
const SETUPS = {
  async submitted() {
    return submitOnline();
  },
  async atCounter() {
    return intake(); // received, step 1 (TNTKQ)
  },
  async atVP() {
    const code = await intake();
    await ok(code, { action: 'forward' }, 'tiepnhan1');
    return code; // processing, step 2 (VP)
  },
  async atLeader() {
    const code = await SETUPS.atVP();
    await ok(code, { action: 'forward', to: 'chutich' }, 'hotich1');
    return code; // processing, step 3 (LD)
  },
  async waitingAtVP() {
    const code = await SETUPS.atVP();
    await ok(code, { action: 'request_supplement', reason: 'Thiếu giấy tờ', items: ['Bản sao giấy khai sinh'] }, 'hotich1');
    return code; // supplement_requested, asked at step 2 (VP)
  },
  async resultReady() {
    const code = await SETUPS.atLeader();
    await ok(code, { action: 'complete', result: { summary: 'Đã cấp giấy xác nhận' } }, 'chutich');
    return code; // result_ready, step 4 (TNTKQ)
  },
};

const NEW_DUE = '2026-03-20T09:00:00+07:00';
// action, body, setup, the officer of the unit where it belongs, and officers
// of another unit holding a role the action allows, or for apologize officers
// without the leader role (they must get 403)
const MATRIX = [
  ['accept', {}, 'submitted', 'tiepnhan1', ['khac']],
  ['refuse', { reason: 'Không thuộc thẩm quyền' }, 'submitted', 'tiepnhan1', ['khac', 'chutich', 'diachinh1']],
  ['request_supplement', { reason: 'Thiếu', items: ['Tờ khai'] }, 'submitted', 'tiepnhan1', ['khac', 'diachinh1']],
  ['forward', {}, 'atCounter', 'tiepnhan1', ['khac', 'hotich1', 'chutich']],
  // once received, refusing is the competent body's: a leader for the People's Committee (any
  // step), the head of the unit at work; the counter officer and specialists are not competent
  ['refuse', { reason: 'Hồ sơ không hợp lệ theo quy định' }, 'atCounter', 'chutich', ['tiepnhan1', 'diachinh1', 'hotich1', 'truongvp']],
  ['request_supplement', { reason: 'Thiếu', items: ['Tờ khai'] }, 'atCounter', 'tiepnhan1', ['khac', 'diachinh1', 'hotich1']],
  ['withdraw', { reason: 'Công dân có đơn xin rút hồ sơ' }, 'atCounter', 'tiepnhan1', ['khac']],
  // the apology (Mẫu 04) is the People's Committee leader's at whatever step: others are not competent
  ['apologize', { reason: 'Chậm xác minh', new_due_at: NEW_DUE }, 'atCounter', 'chutich', ['tiepnhan1', 'hotich1', 'diachinh1']],
  ['forward', {}, 'atVP', 'hotich1', ['khac', 'tiepnhan1', 'diachinh1', 'chutich']],
  ['send_back', { reason: 'Kiểm tra lại' }, 'atVP', 'truongvp', ['khac', 'diachinh1', 'chutich']],
  ['request_supplement', { reason: 'Thiếu', items: ['Tờ khai'] }, 'atVP', 'hotich1', ['khac', 'tiepnhan1', 'diachinh1']],
  ['refuse', { reason: 'Không đủ điều kiện theo quy định' }, 'atVP', 'truongvp', ['hotich1', 'tiepnhan1', 'diachinh1']],
  ['refuse', { reason: 'Không đủ điều kiện theo quy định' }, 'atVP', 'phochutich', ['hotich1', 'tiepnhan1']],
  ['apologize', { reason: 'Chậm xác minh', new_due_at: NEW_DUE }, 'atVP', 'phochutich', ['hotich1', 'truongvp', 'tiepnhan1']],
  ['withdraw', { reason: 'Công dân có đơn xin rút hồ sơ' }, 'atVP', 'tiepnhan1', ['khac']],
  ['supplement', { note: 'Đã nộp bổ sung' }, 'waitingAtVP', 'hotich1', ['khac', 'diachinh1']],
  ['supplement', { note: 'Nhận tại quầy' }, 'waitingAtVP', 'tiepnhan1', ['khac']],
  ['complete', { result: { summary: 'Đã cấp' } }, 'atLeader', 'chutich', ['khac', 'hotich1', 'tiepnhan1']],
  ['send_back', { reason: 'Xem lại' }, 'atLeader', 'chutich', ['khac', 'truongvp']],
  ['return', { receiver_name: 'Trần Thị Kiều Oanh', method: 'counter' }, 'resultReady', 'tiepnhan1', ['khac']],
];

for (const [action, body, setup, right, others] of MATRIX) {
  test(`${action} at ${setup}: ${right} may; ${others.join(', ')} and an officer of no unit may not`, async () => {
    await setNow('2026-03-02T09:00:00+07:00');
    const code = await SETUPS[setup]();
    const before = await get(code);
    for (const who of [...others, 'vodonvi']) {
      const r = await act(code, { action, ...body }, who);
      assert.equal(r.status, 403, `${who} ${action} at ${setup}: ${r.status} ${JSON.stringify(r.data)}`);
      assert.ok(['not_your_step', 'forbidden', 'not_competent'].includes(r.data.error.code), r.data.error.code);
      if (action === 'apologize' && who !== 'vodonvi') assert.equal(r.data.error.code, 'not_competent');
      if (action === 'refuse' && setup !== 'submitted' && ['tiepnhan1', 'hotich1', 'diachinh1'].includes(who)) {
        assert.equal(r.data.error.code, 'not_competent');
      }
      assert.ok(r.data.error.message.length > 10);
      // what they see agrees with what they may do
      const view = await get(code, who);
      if (view.status === 200) assert.ok(!view.data.allowed_actions.includes(action), `${who} is offered ${action}`);
    }
    const still = await get(code);
    assert.equal(still.data.version, before.data.version, 'a refused action changed the dossier');
    assert.equal(still.data.status, before.data.status);
    const mine = await get(code, right);
    assert.ok(mine.data.allowed_actions.includes(action), `${right} is not offered ${action}`);
    const r = await act(code, { action, ...body }, right);
    assert.equal(r.status, 200, `${right} ${action} at ${setup}: ${JSON.stringify(r.data)}`);
    assert.equal(r.data.version, before.data.version + 1);
  });
}

test('the roles still come first: an administrator and a counter officer sending back get 403 forbidden', async () => {
  const code = await SETUPS.atVP();
  const a = await act(code, { action: 'forward' }, 'admin');
  assert.equal(a.status, 403);
  const r = await act(code, { action: 'send_back', reason: 'x' }, 'tiepnhan1');
  assert.equal(r.status, 403);
  assert.equal(r.data.error.code, 'forbidden');
});

test('no step is skipped: complete only at the signing step, forward stops there', async () => {
  await setNow('2026-03-02T09:00:00+07:00');
  const code = await intake();
  // the counter cannot issue the result and skip the unit and the leader
  let r = await act(code, { action: 'complete', result: { summary: 'x' } }, 'tiepnhan1');
  assert.equal(r.status, 409, JSON.stringify(r.data));
  assert.equal(r.data.error.code, 'not_last_step');
  assert.ok(!(await get(code)).data.allowed_actions.includes('complete'));
  await ok(code, { action: 'forward' }, 'tiepnhan1');
  r = await act(code, { action: 'complete', result: { summary: 'x' } }, 'hotich1');
  assert.equal(r.status, 409);
  assert.equal(r.data.error.code, 'not_last_step');
  await ok(code, { action: 'forward' }, 'hotich1'); // default officer of LD
  // at the leader's step the result is signed, not forwarded to the return step
  r = await act(code, { action: 'forward' }, 'chutich');
  assert.equal(r.status, 409);
  assert.equal(r.data.error.code, 'no_next_step');
  const done = await ok(code, { action: 'complete', result: { summary: 'Đã cấp' } }, 'chutich');
  assert.equal(done.status, 'result_ready');
  const outcomes = done.steps.map((s) => s.outcome);
  assert.ok(outcomes.slice(0, 3).every((o) => ['early', 'on_time'].includes(o)), JSON.stringify(outcomes));
  assert.equal(outcomes[3], null); // the return step is open
  assert.equal(done.current_step, 4);
});

test('a catalogue step marked may_complete issues the result early; the others are then skipped', async () => {
  const admin = users.admin;
  const p = await srv.json('GET', '/api/v1/procedures/1.004873');
  const doc = { ...p.data, steps: p.data.steps.map((s, i) => ({ name: s.name, unit: s.unit.code, share: s.share, may_complete: i === 1 })) };
  let r = await srv.json('PUT', '/api/v1/procedures/1.004873', doc, admin);
  assert.equal(r.status, 200, JSON.stringify(r.data));
  const again = await srv.json('GET', '/api/v1/procedures/1.004873');
  assert.deepEqual(again.data.steps.map((s) => s.may_complete), [false, true, false, false]);
  // the return step can never be marked
  const bad = { ...doc, version: again.data.version, steps: doc.steps.map((s, i) => ({ ...s, may_complete: i === 3 })) };
  r = await srv.json('PUT', '/api/v1/procedures/1.004873', bad, admin);
  assert.equal(r.status, 422);
  assert.equal(r.data.error.field, 'steps[3].may_complete');

  await setNow('2026-03-02T09:00:00+07:00');
  const code = await intake();
  await ok(code, { action: 'forward' }, 'tiepnhan1');
  const done = await ok(code, { action: 'complete', result: { summary: 'Đã cấp' } }, 'hotich1');
  assert.equal(done.status, 'result_ready');
  const outcomes = done.steps.map((s) => s.outcome);
  assert.ok(['early', 'on_time'].includes(outcomes[1]), JSON.stringify(outcomes));
  assert.equal(outcomes[2], 'skipped');
  assert.equal(outcomes[3], null);
  // a dossier taken in before the mark keeps its own control sheet: put it back
  r = await srv.json('PUT', '/api/v1/procedures/1.004873', { ...doc, version: again.data.version, steps: doc.steps.map((s) => ({ ...s, may_complete: false })) }, admin);
  assert.equal(r.status, 200, JSON.stringify(r.data));
  const before = await intake();
  await ok(before, { action: 'forward' }, 'tiepnhan1');
  r = await act(before, { action: 'complete', result: { summary: 'x' } }, 'hotich1');
  assert.equal(r.status, 409);
});

test('forward to a named officer: only an active officer of the next step\'s unit', async () => {
  const code = await intake();
  for (const to of ['diachinh1', 'tiepnhan1', 'chutich', 'vodonvi', 'khac', 'admin', 'nobody-here']) {
    const r = await act(code, { action: 'forward', to }, 'tiepnhan1');
    assert.equal(r.status, 422, `forward to ${to}: ${JSON.stringify(r.data)}`);
    assert.equal(r.data.error.field, 'to');
  }
  assert.equal((await get(code)).data.current_step, 1);
  const r = await ok(code, { action: 'forward', to: 'truongvp' }, 'tiepnhan1');
  assert.equal(r.current_step, 2);
  assert.equal(r.assignee.username, 'truongvp');
});

test('the public page shows supplement items without personal data typed by staff', async () => {
  await setNow('2026-03-02T09:00:00+07:00');
  const code = await intake();
  await ok(code, { action: 'forward' }, 'tiepnhan1');
  const docs = await mandatoryDocs('1.004873');
  // control characters are refused, naming the item
  let r = await act(code, { action: 'request_supplement', reason: 'Thiếu', items: ['Bản sao', 'xin\u0007chào'] }, 'hotich1');
  assert.equal(r.status, 422);
  assert.equal(r.data.error.field, 'items[1]');
  const typed = [
    docs[0].name,
    'Bản sao CCCD số 048185002345 của bà Trần Thị Kiều Oanh',
    'Liên hệ 0935.222.333 hoặc oanh.tran@example.com',
    'Giấy xa\u0301c nhận (NFD)', // typed with a combining accent
  ];
  r = await act(code, { action: 'request_supplement', reason: 'Cần bổ sung', items: typed }, 'hotich1');
  assert.equal(r.status, 200, JSON.stringify(r.data));
  // staff see what was typed (NFC)
  assert.equal(r.data.supplement.items[1], typed[1]);
  assert.equal(r.data.supplement.items[3], 'Giấy xác nhận (NFD)');
  const pub = await srv.json('GET', '/api/v1/public/dossiers/' + code);
  assert.equal(pub.status, 200);
  const items = pub.data.supplement.items;
  assert.equal(items[0], docs[0].name, 'a document of the procedure is shown as it is');
  assert.equal(items[1], 'Bản sao CCCD số *** của bà ***');
  assert.equal(items[2], 'Liên hệ *** hoặc ***');
  assert.equal(items[3], 'Giấy xác nhận (NFD)');
  const text = JSON.stringify(pub.data);
  for (const s of ['048185002345', '0935', 'oanh.tran', 'Kiều Oanh', 'Nguyễn Huệ']) assert.ok(!text.includes(s), `public page shows ${s}`);
});

test('the catalogue CSV carries may_complete and an import gives it back', async () => {
  const admin = users.admin;
  const p = await srv.json('GET', '/api/v1/procedures/1.004873');
  const steps = (mark) => p.data.steps.map((s, i) => ({ name: s.name, unit: s.unit.code, share: s.share, may_complete: mark && i === 1 }));
  const put = async (mark) => {
    const cur = await srv.json('GET', '/api/v1/procedures/1.004873');
    return srv.json('PUT', '/api/v1/procedures/1.004873', { ...cur.data, steps: steps(mark) }, admin);
  };
  let r = await put(true);
  assert.equal(r.status, 200, JSON.stringify(r.data));
  const csv = await (await srv.fetch('/api/v1/procedures/export', { headers: { Cookie: admin.cookie } })).text();
  const header = csv.replace(/^\uFEFF/, '').split('\r\n')[0].split(',');
  assert.ok(header.includes('may_complete'), header.join(','));
  r = await put(false);
  assert.equal(r.status, 200);
  const imp = await srv.fetch('/api/v1/procedures/import', { method: 'POST', headers: { Cookie: admin.cookie, 'X-CSRF-Token': admin.csrf, 'Content-Type': 'text/csv' }, body: csv });
  assert.equal(imp.status, 200, await imp.text());
  const back = await srv.json('GET', '/api/v1/procedures/1.004873');
  assert.deepEqual(back.data.steps.map((s) => s.may_complete), [false, true, false, false]);
  r = await put(false);
  assert.equal(r.status, 200);
});

test('the officer who asked for a supplement keeps the dossier when the papers come back', async () => {
  await setNow('2026-03-02T09:00:00+07:00');
  const code = await SETUPS.atVP();
  const before = (await get(code, 'hotich1')).data.assignee;
  assert.ok(before && before.username, 'the VP step has an officer');
  await ok(code, { action: 'request_supplement', reason: 'Thiếu giấy tờ', items: ['Bản sao giấy khai sinh'] }, 'hotich1');
  assert.equal((await get(code, 'hotich1')).data.assignee.username, before.username);
  const back = await ok(code, { action: 'supplement', note: 'Đã nộp' }, 'tiepnhan1');
  assert.equal(back.status, 'processing');
  assert.equal(back.assignee.username, before.username);
});
