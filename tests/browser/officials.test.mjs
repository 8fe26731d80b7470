// One official through the year in a real Chromium (issue 15; D42): the
// chairman drafts and publishes the criteria (then public on /criteria/),
// the official registers a commitment with a measurable target and sends
// it, the head of his unit approves it, the chairman opens the yearly
// cycle, the official self-assesses with the measured figures shown beside
// the criteria, the head assesses, the chairman concludes with a rating.
// axe finds nothing serious on the pages. Screenshots:
// build/screenshots/officials-*.png.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, DEMO_PASSWORD } from '../lib/server.mjs';
import { launch, axe, shot } from '../lib/browser.mjs';

let srv, b;
const NOW = { MOTCUA_FAKE_NOW: String(Date.UTC(2026, 2, 2, 2, 0, 0) / 1000), MOTCUA_FAKE_CLOCK_RUNS: '1' };

before(async () => {
  srv = await startServer({ env: NOW });
  b = await launch();
});
after(async () => {
  await b?.close();
  await srv?.stop();
});

async function signIn(username) {
  const page = await b.page();
  await page.goto(srv.url + '/login/');
  await page.getByLabel(/Tên đăng nhập/).fill(username);
  await page.getByLabel(/Mật khẩu/).fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: /Đăng nhập/ }).click();
  await page.waitForURL(/\/staff\/$/);
  return page;
}

