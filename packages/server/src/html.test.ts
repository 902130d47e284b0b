import test from 'node:test';
import assert from 'node:assert/strict';
import { brotliDecompressSync } from 'node:zlib';
import { Bootstrap, DEFAULT_PAGE_SIZE } from '@teahouse/protocol';
import { DIALECTS, errorCode, testApp, type TestApp } from './test/support.js';

const PATH = '/v1/sites/demo/threads/html';
const ARTICLE = 'https://news.example.com/a/ssr-1';

async function post(th: TestApp, page: string, text: string, who = { sub: 'ann', name: 'Ann' }, extra: object = {}) {
  const res = await th.post({ page, body: text, url: ARTICLE, title: '茶馆开张', ...extra }, who);
  assert.equal(res.status, 201, await res.clone().text());
  return (await res.json()) as { number: number };
}

async function fragment(th: TestApp, query: string, init?: RequestInit) {
  const res = await th.app.request(`${PATH}?${query}`, init);
  return { res, html: res.status === 200 ? await res.text() : '' };
}

/** The JSON of the first `<script type=...>` of that type in a fragment. */
function scriptJson(html: string, type: string): unknown {
  const match = new RegExp(`<script type="${type.replace('+', '\\+')}"[^>]*>([^<]*)</script>`).exec(html);
  assert.ok(match, `a ${type} script`);
  return JSON.parse(match[1]!);
}

