// Officials who serve the people (issue 15, items 1, 2, 3, 5; docs/API.md
// "Officials: criteria, commitments, evaluation", DECISIONS D42): the
// agency's criteria are public only once a leader publishes them, then
// frozen (a reopening needs a reason, recorded); an official's commitment is
// approved or returned by the head of his unit; the evaluation moves
// self → head → leader → concluded and nothing changes after the conclusion
// but through a leader's recorded reopening; an official cannot read
// another's evaluation (403), a head only his unit's, the leaders all of
// the agency's; the supervision counts per unit.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, cli } from '../lib/server.mjs';

let srv;
const users = {};
const as = (who, method, path, body) => srv.json(method, path, body, users[who]);
const GROUPS = [
  {
    name: 'Thái độ với người dân',
    criteria: [
      { text: 'Lắng nghe, hướng dẫn tận tình, không gây phiền hà', weight: 2, measure: 'satisfied_rate' },
      { text: 'Không để người dân phải đi lại nhiều lần', weight: 1 },
    ],
  },
  {
    name: 'Trách nhiệm, chuyên cần',
    criteria: [{ text: 'Giải quyết hồ sơ đúng hạn, không để quá hạn vì mình', weight: 2, measure: 'on_time_rate' }],
  },
  { name: 'Liêm chính', criteria: [{ text: 'Không nhận quà, không đặt thêm điều kiện', weight: 1 }] },
];

before(async () => {
  srv = await startServer({ env: { MOTCUA_TEST_CLOCK: '1' } });
  for (const u of ['admin', 'tiepnhan1', 'tiepnhan2', 'hotich1', 'congan1', 'truongvp', 'truongca', 'chutich', 'phochutich', 'hoiandong.chutich', 'tinh'])
    users[u] = await srv.login(u);
  await srv.json('PUT', '/api/v1/_test/now', { now: '2026-03-02T09:00:00+07:00' });
});
after(async () => {
  await srv.stop();
});

