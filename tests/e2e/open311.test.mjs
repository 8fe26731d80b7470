// Open311 GeoReport v2 over citizens' voice (issue 13 item 5, D37): discovery,
// services and their definitions, requests POSTed with an API key (a petition,
// channel online) and read back alone, in lists with the spec's filters and
// by token — every answer in JSON and in XML, checked against the spec's
// response shapes (tests/fixtures/open311/README.md), errors as the spec's
// error list with 400/403/404; API keys from the CLI (printed once) and from
// the administrators' API (issued, listed, revoked, audited); personal data in
// no Open311 answer at all.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, cli } from '../lib/server.mjs';
import * as S from '../fixtures/open311/shapes.mjs';

let srv;
const users = {};
const texts = []; // every Open311 body, to look for personal data
before(async () => {
  srv = await startServer({ env: { MOTCUA_TEST_CLOCK: '1' } });
  for (const u of ['admin', 'tiepnhan1']) users[u] = await srv.login(u);
  await srv.json('PUT', '/api/v1/_test/now', { now: '2026-03-02T09:00:00+07:00' });
});
after(async () => {
  await srv.stop();
});

async function get(path) {
  const r = await srv.fetch(path);
  const text = await r.text();
  texts.push(text);
  return { status: r.status, type: r.headers.get('content-type') || '', text, data: r.headers.get('content-type')?.includes('json') ? JSON.parse(text) : null };
}
async function post(path, fields) {
  const r = await srv.fetch(path, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(fields).toString() });
  const text = await r.text();
  texts.push(text);
  return { status: r.status, type: r.headers.get('content-type') || '', text, data: r.headers.get('content-type')?.includes('json') ? JSON.parse(text) : null };
}

const PERSON = { email: 'tran.thi.open@example.vn', first_name: 'Trần Thị', last_name: 'Mở', phone: '0905 333 444' };
let key;
let req1; // {service_request_id, token}

test('discovery and services, JSON and XML, in the spec shapes', async () => {
  const d = await get('/open311/discovery.json');
  assert.equal(d.status, 200);
  S.discovery(d.data);
  assert.ok(d.data.endpoints[0].url.endsWith('/open311/v2'));
  const dx = await get('/open311/discovery.xml');
  assert.equal(dx.status, 200);
  assert.match(dx.type, /xml/);
  const x = S.xml(dx.text);
  assert.equal(x.name, 'discovery');
  assert.equal(S.child(S.child(x, 'endpoints'), 'endpoint').name, 'endpoint');

  const s = await get('/open311/v2/services.json');
  assert.equal(s.status, 200);
  S.serviceList(s.data);
  const names = s.data.map((v) => v.service_name);
  assert.deepEqual(names, ['Phản ánh', 'Kiến nghị']);
  const sx = S.xml((await get('/open311/v2/services.xml')).text);
  assert.equal(sx.name, 'services');
  assert.equal(sx.children.length, 2);
  assert.equal(S.text(S.child(sx.children[0], 'service_code')), 'phan-anh');
  assert.equal(S.text(S.child(sx.children[0], 'metadata')), 'true');

  const def = await get('/open311/v2/services/phan-anh.json');
  assert.equal(def.status, 200);
  S.serviceDefinition(def.data);
  assert.deepEqual(def.data.attributes.map((a) => a.code), ['field', 'subject']);
  const defx = S.xml((await get('/open311/v2/services/kien-nghi.xml')).text);
  assert.equal(defx.name, 'service_definition');
  assert.equal(S.child(defx, 'attributes').children.length, 2);
  assert.equal(S.child(defx, 'attributes').children[0].name, 'attribute');

  // the jurisdiction: the province's or an agency's code, else 404
  assert.equal((await get('/open311/v2/services.json?jurisdiction_id=DNG')).status, 200);
  assert.equal((await get('/open311/v2/services.json?jurisdiction_id=HOIAN')).status, 200);
  const nj = await get('/open311/v2/services.json?jurisdiction_id=HANOI');
  assert.equal(nj.status, 404);
  S.errors(nj.data);
  assert.match(nj.data[0].description, /jurisdiction_id/);
  const nx = await get('/open311/v2/services.xml?jurisdiction_id=HANOI');
  assert.equal(nx.status, 404);
  const ex = S.xml(nx.text);
  assert.equal(ex.name, 'errors');
  assert.equal(S.text(S.child(ex.children[0], 'code')), '404');
  assert.equal((await get('/open311/v2/services/khong-co.json')).status, 404);
  assert.equal((await get('/open311/v2/services.txt')).status, 404);
});

