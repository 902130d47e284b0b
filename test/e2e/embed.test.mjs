// The script-tag bundle in a real browser, on host pages with a strict CSP: auto-mount, loading
// the script twice, lazy loading, and the JavaScript API. Needs `node scripts/build.mjs` first.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { createServer } from 'node:http';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { launchChromium } from '../support/demo.mjs';
import { seedThread, startServer } from '../../packages/server/dist/index.js';

const EMBED_DIST = fileURLToPath(new URL('../../packages/embed/dist/', import.meta.url));
const SITE = 'embed-test';
const WAIT = { timeout: 15_000 };

let host;
let teahouse;
let browser;
let api;

function page(title, body) {
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>${title}</title>
<link rel="canonical" href="http://news.example/a/canonical-path"></head><body>${body}</body></html>`;
}

const PAGES = {
  '/auto.html': () => page('auto', `<p>article</p><script src="${api}/embed.js" data-site="${SITE}" data-page="p1"></script><p id="after">end</p>`),
  '/twice.html': () =>
    page('twice', `<div id="teahouse"></div>
<script src="${api}/embed.js" data-site="${SITE}" data-page="p1"></script>
<script src="${api}/embed.js" data-site="${SITE}" data-page="p2"></script>`),
  '/async.html': () => page('async', `<div id="teahouse"></div><script src="${api}/embed.js" data-site="${SITE}" data-page="p1" async></script>`),
  '/canonical.html': () => page('canonical', `<script src="${api}/embed.js" data-site="${SITE}" data-loading="eager"></script>`),
  '/lazy.html': () =>
    page('lazy', `<link rel="stylesheet" href="/tall.css"><div class="tall">long article</div><div id="teahouse"></div>
<script src="${api}/embed.js" data-site="${SITE}" data-page="p1" async></script>`),
  '/tall.css': () => '.tall { height: 4000px; }',
  '/list.html': () =>
    page('list', `<ul><li>p1 <teahouse-count server="${api}" site="${SITE}" page="p1"></teahouse-count></li>
<li>p2 <teahouse-count server="${api}" site="${SITE}" page="p2"></teahouse-count></li>
<li>none <teahouse-count server="${api}" site="${SITE}" page="nothing"></teahouse-count></li></ul>
<script src="${api}/embed.js" async></script>`),
  '/api.html': () => page('api', `<div id="comments"></div><script src="${api}/embed.js"></script><script src="/api.js"></script>`),
  '/api.js': () => `window.events = [];
window.widget = Teahouse.init({ el: '#comments', server: ${JSON.stringify(api)}, site: ${JSON.stringify(SITE)}, page: 'p1', loading: 'eager' });
window.off = window.widget.on('ready', (detail) => window.events.push(detail.bootstrap.thread.page));`,
};

before(async () => {
  assert.ok(existsSync(`${EMBED_DIST}embed.js`), 'build first: node scripts/build.mjs');
  host = createServer((req, res) => {
    const render = PAGES[new URL(req.url, 'http://x').pathname];
    if (!render) return res.writeHead(404).end();
    const type = { js: 'text/javascript', css: 'text/css' }[req.url.split('.').pop()] ?? 'text/html; charset=utf-8';
    res.writeHead(200, {
      'content-type': type,
      // No 'unsafe-inline' and no 'unsafe-eval' anywhere: the widget has to live without them.
      'content-security-policy': `default-src 'self'; script-src 'self' ${api}; connect-src ${api}; style-src 'self'; img-src data:`,
    });
    res.end(render());
  });
  await new Promise((resolve) => host.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${host.address().port}`;
  teahouse = await startServer({
    port: 0,
    database: 'sqlite::memory:',
    staticDir: EMBED_DIST,
    sites: [{ id: SITE, name: 'Embed test', secret: 'embed-test-secret-0123456789', origins: [origin] }],
  });
  api = teahouse.url.replace(/\/$/, '');
  const author = { sub: 'editor', name: '编辑部' };
  await seedThread(teahouse.db, { site: SITE, page: 'p1', author, floors: [{ author: { sub: 'a', name: '甲' }, body: '第一篇的回复' }] });
  await seedThread(teahouse.db, { site: SITE, page: 'p2', author, floors: [{ author: { sub: 'b', name: '乙' }, body: '第二篇的回复' }] });
  await seedThread(teahouse.db, {
    site: SITE,
    page: '/a/canonical-path',
    author,
    floors: [{ author: { sub: 'c', name: '丙' }, body: '按规范链接找到的回复' }],
  });
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  await teahouse?.close();
  await new Promise((resolve) => (host ? host.close(resolve) : resolve()));
});