let set;
test('criteria: a draft is not public; leaders publish; then frozen, reopened only with a reason', async () => {
  let r = await srv.json('GET', '/api/v1/public/criteria?agency=HOIAN&year=2026');
  assert.equal(r.status, 404);
  assert.equal(r.data.error.code, 'criteria_not_published');
  r = await as('hotich1', 'PUT', '/api/v1/criteria/2026', { groups: GROUPS });
  assert.equal(r.status, 403, 'an official does not write the criteria');
  r = await as('chutich', 'PUT', '/api/v1/criteria/2026', { groups: [{ name: 'X', criteria: [{ text: 'Y', weight: 0 }] }] });
  assert.equal(r.status, 422);
  assert.equal(r.data.error.field, 'groups[0].criteria[0].weight');
  r = await as('chutich', 'PUT', '/api/v1/criteria/2026', { groups: [{ name: 'X', criteria: [{ text: 'Y', weight: 1, measure: 'nope' }] }] });
  assert.equal(r.status, 422);
  assert.equal(r.data.error.field, 'groups[0].criteria[0].measure');
  r = await as('admin', 'PUT', '/api/v1/criteria/2026', { scale_max: 10, groups: GROUPS });
  assert.equal(r.status, 201, JSON.stringify(r.data));
  assert.equal(r.data.state, 'draft');
  assert.deepEqual(r.data.groups.flatMap((g) => g.criteria.map((c) => c.id)), [1, 2, 3, 4]);
  r = await as('chutich', 'PUT', '/api/v1/criteria/2026', { scale_max: 10, groups: r.data.groups });
  assert.equal(r.status, 200, 'a draft is replaced (the criteria keep their ids)');
  assert.deepEqual(r.data.groups.flatMap((g) => g.criteria.map((c) => c.id)), [1, 2, 3, 4]);
  set = r.data;
  r = await srv.json('GET', '/api/v1/public/criteria?agency=HOIAN&year=2026');
  assert.equal(r.status, 404, 'still a draft');
  r = await as('hotich1', 'POST', '/api/v1/commitments', { year: 2026, items: [{ criterion: 1, text: 'x' }] });
  assert.equal(r.status, 409, 'no commitment before publication');
  assert.equal(r.data.error.code, 'criteria_not_published');
  r = await as('admin', 'POST', `/api/v1/criteria/${set.id}/actions`, { action: 'publish' });
  assert.equal(r.status, 403, 'only leaders publish');
  r = await as('chutich', 'POST', `/api/v1/criteria/${set.id}/actions`, { action: 'publish' });
  assert.equal(r.status, 200, JSON.stringify(r.data));
  assert.equal(r.data.state, 'published');
  r = await srv.json('GET', '/api/v1/public/criteria?agency=HOIAN&year=2026');
  assert.equal(r.status, 200);
  assert.equal(r.data.agency, 'HOIAN');
  assert.equal(r.data.year, 2026);
  assert.ok(r.data.published_at);
  assert.equal(r.data.groups.length, 3);
  assert.deepEqual(r.data.groups[0].criteria[0], { id: 1, text: GROUPS[0].criteria[0].text, weight: 2 });
  r = await srv.json('GET', '/api/v1/public/criteria?agency=HOIANDONG&year=2026');
  assert.equal(r.status, 404, 'another agency has published nothing');
  r = await as('chutich', 'PUT', '/api/v1/criteria/2026', { groups: GROUPS });
  assert.equal(r.status, 409);
  assert.equal(r.data.error.code, 'criteria_published');
  r = await as('chutich', 'POST', `/api/v1/criteria/${set.id}/actions`, { action: 'reopen' });
  assert.equal(r.status, 422);
  assert.equal(r.data.error.field, 'reason');
  r = await as('chutich', 'POST', `/api/v1/criteria/${set.id}/actions`, { action: 'reopen', reason: 'Bổ sung tiêu chí về chuyển đổi số' });
  assert.equal(r.status, 200);
  assert.equal(r.data.state, 'draft');
  const ev = r.data.events.at(-1);
  assert.equal(ev.action, 'reopen');
  assert.equal(ev.comment, 'Bổ sung tiêu chí về chuyển đổi số');
  assert.equal(ev.actor.username, 'chutich');
  r = await as('chutich', 'POST', `/api/v1/criteria/${set.id}/actions`, { action: 'publish' });
  assert.equal(r.data.version, 2);
  // copying the year into the next: a draft with the same criteria
  r = await as('chutich', 'PUT', '/api/v1/criteria/2027', { copy_from: 2026 });
  assert.equal(r.status, 201);
  assert.deepEqual(r.data.groups, set.groups);
  assert.equal(r.data.state, 'draft');
  r = await as('hotich1', 'GET', '/api/v1/criteria?year=2026');
  assert.equal(r.status, 200, 'every official reads his agency\'s set');
});

