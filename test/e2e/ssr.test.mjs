// The server-rendered thread (GET /v1/sites/{site}/threads/html) included by a host page on its
// own server, read in Chromium with JavaScript off, and an XSS corpus rendered through it with
// JavaScript on (and no embed): nothing users wrote may run. Needs `node scripts/build.mjs` first.
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { after, before, test } from 'node:test';
import { launchChromium } from '../support/demo.mjs';
import { seedThread, startServer } from '../../packages/server/dist/index.js';
import { DEFAULT_PAGE_SIZE } from '../../packages/protocol/dist/index.js';

const SITE = 'ssr-test';
const WAIT = { timeout: 15_000 };
const author = { sub: 'editor', name: '编辑部' };

/** Each one, were it to run, calls window.__xss. */
const XSS = [
  '<script>window.__xss("script")</script>',
  '<img src=x onerror="window.__xss(\'img\')">',
  '"><svg onload=window.__xss("svg")>',
  '[click me](javascript:window.__xss("link"))',
  '<a href="javascript:window.__xss(\'a\')">a</a>',
  '<iframe srcdoc="<script>parent.__xss(\'iframe\')</script>"></iframe>',
  '</noscript><script>window.__xss("noscript")</script>',
  '</script><script>window.__xss("script-close")</script>',
  '<template shadowrootmode="open"><img src=x onerror="window.__xss(\'dsd\')"></template>',
  '<!--><img src=x onerror=window.__xss("comment")>-->',
  '<style>*{display:none}</style><math><mi xlink:href="javascript:window.__xss(\'math\')">m</mi></math>',
  '`<img src=x onerror=window.__xss("code")>`',
  '```\n</code></pre><img src=x onerror=window.__xss("fence")>\n```',
  '> <details open ontoggle=window.__xss("details")>',
  '![x](javascript:window.__xss("image"))',
];

let host;
let teahouse;
let browser;
let api;
let origin;

const FRAGMENTS = { '/a/long': 'long', '/a/xss': 'xss' };

