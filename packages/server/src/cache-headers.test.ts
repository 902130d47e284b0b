import test from 'node:test';
import assert from 'node:assert/strict';
import { gunzipSync } from 'node:zlib';
import { Counts, FloorPage } from '@teahouse/protocol';
import { DIALECTS, testApp } from './test/support.js';

const varies = (res: Response, name: string) => (res.headers.get('vary') ?? '').split(',').map((v) => v.trim().toLowerCase()).includes(name.toLowerCase());

for (const dialect of DIALECTS) {
  test(`${dialect}: what shared caches may keep`, async (t) => {
    const th = await testApp(dialect, { cdn: { sMaxAge: 7, staleWhileRevalidate: 40 } });
    t.after(() => th.close());
    assert.equal((await th.post({ page: 'cdn', body: 'first' })).status, 201);
    const shared = 'public, max-age=0, s-maxage=7, stale-while-revalidate=40';
    const anonymous = [
      '/v1/sites/demo/bootstrap?page=cdn',
      '/v1/sites/demo/floors?page=cdn',
      '/v1/sites/demo/counts?page=cdn&page=none',
    ];

    await t.test('should let shared caches keep anonymous answers for s-maxage, with a strong ETag and one copy per encoding', async () => {
      for (const path of anonymous) {
        const res = await th.app.request(path);
        assert.equal(res.status, 200, path);
        assert.equal(res.headers.get('cache-control'), shared, path);
        assert.match(res.headers.get('etag') ?? '', /^"[^"]+"$/, path);
        assert.ok(varies(res, 'Accept-Encoding'), path);
        await res.arrayBuffer();
      }
    });

    await t.test('should answer the ETag of an anonymous page or counts with 304 until they change', async () => {
      for (const path of anonymous.slice(1)) {
        const first = await th.app.request(path);
        const etag = first.headers.get('etag')!;
        const again = await th.app.request(path, { headers: { 'if-none-match': etag } });
        assert.equal(again.status, 304, path);
        assert.equal(again.headers.get('etag'), etag);
        assert.equal(again.headers.get('cache-control'), shared);
        assert.equal(await again.text(), '');
      }
      const page = await th.app.request(anonymous[1]!);
      const floorsBefore = FloorPage.parse(await page.clone().json()).floors.length;
      const counts = await th.app.request(anonymous[2]!);
      assert.equal((await th.post({ page: 'cdn', body: 'second' })).status, 201);
      const newPage = await th.app.request(anonymous[1]!, { headers: { 'if-none-match': page.headers.get('etag')! } });
      assert.equal(newPage.status, 200);
      assert.equal(FloorPage.parse(await newPage.json()).floors.length, floorsBefore + 1);
      const newCounts = await th.app.request(anonymous[2]!, { headers: { 'if-none-match': counts.headers.get('etag')! } });
      assert.equal(newCounts.status, 200);
      assert.deepEqual(Counts.parse(await newCounts.json()).counts, { cdn: 2, none: 0 });
    });

    await t.test('should keep the strong ETag when the answer is compressed', async () => {
      for (let i = 0; i < 40; i++) assert.equal((await th.post({ page: 'cdn-big', body: `floor ${i} ${'long text '.repeat(10)}` }, { sub: `r${i}` })).status, 201);
      const plain = await th.app.request('/v1/sites/demo/floors?page=cdn-big&limit=50');
      const gzip = await th.app.request('/v1/sites/demo/floors?page=cdn-big&limit=50', { headers: { 'accept-encoding': 'gzip' } });
      assert.equal(gzip.headers.get('content-encoding'), 'gzip');
      assert.equal(gzip.headers.get('etag'), plain.headers.get('etag'));
      assert.doesNotMatch(gzip.headers.get('etag')!, /^W\//);
      assert.deepEqual(JSON.parse(gunzipSync(Buffer.from(await gzip.arrayBuffer())).toString()), await plain.json());
    });

    await t.test('should keep signed-in answers private', async () => {
      const headers = { authorization: `Bearer ${await th.token()}` };
      for (const path of anonymous.slice(0, 2)) {
        const res = await th.app.request(path, { headers });
        assert.equal(res.status, 200, path);
        assert.equal(res.headers.get('cache-control'), 'private, no-cache', path);
        assert.equal(res.headers.get('etag'), null, path);
        assert.ok(varies(res, 'Authorization'), path);
        await res.arrayBuffer();
      }
    });
  });
}