let commit;
test('commitments: registered, returned with a comment, approved by the head of the unit; history kept', async () => {
  let r = await as('hotich1', 'POST', '/api/v1/commitments', { year: 2026, items: [{ criterion: 99, text: 'x' }] });
  assert.equal(r.status, 422);
  assert.equal(r.data.error.field, 'items[0].criterion');
  r = await as('hotich1', 'POST', '/api/v1/commitments', { year: 2026, items: [{ criterion: 1, text: 'x' }], measures: [{ metric: 'on_time_rate', target: 150 }] });
  assert.equal(r.status, 422);
  assert.equal(r.data.error.field, 'measures[0].target');
  r = await as('hotich1', 'POST', '/api/v1/commitments', {
    year: 2026,
    items: [
      { criterion: 1, text: 'Hướng dẫn một lần, đầy đủ' },
      { criterion: 3, text: 'Không hồ sơ nào quá hạn vì tôi' },
    ],
    measures: [{ metric: 'late_steps', target: 0 }, { metric: 'satisfied_rate', target: 95 }],
  });
  assert.equal(r.status, 201, JSON.stringify(r.data));
  commit = r.data;
  assert.equal(commit.state, 'draft');
  assert.equal(commit.items[0].criterion_text, GROUPS[0].criteria[0].text);
  r = await as('hotich1', 'POST', `/api/v1/commitments/${commit.id}/actions`, { action: 'submit' });
  assert.equal(r.status, 200);
  assert.equal(r.data.state, 'submitted');
  r = await as('hotich1', 'POST', '/api/v1/commitments', { year: 2026, items: [{ criterion: 1, text: 'y' }] });
  assert.equal(r.status, 409, 'a submitted commitment is not edited');
  r = await as('hotich1', 'POST', `/api/v1/commitments/${commit.id}/actions`, { action: 'approve' });
  assert.equal(r.status, 403, 'nobody approves his own');
  r = await as('truongca', 'POST', `/api/v1/commitments/${commit.id}/actions`, { action: 'approve' });
  assert.equal(r.status, 404, 'a head of another unit does not see it');
  r = await as('congan1', 'GET', `/api/v1/commitments/${commit.id}`);
  assert.equal(r.status, 403);
  r = await as('truongvp', 'POST', `/api/v1/commitments/${commit.id}/actions`, { action: 'return' });
  assert.equal(r.status, 422, 'a return needs a comment');
  r = await as('truongvp', 'POST', `/api/v1/commitments/${commit.id}/actions`, { action: 'return', comment: 'Bổ sung cam kết về cải cách hành chính' });
  assert.equal(r.status, 200);
  assert.equal(r.data.state, 'returned');
  assert.equal(r.data.comment, 'Bổ sung cam kết về cải cách hành chính');
  r = await as('hotich1', 'POST', '/api/v1/commitments', {
    year: 2026,
    items: [
      { criterion: 1, text: 'Hướng dẫn một lần, đầy đủ' },
      { criterion: 3, text: 'Không hồ sơ nào quá hạn vì tôi' },
      { criterion: 4, text: 'Không nhận quà' },
    ],
    measures: [{ metric: 'late_steps', target: 0 }, { metric: 'satisfied_rate', target: 95 }],
  });
  assert.equal(r.status, 200);
  await as('hotich1', 'POST', `/api/v1/commitments/${commit.id}/actions`, { action: 'submit' });
  r = await as('truongvp', 'POST', `/api/v1/commitments/${commit.id}/actions`, { action: 'approve', comment: 'Đồng ý' });
  assert.equal(r.status, 200);
  assert.equal(r.data.state, 'approved');
  assert.deepEqual(
    r.data.events.map((e) => `${e.action}:${e.to}`),
    ['create:draft', 'submit:submitted', 'return:returned', 'edit:returned', 'submit:submitted', 'approve:approved'],
  );
  // the lists: own, the unit's, the agency's
  r = await as('truongvp', 'GET', '/api/v1/commitments?year=2026');
  assert.deepEqual(r.data.items.map((i) => i.official.username), ['hotich1']);
  r = await as('truongca', 'GET', '/api/v1/commitments?year=2026');
  assert.deepEqual(r.data.items, [], 'another unit\'s head sees none of it');
  r = await as('chutich', 'GET', '/api/v1/commitments?year=2026&state=approved');
  assert.equal(r.data.items.length, 1);
  r = await as('hoiandong.chutich', 'GET', '/api/v1/commitments?year=2026');
  assert.deepEqual(r.data.items, [], 'another agency\'s leader sees none');
  // a reception officer's unit has no head: the leaders approve
  r = await as('tiepnhan1', 'POST', '/api/v1/commitments', { year: 2026, items: [{ criterion: 2, text: 'Một lần là xong' }] });
  await as('tiepnhan1', 'POST', `/api/v1/commitments/${r.data.id}/actions`, { action: 'submit' });
  r = await as('phochutich', 'POST', `/api/v1/commitments/${r.data.id}/actions`, { action: 'approve' });
  assert.equal(r.status, 200, JSON.stringify(r.data));
});

