#!/usr/bin/env node
// The server-rendered thread (GET /v1/sites/{site}/threads/html): throughput from the cache and
// uncached as ratios to the JSON bootstrap measured in the same run, and in headless Chromium the
// first paint of an article page with the fragment vs the script alone (requests, bytes, ms) and
// the layout shift (CLS) until the widget is ready. Rewrites the "Server-rendered threads" section
// of docs/performance.md. Needs a build first: `node scripts/build.mjs`.
import { readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { brotliCompressSync, constants } from 'node:zlib';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const root = fileURLToPath(new URL('..', import.meta.url));
const DOC = `${root}docs/performance.md`;
const START = '<!-- bench:ssr:start -->';
const END = '<!-- bench:ssr:end -->';
const RUNS = Number(process.env.RUNS ?? 7);
const SECONDS = Number(process.env.SECONDS ?? 3);
const SECRET = 'bench-secret-0123456789abcdef';

const { startServer, seedThread } = await import('../packages/server/dist/index.js');
const { buildBootstrap } = await import('../packages/server/dist/threads/bootstrap.js');
const { renderFragment } = await import('../packages/server/dist/ssr/fragment.js');
const { listSites } = await import('../packages/server/dist/sites/sites.js');

let api;
const host = createServer(async (req, res) => {
  const url = new URL(req.url, 'http://x');
  const ssr = url.pathname === '/ssr';
  const base = api.url.replace(/\/$/, '');
  const fragment = ssr ? await (await fetch(`${base}/v1/sites/bench/threads/html?page=bench-30`)).text() : '<div id="teahouse"></div>';
  // As a news site's server would send it: compressed (brotli 5, as Teahouse does its own answers).
  const page = Buffer.from(`<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>bench</title></head><body>
<article><h1>基准文章</h1><p>正文。</p></article>
${fragment}
<script src="${base}/embed.js" data-site="bench" data-page="bench-30" data-loading="eager" async></script>
<footer style="height: 600px">页脚</footer>
</body></html>`);
  const br = /\bbr\b/.test(req.headers['accept-encoding'] ?? '');
  res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', ...(br ? { 'content-encoding': 'br' } : {}) });
  res.end(br ? brotliCompressSync(page, { params: { [constants.BROTLI_PARAM_QUALITY]: 5 } }) : page);
});
await new Promise((resolve) => host.listen(0, '127.0.0.1', resolve));
const hostOrigin = `http://127.0.0.1:${host.address().port}`;

api = await startServer({
  port: 0,
  database: 'sqlite::memory:',
  staticDir: `${root}packages/embed/dist`,
  sites: [{ id: 'bench', name: 'Bench', secret: SECRET, origins: [hostOrigin] }],
});

const people = Array.from({ length: 12 }, (_, i) => ({ sub: `reader-${i}`, name: `读者${i + 1}` }));
await seedThread(api.db, {
  site: 'bench',
  page: 'bench-30',
  url: `${hostOrigin}/ssr`,
  title: 'bench-30',
  author: people[0],
  floors: Array.from({ length: 30 }, (_, i) => ({
    author: people[i % people.length],
    body: `第 ${i + 2} 条回复:老街改造之后**晚上**更热闹了,周末一定去看看。 https://example.com/${i}`,
    ...(i > 3 && i % 7 === 0 ? { quote: i } : {}),
  })),
});

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** Requests per second of `fn` for SECONDS, one at a time. */
async function rate(fn) {
  for (let i = 0; i < 50; i++) await fn();
  let n = 0;
  const start = performance.now();
  while (performance.now() - start < SECONDS * 1000) {
    await fn();
    n++;
  }
  return n / ((performance.now() - start) / 1000);
}

const headers = { 'accept-encoding': 'br, gzip' };
const cachedJson = () => api.app.request('/v1/sites/bench/bootstrap?page=bench-30', { headers }).then((r) => r.arrayBuffer());
const cachedHtml = () => api.app.request('/v1/sites/bench/threads/html?page=bench-30', { headers }).then((r) => r.arrayBuffer());
// A miss does the build and the serialisation (or the render) of the same thread.
const site = (await listSites(api.db)).find((s) => s.id === 'bench');
const uncachedJson = async () => Buffer.from(JSON.stringify((await buildBootstrap(api.db, site, 'bench-30', 'oldest', 30, null)).body));
const uncachedHtml = async () => {
  const { body } = await buildBootstrap(api.db, site, 'bench-30', 'oldest', 30, null);
  return Buffer.from(await renderFragment({ bootstrap: body, page: 1, pages: 1, server: 'http://127.0.0.1', lang: 'zh-CN', origins: new Set([hostOrigin]) }));
};

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});