async function open(path) {
  const tab = await browser.newPage();
  const problems = [];
  const bootstraps = [];
  tab.on('pageerror', (error) => problems.push(error.message));
  tab.on('console', (m) => m.type() === 'error' && problems.push(m.text()));
  tab.on('request', (r) => r.url().includes('/bootstrap') && bootstraps.push(new URL(r.url()).searchParams.get('page')));
  await tab.goto(`http://127.0.0.1:${host.address().port}${path}`);
  return { tab, problems, bootstraps };
}

test('should mount right after its script tag and expose window.Teahouse', async () => {
  const { tab, problems } = await open('/auto.html');
  await tab.getByText('第一篇的回复').waitFor(WAIT);
  // The widget's container sits between the script tag and the paragraph after it.
  assert.equal(await tab.evaluate(() => document.querySelector('script[data-site]').nextElementSibling.className), 'teahouse');
  assert.deepEqual(await tab.evaluate(() => [typeof window.Teahouse.init, typeof window.Teahouse.version]), ['function', 'string']);
  assert.deepEqual(problems, []);
  await tab.close();
});

test('should mount one widget per script tag when the script is loaded twice, without errors', async () => {
  const { tab, problems } = await open('/twice.html');
  await tab.getByText('第一篇的回复').waitFor(WAIT);
  await tab.getByText('第二篇的回复').waitFor(WAIT);
  assert.equal(await tab.locator('teahouse-comments').count(), 2);
  assert.equal(await tab.locator('#teahouse teahouse-comments').getAttribute('page'), 'p1');
  assert.deepEqual(problems, []);
  await tab.close();
});

test('should find its own script tag when loaded async', async () => {
  const { tab, problems } = await open('/async.html');
  await tab.locator('#teahouse').getByText('第一篇的回复').waitFor(WAIT);
  assert.deepEqual(problems, []);
  await tab.close();
});

test('should key the thread by the canonical URL path when the page names none', async () => {
  const { tab, problems } = await open('/canonical.html');
  await tab.getByText('按规范链接找到的回复').waitFor(WAIT);
  assert.equal(await tab.locator('teahouse-comments').getAttribute('page'), '/a/canonical-path');
  assert.equal(await tab.locator('teahouse-comments').getAttribute('page-url'), 'http://news.example/a/canonical-path');
  assert.deepEqual(problems, []);
  await tab.close();
});

test('should load the thread only when the widget nears the viewport', async () => {
  const { tab, problems, bootstraps } = await open('/lazy.html');
  await tab.locator('teahouse-comments').waitFor({ state: 'attached', ...WAIT });
  await tab.waitForTimeout(500);
  assert.deepEqual(bootstraps, []);
  await tab.locator('#teahouse').scrollIntoViewIfNeeded();
  await tab.getByText('第一篇的回复').waitFor(WAIT);
  assert.deepEqual(bootstraps, ['p1']);
  assert.deepEqual(problems, []);
  await tab.close();
});

test('should switch threads with update(), report events through on() and clean up on destroy()', async () => {
  const { tab, problems } = await open('/api.html');
  await tab.getByText('第一篇的回复').waitFor(WAIT);
  await tab.waitForFunction(() => window.events.length === 1);
  await tab.evaluate(() => window.widget.update({ page: 'p2' }));
  await tab.getByText('第二篇的回复').waitFor(WAIT);
  await tab.waitForFunction(() => window.events.length === 2);
  assert.deepEqual(await tab.evaluate(() => window.events), ['p1', 'p2']);

  await tab.evaluate(() => window.widget.destroy());
  assert.equal(await tab.locator('teahouse-comments').count(), 0);
  assert.equal(await tab.evaluate(() => window.widget.element), null);
  assert.deepEqual(problems, []);
  await tab.close();
});

test('should register <teahouse-count> and fetch all counts of a list in one request, mounting no widget', async () => {
  const { tab, problems } = await open('/list.html');
  const counts = tab.locator('teahouse-count');
  await counts.nth(2).locator('[part=base]').waitFor(WAIT);
  assert.deepEqual(await counts.evaluateAll((els) => els.map((el) => el.shadowRoot.textContent.trim())), ['1 条评论', '1 条评论', '0 条评论']);
  const requests = await tab.evaluate(() => performance.getEntriesByType('resource').filter((e) => e.name.includes('/counts?')).length);
  assert.equal(requests, 1);
  assert.equal(await tab.locator('teahouse-comments').count(), 0);
  assert.deepEqual(problems, []);
  await tab.close();
});
