// Citizens' voice in a real Chromium (issue 13): a citizen sends the public
// feedback form (the errors beside each field first, then the confirmation
// with the tracking code); an officer finds it in the inbox by deadline,
// answers it and publishes the answer; the citizen finds it in the register,
// comments; the comment waits for moderation, is approved and shown; the
// citizen rates the answer by the code; reception keys a petition in from a
// visit and forwards it to another agency with a notice by mail. The e-mail typed in the form never
// appears on any public page or in any public API answer the pages fetched.
// axe finds nothing on each page. Screenshots: build/screenshots/petition-*.png.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, cli, DEMO_PASSWORD } from '../lib/server.mjs';
import { launch, axe, shot } from '../lib/browser.mjs';

const EMAIL = 'tran.thi.phananh@example.vn';
let srv, b;
const publicBodies = []; // every public API answer the citizen's pages received

before(async () => {
  srv = await startServer({ env: { MOTCUA_TEST_CLOCK: '1' } });
  await srv.json('PUT', '/api/v1/_test/now', { now: '2026-03-02T09:00:00+07:00' });
  b = await launch();
});
after(async () => {
  await b?.close();
  await srv?.stop();
});

async function citizenPage() {
  const page = await b.page();
  page.on('response', async (res) => {
    if (res.url().includes('/api/v1/public/')) publicBodies.push(await res.text().catch(() => ''));
  });
  return page;
}

async function signIn(page, username) {
  await page.goto(srv.url + '/login/');
  await page.getByLabel(/Tên đăng nhập/).fill(username);
  await page.getByLabel(/Mật khẩu/).fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: /Đăng nhập/ }).click();
  await page.waitForURL(/\/staff\/$/);
}

let code;
test('a citizen sends feedback: errors per field, then the tracking code', async () => {
  const page = await citizenPage();
  await page.setViewportSize({ width: 360, height: 800 });
  await page.goto(srv.url + '/feedback/');
  await page.getByRole('heading', { level: 1, name: 'Gửi phản ánh, kiến nghị' }).waitFor();
  assert.match(await page.locator('.required-note').innerText(), /dấu \*/);
  // nothing typed: one message per required field, beside it and in the summary
  await page.getByRole('button', { name: 'Gửi ý kiến' }).click();
  const summary = page.locator('[data-feedback-form] [data-error-summary]');
  await summary.waitFor();
  const s = await summary.innerText();
  assert.match(s, /Vui lòng nhập họ và tên/);
  assert.match(s, /Vui lòng nhập địa chỉ thư điện tử/);
  assert.match(s, /Vui lòng nhập nội dung/);
  assert.equal(await page.getAttribute('#f-email', 'aria-invalid'), 'true');
  assert.deepEqual(await axe(page), []);

  await page.getByLabel(/Họ và tên/).fill('Trần Thị Phản Ánh');
  await page.getByLabel(/Thư điện tử/).fill(EMAIL);
  await page.getByLabel(/Số điện thoại/).fill('0905 777 888');
  await page.getByLabel(/Tiêu đề/).fill('Vỉa hè đường Lê Lợi bị lấn chiếm');
  await page.getByLabel(/Nội dung/).fill('Vỉa hè trước chợ bị lấn chiếm, người đi bộ phải đi xuống lòng đường.');
  await page.getByRole('button', { name: 'Gửi ý kiến' }).click();
  await page.getByRole('heading', { name: 'Đã gửi ý kiến của Ông/Bà' }).waitFor();
  code = (await page.locator('[data-done-code]').innerText()).trim();
  assert.match(code, /^PA-[2-9A-Z]{4}-[2-9A-Z]{4}-[2-9A-Z]{4}$/);
  await shot(page, 'petition-feedback-done');
  assert.deepEqual(await axe(page), []);

  // tracking by the code
  await page.getByRole('link', { name: 'Tra cứu tình trạng giải quyết' }).click();
  await page.getByText('Đã nhận, đang xem xét').waitFor();
  assert.ok(!(await page.content()).includes(EMAIL));
  assert.deepEqual(await axe(page), []);
  await page.close();
});

