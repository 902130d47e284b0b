import test from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { Bootstrap, Floor, FloorPage } from '@teahouse/protocol';
import { signToken } from './auth/token.js';
import { openDatabase } from './db/database.js';
import { upsertSites, type SiteSeed } from './sites/sites.js';
import { serveInstance, startRedis, type Instance } from './test/processes.js';
import { openLive } from './test/sse.js';
import { DIALECTS, freshPostgres } from './test/support.js';

const REDIS_URL = process.env.TEAHOUSE_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
/** The Redis this file starts and stops itself: its own port in the range of this checkout's servers. */
const OWN_REDIS_PORT = Number(process.env.TEAHOUSE_TEST_REDIS_PORT ?? 9011);

const SITE: SiteSeed = {
  id: 'cluster',
  name: 'Cluster News',
  secret: 'cluster-secret-that-is-long-enough-for-hs256',
  origins: ['https://news.example.com'],
  // Low enough to reach in a test, and the same on every instance.
  limits: { reactions: { perUser: [2, 60] }, floodSeconds: 0, duplicateSeconds: 0, posts: { perUser: [1000, 600], perIp: [100000, 600] } },
};

const token = (sub: string) => signToken(SITE, { sub, name: sub });

async function post(base: string, page: string, body: string, sub = 'poster', ip = '10.1.0.1'): Promise<Response> {
  return fetch(`${base}/v1/sites/${SITE.id}/floors`, {
    method: 'POST',
    headers: { authorization: `Bearer ${await token(sub)}`, 'content-type': 'application/json', 'x-forwarded-for': ip },
    body: JSON.stringify({ page, body }),
  });
}

async function react(base: string, page: string, target: number, on: boolean, sub: string): Promise<Response> {
  return fetch(`${base}/v1/sites/${SITE.id}/reactions`, {
    method: 'PUT',
    headers: { authorization: `Bearer ${await token(sub)}`, 'content-type': 'application/json' },
    body: JSON.stringify({ page, target, key: 'up', on }),
  });
}

const bootstrap = async (base: string, page: string) => Bootstrap.parse(await (await fetch(`${base}/v1/sites/${SITE.id}/bootstrap?page=${page}`)).json());

/** A Postgres schema with the site, and a way to start instances on it. */
async function cluster(t: test.TestContext, redis: string | null) {
  const pg = await freshPostgres();
  t.after(() => pg.drop());
  const db = await openDatabase(pg.url);
  await upsertSites(db, [SITE]);
  await db.close();
  // Keys and channels of this run only, whatever else uses the Redis.
  const prefix = `teahouse:test:${randomBytes(6).toString('hex')}:`;
  const start = async () => {
    const instance = await serveInstance({ DATABASE_URL: pg.url, ...(redis ? { REDIS_URL: redis, TEAHOUSE_REDIS_PREFIX: prefix } : {}) });
    t.after(() => instance.kill());
    return instance;
  };
  return { start };
}

/** Waits until both instances are subscribed: a change made on one is heard on the other. */
async function linked(a: Instance, b: Instance, page: string): Promise<void> {
  assert.equal((await post(a.url, page, 'opening the thread')).status, 201);
  const live = await openLive(b.url, SITE.id, page, '0');
  await live.event();
  live.close();
}

