// Smoke test of the built app (run `pnpm --filter @teahouse/example-vite-app build` first):
// both articles show their own thread, and switching between them does not reload the page.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { extname, join, normalize } from 'node:path';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { seedThread, startServer } from '@teahouse/server';

const DIST = fileURLToPath(new URL('./dist/', import.meta.url));
const TYPES = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.css': 'text/css', '.svg': 'image/svg+xml' };
const SITE = 'smoke';

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
  assert.ok(existsSync(join(DIST, 'index.html')), 'build the app first: pnpm --filter @teahouse/example-vite-app build');
  app = await serveDist();
  const origin = `http://127.0.0.1:${app.address().port}`;
  teahouse = await startServer({
    port: 0,
    database: 'sqlite::memory:',
    sites: [{ id: SITE, name: 'Smoke', secret: 'smoke-secret-0123456789abcdef', origins: [origin] }],
  });
  const editor = { sub: 'editor', name: '山城看点编辑部' };
  await seedThread(teahouse.db, {
    site: SITE,
    page: 'a-20261124-laojie',
    author: editor,
    floors: [{ author: { sub: 'u1', name: '林晓雨' }, body: '老街的骑楼终于修好了' }],
  });
  await seedThread(teahouse.db, {
    site: SITE,
    page: 'a-20261125-line3',
    author: editor,
    floors: [
      { author: { sub: 'u2', name: '周建国' }, body: '2号出口开了就方便多了' },
      { author: { sub: 'u3', name: '陈小满' }, body: '夜间加开班次到几点？' },
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

test('should show each article its own thread and switch without a reload', async () => {
  const page = await browser.newPage();
  const errors = [];
  page.on('pageerror', (error) => errors.push(error));
  const origin = `http://127.0.0.1:${app.address().port}`;
  await page.goto(`${origin}/?${new URLSearchParams({ server: teahouse.url.replace(/\/$/, ''), site: SITE })}`);

  await page.getByText('老街的骑楼终于修好了').waitFor({ timeout: 15_000 });
  assert.equal(await page.getByText('2号出口开了就方便多了').count(), 0);

  // A reload would drop this marker.
  await page.evaluate(() => {
    window.__notReloaded = true;
  });
  await page.locator('button[data-page="a-20261125-line3"]').click();
  await page.getByText('2号出口开了就方便多了').waitFor({ timeout: 15_000 });
  await page.getByText('夜间加开班次到几点？').waitFor();
  assert.equal(await page.getByText('老街的骑楼终于修好了').count(), 0);
  assert.equal(await page.locator('teahouse-comments').getAttribute('page'), 'a-20261125-line3');

  await page.locator('button[data-page="a-20261124-laojie"]').click();
  await page.getByText('老街的骑楼终于修好了').waitFor({ timeout: 15_000 });
  assert.equal(await page.evaluate(() => window.__notReloaded), true);
  assert.deepEqual(errors, []);
  await page.close();
});
