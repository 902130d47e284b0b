// End to end through the news-site demo and its strict CSP: a reader edits and then deletes their
// own reply. The edit form and the deletion's confirmation are a chunk that embed.js loads on the
// first press of 编辑 or 删除; a second reader sees both changes arrive live (another chunk).
//
// Ports: free ports (TEAHOUSE_E2E_PORT / TEAHOUSE_E2E_API_PORT to choose). Needs `node scripts/build.mjs` first.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { useDemo, watchPage } from '../support/demo.mjs';

const READER = { sub: 'u-chenxiaoman', name: '陈小满' };
const WAIT = { timeout: 15_000 };

const demo = useDemo('edit', {
  // The reader posts within seconds of logging in, which flood control would refuse.
  TEAHOUSE_DEMO_LIMITS: 'off',
});

/** The chunks (dist/chunks/) a page has fetched, by element: `teahouse-edit`, `teahouse-live`… */
const chunks = (page) =>
  page.evaluate(() =>
    performance.getEntriesByType('resource').map((e) => e.name.match(/\/chunks\/(teahouse-[a-z-]+)-[0-9a-f]{10}\.js$/)?.[1]).filter(Boolean));

test('a reader edits and deletes their reply through the chunk embed.js loads on the first press', async () => {
  const stamp = Date.now().toString(36);
  const text = `先写错了 ${stamp}`;
  const fixed = `改好了 ${stamp}`;

  const context = await demo.browser.newContext();
  const page = await context.newPage();
  const problems = watchPage(page, { strict: true });
  await page.goto(demo.url);
  await page.locator('[data-action="login"]').click();
  await page.locator(`#login-dialog button[value="${READER.sub}"]`).click();
  await page.locator('[data-reader-name]').filter({ hasText: READER.name }).waitFor(WAIT);
  const textarea = page.locator('teahouse-composer textarea');
  await textarea.waitFor(WAIT);
  await textarea.fill(text);
  await page.locator('teahouse-composer').getByRole('button', { name: '发表回复' }).click();
  const posted = page.locator('teahouse-comment article', { hasText: text });
  await posted.waitFor(WAIT);
  // By its floor from here on: while it is edited, the floor shows the form instead of the text.
  const id = await posted.getAttribute('id');
  const mine = page.locator('teahouse-comment', { has: page.locator(`article#${id}`) });
  const label = (await mine.locator('.label').textContent()).trim();

  // Another reader, not logged in, watches the thread.
  const other = await demo.browser.newContext();
  const watcher = await other.newPage();
  const watcherProblems = watchPage(watcher, { strict: true });
  await watcher.goto(demo.url);
  await watcher.locator('teahouse-comments').scrollIntoViewIfNeeded();
  await watcher.locator('teahouse-comment article', { hasText: text }).waitFor(WAIT);

  assert.ok(!(await chunks(page)).includes('teahouse-edit'), 'the edit form is not fetched before it is needed');
  await mine.getByRole('button', { name: `编辑 ${label}` }).click();
  const editor = mine.getByRole('textbox', { name: `编辑 ${label}` });
  await editor.waitFor(WAIT);
  // The form stays disabled until the floor's source has arrived.
  await mine.locator('textarea:enabled').waitFor(WAIT);
  assert.equal(await editor.inputValue(), text, 'the form holds the reply as written');
  await editor.fill(fixed);
  await mine.getByRole('button', { name: '保存' }).click();
  await mine.locator('.body', { hasText: fixed }).waitFor(WAIT);
  assert.match(await mine.locator('.edited').textContent(), /^编辑于 /);
  assert.deepEqual((await chunks(page)).filter((c) => c === 'teahouse-edit'), ['teahouse-edit'], 'fetched once');
  await watcher.locator('teahouse-comment article', { hasText: fixed }).waitFor(WAIT);

  await mine.getByRole('button', { name: `删除 ${label}` }).click();
  await mine.getByRole('button', { name: '确认删除' }).click();
  await mine.locator('.deleted').waitFor(WAIT);
  assert.equal(await mine.locator('.body').count(), 0);
  await watcher.locator('teahouse-comment', { has: watcher.locator(`article#${id}`) }).locator('.deleted').waitFor(WAIT);
  assert.ok((await chunks(watcher)).includes('teahouse-live'), 'the watcher got the changes through the live chunk');

  assert.deepEqual([...problems, ...watcherProblems], []);
  await other.close();
  await context.close();
});