if (DIALECTS.includes('postgres')) {
  test('two instances on one Postgres with Redis', async (t) => {
    const { start } = await cluster(t, REDIS_URL);
    let a = await start();
    const b = await start();
    await Promise.all([a.waitFor(/through Redis pub\/sub/), b.waitFor(/through Redis pub\/sub/)]);

    await t.test('should deliver a floor posted on A to a live reader on B, by pub/sub', async () => {
      assert.equal((await post(a.url, 'cross', 'first')).status, 201);
      const { lastEventId } = await bootstrap(b.url, 'cross');
      const live = await openLive(b.url, SITE.id, 'cross', lastEventId);
      t.after(() => live.close());
      const res = await post(a.url, 'cross', 'from A');
      assert.equal(res.status, 201);
      const floor = Floor.parse(await res.json());
      const got = await live.event();
      assert.equal(got.event.type === 'floor.created' && got.event.floor.number, floor.number);
      // Neither instance ever fell back to polling.
      assert.doesNotMatch(a.stderr + b.stderr, /unreachable/);
    });

    await t.test("should update A's anonymous bootstrap at once when B changes a reaction", async () => {
      assert.equal((await post(a.url, 'react', 'the floor')).status, 201);
      const before = await bootstrap(a.url, 'react');
      const target = before.page.floors[0]!.number;
      assert.equal(before.page.floors[0]!.reactions?.up ?? 0, 0);
      // Cached on A now; A's live reader hears B's change through the same message that drops A's copy.
      assert.equal((await bootstrap(a.url, 'react')).lastEventId, before.lastEventId);
      const live = await openLive(a.url, SITE.id, 'react', before.lastEventId);
      t.after(() => live.close());
      assert.equal((await react(b.url, 'react', target, true, 'fan')).status, 200);
      const heard = await live.event();
      assert.equal(heard.event.type, 'reactions.changed');
      const after = await bootstrap(a.url, 'react');
      assert.equal(after.lastEventId, heard.id);
      assert.equal(after.page.floors[0]!.reactions?.up, 1);
    });

    await t.test('should share rate limits between the instances', async () => {
      assert.equal((await post(a.url, 'limits', 'a floor to react to')).status, 201);
      assert.equal((await react(a.url, 'limits', 1, true, 'roamer')).status, 200);
      assert.equal((await react(b.url, 'limits', 1, false, 'roamer')).status, 200);
      const third = await react(a.url, 'limits', 1, true, 'roamer');
      assert.equal(third.status, 429);
      const fourth = await react(b.url, 'limits', 1, true, 'roamer');
      assert.equal(fourth.status, 429);
      assert.equal(((await fourth.json()) as { error: { code: string } }).error.code, 'rate_limited');
    });

    await t.test('should keep serving on B when A is killed under load, lose nothing acknowledged, and let A catch up on restart', async () => {
      const page = 'kill';
      assert.equal((await post(b.url, page, 'before the load')).status, 201);
      const { lastEventId: from } = await bootstrap(b.url, page);
      /** Floor number → body of every 201, and which instance answered. */
      const acknowledged = new Map<number, string>();
      let afterKill = 0;
      let killed = false;
      let stop = false;
      const writer = async (w: number) => {
        for (let i = 0; !stop; i++) {
          const target = (w + i) % 2 === 0 ? a : b;
          const body = `writer ${w} post ${i}`;
          try {
            const res = await post(target.url, page, body, `w${w}`, `10.2.${w}.${i % 250}`);
            assert.equal(res.status, 201, await res.clone().text());
            acknowledged.set(Floor.parse(await res.json()).number, body);
            if (killed && target === b) afterKill++;
          } catch (error) {
            // A request in flight to A when it died was never acknowledged.
            if (target === a && killed) continue;
            throw error;
          }
        }
      };
      const writers = Array.from({ length: 16 }, (_, w) => writer(w));
      while (acknowledged.size < 200) await new Promise((resolve) => setTimeout(resolve, 20));
      killed = true;
      await a.kill();
      while (afterKill < 100) await new Promise((resolve) => setTimeout(resolve, 20));
      stop = true;
      await Promise.all(writers);

      a = await start();
      // Every acknowledged floor is stored, whichever instance took it.
      const stored = new Map<number, string>();
      let cursor: string | null = null;
      do {
        const res: Response = await fetch(`${a.url}/v1/sites/${SITE.id}/floors?page=${page}&limit=100${cursor ? `&cursor=${cursor}` : ''}`);
        const floors = FloorPage.parse(await res.json());
        for (const floor of floors.floors) {
          const node = floor.body.children[0];
          stored.set(floor.number, node?.type === 'paragraph' && node.children[0]?.type === 'text' ? node.children[0].value : '');
        }
        cursor = floors.next;
      } while (cursor);
      const lost = [...acknowledged].filter(([number, body]) => stored.get(number) !== body);
      assert.deepEqual(lost, [], `${lost.length} of ${acknowledged.size} acknowledged floors are missing`);
      // A reader resuming on the restarted A from before the load gets every floor since.
      const live = await openLive(a.url, SITE.id, page, from);
      t.after(() => live.close());
      const seen = new Set<number>();
      await live.until((events) => {
        const last = events.at(-1)?.event;
        if (last?.type === 'floor.created') seen.add(last.floor.number);
        return [...acknowledged.keys()].every((n) => seen.has(n));
      });
      // and A hears B again.
      await linked(b, a, 'after-restart');
    });
  });

  test('Redis stopped mid-run: instances poll, keep delivering, and go back to pub/sub', async (t) => {
    let redis = await startRedis(OWN_REDIS_PORT);
    t.after(() => redis.kill());
    const { start } = await cluster(t, `redis://127.0.0.1:${OWN_REDIS_PORT}`);
    const a = await start();
    const b = await start();
    await linked(a, b, 'down-link');

    assert.equal((await post(a.url, 'down', 'first')).status, 201);
    const live = await openLive(b.url, SITE.id, 'down', (await bootstrap(b.url, 'down')).lastEventId);
    t.after(() => live.close());
    const delivered = async (text: string) => {
      const res = await post(a.url, 'down', text);
      assert.equal(res.status, 201);
      const { number } = Floor.parse(await res.json());
      const got = await live.event();
      assert.equal(got.event.type === 'floor.created' && got.event.floor.number, number);
    };
    await delivered('while Redis is up');

    await redis.kill();
    await Promise.all([a.waitFor(/Redis is unreachable/), b.waitFor(/Redis is unreachable/)]);
    await delivered('while Redis is down');
    await delivered('still down');

    redis = await startRedis(OWN_REDIS_PORT);
    await Promise.all([a.waitFor(/Redis is reachable again/), b.waitFor(/Redis is reachable again/)]);
    await delivered('Redis is back');
    // Once each way, however many reconnection attempts there were.
    for (const instance of [a, b]) {
      assert.equal(instance.stderr.match(/Redis is unreachable/g)?.length, 1, instance.stderr);
      assert.equal(instance.stderr.match(/Redis is reachable again/g)?.length, 1, instance.stderr);
    }
  });
}
