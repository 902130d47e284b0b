// End to end through the news-site demo: a reader logs in on the host page, replies and
// quote-replies through the widget, and both floors survive a reload and a server restart.
//
// Ports: TEAHOUSE_E2E_PORT (host site) and TEAHOUSE_E2E_API_PORT (Teahouse); free ports by default,
// so a running demo on 8080/8787 is left alone. Needs `node scripts/build.mjs` first.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { freePort, launchChromium, startDemo } from '../support/demo.mjs';

const READER = { sub: 'u-chenxiaoman', name: '陈小满' };
const WAIT = { timeout: 15_000 };



let dataDir;
let env;
let demo;
let url;
let browser;

before(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'teahouse-e2e-'));
  env = {
    PORT: String(process.env.TEAHOUSE_E2E_PORT ?? (await freePort())),
    TEAHOUSE_PORT: String(process.env.TEAHOUSE_E2E_API_PORT ?? (await freePort())),
    TEAHOUSE_DATABASE: `sqlite:${join(dataDir, 'demo.db')}`,
    // The reader replies and quote-replies within seconds, which flood control would refuse.
    TEAHOUSE_DEMO_LIMITS: 'off',
  };
  demo = startDemo(env);
  url = await demo.ready;
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  await demo?.stop();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

/** Collects what would mean the page broke: uncaught errors and CSP violations. */
function watch(page) {
  const problems = [];
  page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error' && /Content.Security.Policy|Refused to/i.test(message.text())) {
      problems.push(`csp: ${message.text()}`);
    }
  });
  return problems;
}

const floor = (page, number) => page.locator(`teahouse-comment article#floor-${number}`);

async function expectFloors(page, reply, quoteReply) {
  await page.locator('teahouse-comments').scrollIntoViewIfNeeded();
  const replyFloor = page.locator('teahouse-comment article', { hasText: reply.text });
  await replyFloor.waitFor(WAIT);
  assert.equal(await replyFloor.getAttribute('id'), `floor-${reply.number}`);
  assert.equal((await replyFloor.locator('.label').textContent()).trim(), `${reply.number}楼`);
  assert.match(await replyFloor.locator('.name').textContent(), new RegExp(READER.name));

  // The first page holds DEFAULT_PAGE_SIZE (10) floors, 2 to 11: the quote-reply comes with the next.
  const more = page.locator('teahouse-thread button.more', { hasText: '加载更多' });
  if (await more.count()) await more.click();
  const quoteFloor = floor(page, quoteReply.number);
  await quoteFloor.waitFor(WAIT);
  assert.match(await quoteFloor.locator('.body').textContent(), new RegExp(quoteReply.text));
  assert.equal((await quoteFloor.locator('.label').textContent()).trim(), `${quoteReply.number}楼`);
  const quoteHead = (await quoteFloor.locator('.quote a').textContent()).trim();
  assert.match(quoteHead, /^周建国 发表于 /, 'the quote block names the quoted author');
  assert.equal(await quoteFloor.locator('.quote a').getAttribute('href'), '#floor-3');
}

test('a reader replies and quote-replies on the demo page, and both floors outlive a restart', async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  const problems = watch(page);
  await page.goto(url);

  // The seeded thread: 周建国 has 板凳 (floor 3), the editor is 楼主.
  await floor(page, 3).waitFor(WAIT);
  assert.equal((await floor(page, 3).locator('.label').textContent()).trim(), '板凳');
  assert.equal(await floor(page, 4).locator('.badge').textContent(), '楼主');

  // The widget's login prompt asks the host page, which opens its own login menu.
  await page.locator('teahouse-composer').getByRole('button', { name: '登录' }).click();
  await page.locator('#login-dialog').waitFor({ state: 'visible' });
  await page.locator(`#login-dialog button[value="${READER.sub}"]`).click();
  await page.locator('[data-reader-name]').filter({ hasText: READER.name }).waitFor(WAIT);

  const textarea = page.locator('teahouse-composer textarea');
  await textarea.waitFor(WAIT);
  const stamp = Date.now().toString(36);
  const reply = { text: `周六一定去逛，先占个座 ${stamp}`, number: 11 };
  await textarea.fill(reply.text);
  await page.locator('teahouse-composer').getByRole('button', { name: '发表回复' }).click();
  await page.locator('teahouse-comment article', { hasText: reply.text }).waitFor(WAIT);

  const quoteReply = { text: `东门停车场周末开到凌晨1点，文中有写 ${stamp}`, number: 12 };
  await page.getByRole('button', { name: '引用 板凳' }).click();
  await textarea.fill(quoteReply.text);
  await page.locator('teahouse-composer').getByRole('button', { name: '发表回复' }).click();
  await page.locator('teahouse-comment article', { hasText: quoteReply.text }).waitFor(WAIT);

  await page.reload();
  await expectFloors(page, reply, quoteReply);

  // Nothing lost across a restart on the same database, and the seed does not run twice.
  assert.equal(await demo.stop(), 0, 'the demo shuts down cleanly');
  demo = startDemo(env);
  assert.equal(await demo.ready, url);
  await page.reload();
  await expectFloors(page, reply, quoteReply);
  assert.equal(await page.locator('teahouse-comment article', { hasText: '打卡留念' }).count(), 1);

  // Another reader, not logged in, sees the same floors.
  const other = await browser.newContext();
  const otherPage = await other.newPage();
  const otherProblems = watch(otherPage);
  await otherPage.goto(url);
  await expectFloors(otherPage, reply, quoteReply);
  await otherPage.locator('teahouse-composer').getByRole('button', { name: '登录' }).waitFor(WAIT);

  assert.deepEqual([...problems, ...otherProblems], []);
  await other.close();
  await context.close();
});
