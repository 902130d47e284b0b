// End to end through the news-site demo: a reader replies on the article; the demo's moderator
// reports the reply from the article, then on the admin page (/admin.html, <teahouse-moderation>)
// bans its author and hides it. The reader is told they are banned when they post again; the
// reply is gone for an anonymous reader and marked 已隐藏 for the moderator.
//
// Ports: free ports (TEAHOUSE_E2E_PORT / TEAHOUSE_E2E_API_PORT to choose). Needs `node scripts/build.mjs` first.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { useDemo, watchPage } from '../support/demo.mjs';

const READER = { sub: 'u-chenxiaoman', name: '陈小满' };
const MODERATOR = { sub: 'u-moderator', name: '版主老周' };
const WAIT = { timeout: 15_000 };

const demo = useDemo('mod', {
  // The reader posts twice within seconds, which flood control would refuse before the ban could.
  TEAHOUSE_DEMO_LIMITS: 'off',
});

/** A page of its own, logged in on the host site as `who` through the page's login menu. */
async function loggedIn(who, path = '/') {
  const context = await demo.browser.newContext();
  const page = await context.newPage();
  const problems = watchPage(page);
  await page.goto(new URL(path, demo.url).href);
  await page.locator('[data-action="login"]').click();
  await page.locator(`#login-dialog button[value="${who.sub}"]`).click();
  await page.locator('[data-reader-name]').filter({ hasText: who.name }).waitFor(WAIT);
  return { context, page, problems };
}

async function post(page, text) {
  const textarea = page.locator('teahouse-composer textarea');
  await textarea.waitFor(WAIT);
  await textarea.fill(text);
  await page.locator('teahouse-composer').getByRole('button', { name: '发表回复' }).click();
}

test('a moderator bans a reader and hides their reply from the admin page; the reader can no longer post', async () => {
  const stamp = Date.now().toString(36);
  const text = `这条回复要被隐藏 ${stamp}`;

  const reader = await loggedIn(READER);
  await post(reader.page, text);
  const reply = reader.page.locator('teahouse-comment article', { hasText: text });
  await reply.waitFor(WAIT);
  const label = (await reply.locator('.label').textContent()).trim();

  // The moderator reports it from the article: it lands in the reported queue.
  const mod = await loggedIn(MODERATOR);
  const modReply = mod.page.locator('teahouse-comment article', { hasText: text });
  await modReply.waitFor(WAIT);
  await modReply.getByRole('button', { name: `举报 ${label}` }).click();
  const form = mod.page.locator('teahouse-report form');
  await form.waitFor(WAIT);
  await form.getByLabel('辱骂攻击').check();
  await form.getByRole('button', { name: '提交举报' }).click();
  await mod.page.locator('teahouse-report', { hasText: '已举报，感谢反馈' }).waitFor(WAIT);

  // The admin page, linked from the footer, shows it under 被举报 with its report.
  await mod.page.getByRole('link', { name: '内容审核（版主）' }).click();
  await mod.page.waitForURL(/\/admin\.html$/);
  const desk = mod.page.locator('teahouse-moderation');
  await desk.getByRole('tab', { name: '被举报' }).click();
  const item = desk.locator('li.item', { hasText: text });
  await item.waitFor(WAIT);
  assert.match(await item.locator('.reports').textContent(), /1 人举报/);
  assert.match(await item.locator('.reports').textContent(), /辱骂攻击 ×1/);

  await item.getByRole('button', { name: `禁言作者 ${READER.name}` }).click();
  const ban = item.locator('form.ban');
  await ban.getByLabel('时长').selectOption({ label: '永久' });
  await ban.getByLabel('理由（必填）').fill('恶意攻击他人');
  await ban.getByRole('button', { name: '确认禁言' }).click();
  await desk.locator('.announce', { hasText: `已永久禁言 ${READER.name}。` }).waitFor(WAIT);

  await item.getByRole('button', { name: `隐藏 ${label}` }).click();
  await item.locator('form.confirm').getByLabel('理由（必填）').fill('人身攻击');
  await item.getByRole('button', { name: '确认隐藏' }).click();
  await item.locator('.status', { hasText: '已隐藏' }).waitFor(WAIT);

  await desk.getByRole('tab', { name: '禁言名单' }).click();
  await desk.locator('li.ban', { hasText: READER.name }).filter({ hasText: '永久' }).waitFor(WAIT);
  await desk.getByRole('tab', { name: '操作日志' }).click();
  await desk.locator('li.entry[data-action="hide"]', { hasText: '人身攻击' }).waitFor(WAIT);
  await desk.locator('li.entry[data-action="ban"]', { hasText: '恶意攻击他人' }).waitFor(WAIT);

  // The reader, banned, is told so when posting again.
  await reader.page.reload();
  await post(reader.page, `我还能发言吗 ${stamp}`);
  const alert = reader.page.locator('teahouse-composer [role="alert"]');
  await alert.waitFor(WAIT);
  assert.equal((await alert.textContent()).trim(), '你已被永久禁言');

  // Gone for an anonymous reader; in place, marked, for the moderator.
  const anonymous = await demo.browser.newContext();
  const anonymousPage = await anonymous.newPage();
  const anonymousProblems = watchPage(anonymousPage);
  await anonymousPage.goto(demo.url);
  await anonymousPage.locator('teahouse-comment article', { hasText: '打卡留念' }).waitFor(WAIT);
  assert.equal(await anonymousPage.locator('teahouse-comment article', { hasText: text }).count(), 0);
  assert.equal(await anonymousPage.locator('teahouse-comment article', { hasText: '我还能发言吗' }).count(), 0);

  await mod.page.goto(demo.url);
  const hidden = mod.page.locator('teahouse-comment article', { hasText: text });
  await hidden.waitFor(WAIT);
  assert.equal((await hidden.locator('.mark').textContent()).trim(), '已隐藏');

  for (const problems of [reader.problems, mod.problems, anonymousProblems]) assert.deepEqual(problems, []);
  await Promise.all([reader.context.close(), mod.context.close(), anonymous.close()]);
});

test('the admin page tells a reader who is not a moderator that they may not moderate', async () => {
  const { context, page, problems } = await loggedIn({ sub: 'u-zhoujianguo', name: '周建国' }, '/admin.html');
  const alert = page.locator('teahouse-moderation [role="alert"]');
  await alert.waitFor(WAIT);
  assert.equal((await alert.textContent()).trim(), '只有本站的版主和管理员才能审核内容，你的账号没有这个权限。');
  assert.deepEqual(problems, []);
  await context.close();
});
