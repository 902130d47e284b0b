#!/usr/bin/env node
// How many floors the first page of a thread should hold: for a thread of forum-like replies,
// how many floors a reader sees on the first screen (a phone 375×667 and a desktop 1280×800, in
// headless Chromium), what the bootstrap weighs on the wire for 10, 20 and 30 floors (anonymous:
// brotli from the cache; signed in: gzip from the compress middleware), and what building it costs
// the server. Prints a table; docs/performance.md quotes it. Needs a build first: `node scripts/build.mjs`.
import { createServer, get } from 'node:http';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const root = fileURLToPath(new URL('..', import.meta.url));
const SECRET = 'bench-secret-0123456789abcdef';
const SIZES = [10, 20, 30];
const { startServer, seedThread, signToken } = await import('../packages/server/dist/index.js');

const host = createServer((req, res) => {
  res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
  res.end(`<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">
<title>bench</title></head><body style="margin:0 8px">
<script src="${api.url}/embed.js" data-site="bench" data-page="forum" data-loading="eager" async></script></body></html>`);
});
await new Promise((resolve) => host.listen(0, '127.0.0.1', resolve));
const hostOrigin = `http://127.0.0.1:${host.address().port}`;
const api = await startServer({
  port: 0, database: 'sqlite::memory:', staticDir: `${root}packages/embed/dist`, limits: false,
  sites: [{ id: 'bench', name: 'Bench', secret: SECRET, origins: [hostOrigin] }],
});

// Replies as on the reference forum page: a line or two, some quoting an earlier floor.
const people = Array.from({ length: 12 }, (_, i) => ({ sub: `reader-${i}`, name: `读者${i + 1}` }));
const lines = ['支持一下,老街改造之后晚上更热闹了。', '周末去看了,停车还是难,建议多走几步从北门进。', '同意楼上,夜市的小吃摊比以前干净多了,价格也还行,就是人太多。', '沙发!'];
await seedThread(api.db, {
  site: 'bench', page: 'forum', title: 'forum', author: people[0],
  floors: Array.from({ length: 60 }, (_, i) => ({ author: people[i % people.length], body: lines[i % lines.length], ...(i > 3 && i % 6 === 0 ? { quote: i } : {}) })),
});

function wire(path, headers) {
  return new Promise((resolve, reject) => {
    get(`${api.url}${path}`, { headers }, (res) => {
      let bytes = 0;
      res.on('data', (c) => (bytes += c.length));
      res.on('end', () => resolve({ bytes, encoding: res.headers['content-encoding'] ?? 'none' }));
    }).on('error', reject);
  });
}

const token = await signToken({ id: 'bench', secret: SECRET }, { sub: 'reader-1', name: '读者2' });
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const rows = [];
for (const size of SIZES) {
  const path = `/v1/sites/bench/bootstrap?page=forum&limit=${size}`;
  const raw = await wire(path, {});
  const anonymous = await wire(path, { 'accept-encoding': 'br, gzip' });
  const signedRaw = await wire(path, { authorization: `Bearer ${token}` });
  const signed = await wire(path, { authorization: `Bearer ${token}`, 'accept-encoding': 'br, gzip' });
  const times = [];
  for (let i = 0; i < 20; i++) await (await api.app.request(path, { headers: { authorization: `Bearer ${token}` } })).arrayBuffer();
  for (let i = 0; i < 100; i++) {
    const start = performance.now();
    await (await api.app.request(path, { headers: { authorization: `Bearer ${token}` } })).arrayBuffer();
    times.push(performance.now() - start);
  }
  rows.push({ size, raw: raw.bytes, anonymous: anonymous.bytes, signedRaw: signedRaw.bytes, signed: signed.bytes, encoding: signed.encoding, ms: median(times) });
}

const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
const screens = {};
try {
  for (const [name, viewport] of [['phone 375×667', { width: 375, height: 667 }], ['desktop 1280×800', { width: 1280, height: 800 }]]) {
    const context = await browser.newContext({ viewport });
    const tab = await context.newPage();
    await tab.goto(`${hostOrigin}/`);
    screens[name] = await tab.evaluate(async (height) => {
      const find = () => document.querySelector('teahouse-comments')?.shadowRoot?.querySelector('teahouse-thread')?.shadowRoot?.querySelectorAll('teahouse-comment');
      while (!(find()?.length > 5)) await new Promise((r) => setTimeout(r, 50));
      await new Promise((r) => requestAnimationFrame(() => setTimeout(r, 100)));
      const floors = [...find()].map((el) => el.getBoundingClientRect());
      const top = document.querySelector('teahouse-comments').getBoundingClientRect().top;
      const heights = floors.map((r) => r.height);
      return {
        // Floors whose top is on the first screen, the widget's own header (reactions, share bar) included.
        firstScreen: floors.filter((r) => r.top - top < height).length,
        // Floors a reader scrolls through per screen once in the thread.
        perScreen: Math.round(height / (heights.reduce((a, b) => a + b, 0) / heights.length)),
        medianHeight: Math.round([...heights].sort((a, b) => a - b)[Math.floor(heights.length / 2)]),
      };
    }, viewport.height);
    await context.close();
  }
} finally {
  await browser.close();
  await api.close();
  host.close();
}

const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
console.log('| first page | bootstrap raw | anonymous (br, cached) | signed in raw | signed in on the wire | signed-in build, median |');
console.log('|---:|---:|---:|---:|---:|---:|');
for (const r of rows) console.log(`| ${r.size} floors | ${kb(r.raw)} | ${kb(r.anonymous)} | ${kb(r.signedRaw)} | ${kb(r.signed)} (${r.encoding}) | ${r.ms.toFixed(1)} ms |`);
console.log('\n| screen | floors on the first screen | floors per screen in the thread | median floor height |');
console.log('|---|---:|---:|---:|');
for (const [name, s] of Object.entries(screens)) console.log(`| ${name} | ${s.firstScreen} | ${s.perScreen} | ${s.medianHeight} px |`);
