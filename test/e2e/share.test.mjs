// Share-for-points through the news-site demo: a signed-in reader copies their tracked link from the
// share bar, another reader opens it, the sharer's balance rises by the rule's points and the award
// is announced as a floor on both open pages, live. Also: the thread never waits for a lazy chunk.
//
// Ports: free ports by default. Needs `node scripts/build.mjs` first.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { useDemo, watchPage } from '../support/demo.mjs';

const SHARER = { sub: 'u-linxiaoyu', name: '林晓雨' };
const WAIT = { timeout: 15_000 };

const demo = useDemo('share');

/** The Teahouse server's origin, from the page's script tag. */
async function teahouseOrigin(page) {
  return new URL(await page.locator('script[data-site]').getAttribute('src')).origin;
}

async function api(origin, path, token) {
  const res = await fetch(`${origin}${path}`, { headers: token ? { authorization: `Bearer ${token}` } : {} });
  assert.equal(res.status, 200, `${path}: ${res.status}`);
  return res.json();
}

async function eventually(read, check, what, ms = 10_000) {
  const end = Date.now() + ms;
  for (;;) {
    const value = await read();
    if (check(value)) return value;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}: ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** Waits for the award floor on an open page: shown at once, or behind the thread's "新回复" button. */
async function awardFloor(page) {
  const floor = page.locator('teahouse-comment article.award', { hasText: `会员${SHARER.name}转发了该文章` });
  const announce = page.locator('teahouse-thread button.new-replies');
  await floor.or(announce).first().waitFor(WAIT);
  if (!(await floor.count())) await announce.click();
  await floor.waitFor(WAIT);
  return floor;
}

test('a copied tracked link earns the sharer the rule\'s points when another reader opens it, announced live on both pages', async () => {
  const sharerContext = await demo.browser.newContext();
  const visitorContext = await demo.browser.newContext();
  const sharer = await sharerContext.newPage();
  const visitor = await visitorContext.newPage();
  const problems = [...watchPage(sharer), ...watchPage(visitor)];
  let reloads = 0;
  for (const page of [sharer, visitor]) {
    page.on('framenavigated', (frame) => {
      if (frame === page.mainFrame()) reloads += 1;
    });
  }

  await sharer.goto(demo.url);
  await sharer.locator('teahouse-comment article#floor-3').waitFor(WAIT);
  await sharerContext.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(demo.url).origin });

  // The share bar comes with its own chunk, from the Teahouse server, under the page's CSP.
  const bar = sharer.locator('teahouse-share');
  const origin = await teahouseOrigin(sharer);
  const rules = await api(origin, '/v1/sites/demo/points/rules');
  const linkRule = rules.rules.find((rule) => rule.action === 'share' && rule.channel === 'link');
  assert.equal(rules.wechatRewards, true, 'the demo site opts in to WeChat rewards');
  await bar.locator('button[data-channel="wechat_moments"]', { hasText: '+20 看点币' }).waitFor(WAIT);

  await sharer.locator('[data-action="login"]').click();
  await sharer.locator(`#login-dialog button[value="${SHARER.sub}"]`).click();
  await sharer.locator('[data-reader-name]').filter({ hasText: SHARER.name }).waitFor(WAIT);
  const { token } = await (await sharer.request.get(new URL('/api/teahouse-token', demo.url).href, { headers: { accept: 'application/json' } })).json();
  assert.ok(token, 'the host signed a token for the reader');
  const before = (await api(origin, '/v1/sites/demo/points/me', token)).balance;

  // Signed in, the bar no longer asks to log in; copying makes the reader's tracked link.
  await bar.locator('.note', { hasText: '好友通过你分享的链接打开文章' }).waitFor(WAIT);
  // Its accessible name says what it earns (the icon is hidden from screen readers).
  const copy = bar.getByRole('button', { name: `复制链接 +${linkRule.points} 看点币`, exact: true });
  await sharer.bringToFront();
  await copy.click();
  await bar.locator('[role="status"]', { hasText: '链接已复制' }).waitFor(WAIT);
  const tracked = await sharer.evaluate(() => navigator.clipboard.readText());
  assert.match(tracked, /^http:\/\/127\.0\.0\.1:\d+\/\?th_ref=[0-9A-Za-z]{8}$/);
  assert.equal(await bar.locator('.link-field input').inputValue(), tracked);

  // Another reader, not signed in, opens the link.
  await visitor.goto(tracked);
  await visitor.locator('teahouse-comment article#floor-3').waitFor(WAIT);
  await visitor.waitForFunction(() => !location.search.includes('th_ref'), null, WAIT);
  const after = await eventually(async () => (await api(origin, '/v1/sites/demo/points/me', token)).balance, (b) => b > before, 'the award');
  assert.equal(after, before + linkRule.points);

  // Both open pages show the announcement, without a reload.
  const reloadsBefore = reloads;
  for (const page of [sharer, visitor]) {
    const floor = await awardFloor(page);
    assert.match(await floor.textContent(), new RegExp(`获得${linkRule.points}看点币`));
  }
  assert.equal(reloads, reloadsBefore, 'no page reloaded');

  // The visitor opening the link again (a reload, the same browser) earns nothing more.
  await visitor.goto(tracked);
  await visitor.locator('teahouse-comment article#floor-3').waitFor(WAIT);
  await new Promise((resolve) => setTimeout(resolve, 500));
  assert.equal((await api(origin, '/v1/sites/demo/points/me', token)).balance, after);

  assert.deepEqual(problems, []);
  await sharerContext.close();
  await visitorContext.close();
});

