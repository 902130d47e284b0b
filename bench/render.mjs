#!/usr/bin/env node
// Rendering in headless Chromium: time to first paint of a 50-floor thread embedded by the
// script tag (navigation start -> the first floor painted), and the time to render 1,000
// floors in one <teahouse-thread>. Median of several runs; rewrites the "Render" section of
// docs/performance.md. Needs a build first: `node scripts/build.mjs`.
import { readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const root = fileURLToPath(new URL('..', import.meta.url));
const DOC = `${root}docs/performance.md`;
const START = '<!-- bench:render:start -->';
const END = '<!-- bench:render:end -->';
const RUNS = Number(process.env.BENCH_RUNS ?? 7);
const SECRET = 'bench-secret-0123456789abcdef';

const { startServer, seedThread } = await import('../packages/server/dist/index.js');

// The host page lives on its own origin, as on a real news site.
const host = createServer((req, res) => {
  const url = new URL(req.url, 'http://x');
  const page = url.searchParams.get('page') ?? 'bench-50';
  res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
  res.end(`<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>bench</title></head><body>
<article><h1>基准文章</h1><p>正文。</p></article>
<script src="${api.url.replace(/\/$/, '')}/embed.js" data-site="bench" data-page="${page}" data-loading="eager" async></script>
</body></html>`);
});
await new Promise((resolve) => host.listen(0, '127.0.0.1', resolve));
const hostOrigin = `http://127.0.0.1:${host.address().port}`;

const api = await startServer({
  port: 0,
  database: 'sqlite::memory:',
  staticDir: `${root}packages/embed/dist`,
  sites: [{ id: 'bench', name: 'Bench', secret: SECRET, origins: [hostOrigin] }],
});

const people = Array.from({ length: 12 }, (_, i) => ({ sub: `reader-${i}`, name: `读者${i + 1}` }));
const body = (i) => `第 ${i} 条回复:老街改造之后**晚上**更热闹了,周末一定去看看。 https://example.com/${i}`;
async function seed(page, count) {
  await seedThread(api.db, {
    site: 'bench',
    page,
    title: page,
    author: people[0],
    floors: Array.from({ length: count }, (_, i) => ({
      author: people[i % people.length],
      body: body(i + 2),
      ...(i > 3 && i % 7 === 0 ? { quote: i } : {}),
    })),
  });
}
await seed('bench-50', 50);
await seed('bench-1000', 1000);

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});

async function firstPaint(viewport = { width: 1280, height: 800 }) {
  const context = await browser.newContext({ viewport });
  const tab = await context.newPage();
  // The first floor is in the widget's shadow DOM: checked before every frame from the start of
  // the page (the floors may be there before its load event), and the time it is first there kept.
  await tab.addInitScript(() => {
    const watch = () => {
      const thread = document.querySelector('teahouse-comments')?.shadowRoot?.querySelector('teahouse-thread');
      const first = thread?.shadowRoot?.querySelector('teahouse-comment');
      if (!(first?.shadowRoot?.childElementCount > 0)) return requestAnimationFrame(watch);
      globalThis.floorsAt = performance.now();
      globalThis.firstTop = first.getBoundingClientRect().top + scrollY;
      globalThis.shareAt = document.querySelector('teahouse-comments').shadowRoot.querySelector('teahouse-share').getBoundingClientRect().height;
      requestAnimationFrame(() => (globalThis.paintedAt = performance.now()));
    };
    requestAnimationFrame(watch);
  });
  await tab.goto(`${hostOrigin}/?page=bench-50`);
  await tab.waitForFunction(() => globalThis.paintedAt !== undefined);
  const ms = await tab.evaluate(() => globalThis.paintedAt);
  // Requests started before the floors were in the DOM, read once what came after them has had
  // time to finish too (a resource's entry appears when it completes; the event stream never does).
  await tab.waitForTimeout(1500);
  // How far the first floor moved once the rest (share bar, composer, tools) had rendered.
  const moved = await tab.evaluate(() => {
    const thread = document.querySelector('teahouse-comments').shadowRoot.querySelector('teahouse-thread');
    return thread.shadowRoot.querySelector('teahouse-comment').getBoundingClientRect().top + scrollY - globalThis.firstTop;
  });
  if (process.env.DEBUG_MOVE) {
    console.log(viewport.width, moved, await tab.evaluate(() => {
      const root = document.querySelector('teahouse-comments').shadowRoot;
      const h = (sel) => root.querySelector(sel)?.getBoundingClientRect().height;
      return [globalThis.shareAt, h('teahouse-share'), h('teahouse-reactions'), h('teahouse-thread'), root.querySelector('teahouse-thread').shadowRoot.querySelector('header').getBoundingClientRect().height];
    }));
  }
  const requests = await tab.evaluate(
    (origin) => performance.getEntriesByType('resource').filter((e) => e.name.startsWith(origin) && e.startTime < globalThis.floorsAt).map((e) => e.name),
    api.url.replace(/\/$/, ''),
  );
  await context.close();
  return { ms, requests, moved };
}

