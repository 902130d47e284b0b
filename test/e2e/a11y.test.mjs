// axe over the news-site demo, as a reader sees it logged out and then logged in: no WCAG 2 A or
// AA violation, colour contrast of the host's theme tokens included, inside the widget's shadow
// roots as well as on the host page.
//
// Ports: free ports (TEAHOUSE_E2E_PORT / TEAHOUSE_E2E_API_PORT to choose). Needs `node scripts/build.mjs` first.
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { test } from 'node:test';
import { useDemo, watchPage } from '../support/demo.mjs';

const AXE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
const READER = { sub: 'u-chenxiaoman', name: '陈小满' };
const WAIT = { timeout: 15_000 };

const demo = useDemo('a11y');

/** axe's WCAG 2 A and AA rules over the whole page, shadow roots included; one line per failing node. */
async function violations(page) {
  await page.addScriptTag({ path: AXE });
  const found = await page.evaluate(async () => {
    const result = await window.axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } });
    return result.violations.flatMap((v) => v.nodes.map((n) => `${v.id}: ${n.target.join(' ')} ${n.failureSummary?.split('\n')[1] ?? ''}`.trim()));
  });
  return found;
}

/** The page once the thread, the share bar and the composer have rendered. */
async function settled(page) {
  await page.locator('teahouse-comment article#floor-3').waitFor(WAIT);
  await page.locator('teahouse-share [part="channel"]').first().waitFor(WAIT);
  await page.locator('teahouse-composer [part="base"]').waitFor(WAIT);
}

test('the demo page passes axe logged out and logged in', async () => {
  // axe is injected as a script of its own, which the demo's strict CSP would refuse.
  const context = await demo.browser.newContext({ bypassCSP: true });
  const page = await context.newPage();
  const problems = watchPage(page);
  await page.goto(demo.url);
  await settled(page);
  assert.deepEqual(await violations(page), [], 'logged out');

  await page.locator('[data-action="login"]').click();
  await page.locator(`#login-dialog button[value="${READER.sub}"]`).click();
  await page.locator('[data-reader-name]').filter({ hasText: READER.name }).waitFor(WAIT);
  await page.locator('teahouse-composer textarea').waitFor(WAIT);
  await settled(page);
  assert.deepEqual(await violations(page), [], 'logged in');
  assert.deepEqual(problems, []);
  await context.close();
});
