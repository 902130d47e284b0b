// Smoke test of the built React 19 example (run `pnpm --filter @teahouse/example-react-app build`
// first): the wrapped <teahouse-comments> renders its thread, its typed onReady prop hears
// teahouse-ready, and re-rendering the app (a new inline getToken each time) reloads nothing.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { extname, join, normalize } from 'node:path';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { seedThread, startServer } from '@teahouse/server';

const DIST = fileURLToPath(new URL('./dist/', import.meta.url));
const TYPES = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.css': 'text/css' };
const SITE = 'react-smoke';

let app;
let teahouse;
let browser;

function serveDist() {
  const server = createServer((req, res) => {
    const path = normalize(decodeURIComponent(new URL(req.url, 'http://x').pathname)).replace(/^(\.\.[/\\])+/, '');
    let file = join(DIST, path);
    if (!file.startsWith(DIST) || !existsSync(file) || path.endsWith('/')) file = join(DIST, 'index.html');
    res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' });
    res.end(readFileSync(file));
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

before(async () => {
  assert.ok(existsSync(join(DIST, 'index.html')), 'build the app first: pnpm --filter @teahouse/example-react-app build');
  app = await serveDist();
  const origin = `http://127.0.0.1:${app.address().port}`;
  teahouse = await startServer({
    port: 0,
    database: 'sqlite::memory:',
    sites: [{ id: SITE, name: 'React smoke', secret: 'react-smoke-secret-0123456789abcdef', origins: [origin] }],
  });
  await seedThread(teahouse.db, {
    site: SITE,
    page: 'a-20261124-laojie',
    author: { sub: 'editor', name: '山城看点编辑部' },
    floors: [
      { author: { sub: 'u1', name: '林晓雨' }, body: '老街的骑楼终于修好了' },
      { author: { sub: 'u2', name: '周建国' }, body: '周六一定去逛' },
    ],
  });
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
});

after(async () => {
  await browser?.close();
  await teahouse?.close();
  await new Promise((resolve) => (app ? app.close(resolve) : resolve()));
});

test('should render the thread through @teahouse/react and reload nothing on re-renders', async () => {
  const page = await browser.newPage();
  const errors = [];
  page.on('pageerror', (error) => errors.push(error));
  const bootstraps = [];
  page.on('request', (request) => {
    if (request.url().includes('/bootstrap?')) bootstraps.push(request.url());
  });
  const origin = `http://127.0.0.1:${app.address().port}`;
  await page.goto(`${origin}/?${new URLSearchParams({ server: teahouse.url.replace(/\/$/, ''), site: SITE })}`);

  await page.getByText('老街的骑楼终于修好了').waitFor({ timeout: 15_000 });
  await page.locator('[data-ready]').filter({ hasText: '2 replies loaded' }).waitFor({ timeout: 15_000 });
  await page.locator('teahouse-count').filter({ hasText: '2 条评论' }).waitFor({ timeout: 15_000 });
  const loaded = bootstraps.length;
  for (let i = 0; i < 3; i++) await page.locator('[data-rerender]').click();
  await page.locator('[data-rerender]').filter({ hasText: '(3)' }).waitFor();
  await page.waitForTimeout(300);
  assert.equal(bootstraps.length, loaded, 'a new getToken for the same reader reloads nothing');
  assert.deepEqual(errors, []);
  await page.close();
});