let pubUrl;
test('an officer answers it from the inbox and publishes the answer', async () => {
  const page = await b.page();
  await page.setViewportSize({ width: 1366, height: 900 });
  await signIn(page, 'tiepnhan1');
  await page.getByRole('link', { name: /Đơn thư, phản ánh, kiến nghị/ }).first().click();
  await page.waitForURL(/\/staff\/petitions\/$/);
  const row = page.locator('[data-petitions] tr', { hasText: code });
  await row.waitFor();
  assert.match(await row.innerText(), /Còn 10 ngày/);
  assert.match(await row.innerText(), /Trần Thị Phản Ánh/);
  assert.deepEqual(await axe(page), []);
  await shot(page, 'petition-inbox');
  await row.getByRole('link', { name: code }).click();
  await page.getByRole('heading', { level: 1, name: new RegExp(code) }).waitFor();
  assert.match(await page.locator('[data-deadlines]').innerText(), /Giải quyết/);
  assert.deepEqual(await axe(page), []);

  await page.getByText('Trả lời', { exact: true }).click();
  await page.locator('[data-action="answer"] textarea').fill('Phường đã lập biên bản và yêu cầu trả lại vỉa hè từ ngày 05/03/2026.');
  await page.locator('[data-action="answer"]').getByRole('button', { name: 'Thực hiện' }).click();
  await page.getByText('Đã cập nhật đơn.').waitFor();
  assert.equal(await page.getAttribute('[data-status]', 'data-status'), 'answered');

  // publish: a text naming the petitioner is refused beside the field
  await page.getByText('Công khai câu trả lời').click();
  const pub = page.locator('[data-action="publish"]');
  await pub.locator('textarea[name="question"]').fill('Bà Trần Thị Phản Ánh phản ánh vỉa hè bị lấn chiếm.');
  await pub.getByRole('button', { name: 'Thực hiện' }).click();
  await pub.locator('[data-error-summary]').waitFor();
  assert.match(await pub.locator('[data-error-summary]').innerText(), /không được nêu tên người gửi/);
  await pub.locator('textarea[name="question"]').fill('Một công dân phản ánh vỉa hè trước chợ Lê Lợi bị lấn chiếm.');
  await pub.getByRole('button', { name: 'Thực hiện' }).click();
  await page.getByText('Đã cập nhật đơn.').waitFor();
  const link = page.getByRole('link', { name: 'Vỉa hè đường Lê Lợi bị lấn chiếm' });
  pubUrl = await link.getAttribute('href');
  assert.match(pubUrl, /^\/petitions\/\?id=\d+$/);
  await shot(page, 'petition-view');
  await page.close();
});

let commentText = 'Cảm ơn phường, vỉa hè đã thông thoáng.';
test('the citizen finds the answer in the register and comments; the comment waits for moderation', async () => {
  const page = await citizenPage();
  await page.setViewportSize({ width: 360, height: 800 });
  await page.goto(srv.url + '/petitions/?q=' + encodeURIComponent('via he'));
  await page.getByRole('link', { name: 'Vỉa hè đường Lê Lợi bị lấn chiếm' }).click();
  await page.locator('[data-answer]').waitFor();
  assert.match(await page.locator('[data-answer]').innerText(), /trả lại vỉa hè/);
  assert.deepEqual(await axe(page), []);
  await page.getByRole('button', { name: 'Gửi ý kiến' }).click();
  await page.locator('[data-error-summary]').waitFor();
  assert.match(await page.locator('[data-error-summary]').innerText(), /Vui lòng nhập địa chỉ thư điện tử/);
  await page.getByLabel(/Họ và tên/).fill('Lê Văn Bình Luận');
  await page.getByLabel(/Thư điện tử/).fill('binh.luan@example.vn');
  await page.locator('textarea[name="content"]').fill(commentText);
  await page.getByRole('button', { name: 'Gửi ý kiến' }).click();
  await page.getByText('Ý kiến sẽ được hiển thị sau khi được duyệt').waitFor();
  await page.reload();
  await page.locator('[data-answer]').waitFor();
  assert.ok(!(await page.content()).includes(commentText), 'not shown before moderation');
  await shot(page, 'petition-answer');
  await page.close();
});