test('api keys: the CLI prints a key once; POST without a valid key is 403', async () => {
  const r = await cli(['apikey', 'add', '--db', srv.db, '--name', 'FixMyStreet Hội An']);
  assert.equal(r.code, 0, r.stderr);
  key = r.stdout.trim();
  assert.match(key, /^[A-Za-z0-9_-]{43}$/);
  const l = await cli(['apikey', 'list', '--db', srv.db]);
  assert.equal(l.code, 0, l.stderr);
  assert.ok(!l.stdout.includes(key), 'the list never shows a key');
  assert.equal(JSON.parse(l.stdout).items[0].name, 'FixMyStreet Hội An');
  assert.equal((await cli(['apikey', 'add', '--db', srv.db])).code, 2);
  const long = await cli(['apikey', 'add', '--db', srv.db, '--name', 'a'.repeat(101)]);
  assert.equal(long.code, 1);
  assert.match(long.stderr, /at most 100/);

  const body = { service_code: 'phan-anh', address_string: '12 Trần Phú', description: 'Đèn đường hỏng.', ...PERSON };
  for (const k of [undefined, 'sai-khoa']) {
    const f = await post('/open311/v2/requests.json', k ? { ...body, api_key: k } : body);
    assert.equal(f.status, 403);
    S.errors(f.data);
    assert.match(f.data[0].description, /api_key/);
  }
  const fx = await post('/open311/v2/requests.xml', body);
  assert.equal(fx.status, 403);
  assert.equal(S.xml(fx.text).name, 'errors');
});

test('POST requests: a petition (channel online), errors name the field with 400', async () => {
  const base = { api_key: key, service_code: 'phan-anh', ...PERSON };
  const cases = [
    [{ ...base, description: 'x' }, 'address_string'], // no location
    [{ ...base, description: 'x', lat: '95', long: '108' }, 'lat'],
    [{ ...base, address_string: 'Trần Phú' }, 'description'], // the petition's text is required
    [{ ...base, address_string: 'Trần Phú', description: 'x', first_name: '', last_name: '' }, 'first_name'],
    [{ ...base, address_string: 'Trần Phú', description: 'x', email: 'khong-phai' }, 'email'],
    [{ ...base, address_string: 'Trần Phú', description: 'x', media_url: 'ftp://a/b.jpg' }, 'media_url'],
  ];
  for (const [f, field] of cases) {
    const r = await post('/open311/v2/requests.json', f);
    assert.equal(r.status, 400, `${field}: ${r.text}`);
    S.errors(r.data);
    assert.ok(r.data[0].description.includes(field), r.data[0].description);
  }
  const unknown = await post('/open311/v2/requests.json', { ...base, service_code: 'khong-co', address_string: 'x', description: 'x' });
  assert.equal(unknown.status, 404);

  const r = await post('/open311/v2/requests.json', {
    ...base, lat: '15.8801', long: '108.3380', address_string: '12 Trần Phú, Hội An', description: 'Đèn đường trước số 12 Trần Phú hỏng.',
    media_url: 'https://anh.example.vn/den.jpg', 'attribute[field]': 'Giao thông', 'attribute[subject]': 'Đèn đường hỏng',
  });
  assert.equal(r.status, 201, r.text);
  S.postResponse(r.data);
  req1 = r.data[0];
  assert.match(req1.service_request_id, /^[0-9]+$/);
  assert.match(req1.service_notice, /PA-[0-9A-Z]{4}-/);
  // the petition is there for the officers, with the identity
  const p = await srv.json('GET', '/api/v1/petitions/' + req1.service_request_id, undefined, users.tiepnhan1);
  assert.equal(p.status, 200);
  assert.equal(p.data.channel, 'online');
  assert.equal(p.data.type, 'reflection');
  assert.equal(p.data.field, 'Giao thông');

  const rx = await post('/open311/v2/requests.xml', { ...base, service_code: 'kien-nghi', address_string: 'Chợ Hội An', description: 'Đề nghị thêm chỗ để xe.' });
  assert.equal(rx.status, 201, rx.text);
  const x = S.xml(rx.text);
  assert.equal(x.name, 'service_requests');
  assert.equal(x.children[0].name, 'request');
  assert.match(S.text(S.child(x.children[0], 'service_request_id')), /^[0-9]+$/);
  assert.ok(S.text(S.child(x.children[0], 'token')).length > 20);
});

