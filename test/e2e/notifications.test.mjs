// Two readers on the demo article: one replies to the other's floor, and the other's 消息 count
// rises live; opening it lists the reply, whose link jumps to the floor and reads the notice.
//
// Ports: free ports by default. Needs `node scripts/build.mjs` first.
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { useDemo } from '../support/demo.mjs';

const AUTHOR = { sub: 'u-chenxiaoman', name: '陈小满' };
const REPLIER = { sub: 'u-linxiaoyu', name: '林晓雨' };
const WAIT = { timeout: 15_000 };
/** How soon the count must move on the other page. */
const LIVE = { timeout: 8_000 };

const run = useDemo('notify', { TEAHOUSE_DEMO_LIMITS: 'off' });
after(() => assert.equal(run.exitCode, 0, 'the demo shuts down cleanly with notice streams open'));

async function logIn(page, reader) {
  await page.goto(run.url);
  await page.locator('teahouse-composer').getByRole('button', { name: '登录' }).click();
  await page.locator(`#login-dialog button[value="${reader.sub}"]`).click();
  await page.locator('teahouse-composer textarea').waitFor(WAIT);
}

test('a reply to a reader’s floor raises their 消息 count live; reading it brings it down', async () => {
  const authorContext = await run.browser.newContext();
  const replierContext = await run.browser.newContext();
  const author = await authorContext.newPage();
  const replier = await replierContext.newPage();
  const errors = [];
  for (const page of [author, replier]) page.on('pageerror', (error) => errors.push(error.message));

  await Promise.all([logIn(author, AUTHOR), logIn(replier, REPLIER)]);
  const entry = author.locator('teahouse-notifications [part="button"]');
  await entry.waitFor(WAIT);
  // The seeded thread may have told 陈小满 of something already.
  const label = (n) => (n === 0 ? '消息' : `消息 ${n} 条未读`);
  const before = Number(/(\d+) 条未读/.exec(await entry.getAttribute('aria-label'))?.[1] ?? 0);

  // 林晓雨 answers 陈小满's floor with the floor's own 回复 button.
  // The first floor with the words is hers; a later one quotes it.
  const floor = replier.locator('teahouse-comment article', { hasText: '千篇一律' }).first();
  await floor.locator('button.link-button', { hasText: /^回复$/ }).click();
  const text = `凉面和豆花饭都还在 ${Date.now().toString(36)}`;
  await replier.locator('teahouse-composer textarea').fill(text);
  await replier.locator('teahouse-composer').getByRole('button', { name: '发表回复' }).click();
  const posted = replier.locator('teahouse-comment article', { hasText: text });
  await posted.waitFor(WAIT);
  const number = Number((await posted.getAttribute('id')).replace('floor-', ''));

  // The author's count rises without a reload.
  const labelled = (want) => author.waitForFunction(
    (w) => document.querySelector('teahouse-comments')?.shadowRoot?.querySelector('teahouse-notifications')
      ?.shadowRoot?.querySelector('[part="button"]')?.getAttribute('aria-label') === w,
    want, LIVE,
  );
  await labelled(label(before + 1));
  assert.equal((await author.locator('teahouse-notifications [part="badge"]').textContent()).trim(), String(before + 1));

  // The list names who replied and links to the new floor on this page.
  await entry.click();
  const notice = author.locator('teahouse-notifications [part="notice"] a').first();
  await notice.waitFor(WAIT);
  assert.match(await notice.textContent(), new RegExp(`${REPLIER.name} 回复了你`));
  assert.equal(await notice.getAttribute('href'), `#floor-${number}`);
  await notice.click();
  await author.waitForFunction((n) => location.hash === `#floor-${n}`, number, WAIT);
  await author.locator(`teahouse-comment article#floor-${number}`, { hasText: text }).waitFor(WAIT);
  await labelled(label(before));

  // The replier was told nothing of their own reply.
  const theirs = replier.locator('teahouse-notifications [part="button"]');
  assert.equal(await theirs.getAttribute('aria-label'), '消息');
  assert.deepEqual(errors, []);

  await authorContext.close();
  await replierContext.close();
});