test('the thread shows before any chunk arrives, and lazy chunks come later from the Teahouse server', async () => {
  const context = await demo.browser.newContext();
  const page = await context.newPage();
  const problems = watchPage(page);
  const requests = [];
  page.on('request', (request) => requests.push(request.url()));
  // Chunks held back: the thread must not wait for them.
  let release;
  const held = new Promise((resolve) => (release = resolve));
  await context.route('**/chunks/**', async (route) => {
    await held;
    await route.continue();
  });
  await page.goto(demo.url);
  await page.locator('teahouse-comment article#floor-3').waitFor(WAIT);
  const origin = await teahouseOrigin(page);
  const teahouse = requests.filter((r) => r.startsWith(origin));
  assert.equal(teahouse.filter((r) => r.includes('/embed.js')).length, 1);
  // The demo article carries the server-rendered thread with its bootstrap: none is asked for.
  assert.equal(teahouse.filter((r) => r.includes('/bootstrap')).length, 0);
  assert.equal(await page.locator('teahouse-share button').count(), 0, 'no share bar yet');
  release();
  await page.locator('teahouse-share button[data-channel="weibo"]').waitFor(WAIT);
  assert.ok(requests.some((r) => r.startsWith(origin) && /\/chunks\/teahouse-share-[0-9a-f]{10}\.js$/.test(r)), 'the share chunk came from next to embed.js');

  // The chunks carry no lit of their own (each lit module registers its version on a global, as
  // embed.js shows): they use embed.js's, handed over through a global. The one exception is the
  // hydration chunk of a server-rendered page, which needs lit-html's internals embed.js keeps.
  const fetched = requests.filter((r) => r.startsWith(`${origin}/chunks/`) && !/\/teahouse-hydrate-/.test(r));
  assert.ok(fetched.length > 0);
  const texts = await Promise.all(fetched.map(async (r) => (await fetch(r)).text()));
  const lit = /litHtmlVersions|reactiveElementVersions|litElementVersions/;
  assert.match(await (await fetch(`${origin}/embed.js`)).text(), lit);
  assert.ok(texts.every((text) => !lit.test(text)), 'no chunk ships lit again');
  assert.ok(texts.some((text) => text.includes('Symbol.for(`teahouse.kit.')), 'the kit comes from the global');

  // Served like embed.js: precompressed, readable from any origin, cached for good under a hashed name.
  const chunk = requests.find((r) => r.startsWith(origin) && /\/chunks\/teahouse-share-/.test(r));
  const res = await fetch(chunk, { headers: { 'accept-encoding': 'br', origin: new URL(demo.url).origin } });
  assert.equal(res.headers.get('content-encoding'), 'br');
  assert.equal(res.headers.get('access-control-allow-origin'), '*');
  assert.match(res.headers.get('cache-control'), /immutable/);
  assert.match(res.headers.get('content-type'), /javascript/);
  assert.deepEqual(problems, []);
  await context.close();
});
