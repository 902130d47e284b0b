import test from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Bootstrap, Floor } from '@teahouse/protocol';
import { signToken } from './auth/token.js';
import { openDatabase } from './db/database.js';
import { upsertSites } from './sites/sites.js';
import { serveInstance, startNginx } from './test/processes.js';
import { SITE } from './test/support.js';

/** nginx of this test: its own port in the range of this checkout's servers. */
const NGINX_PORT = Number(process.env.TEAHOUSE_TEST_NGINX_PORT ?? 9012);
const S_MAXAGE = 2;
const READERS = 200;

/** Origin requests in nginx's log (`<cache status> <upstream status>`), by the origin's status. */
const originStatuses = (lines: string[]) => lines.map((line) => line.split(' ')[1]!).filter((status) => status !== '-');

test('nginx proxy_cache in front of the origin', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'teahouse-cdn-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  const database = `sqlite:${join(dir, 'cdn.db')}`;
  const db = await openDatabase(database);
  await upsertSites(db, [SITE]);
  await db.close();
  const origin = await serveInstance({ DATABASE_URL: database, TEAHOUSE_S_MAXAGE: String(S_MAXAGE) });
  t.after(() => origin.kill());
  const nginx = await startNginx(NGINX_PORT, origin.url);
  t.after(() => nginx.stop());

  const token = await signToken(SITE, { sub: 'writer', name: 'Writer' });
  let writers = 0;
  const post = async (body: string) => {
    // A writer of its own each time: flood control is on, as in production.
    const own = await signToken(SITE, { sub: `writer-${++writers}`, name: 'Writer' });
    const res = await fetch(`${origin.url}/v1/sites/${SITE.id}/floors`, {
      method: 'POST',
      headers: { authorization: `Bearer ${own}`, 'content-type': 'application/json', 'x-forwarded-for': `10.9.0.${body.length}` },
      body: JSON.stringify({ page: 'viral', body }),
    });
    assert.equal(res.status, 201);
    return Floor.parse(await res.json());
  };
  const read = async (headers: Record<string, string> = {}) => {
    const res = await fetch(`${nginx.url}/v1/sites/${SITE.id}/bootstrap?page=viral`, { headers: { 'accept-encoding': 'gzip', ...headers } });
    assert.equal(res.status, 200);
    return { cache: res.headers.get('x-cache-status'), etag: res.headers.get('etag'), body: Bootstrap.parse(await res.json()) };
  };
  const first = await post('the first floor');

  await t.test('should cost the origin one request per thread version, however many anonymous readers', async () => {
    const reads = await Promise.all(Array.from({ length: READERS }, () => read()));
    assert.equal(new Set(reads.map((r) => r.etag)).size, 1);
    assert.ok(reads.every((r) => r.body.page.floors.at(-1)?.number === first.number));
    for (let i = 0; i < READERS; i++) await read();
    // One answer with a body; anything else the origin was asked was a revalidation, answered 304.
    const statuses = originStatuses(await nginx.log());
    assert.equal(statuses.filter((s) => s === '200').length, 1, statuses.join(' '));
    assert.deepEqual(statuses.filter((s) => s !== '200' && s !== '304'), []);
    assert.ok(reads.some((r) => r.cache === 'HIT'));
  });

  await t.test('should show a new floor through the cache once s-maxage has passed', async () => {
    const cached = await read();
    const floor = await post('a floor while the copy is fresh');
    const stamp = Date.now();
    // Within s-maxage the cache may answer with its copy; past it, it must ask the origin.
    // nginx counts in whole seconds, so its copy may last up to one second more.
    await new Promise((resolve) => setTimeout(resolve, (S_MAXAGE + 1) * 1000 + 100));
    const fresh = await read();
    assert.ok(Date.now() - stamp > (S_MAXAGE + 1) * 1000);
    assert.notEqual(fresh.etag, cached.etag, `${fresh.cache} ${(await nginx.log()).join(',')}`);
    assert.equal(fresh.body.page.floors.at(-1)?.number, floor.number);
    const statuses = originStatuses(await nginx.log());
    assert.equal(statuses.filter((s) => s === '200').length, 2, statuses.join(' '));
  });

  await t.test('should never keep a signed-in answer', async () => {
    const before = originStatuses(await nginx.log()).length;
    for (let i = 0; i < 3; i++) {
      const res = await read({ authorization: `Bearer ${token}` });
      assert.equal(res.body.viewer?.user.name, 'Writer');
      assert.notEqual(res.cache, 'HIT');
    }
    assert.equal(originStatuses(await nginx.log()).length, before + 3);
  });
});