test('an officer approves the comment; it is shown without the e-mail; the citizen rates the answer', async () => {
  const page = await b.page();
  await signIn(page, 'tiepnhan1');
  await page.goto(srv.url + '/staff/petitions/comments/');
  const item = page.locator('[data-comment]', { hasText: commentText });
  await item.waitFor();
  assert.ok(!(await page.content()).includes('binh.luan@example.vn'));
  assert.deepEqual(await axe(page), []);
  await item.getByRole('button', { name: 'Duyệt, cho hiển thị' }).click();
  await page.getByText('Đã duyệt.').waitFor();
  await page.close();

  const cp = await citizenPage();
  await cp.goto(srv.url + pubUrl);
  await cp.locator('[data-comments]').getByText(commentText).waitFor();
  assert.ok(!(await cp.content()).includes('binh.luan@example.vn'));
  await cp.goto(srv.url + '/petitions/?code=' + code);
  await cp.getByRole('button', { name: 'Hài lòng', exact: true }).click();
  await cp.getByText('Ông/Bà đã cho biết: hài lòng.').waitFor();
  assert.deepEqual(await axe(cp), []);
  await cp.close();
});

test('reception keys a petition in from a visit and forwards it to the competent agency; the citizen is told by mail', async () => {
  const page = await b.page();
  await page.setViewportSize({ width: 1366, height: 900 });
  await signIn(page, 'tiepnhan1');
  await page.goto(srv.url + '/staff/petitions/');
  await page.getByText('Nhận đơn mới').click();
  // nothing typed: the errors name the fields
  await page.getByRole('button', { name: 'Ghi đơn' }).click();
  await page.locator('[data-new-form] [data-error-summary]').waitFor();
  await page.getByLabel('Loại đơn *').selectOption('recommendation');
  await page.locator('#n-subject').fill('Kiến nghị về cấp nước sạch');
  await page.locator('#n-content').fill('Đề nghị đưa nước sạch về tổ 5; việc này thuộc công ty cấp nước.');
  await page.locator('#n-name').fill('Hồ Văn Kiến Nghị');
  await page.locator('#n-email').fill('kien.nghi@example.vn');
  await page.getByRole('button', { name: 'Ghi đơn' }).click();
  await page.waitForURL(/\/staff\/petitions\/view\/\?id=\d+$/);
  assert.match(await page.locator('[data-deadlines]').innerText(), /Chuyển đơn nếu không thuộc thẩm quyền/);
  await page.getByText('Chuyển cơ quan có thẩm quyền').click();
  const fwd = page.locator('[data-action="forward"]');
  await fwd.locator('input[name="to"]').fill('Công ty Cổ phần Cấp nước Quảng Nam');
  await fwd.locator('input[name="doc_no"]').fill('15/UBND-TCD');
  await fwd.getByRole('button', { name: 'Thực hiện' }).click();
  await page.getByText('Đã chuyển đến Công ty Cổ phần Cấp nước Quảng Nam').waitFor();
  assert.equal(await page.getAttribute('[data-status]', 'data-status'), 'forwarded');
  assert.deepEqual(await axe(page), []);
  await page.close();
  const mail = await srv.json('GET', '/api/v1/petitions?status=forwarded', undefined, await srv.login('tiepnhan1'));
  assert.ok(mail.data.items.some((x) => x.subject === 'Kiến nghị về cấp nước sạch'));
  const r = await cli(['outbox', '--db', srv.db]);
  const sent = JSON.parse(r.stdout).messages.filter((m) => m.kind === 'petition.forwarded');
  assert.deepEqual(sent.map((m) => m.to), ['kien.nghi@example.vn']);
});

test('the feedback e-mail appears in no public page or API answer', async () => {
  assert.ok(publicBodies.length >= 5, `only ${publicBodies.length} public answers seen`);
  for (const body of publicBodies) {
    assert.ok(!body.includes(EMAIL), body.slice(0, 200));
    assert.ok(!body.includes('binh.luan@example.vn'), body.slice(0, 200));
  }
  for (const path of ['/petitions/', pubUrl, '/petitions/?code=' + code, '/api/v1/public/answers', '/api/v1/public/petitions/' + code]) {
    const text = await (await srv.fetch(path)).text();
    assert.ok(!text.includes(EMAIL), path);
  }
});