test('one official through the year: criteria, commitment, self-assessment, head, leader, rating, recognition', async () => {
  // the chairman drafts the year's criteria and publishes them
  const chair = await signIn('chutich');
  await chair.goto(srv.url + '/staff/criteria/?year=2026');
  await chair.getByText('Chưa có bộ tiêu chí của năm này.').waitFor();
  const publicPage = await b.page();
  await publicPage.goto(srv.url + '/criteria/?agency=HOIAN&year=2026');
  await publicPage.getByText('Cơ quan chưa công bố bộ tiêu chí của năm này.').waitFor();
  await chair.getByRole('button', { name: 'Soạn bộ tiêu chí mới' }).click();
  await chair.locator('[name="groups[0].name"]').fill('Thái độ với người dân');
  await chair.locator('[name="groups[0].criteria[0].text"]').fill('Lắng nghe, hướng dẫn tận tình, một lần là đủ');
  await chair.locator('[name="groups[0].criteria[0].weight"]').fill('2');
  await chair.getByRole('button', { name: 'Thêm tiêu chí' }).click();
  await chair.locator('[name="groups[0].criteria[1].text"]').fill('Không để hồ sơ quá hạn do lỗi của bản thân');
  await chair.locator('[name="groups[0].criteria[1].measure"]').selectOption('late_steps');
  assert.deepEqual(await axe(chair), []);
  await chair.getByRole('button', { name: 'Lưu', exact: true }).click();
  await chair.locator('[data-criteria-set][data-state="draft"]').waitFor();
  await chair.getByRole('button', { name: 'Công bố' }).click();
  await chair.locator('[data-criteria-set][data-state="published"]').waitFor();
  await shot(chair, 'officials-criteria');
  await publicPage.reload();
  await publicPage.getByText('Lắng nghe, hướng dẫn tận tình, một lần là đủ').waitFor();
  assert.deepEqual(await axe(publicPage), []);
  await shot(publicPage, 'officials-public-criteria');

  // the official registers a commitment and sends it to the head of his unit
  const off = await signIn('hotich1');
  await off.goto(srv.url + '/staff/commitments/?year=2026');
  await off.getByLabel('Lắng nghe, hướng dẫn tận tình, một lần là đủ').fill('Hướng dẫn một lần, đầy đủ thành phần hồ sơ');
  await off.getByLabel('Không để hồ sơ quá hạn do lỗi của bản thân').fill('Không hồ sơ nào quá hạn vì tôi');
  await off.getByRole('button', { name: 'Thêm cam kết đo được' }).click();
  await off.getByLabel('Chỉ số').selectOption('late_steps');
  await off.getByLabel('Chỉ tiêu').fill('0');
  assert.deepEqual(await axe(off), []);
  await off.getByRole('button', { name: 'Gửi trưởng đơn vị' }).click();
  await off.locator('[data-commitment][data-state="submitted"]').waitFor();
  assert.match(await off.locator('[data-measure="late_steps"]').innerText(), /Số bước xử lý quá hạn — nhiều nhất 0/);

  // the head approves it
  const head = await signIn('truongvp');
  await head.goto(srv.url + '/staff/commitments/?year=2026');
  await head.locator('[data-row="hotich1"] a').click();
  await head.locator('[data-commitment][data-state="submitted"]').waitFor();
  await head.getByLabel('Ý kiến').fill('Đồng ý');
  await head.getByRole('button', { name: 'Duyệt' }).click();
  await head.locator('[data-commitment][data-state="approved"]').waitFor();
  await head.getByText('Lịch sử').click();
  assert.match(await head.locator('[data-history]').innerText(), /Đặng Thị Ngọc Ánh: duyệt — Đồng ý/);
  await shot(head, 'officials-commitment');

  // the chairman opens the yearly cycle
  await chair.goto(srv.url + '/staff/appraisal/?year=2026');
  await chair.getByText('Chưa mở đợt đánh giá của năm này.').waitFor();
  await chair.getByLabel('Hạn tự đánh giá').fill('2026-12-05');
  await chair.getByLabel('Hạn trưởng đơn vị đánh giá').fill('2026-12-10');
  await chair.getByLabel('Hạn lãnh đạo kết luận').fill('2026-12-20');
  await chair.getByRole('button', { name: 'Mở đợt đánh giá' }).click();
  await chair.locator('[data-cycle]').waitFor();

  // the official self-assesses, the measured figure beside its criterion
  await off.goto(srv.url + '/staff/appraisal/?year=2026');
  await off.locator('[data-evaluation][data-state="self"]').waitFor();
  assert.match(await off.locator('[data-measured="late_steps"]').innerText(), /Số bước xử lý quá hạn: 0/);
  assert.match(await off.locator('[data-commitment-measures]').innerText(), /nhiều nhất 0: đạt/);
  const rows = off.locator('tr[data-criterion]');
  assert.equal(await rows.count(), 2);
  for (let i = 0; i < 2; i++) {
    await rows.nth(i).locator('input[data-score]').fill('9');
    await rows.nth(i).locator('textarea[data-text]').fill('Sổ theo dõi hồ sơ, không có phản ánh');
  }
  await off.getByLabel('Tự nhận xét chung').fill('Hoàn thành tốt các cam kết');
  assert.deepEqual(await axe(off), []);
  await off.getByRole('button', { name: 'Gửi trưởng đơn vị' }).click();
  await off.locator('[data-evaluation][data-state="head"]').waitFor();
  await shot(off, 'officials-self');

  // the head assesses
  await head.goto(srv.url + '/staff/appraisal/?year=2026&user=hotich1');
  await head.locator('[data-evaluation][data-state="head"]').waitFor();
  const hrows = head.locator('tr[data-criterion]');
  for (let i = 0; i < 2; i++) await hrows.nth(i).locator('input[data-score]').fill('8');
  await head.getByLabel('Nhận xét của trưởng đơn vị').fill('Đạt yêu cầu');
  await head.getByRole('button', { name: 'Gửi lãnh đạo' }).click();
  await head.locator('[data-evaluation][data-state="leader"]').waitFor();

  // the chairman concludes with a rating; the supervision counts it
  await chair.goto(srv.url + '/staff/appraisal/?year=2026&user=hotich1');
  await chair.locator('[data-evaluation][data-state="leader"]').waitFor();
  await chair.getByRole('button', { name: 'Kết luận' }).click();
  await chair.locator('[data-conclude] .error-summary').waitFor();
  await chair.getByLabel('Hoàn thành tốt nhiệm vụ').check();
  await chair.getByLabel('Kết luận của lãnh đạo').fill('Hoàn thành tốt nhiệm vụ năm 2026');
  assert.deepEqual(await axe(chair), []);
  await chair.getByRole('button', { name: 'Kết luận' }).click();
  await chair.locator('[data-evaluation][data-state="concluded"]').waitFor();
  assert.equal(await chair.locator('[data-rating]').innerText(), 'Hoàn thành tốt nhiệm vụ');
  await chair.getByRole('button', { name: 'Mở lại (ghi lý do)' }).waitFor();
  await shot(chair, 'officials-concluded');

  // the official sees his rating, and can no longer change anything
  await off.reload();
  await off.locator('[data-evaluation][data-state="concluded"]').waitFor();
  assert.equal(await off.locator('input[data-score]').count(), 0);

  // the year ends in recognition: the head nominates her with the year's
  // facts, the chairman endorses, the vice-chairman recognises, and the
  // public page of exemplary officials names her (D43)
  await head.goto(srv.url + '/staff/recognitions/');
  await head.locator('[data-new-box] summary').click();
  await head.getByLabel('Tên đăng nhập của cán bộ').fill('hotich1');
  await head.getByLabel('Năm').fill('2026');
  await head.getByLabel('Thành tích, lý do đề nghị').fill('Hoàn thành tốt nhiệm vụ năm 2026; không hồ sơ nào quá hạn do lỗi của bản thân.');
  await head.getByRole('button', { name: 'Gửi đề nghị' }).click();
  await head.waitForURL(/\?id=\d+$/);
  const nomination = head.url();
  await chair.goto(nomination);
  await chair.getByRole('button', { name: 'Xác nhận' }).click();
  await chair.locator('[data-view]').getByText('Đã xác nhận').first().waitFor();
  const vice = await signIn('phochutich');
  await vice.goto(nomination);
  await vice.getByLabel('Ý kiến').fill('Gương điển hình năm 2026.');
  await vice.getByRole('button', { name: 'Công nhận', exact: true }).click();
  await vice.locator('[data-view]').getByText('Đã công nhận').first().waitFor();
  await publicPage.goto(srv.url + '/recognitions/');
  const card = publicPage.locator('[data-recognition-id]', { hasText: 'Nguyễn Thị Thanh Thảo' });
  await card.waitFor();
  assert.match(await card.innerText(), /Công chức Tư pháp – Hộ tịch[\s\S]*không hồ sơ nào quá hạn do lỗi của bản thân/);
  assert.ok(!(await publicPage.content()).includes('hotich1'), 'the username is not public');
  await shot(publicPage, 'officials-recognised');

  // the expected refusals (no set yet, no cycle yet, a conclusion without a rating) only
  const unexpected = (p) => p.consoleErrors.filter((e) => !/status of (404|422)/.test(e));
  for (const p of [chair, off, head, vice, publicPage]) assert.deepEqual(unexpected(p), []);
});