test('GET one request, tokens, lists with filters; answered → closed with the published answer', async () => {
  const one = await get(`/open311/v2/requests/${req1.service_request_id}.json`);
  assert.equal(one.status, 200);
  S.requests(one.data);
  const v = one.data[0];
  assert.equal(v.service_request_id, req1.service_request_id);
  assert.equal(v.status, 'open');
  assert.equal(v.service_code, 'phan-anh');
  assert.equal(v.address, '12 Trần Phú, Hội An');
  assert.equal(v.lat, 15.8801);
  assert.equal(v.long, 108.338);
  assert.equal(v.media_url, 'https://anh.example.vn/den.jpg');
  assert.equal(v.description, null, 'unpublished text is not public');
  assert.equal(v.agency_responsible, 'Ủy ban nhân dân phường Hội An');
  const onex = S.xml((await get(`/open311/v2/requests/${req1.service_request_id}.xml`)).text);
  assert.equal(onex.name, 'service_requests');
  assert.equal(S.text(S.child(onex.children[0], 'status')), 'open');
  assert.equal((await get('/open311/v2/requests/999999.json')).status, 404);
  assert.equal((await get('/open311/v2/requests/abc.xml')).status, 404);

  const t = await get(`/open311/v2/tokens/${req1.token}.json`);
  assert.equal(t.status, 200);
  assert.deepEqual(t.data, [{ service_request_id: req1.service_request_id, token: req1.token }]);
  const tx = S.xml((await get(`/open311/v2/tokens/${req1.token}.xml`)).text);
  assert.equal(S.text(S.child(tx.children[0], 'service_request_id')), req1.service_request_id);
  assert.equal((await get('/open311/v2/tokens/khong-co.json')).status, 404);

  const all = await get('/open311/v2/requests.json');
  assert.equal(all.status, 200);
  S.requests(all.data);
  assert.equal(all.data.length, 2);
  assert.deepEqual((await get('/open311/v2/requests.json?service_code=kien-nghi')).data.map((x) => x.service_code), ['kien-nghi']);
  assert.equal((await get(`/open311/v2/requests.json?service_request_id=${req1.service_request_id},999999`)).data.length, 1);
  assert.equal((await get('/open311/v2/requests.json?status=closed')).data.length, 0);
  assert.equal((await get('/open311/v2/requests.json?start_date=2026-03-03T00:00:00Z&end_date=2026-03-10')).data.length, 0);
  assert.equal((await get('/open311/v2/requests.json?start_date=2026-03-01&end_date=2026-03-02')).data.length, 2);
  assert.equal((await get('/open311/v2/requests.json?jurisdiction_id=HOIANDONG')).data.length, 0);
  assert.equal((await get('/open311/v2/requests.json?jurisdiction_id=DNG')).data.length, 2);
  for (const q of ['start_date=2026-01-01&end_date=2026-06-01', 'status=pending', 'start_date=hom-qua', 'service_request_id=a,b']) {
    const r = await get('/open311/v2/requests.json?' + q);
    assert.equal(r.status, 400, q);
    S.errors(r.data);
  }
  const lx = S.xml((await get('/open311/v2/requests.xml?status=open')).text);
  assert.equal(lx.name, 'service_requests');
  assert.equal(lx.children.length, 2);

  // answered and published: closed, the published answer as status_notes
  const id = req1.service_request_id;
  const act = (body) => srv.json('POST', `/api/v1/petitions/${id}/actions`, body, users.tiepnhan1);
  assert.equal((await act({ action: 'answer', text: 'Kính gửi bà Trần Thị Mở: đèn đã được thay.' })).status, 200);
  let c = (await get(`/open311/v2/requests/${id}.json`)).data[0];
  assert.equal(c.status, 'closed');
  assert.equal(c.status_notes, null, 'the written answer may name the citizen');
  assert.equal((await act({ action: 'publish', title: 'Đèn đường Trần Phú', question: 'Phản ánh đèn đường hỏng trước số 12 Trần Phú.', answer: 'Đã thay đèn ngày 03/03/2026.' })).status, 200);
  c = (await get(`/open311/v2/requests/${id}.json`)).data[0];
  S.requests([c]);
  assert.equal(c.status_notes, 'Đã thay đèn ngày 03/03/2026.');
  assert.equal(c.description, 'Phản ánh đèn đường hỏng trước số 12 Trần Phú.');
  assert.equal((await get('/open311/v2/requests.json?status=closed')).data.length, 1);
});