before(async () => {
  host = createServer(async (req, res) => {
    const url = new URL(req.url, origin);
    const key = FRAGMENTS[url.pathname];
    if (!key) return res.writeHead(404).end();
    // The host's own server includes the fragment, as a PHP or Node article page would.
    const p = url.searchParams.get('p');
    const answer = await fetch(`${api}/v1/sites/${SITE}/threads/html?page=${key}${p ? `&p=${p}` : ''}`);
    const fragment = answer.ok ? await answer.text() : '';
    res.writeHead(answer.status, { 'content-type': 'text/html; charset=utf-8' });
    res.end(`<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>article</title>
<script>window.__xss = (what) => (window.__ran ??= []).push(what);</script></head>
<body><article><h1>文章</h1><p>正文</p></article>${fragment}<p id="after">end</p></body></html>`);
  });
  await new Promise((resolve) => host.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${host.address().port}`;
  teahouse = await startServer({
    port: 0,
    database: 'sqlite::memory:',
    sites: [{ id: SITE, name: 'SSR test', secret: 'ssr-test-secret-0123456789abcdef', origins: [origin], loginUrl: `${origin}/login` }],
  });
  api = teahouse.url.replace(/\/$/, '');
  const floors = [
    { author: { sub: 'a', name: '甲' }, body: '第一条回复' },
    { author, body: '楼主说两句' },
    { author: { sub: 'b', name: '乙' }, body: '引用一下', quote: 2 },
  ];
  for (let i = floors.length; i < DEFAULT_PAGE_SIZE + 3; i++) floors.push({ author: { sub: `r${i}`, name: `读者${i}` }, body: `第 ${i + 2} 楼的话` });
  await seedThread(teahouse.db, { site: SITE, page: 'long', url: `${origin}/a/long`, title: '长帖', author, floors });
  await seedThread(teahouse.db, {
    site: SITE,
    page: 'xss',
    url: `${origin}/a/xss`,
    title: '</script><script>window.__xss("title")</script>',
    author: { sub: 'x', name: '</bdi><img src=x onerror=window.__xss("name")>' },
    floors: XSS.map((body, i) => ({ author: { sub: `x${i}`, name: `<svg onload=window.__xss("name${i}")>` }, body })),
  });
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  await teahouse?.close();
  await new Promise((resolve) => (host ? host.close(resolve) : resolve()));
});

test('should show every floor, its labels, quote blocks and page links with JavaScript off', async () => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const tab = await context.newPage();
  await tab.goto(`${origin}/a/long`);
  await tab.getByRole('article', { name: '沙发 甲' }).getByText('第一条回复').waitFor(WAIT);
  for (const text of ['楼主说两句', '引用一下', `第 ${DEFAULT_PAGE_SIZE + 1} 楼的话`]) assert.ok(await tab.getByText(text).isVisible(), text);
  assert.ok(await tab.getByRole('link', { name: '沙发' }).isVisible());
  assert.ok(await tab.getByRole('link', { name: '板凳' }).isVisible());
  assert.ok(await tab.locator('.badge', { hasText: '楼主' }).first().isVisible());
  assert.ok(await tab.locator('blockquote.quote', { hasText: '甲' }).isVisible());
  // Not the next page's floors.
  assert.equal(await tab.getByText(`第 ${DEFAULT_PAGE_SIZE + 2} 楼的话`).count(), 0);
  // The JSON-LD parses and counts the thread's replies.
  const ld = JSON.parse(await tab.locator('script[type="application/ld+json"]').textContent());
  assert.equal(ld['@type'], 'DiscussionForumPosting');
  assert.equal(ld.commentCount, DEFAULT_PAGE_SIZE + 3);
  assert.equal(ld.comment[0].url, `${origin}/a/long#floor-2`);
  // The login prompt links the host's login page.
  assert.equal(await tab.getByRole('link', { name: '登录' }).getAttribute('href'), `${origin}/login`);
  // The next page is a real link, and it leads to page 2 with a link back.
  const next = tab.locator('a[rel="next"]');
  assert.equal(await next.getAttribute('href'), `${origin}/a/long?p=2`);
  await next.click();
  await tab.getByText(`第 ${DEFAULT_PAGE_SIZE + 2} 楼的话`).waitFor(WAIT);
  assert.equal(await tab.getByText('第一条回复').count(), 0);
  assert.equal(await tab.locator('a[rel="prev"]').getAttribute('href'), `${origin}/a/long`);
  await context.close();
});

test('should run nothing from the XSS corpus in the server-rendered page', async () => {
  const context = await browser.newContext();
  const tab = await context.newPage();
  const dialogs = [];
  tab.on('dialog', (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  await tab.goto(`${origin}/a/xss`);
  await tab.getByText('[click me]', { exact: false }).or(tab.getByText('click me')).first().waitFor(WAIT);
  // Give onerror handlers of any image that slipped through a moment to fire.
  await tab.waitForLoadState('load');
  assert.deepEqual(await tab.evaluate(() => window.__ran ?? []), []);
  assert.deepEqual(dialogs, []);
  // Nothing users wrote became an element with a handler, a script, a frame or a javascript: URL.
  const found = await tab.evaluate(() => {
    const bad = [];
    const walk = (root) => {
      for (const el of root.querySelectorAll('*')) {
        if (['SCRIPT', 'IFRAME', 'SVG', 'MATH', 'IMG', 'STYLE', 'DETAILS'].includes(el.tagName.toUpperCase()) && el.closest('article')) bad.push(el.tagName);
        for (const attr of el.attributes) {
          if (/^on/i.test(attr.name) || /^\s*javascript:/i.test(attr.value)) bad.push(`${el.tagName} ${attr.name}`);
        }
        if (el.shadowRoot) walk(el.shadowRoot);
      }
    };
    walk(document);
    return bad;
  });
  assert.deepEqual(found, []);
  // Each payload shows as text.
  assert.ok(await tab.getByText('<script>window.__xss("script")</script>').isVisible());
  await context.close();
});