for (const dialect of DIALECTS) {
  test(`[${dialect}] server-rendered thread`, async (t) => {
    const th = await testApp(dialect);
    t.after(() => th.close());

    await t.test('should render every floor with its label, the 楼主 badge, quote blocks and escaped bodies', async () => {
      await post(th, 'ssr-1', 'first <b>reply</b> <script>alert(1)</script>', { sub: 'ann', name: '<img src=x onerror=alert(1)>' });
      await post(th, 'ssr-1', '> quoted\n\nsecond', { sub: 'bob', name: 'Bob' }, { quote: 2 });
      const { res, html } = await fragment(th, 'page=ssr-1');
      assert.equal(res.status, 200);
      assert.match(res.headers.get('content-type')!, /^text\/html; charset=UTF-8/);
      assert.match(html, /<teahouse-comments\s+data-ssr /);
      assert.match(html, /<template shadowroot="open" shadowrootmode="open">/);
      assert.match(html, /id="floor-2"/);
      assert.match(html, />沙发</);
      assert.match(html, />板凳</);
      assert.match(html, /class="quote"/);
      assert.match(html, /first &lt;b&gt;reply&lt;\/b&gt; &lt;script&gt;alert\(1\)&lt;\/script&gt;/);
      assert.match(html, /&lt;img src=x onerror=alert\(1\)&gt;/);
      // Nothing users wrote became markup.
      assert.doesNotMatch(html, /<script>alert|<img src=x|<b>reply/);
    });

    await t.test('should carry the bootstrap it was rendered from and schema.org JSON-LD', async () => {
      const { html } = await fragment(th, 'page=ssr-1');
      const bootstrap = Bootstrap.parse(scriptJson(html, 'application/json'));
      assert.deepEqual(bootstrap.page.floors.map((f) => f.number), [2, 3]);
      assert.equal(bootstrap.viewer, null);
      const ld = scriptJson(html, 'application/ld+json') as Record<string, unknown> & { comment: Record<string, unknown>[] };
      assert.equal(ld['@type'], 'DiscussionForumPosting');
      assert.equal(ld.commentCount, 2);
      assert.equal(ld.url, ARTICLE);
      assert.equal(ld.headline, '茶馆开张');
      assert.deepEqual(ld.comment.map((c) => c.url), [`${ARTICLE}#floor-2`, `${ARTICLE}#floor-3`]);
      assert.deepEqual(ld.comment.map((c) => (c.author as { name: string }).name), ['<img src=x onerror=alert(1)>', 'Bob']);
      assert.ok(ld.comment.every((c) => typeof c.dateCreated === 'string'));
      // The JSON cannot close its script element.
      assert.doesNotMatch(html.slice(html.indexOf('application/ld+json')), /<img/);
    });

    await t.test('should link the login page for readers without script', async () => {
      const { html } = await fragment(th, 'page=ssr-1');
      assert.match(html, /<noscript>.*<a href="https:\/\/news\.example\.com\/login" rel="nofollow">登录<\/a>.*<\/noscript>/s);
    });

    await t.test('should answer If-None-Match with 304 and compress with brotli', async () => {
      const first = await fragment(th, 'page=ssr-1');
      const etag = first.res.headers.get('etag')!;
      assert.match(etag, /^".+"$/);
      assert.equal(first.res.headers.get('cache-control'), 'no-cache');
      const again = await th.app.request(`${PATH}?page=ssr-1`, { headers: { 'if-none-match': etag } });
      assert.equal(again.status, 304);
      const br = await th.app.request(`${PATH}?page=ssr-1`, { headers: { 'accept-encoding': 'br' } });
      assert.equal(br.headers.get('content-encoding'), 'br');
      assert.equal(brotliDecompressSync(Buffer.from(await br.arrayBuffer())).toString(), first.html);
    });

    await t.test('should render anew when the thread changes', async () => {
      const before = await fragment(th, 'page=ssr-1');
      await post(th, 'ssr-1', 'third');
      const after = await fragment(th, 'page=ssr-1');
      assert.notEqual(after.res.headers.get('etag'), before.res.headers.get('etag'));
      assert.match(after.html, />地板</);
      assert.equal((scriptJson(after.html, 'application/ld+json') as { commentCount: number }).commentCount, 3);
    });

    await t.test('should render page p with real links to the pages around it on the article URL', async () => {
      for (let i = 0; i < DEFAULT_PAGE_SIZE + 2; i++) await post(th, 'ssr-long', `floor text ${i + 2}`);
      const one = await fragment(th, 'page=ssr-long');
      assert.match(one.html, new RegExp(`<a href="${ARTICLE}\\?p=2" rel="next">下一页</a>`));
      assert.doesNotMatch(one.html, /rel="prev"/);
      const two = await fragment(th, 'page=ssr-long&p=2&lang=en');
      assert.equal(two.res.status, 200);
      assert.match(two.html, new RegExp(`<a href="${ARTICLE}" rel="prev">Previous</a>`));
      assert.doesNotMatch(two.html, /rel="next"/);
      const bootstrap = Bootstrap.parse(scriptJson(two.html, 'application/json'));
      assert.deepEqual(bootstrap.page.floors.map((f) => f.number), [DEFAULT_PAGE_SIZE + 2, DEFAULT_PAGE_SIZE + 3]);
      assert.match(two.html, new RegExp(`floor text ${DEFAULT_PAGE_SIZE + 3}`));
      assert.doesNotMatch(two.html, /floor text 2</);
      assert.match(two.html, new RegExp(`>#${DEFAULT_PAGE_SIZE + 2}<`));
    });

    await t.test('should answer a page past the last with 404 and bad input with 400', async () => {
      const far = await th.getJson(`${PATH}?page=ssr-1&p=2`);
      assert.equal(far.status, 404);
      assert.equal(errorCode(far.body), 'not_found');
      for (const query of ['page=ssr-1&p=0', 'page=ssr-1&p=x', 'p=1', 'page=ssr-1&lang=%3Cscript%3E', `page=${'x'.repeat(600)}`]) {
        const res = await th.getJson(`${PATH}?${query}`);
        assert.equal(res.status, 400, query);
        assert.equal(errorCode(res.body), 'validation_failed');
      }
      const unknown = await th.getJson('/v1/sites/nope/threads/html?page=a');
      assert.equal(unknown.status, 404);
    });

    await t.test('should render a thread nobody has replied to yet', async () => {
      const { res, html } = await fragment(th, 'page=never-posted');
      assert.equal(res.status, 200);
      assert.match(html, /还没有回复|暂无回复|noReplies|class="empty"/);
      assert.equal((scriptJson(html, 'application/ld+json') as { commentCount: number }).commentCount, 0);
    });
  });
}