test('the administrators issue, list and revoke keys; a revoked key is refused; audited', async () => {
  const anon = await srv.json('POST', '/api/v1/open311/keys', { name: 'x' });
  assert.equal(anon.status, 401);
  assert.equal((await srv.json('POST', '/api/v1/open311/keys', { name: 'x' }, users.tiepnhan1)).status, 403);
  const bad = await srv.json('POST', '/api/v1/open311/keys', { name: '' }, users.admin);
  assert.equal(bad.status, 422);
  assert.equal(bad.data.error.field, 'name');
  const r = await srv.json('POST', '/api/v1/open311/keys', { name: 'Ứng dụng Đà Nẵng Smart City' }, users.admin);
  assert.equal(r.status, 201);
  assert.match(r.data.key, /^[A-Za-z0-9_-]{43}$/);
  const l = await srv.json('GET', '/api/v1/open311/keys', undefined, users.admin);
  assert.equal(l.status, 200);
  assert.ok(!JSON.stringify(l.data).includes(r.data.key), 'the key is shown once');
  const mine = l.data.items.find((k) => k.id === r.data.id);
  assert.equal(mine.name, 'Ứng dụng Đà Nẵng Smart City');
  const cliKey = l.data.items.find((k) => k.name === 'FixMyStreet Hội An');
  assert.equal(cliKey.uses, 2, 'each POST is counted');

  const ok = await post('/open311/v2/requests.json', { api_key: r.data.key, service_code: 'phan-anh', address_string: 'x', description: 'Thử khóa.', ...PERSON });
  assert.equal(ok.status, 201, ok.text);
  const rv = await srv.json('POST', `/api/v1/open311/keys/${r.data.id}/revoke`, undefined, users.admin);
  assert.equal(rv.status, 200);
  assert.ok(rv.data.revoked_at);
  assert.equal((await srv.json('POST', `/api/v1/open311/keys/${r.data.id}/revoke`, undefined, users.admin)).status, 409);
  const refused = await post('/open311/v2/requests.json', { api_key: r.data.key, service_code: 'phan-anh', address_string: 'x', description: 'Thử khóa.', ...PERSON });
  assert.equal(refused.status, 403);

  const a = await cli(['audit', '--db', srv.db]);
  assert.equal(a.code, 0, a.stderr);
  for (const action of ['open311.key_add', 'open311.key_revoke', 'open311.request']) assert.ok(a.stdout.includes(action), action);
  assert.ok(!a.stdout.includes(PERSON.email));
});

test('no personal data in any Open311 answer', () => {
  const all = texts.join('\n');
  for (const s of [PERSON.email, PERSON.first_name, PERSON.last_name, '0905 333 444', '0905333444', 'Trần Thị Mở']) assert.ok(!all.includes(s), s);
});