/** Navigation start → the first floor painted; what was fetched before; layout shift until ready. */
async function paint(path) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const tab = await context.newPage();
  const finished = [];
  tab.on('requestfinished', (request) => finished.push(request));
  await tab.addInitScript(() => {
    window.__cls = 0;
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) {
        if (entry.hadRecentInput) continue;
        window.__cls += entry.value;
        (window.__shifts ??= []).push({ at: Math.round(entry.startTime), value: entry.value, nodes: entry.sources.map((s) => `${s.node?.nodeName}.${s.node?.className ?? ''}#${s.node?.id ?? ''} ${JSON.stringify(s.previousRect)}->${JSON.stringify(s.currentRect)}`) });
      }
    }).observe({ type: 'layout-shift', buffered: true });
    const check = () => {
      const floor = document.querySelector('teahouse-comments')?.shadowRoot?.querySelector('teahouse-thread')?.shadowRoot?.querySelector('teahouse-comment');
      if (floor?.shadowRoot?.childElementCount) window.__floorAt ??= performance.now();
      // Hydrated (or rendered): the element is defined and has made its first update.
      if (document.querySelector('teahouse-comments')?.hasUpdated) window.__liveAt ??= performance.now();
      if (window.__floorAt === undefined || window.__liveAt === undefined) requestAnimationFrame(check);
    };
    requestAnimationFrame(check);
  });
  await tab.goto(`${hostOrigin}${path}`, { waitUntil: 'commit' });
  await tab.waitForFunction(() => window.__floorAt !== undefined);
  const ms = await tab.evaluate(() => window.__floorAt);
  // What had arrived when the first floor was painted: the page and the requests to Teahouse, as sent (encoded).
  const paintedAt = await tab.evaluate(() => performance.timeOrigin + window.__floorAt);
  const arrived = finished.filter((r) => r.timing().startTime + r.timing().responseEnd <= paintedAt);
  const before = await Promise.all(arrived.map(async (r) => ({ name: r.url(), bytes: (await r.sizes()).responseBodySize })));
  // Until the composer is there and the page has settled.
  await tab.waitForFunction(() => !!document.querySelector('teahouse-comments')?.shadowRoot?.querySelector('teahouse-composer')?.shadowRoot?.childElementCount);
  await tab.waitForTimeout(1000);
  const cls = await tab.evaluate(() => window.__cls);
  // The shift of the hydration itself (or of the client's first render): until a frame after the element's first update.
  const clsLive = await tab.evaluate(() => (window.__shifts ?? []).filter((s) => s.at <= window.__liveAt + 50).reduce((sum, s) => sum + s.value, 0));
  if (process.env.SHIFTS) console.log(path, JSON.stringify(await tab.evaluate(() => window.__shifts), null, 1));
  const bootstraps = await tab.evaluate(() => performance.getEntriesByType('resource').filter((e) => e.name.includes('/bootstrap')).length);
  await context.close();
  const api0 = api.url.replace(/\/$/, '');
  const ours = before.filter((r) => r.name.startsWith(api0));
  const bytes = before.filter((r) => r.name.startsWith(api0) || r.name.startsWith(hostOrigin)).reduce((sum, r) => sum + r.bytes, 0);
  return { ms, requests: ours.length, bytes, clsLive, cls, bootstraps };
}