async function render1000() {
  const context = await browser.newContext();
  const tab = await context.newPage();
  await tab.goto(`${hostOrigin}/?page=none`);
  await tab.waitForFunction(() => customElements.get('teahouse-thread') !== undefined);
  const ms = await tab.evaluate(async (base) => {
    const floors = [];
    let cursor = '';
    do {
      const res = await fetch(`${base}/v1/sites/bench/floors?page=bench-1000&limit=100${cursor ? `&cursor=${cursor}` : ''}`);
      const page = await res.json();
      floors.push(...page.floors);
      cursor = page.next ? encodeURIComponent(page.next) : '';
    } while (cursor);
    // The thread renders from the store of the comments around it: hand that store 1,000 floors.
    const comments = document.createElement('teahouse-comments');
    Object.assign(comments, { server: base, site: 'bench', page: 'bench-1000', pageSize: 10 });
    const ready = new Promise((resolve) => comments.addEventListener('teahouse-ready', resolve, { once: true }));
    document.body.append(comments);
    await ready;
    const thread = comments.shadowRoot.querySelector('teahouse-thread');
    const start = performance.now();
    Object.assign(comments.store, { floors, next: null, replyCount: floors.length });
    comments.store.changed();
    await thread.updateComplete;
    await Promise.all([...thread.shadowRoot.querySelectorAll('teahouse-comment')].map((c) => c.updateComplete));
    await new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve)));
    if (thread.shadowRoot.querySelectorAll('teahouse-comment').length !== 1000) throw new Error('not 1000 floors');
    return performance.now() - start;
  }, api.url.replace(/\/$/, ''));
  await context.close();
  return ms;
}

try {
  const paints = [];
  const moves = { desktop: [], phone: [] };
  let requests = [];
  for (let i = 0; i < RUNS; i++) {
    const run = await firstPaint();
    paints.push(run.ms);
    moves.desktop.push(run.moved);
    requests = run.requests;
    moves.phone.push((await firstPaint({ width: 390, height: 844 })).moved);
  }
  const renders = [];
  for (let i = 0; i < RUNS; i++) renders.push(await render1000());

  const rows = [
    ['first paint, 50-floor thread (navigation start → first floor painted)', `${median(paints).toFixed(0)} ms`],
    ['requests started before the floors are in the DOM (besides the host page)', `${requests.length}: ${requests.map((r) => new URL(r).pathname).join(', ')}`],
    ['how far the first floor moves when what comes after the paint renders (share bar, composer, tools), 1280 px / 390 px wide', `${Math.round(median(moves.desktop))} px / ${Math.round(median(moves.phone))} px`],
    ['render 1,000 floors in one `<teahouse-thread>`', `${median(renders).toFixed(0)} ms`],
  ];
  const table = ['| what | median of ' + RUNS + ' |', '|---|---:|', ...rows.map(([a, b]) => `| ${a} | ${b} |`)].join('\n');
  console.log(table);
  const section = `${START}
## Render (headless Chromium, loopback)

Measured by \`node bench/render.mjs\` on ${new Date().toISOString().slice(0, 10)} (2 cores, load average
${loadavg()[0].toFixed(0)} at the end of the run; the host page and the server on loopback, so network time is near
zero and what is left is script and render: the times move with the machine's load, the requests do not).

${table}
${END}`;
  let doc = readFileSync(DOC, 'utf8');
  doc = doc.includes(START) ? doc.replace(new RegExp(`${START}[\\s\\S]*?${END}`), section) : `${doc.trimEnd()}\n\n${section}\n`;
  writeFileSync(DOC, doc);
} finally {
  await browser.close();
  await api.close();
  host.close();
}
