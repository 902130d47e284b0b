import test from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { Bootstrap, Floor } from '@teahouse/protocol';
import { createApp } from './app.js';
import { startServer } from './server.js';
import { seedThread } from './threads/seed.js';
import { DIALECTS, SITE, errorCode, freshPostgres, testApp } from './test/support.js';

const ALLOWED = 'https://news.example.com';

for (const dialect of DIALECTS) {
  test(`${dialect}: HTTP behaviour`, async (t) => {
    const th = await testApp(dialect);
    t.after(() => th.close());
    await seedThread(th.db, { site: 'demo', page: 'c', author: { sub: 'op', name: 'OP' }, floors: [{ author: { sub: 'a', name: 'A' }, body: 'hi' }] });

    await t.test('should reflect an allowed origin and expose the ETag', async () => {
      const res = await th.app.request('/v1/sites/demo/bootstrap?page=c', { headers: { origin: ALLOWED } });
      assert.equal(res.status, 200);
      assert.equal(res.headers.get('access-control-allow-origin'), ALLOWED);
      assert.match(res.headers.get('access-control-expose-headers') ?? '', /ETag/);
      assert.match(res.headers.get('vary') ?? '', /Origin/);
    });

    await t.test('should refuse an origin the site does not list, nor another site\'s, in words that page can read', async () => {
      for (const origin of ['https://evil.example.com', 'https://other.example.com', 'null', 'https://news.example.com.evil.com']) {
        const res = await th.app.request('/v1/sites/demo/bootstrap?page=c', { headers: { origin } });
        assert.equal(res.status, 403, origin);
        assert.equal(errorCode(await res.json()), 'origin_not_allowed');
        // Readable by the page, so the widget tells "not configured" from "offline"; it carries no data.
        assert.equal(res.headers.get('access-control-allow-origin'), origin);
        const pre = await th.app.request('/v1/sites/demo/floors', {
          method: 'OPTIONS', headers: { origin, 'access-control-request-method': 'POST' },
        });
        assert.equal(pre.status, 403, origin);
        assert.equal(pre.headers.get('access-control-allow-origin'), null);
        const write = await th.app.request('/v1/sites/demo/floors', {
          method: 'POST', headers: { origin, 'content-type': 'application/json' }, body: JSON.stringify({ page: 'c', body: 'x' }),
        });
        assert.equal(write.status, 403, origin);
        assert.equal(errorCode(await write.json()), 'origin_not_allowed');
        const getPreflight = await th.app.request('/v1/sites/demo/bootstrap?page=c', {
          method: 'OPTIONS', headers: { origin, 'access-control-request-method': 'GET', 'access-control-request-headers': 'authorization' },
        });
        assert.equal(getPreflight.status, 204, origin);
        assert.equal(getPreflight.headers.get('access-control-allow-methods'), 'GET');
      }
      const after = await th.app.request('/v1/sites/demo/bootstrap?page=c');
      assert.equal((Bootstrap.parse(await after.json())).thread?.replyCount, 1, 'nothing was written');
    });

    await t.test('should answer a page on the server\'s own host, and callers without an Origin', async () => {
      const own = await th.app.request('http://comments.example.net/v1/sites/demo/bootstrap?page=c', { headers: { origin: 'http://comments.example.net' } });
      assert.equal(own.status, 200);
      assert.equal((await th.app.request('/v1/sites/demo/bootstrap?page=c')).status, 200);
    });

    await t.test('should answer a preflight from an allowed origin with 204', async () => {
      const res = await th.app.request('/v1/sites/demo/floors', {
        method: 'OPTIONS',
        headers: { origin: ALLOWED, 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization, content-type' },
      });
      assert.equal(res.status, 204);
      assert.equal(res.headers.get('access-control-allow-origin'), ALLOWED);
      assert.match(res.headers.get('access-control-allow-headers') ?? '', /Authorization/);
      assert.match(res.headers.get('access-control-allow-headers') ?? '', /If-None-Match/);
      assert.match(res.headers.get('access-control-allow-methods') ?? '', /POST/);
      const unknown = await th.app.request('/v1/sites/nosuch/floors', { method: 'OPTIONS', headers: { origin: ALLOWED } });
      assert.equal(unknown.status, 404);
    });

    await t.test('should carry CORS headers on error responses too', async () => {
      const res = await th.app.request('/v1/sites/demo/floors', {
        method: 'POST', headers: { origin: ALLOWED, 'content-type': 'application/json' }, body: '{}',
      });
      assert.equal(res.status, 401);
      assert.equal(res.headers.get('access-control-allow-origin'), ALLOWED);
      const bad = await th.app.request('/v1/sites/demo/bootstrap?page=c&limit=x', { headers: { origin: ALLOWED } });
      assert.equal(bad.status, 400);
      assert.equal(bad.headers.get('access-control-allow-origin'), ALLOWED);
    });

    await t.test('should send the cached bootstrap compressed to readers that accept it, and plain to others', async () => {
      const floors = Array.from({ length: 20 }, (_, i) => ({ author: { sub: `z${i}`, name: `读者${i}` }, body: `第 ${i} 条:老街夜市周六开市。` }));
      await seedThread(th.db, { site: 'demo', page: 'zip', author: { sub: 'op', name: 'OP' }, floors });
      const plain = await th.app.request('/v1/sites/demo/bootstrap?page=zip');
      const text = await plain.text();
      assert.equal(plain.headers.get('content-encoding'), null);
      assert.equal(Bootstrap.safeParse(JSON.parse(text)).success, true);
      for (const [accept, encoding, decode] of [
        ['gzip, deflate, br', 'br', brotliDecompressSync],
        ['gzip', 'gzip', gunzipSync],
        ['br;q=0, gzip;q=0.5', 'gzip', gunzipSync],
      ] as const) {
        const res = await th.app.request('/v1/sites/demo/bootstrap?page=zip', { headers: { 'accept-encoding': accept } });
        assert.equal(res.headers.get('content-encoding'), encoding, accept);
        assert.match(res.headers.get('vary') ?? '', /Accept-Encoding/);
        const bytes = Buffer.from(await res.arrayBuffer());
        assert.ok(bytes.length < Buffer.byteLength(text) / 2, `${encoding} should shrink the body`);
        assert.equal(decode(bytes).toString('utf8'), text);
      }
      const identity = await th.app.request('/v1/sites/demo/bootstrap?page=zip', { headers: { 'accept-encoding': 'identity' } });
      assert.equal(identity.headers.get('content-encoding'), null);
      assert.equal(await identity.text(), text);
    });

    await t.test('should compress signed-in answers too, which no cache holds', async () => {
      const token = await th.token({ sub: 'zip-reader', name: 'Zip' });
      const headers = { authorization: `Bearer ${token}` };
      const plain = await th.app.request('/v1/sites/demo/bootstrap?page=zip', { headers });
      const text = await plain.text();
      assert.equal(plain.headers.get('content-encoding'), null, 'nothing asked for');
      assert.ok(Bootstrap.parse(JSON.parse(text)).viewer, 'a signed-in bootstrap');
      const zipped = await th.app.request('/v1/sites/demo/bootstrap?page=zip', { headers: { ...headers, 'accept-encoding': 'gzip, deflate, br' } });
      assert.equal(zipped.headers.get('content-encoding'), 'gzip');
      assert.match(zipped.headers.get('vary') ?? '', /Accept-Encoding/);
      const bytes = Buffer.from(await zipped.arrayBuffer());
      assert.ok(bytes.length < text.length / 2, `${bytes.length} bytes for ${text.length}`);
      assert.deepEqual(JSON.parse(gunzipSync(bytes).toString('utf8')).page, JSON.parse(text).page);
      const floors = await th.app.request('/v1/sites/demo/floors?page=zip', { headers: { ...headers, 'accept-encoding': 'gzip' } });
      assert.equal(floors.headers.get('content-encoding'), 'gzip');
    });

    await t.test('should answer If-None-Match with 304 until the thread changes', async () => {
      const first = await th.app.request('/v1/sites/demo/bootstrap?page=c');
      const etag = first.headers.get('etag');
      assert.ok(etag);
      assert.equal(first.headers.get('cache-control'), 'public, max-age=0, s-maxage=5, stale-while-revalidate=30');
      const again = await th.app.request('/v1/sites/demo/bootstrap?page=c', { headers: { 'if-none-match': etag } });
      assert.equal(again.status, 304);
      assert.equal(await again.text(), '');
      const otherLimit = await th.app.request('/v1/sites/demo/bootstrap?page=c&limit=5', { headers: { 'if-none-match': etag } });
      assert.equal(otherLimit.status, 200);

      assert.equal((await th.post({ page: 'c', body: 'news' })).status, 201);
      const after = await th.app.request('/v1/sites/demo/bootstrap?page=c', { headers: { 'if-none-match': etag } });
      assert.equal(after.status, 200);
      assert.notEqual(after.headers.get('etag'), etag);
      const body = Bootstrap.parse(await after.json());
      assert.equal(body.thread.replyCount, 2);
      assert.deepEqual(body.page.floors.map((f) => f.number), [2, 3]);
    });

    await t.test('should serve a fresh bootstrap after a post, never the cached one', async () => {
      for (let i = 0; i < 3; i++) {
        const before = Bootstrap.parse(await (await th.app.request('/v1/sites/demo/bootstrap?page=inv&sort=newest')).json());
        const floor = Floor.parse(await (await th.post({ page: 'inv', body: `n${i}` })).json());
        const after = Bootstrap.parse(await (await th.app.request('/v1/sites/demo/bootstrap?page=inv&sort=newest')).json());
        assert.equal(after.thread.lastFloor, before.thread.lastFloor + 1);
        assert.equal(after.page.floors[0]?.number, floor.number);
      }
      // Seeding from a script that holds the same database object invalidates too.
      const before = Bootstrap.parse(await (await th.app.request('/v1/sites/demo/bootstrap?page=inv')).json());
      await seedThread(th.db, { site: 'demo', page: 'inv', author: { sub: 'op', name: 'OP' }, floors: [{ author: { sub: 'z', name: 'Z' }, body: 'seeded' }] });
      const after = Bootstrap.parse(await (await th.app.request('/v1/sites/demo/bootstrap?page=inv')).json());
      assert.equal(after.thread.replyCount, before.thread.replyCount + 1);
      assert.equal(after.thread.author?.name, 'OP');
    });

    await t.test('should serve the OpenAPI document and a health check', async () => {
      const res = await th.app.request('/v1/openapi.json');
      assert.equal(res.status, 200);
      assert.equal(res.headers.get('access-control-allow-origin'), '*');
      const doc = await res.json();
      assert.equal(doc.openapi, '3.1.0');
      assert.ok(doc.paths['/v1/sites/{site}/bootstrap']);
      const health = await th.getJson('/healthz');
      assert.deepEqual(health.body, { ok: true });
    });

    await t.test('should answer unsupported methods with a 404 error body', async () => {
      for (const method of ['PUT', 'DELETE', 'PATCH']) {
        const res = await th.app.request('/v1/sites/demo/floors', { method });
        assert.equal(res.status, 404, method);
        assert.equal(errorCode(await res.json()), 'not_found');
      }
    });
  });

  test(`${dialect}: should keep every acknowledged floor across a restart`, async (t) => {
    let database: string;
    let cleanup: () => Promise<void> | void;
    if (dialect === 'sqlite') {
      const dir = mkdtempSync(join(tmpdir(), 'teahouse-'));
      database = `sqlite:${join(dir, 'nested', 'teahouse.db')}`;
      cleanup = () => rmSync(dir, { recursive: true, force: true });
    } else {
      const pg = await freshPostgres();
      database = pg.url;
      cleanup = pg.drop;
    }
    t.after(() => cleanup());
    const first = await testApp(dialect, { database });
    const numbers: number[] = [];
    for (let i = 0; i < 5; i++) numbers.push(Floor.parse(await (await first.post({ page: 'durable', body: `kept ${i}` })).json()).number);
    await first.close();

    const second = await createApp({ database, sites: [SITE] });
    t.after(() => second.close());
    const res = await second.app.request('/v1/sites/demo/bootstrap?page=durable');
    const body = Bootstrap.parse(await res.json());
    assert.deepEqual(body.page.floors.map((f) => f.number), numbers);
    assert.deepEqual(body.page.floors.map((f) => f.body.children[0]?.type === 'paragraph' && f.body.children[0].children[0]), numbers.map((_, i) => ({ type: 'text', value: `kept ${i}` })));
  });
}

test('should serve static files with types and cache headers, and nothing outside the directory', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'teahouse-static-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  writeFileSync(join(dir, 'embed.js'), 'console.log("embed")');
  mkdirSync(join(dir, 'assets'));
  writeFileSync(join(dir, 'assets', 'chunk-a1b2c3d4.js'), 'export {}');
  writeFileSync(join(dir, 'style.css'), 'a{}');
  writeFileSync(join(dir, '.env'), 'SECRET=1');
  const { app, close } = await createApp({ database: 'sqlite::memory:', staticDir: dir });
  t.after(() => close());

  const js = await app.request('/embed.js');
  assert.equal(js.status, 200);
  assert.equal(js.headers.get('content-type'), 'text/javascript; charset=utf-8');
  assert.match(js.headers.get('cache-control') ?? '', /max-age=300/);
  assert.equal(js.headers.get('access-control-allow-origin'), '*');
  assert.equal(await js.text(), 'console.log("embed")');
  const again = await app.request('/embed.js', { headers: { 'if-none-match': js.headers.get('etag')! } });
  assert.equal(again.status, 304);
  const plain = await app.request('/embed.js', { headers: { 'accept-encoding': 'gzip, br' } });
  assert.equal(plain.headers.get('content-encoding'), null);
  writeFileSync(join(dir, 'embed.js.br'), 'BROTLI');
  const br = await app.request('/embed.js', { headers: { 'accept-encoding': 'gzip, deflate, br' } });
  assert.equal(br.headers.get('content-encoding'), 'br');
  assert.equal(br.headers.get('content-type'), 'text/javascript; charset=utf-8');
  assert.match(br.headers.get('vary') ?? '', /Accept-Encoding/);
  assert.equal(Buffer.from(await br.arrayBuffer()).toString(), 'BROTLI');
  const chunk = await app.request('/assets/chunk-a1b2c3d4.js');
  assert.match(chunk.headers.get('cache-control') ?? '', /immutable/);
  assert.equal((await app.request('/style.css')).headers.get('content-type'), 'text/css; charset=utf-8');
  for (const path of ['/.env', '/../package.json', '/%2e%2e/%2e%2e/etc/passwd', '/assets/', '/missing.js', '/%E0%A4%A']) {
    const res = await app.request(path);
    assert.equal(res.status, 404, path);
    assert.equal(errorCode(await res.json()), 'not_found');
  }
});

test('should start a real server on a random port and close it', async () => {
  const server = await startServer({ database: 'sqlite::memory:', port: 0, sites: [SITE] });
  try {
    assert.match(server.url, /^http:\/\/127\.0\.0\.1:\d+$/);
    const res = await fetch(`${server.url}/v1/sites/demo/bootstrap?page=x`, { headers: { origin: ALLOWED } });
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('access-control-allow-origin'), ALLOWED);
    assert.ok(Bootstrap.safeParse(await res.json()).success);
  } finally {
    await server.close();
  }
  await assert.rejects(fetch(`${server.url}/healthz`));
});