let cycle, ev;
test('evaluation: self → head → leader → concluded; frozen; reopening recorded', async () => {
  let r = await as('truongvp', 'POST', '/api/v1/evaluations/cycles', { year: 2026, self_due: '2026-12-05', head_due: '2026-12-10', leader_due: '2026-12-20' });
  assert.equal(r.status, 403, 'leaders open a cycle');
  r = await as('chutich', 'POST', '/api/v1/evaluations/cycles', { year: 2026, self_due: '2026-12-15', head_due: '2026-12-10', leader_due: '2026-12-20' });
  assert.equal(r.status, 422);
  assert.equal(r.data.error.field, 'head_due');
  r = await as('chutich', 'POST', '/api/v1/evaluations/cycles', { year: 2026, self_due: '2026-12-05', head_due: '2026-12-10', leader_due: '2026-12-20' });
  assert.equal(r.status, 201, JSON.stringify(r.data));
  cycle = r.data;
  assert.equal(cycle.kind, 'yearly');
  assert.ok(cycle.evaluations >= 14, 'every official of the agency');
  r = await as('chutich', 'POST', '/api/v1/evaluations/cycles', { year: 2026, self_due: '2026-12-05', head_due: '2026-12-10', leader_due: '2026-12-20' });
  assert.equal(r.status, 409);

  r = await as('hotich1', 'GET', '/api/v1/evaluations/2026/hotich1');
  assert.equal(r.status, 200, JSON.stringify(r.data));
  ev = r.data;
  assert.equal(ev.state, 'self');
  assert.ok('measured' in ev);
  assert.equal(ev.criteria.length, 4);
  assert.equal(ev.criteria[0].measure, 'satisfied_rate');
  assert.ok('measured' in ev.criteria[0]);
  assert.equal(ev.commitment.state, 'approved');
  assert.deepEqual(ev.commitment.measures.map((m) => m.metric), ['late_steps', 'satisfied_rate']);
  assert.equal(ev.can.self, true);
  // permissions: another official 403; a head of another unit 403; his head, leaders 200
  assert.equal((await as('congan1', 'GET', '/api/v1/evaluations/2026/hotich1')).status, 403);
  assert.equal((await as('truongca', 'GET', '/api/v1/evaluations/2026/hotich1')).status, 403);
  assert.equal((await as('hoiandong.chutich', 'GET', '/api/v1/evaluations/2026/hotich1')).status, 403);
  assert.equal((await as('tinh', 'GET', '/api/v1/evaluations/2026/hotich1')).status, 403);
  assert.equal((await as('congan1', 'GET', '/api/v1/evaluations/2026/nobody')).status, 403);
  assert.equal((await as('truongvp', 'GET', '/api/v1/evaluations/2026/hotich1')).status, 200);
  assert.equal((await as('phochutich', 'GET', '/api/v1/evaluations/2026/hotich1')).status, 200);

  const scores = (n, key) => ev.criteria.map((c) => ({ criterion: c.id, score: n, [key]: `Minh chứng ${c.id}` }));
  r = await as('truongvp', 'POST', `/api/v1/evaluations/${ev.id}/actions`, { action: 'head_assess', items: scores(8, 'comment') });
  assert.equal(r.status, 409, 'the head waits for the self-assessment');
  r = await as('hotich1', 'POST', `/api/v1/evaluations/${ev.id}/actions`, { action: 'self_assess', items: [{ criterion: 1, score: 11 }] });
  assert.equal(r.status, 422);
  assert.equal(r.data.error.field, 'items[0].score');
  r = await as('hotich1', 'POST', `/api/v1/evaluations/${ev.id}/actions`, { action: 'self_assess', items: [{ criterion: 1, score: 9 }], submit: true });
  assert.equal(r.status, 422, 'every criterion scored before sending');
  r = await as('hotich1', 'POST', `/api/v1/evaluations/${ev.id}/actions`, { action: 'self_assess', items: [{ criterion: 1, score: 9, evidence: 'x' }] });
  assert.equal(r.status, 200, 'saved, still at the self stage');
  assert.equal(r.data.state, 'self');
  r = await as('hotich1', 'POST', `/api/v1/evaluations/${ev.id}/actions`, { action: 'self_assess', items: scores(9, 'evidence'), summary: 'Hoàn thành tốt', submit: true });
  assert.equal(r.status, 200);
  assert.equal(r.data.state, 'head');
  assert.equal(r.data.self_pct, 90);
  assert.equal(r.data.criteria[0].self.evidence, 'Minh chứng 1');
  r = await as('hotich1', 'POST', `/api/v1/evaluations/${ev.id}/actions`, { action: 'self_assess', items: scores(10, 'evidence') });
  assert.equal(r.status, 409, 'sent: no more changes by the official');
  r = await as('chutich', 'POST', `/api/v1/evaluations/${ev.id}/actions`, { action: 'head_assess', items: scores(8, 'comment') });
  assert.equal(r.status, 403, 'the unit has a head: the head assesses');
  r = await as('truongvp', 'POST', `/api/v1/evaluations/${ev.id}/actions`, { action: 'head_assess', items: scores(8, 'comment'), comment: 'Đạt' });
  assert.equal(r.status, 200);
  assert.equal(r.data.state, 'leader');
  assert.equal(r.data.head_pct, 80);
  r = await as('chutich', 'POST', `/api/v1/evaluations/${ev.id}/actions`, { action: 'conclude', rating: 'best' });
  assert.equal(r.status, 422);
  r = await as('truongvp', 'POST', `/api/v1/evaluations/${ev.id}/actions`, { action: 'conclude', rating: 'good' });
  assert.equal(r.status, 403, 'a head does not conclude');
  r = await as('chutich', 'POST', `/api/v1/evaluations/${ev.id}/actions`, { action: 'conclude' });
  assert.equal(r.status, 422);
  assert.equal(r.data.error.field, 'rating');
  r = await as('chutich', 'POST', `/api/v1/evaluations/${ev.id}/actions`, { action: 'conclude', rating: 'good', conclusion: 'Hoàn thành tốt nhiệm vụ' });
  assert.equal(r.status, 200);
  assert.equal(r.data.state, 'concluded');
  assert.equal(r.data.rating, 'good');
  // frozen
  for (const [who, body] of [
    ['hotich1', { action: 'self_assess', items: scores(10, 'evidence') }],
    ['truongvp', { action: 'head_assess', items: scores(10, 'comment') }],
    ['chutich', { action: 'conclude', rating: 'excellent' }],
  ]) {
    r = await as(who, 'POST', `/api/v1/evaluations/${ev.id}/actions`, body);
    assert.equal(r.status, 409, `${who} ${body.action}`);
    assert.equal(r.data.error.code, 'evaluation_concluded');
  }
  r = await as('truongvp', 'POST', `/api/v1/evaluations/${ev.id}/actions`, { action: 'reopen', reason: 'x' });
  assert.equal(r.status, 403, 'only leaders reopen');
  r = await as('chutich', 'POST', `/api/v1/evaluations/${ev.id}/actions`, { action: 'reopen' });
  assert.equal(r.status, 422);
  assert.equal(r.data.error.field, 'reason');
  r = await as('chutich', 'POST', `/api/v1/evaluations/${ev.id}/actions`, { action: 'reopen', reason: 'Có phản ánh mới được xác minh' });
  assert.equal(r.status, 200);
  assert.equal(r.data.state, 'leader');
  assert.equal(r.data.rating, null);
  assert.equal(r.data.reopened, 1);
  const last = r.data.events.at(-1);
  assert.deepEqual([last.action, last.from, last.to, last.comment, last.actor.username], ['reopen', 'concluded', 'leader', 'Có phản ánh mới được xác minh', 'chutich']);
  r = await as('chutich', 'POST', `/api/v1/evaluations/${ev.id}/actions`, { action: 'conclude', rating: 'completed', conclusion: 'Hoàn thành nhiệm vụ' });
  assert.equal(r.data.rating, 'completed');
  // the audit trail has every step
  r = await as('admin', 'GET', `/api/v1/audit?entity=appraisal&entity_id=${ev.id}`);
  if (r.status === 200) assert.ok(r.data.items.length >= 6);
});