try {
  const rates = { cachedJson: await rate(cachedJson), cachedHtml: await rate(cachedHtml), uncachedJson: await rate(uncachedJson), uncachedHtml: await rate(uncachedHtml) };
  const sizes = {
    json: (await api.app.request('/v1/sites/bench/bootstrap?page=bench-30', { headers }).then((r) => r.arrayBuffer())).byteLength,
    html: (await api.app.request('/v1/sites/bench/threads/html?page=bench-30', { headers }).then((r) => r.arrayBuffer())).byteLength,
    raw: (await api.app.request('/v1/sites/bench/threads/html?page=bench-30').then((r) => r.arrayBuffer())).byteLength,
  };
  const runs = { ssr: [], plain: [] };
  for (let i = 0; i < RUNS; i++) {
    runs.ssr.push(await paint('/ssr'));
    runs.plain.push(await paint('/plain'));
  }
  const pick = (list, key) => median(list.map((r) => r[key]));
  const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
  const rows = [
    ['anonymous JSON bootstrap from the cache (30 floors, br)', `${rates.cachedJson.toFixed(0)} req/s`, '1'],
    ['fragment from the cache (30 floors, br)', `${rates.cachedHtml.toFixed(0)} req/s`, (rates.cachedHtml / rates.cachedJson).toFixed(2)],
    ['JSON bootstrap uncached (build + serialise)', `${rates.uncachedJson.toFixed(0)} req/s`, '1'],
    ['fragment uncached (build + Lit SSR render)', `${rates.uncachedHtml.toFixed(0)} req/s`, (rates.uncachedHtml / rates.uncachedJson).toFixed(2)],
  ];
  const paintRows = [
    ['with the fragment', ...['ms', 'requests', 'bytes', 'clsLive', 'cls', 'bootstraps'].map((k) => pick(runs.ssr, k))],
    ['script only', ...['ms', 'requests', 'bytes', 'clsLive', 'cls', 'bootstraps'].map((k) => pick(runs.plain, k))],
  ].map(([what, ms, requests, bytes, clsLive, cls, bootstraps]) =>
    `| ${what} | ${ms.toFixed(0)} ms | ${requests} | ${kb(bytes)} | ${clsLive.toFixed(4)} | ${cls.toFixed(4)} | ${bootstraps} |`);
  const section = `${START}
## Server-rendered threads

Measured by \`node bench/ssr.mjs\` on ${new Date().toISOString().slice(0, 10)} (2 cores, loopback, one request at a
time in process for ${SECONDS} s each; ratios are to the JSON bootstrap of the same thread in the same run).

| what | throughput | ratio |
|---|---:|---:|
${rows.map((r) => `| ${r.join(' | ')} |`).join('\n')}

The fragment of that thread is ${kb(sizes.raw)} raw and ${kb(sizes.html)} with br on the wire (the bootstrap: ${kb(sizes.json)}):
every floor's shadow root carries its element's styles, which compress well.

First paint of an article page (median of ${RUNS}; navigation start → first floor painted; requests
to Teahouse and bytes (as sent, the host page included, served with br) that had arrived by then; CLS of the hydration (or of the client's first
render) up to a frame after the element's first update, and CLS until the composer is there and a
second more, which adds the parts that load on demand — share bar, tabs, composer — in both;
bootstrap requests over the whole load):

| page | first paint | requests | bytes | CLS at hydration / first render | CLS until ready | bootstrap requests |
|---|---:|---:|---:|---:|---:|---:|
${paintRows.join('\n')}
${END}`;
  console.log(section);
  let doc = readFileSync(DOC, 'utf8');
  doc = doc.includes(START) ? doc.replace(new RegExp(`${START}[\\s\\S]*?${END}`), section) : `${doc.trimEnd()}\n\n${section}\n`;
  writeFileSync(DOC, doc);
} finally {
  await browser.close();
  await api.close();
  host.close();
}
