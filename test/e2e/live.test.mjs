// Two readers on the demo article: one logs in and posts, the other sees the floor arrive
// live (announced as a new reply, shown on click) without reloading.
//
// Ports: free ports by default. Needs `node scripts/build.mjs` first.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { freePort, launchChromium, startDemo } from '../support/demo.mjs';

const READER = { sub: 'u-chenxiaoman', name: '陈小满' };
const WAIT = { timeout: 15_000 };
/** How soon a post must show up on the other page. */
const LIVE = { timeout: 5_000 };



let dataDir;
let demo;
let url;
let browser;

before(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'teahouse-e2e-live-'));
  demo = startDemo({
    PORT: String(await freePort()),
    TEAHOUSE_PORT: String(await freePort()),
    TEAHOUSE_DATABASE: `sqlite:${join(dataDir, 'demo.db')}`,
    // The reader posts seconds after the seed gave them a floor, which flood control would refuse.
    TEAHOUSE_DEMO_LIMITS: 'off',
  });
  url = await demo.ready;
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  const code = await demo?.stop();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  assert.equal(code, 0, 'the demo shuts down cleanly with live streams open');
});

test('a reply posted in one browser appears live in another without a reload', async () => {
  const writerContext = await browser.newContext();
  const readerContext = await browser.newContext();
  const writer = await writerContext.newPage();
  const reader = await readerContext.newPage();
  const errors = [];
  for (const page of [writer, reader]) page.on('pageerror', (error) => errors.push(error.message));
  let navigations = 0;
  reader.on('framenavigated', (frame) => {
    if (frame === reader.mainFrame()) navigations += 1;
  });

  await Promise.all([writer.goto(url), reader.goto(url)]);
  await reader.locator('teahouse-comment article#floor-3').waitFor(WAIT);
  const before = await reader.locator('teahouse-comment article').count();
  navigations = 0;

  await writer.locator('teahouse-composer').getByRole('button', { name: '登录' }).click();
  await writer.locator(`#login-dialog button[value="${READER.sub}"]`).click();
  const textarea = writer.locator('teahouse-composer textarea');
  await textarea.waitFor(WAIT);
  const text = `现场直播：东门已经排起长队 ${Date.now().toString(36)}`;
  await textarea.fill(text);
  await writer.locator('teahouse-composer').getByRole('button', { name: '发表回复' }).click();
  // The writer's own floor shows at once.
  await writer.locator('teahouse-comment article', { hasText: text }).waitFor(WAIT);

  // The reader is told, and nothing moves until they ask.
  const announce = reader.locator('teahouse-thread button.new-replies');
  await announce.waitFor(LIVE);
  assert.equal((await announce.textContent()).trim(), '1 条新回复');
  assert.equal(await reader.locator('teahouse-comment article').count(), before);
  await announce.click();
  const arrived = reader.locator('teahouse-comment article', { hasText: text });
  await arrived.waitFor(LIVE);
  assert.match(await arrived.locator('.name').textContent(), new RegExp(READER.name));
  assert.equal(await reader.locator('teahouse-comment article').count(), before + 1);
  assert.equal(navigations, 0, 'the reader never reloaded');
  assert.deepEqual(errors, []);

  await writerContext.close();
  await readerContext.close();
});