test('lists, supervision, reminders', async () => {
  let r = await as('hotich1', 'GET', '/api/v1/evaluations?year=2026');
  assert.deepEqual(r.data.items.map((i) => i.official.username), ['hotich1'], 'an official lists only his own');
  r = await as('truongvp', 'GET', '/api/v1/evaluations?year=2026');
  assert.ok(r.data.items.every((i) => i.official.unit.name === 'Văn phòng Hội đồng nhân dân và Ủy ban nhân dân phường'));
  assert.ok(r.data.items.some((i) => i.official.username === 'hotich1'));
  r = await as('chutich', 'GET', '/api/v1/evaluations?year=2026');
  assert.ok(r.data.items.length >= 14);
  r = await as('truongvp', 'GET', '/api/v1/evaluations/supervision?year=2026');
  assert.equal(r.status, 403);
  r = await as('chutich', 'GET', '/api/v1/evaluations/supervision?year=2026');
  assert.equal(r.status, 200);
  const vp = r.data.units.find((u) => u.name.startsWith('Văn phòng'));
  assert.deepEqual(vp.commitments, { registered: 1, approved: 1 });
  assert.deepEqual(vp.evaluations, { self_assessed: 1, head_assessed: 1, concluded: 1 });
  assert.ok(Array.isArray(r.data.contradictions));
  r = await as('chutich', 'POST', `/api/v1/evaluations/cycles/${cycle.id}/remind`);
  assert.equal(r.status, 200, JSON.stringify(r.data));
  assert.ok(r.data.sent >= 1);
  // one mail per person who must act: congan1 (self-assessment pending), none to hotich1 (concluded)
  const box = JSON.parse((await cli(['outbox', '--db', srv.db, '--limit', '1000'])).stdout).messages.filter((m) => m.kind === 'officials.reminder');
  assert.equal(box.length, r.data.sent);
  const mine = box.filter((m) => m.to === 'congan1@hoian.danang.gov.vn');
  assert.equal(mine.length, 1);
  assert.match(mine[0].subject, /Nhắc việc: đánh giá cán bộ năm 2026/);
  assert.ok(!box.some((m) => m.to.startsWith('hotich1@')));
  const one = JSON.parse((await cli(['outbox', '--db', srv.db, '--id', String(mine[0].id)])).stdout);
  assert.match(one.messages[0].body, /Tự đánh giá của anh\/chị, hạn 2026-12-05/);
  // the same from the command line (a cron job): the home agency's cycle by year
  const sent = r.data.sent;
  let c = await cli(['remind', '--db', srv.db, '--year', '2026']);
  assert.equal(c.code, 0, c.stderr);
  assert.deepEqual(JSON.parse(c.stdout), { sent });
  c = await cli(['remind', '--db', srv.db, '--year', '2031']);
  assert.equal(c.code, 1);
  assert.match(c.stderr, /no such evaluation cycle/);
  r = await as('hoiandong.chutich', 'POST', `/api/v1/evaluations/cycles/${cycle.id}/remind`);
  assert.equal(r.status, 404, 'another agency\'s cycle');
  // a mid-year cycle beside the yearly one
  r = await as('chutich', 'POST', '/api/v1/evaluations/cycles', { year: 2026, kind: 'midyear', self_due: '2026-06-20', head_due: '2026-06-25', leader_due: '2026-06-30' });
  assert.equal(r.status, 201);
  r = await as('hotich1', 'GET', '/api/v1/evaluations/2026/hotich1?kind=midyear');
  assert.equal(r.status, 200);
  assert.equal(r.data.kind, 'midyear');
  assert.equal(r.data.state, 'self');
  r = await as('hotich1', 'GET', '/api/v1/evaluations/2026/hotich1');
  assert.equal(r.data.kind, 'yearly', 'the yearly one by default');
  r = await as('chutich', 'GET', '/api/v1/evaluations/cycles?year=2026');
  assert.deepEqual(r.data.items.map((c) => c.kind), ['yearly', 'midyear']);
  assert.equal(r.data.items[0].concluded, 1);
  assert.ok(r.data.items[0].reminded_at);
});
