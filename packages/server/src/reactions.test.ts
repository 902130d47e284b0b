import test from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Bootstrap, FloorPage, ReactionState, VisitorToken } from '@teahouse/protocol';
import { createApp } from './app.js';
import { signToken, type TokenClaims } from './auth/token.js';
import type { Dialect } from './db/database.js';
import type { SiteSeed } from './sites/sites.js';
import { seedThread } from './threads/seed.js';
import { DIALECTS, SITE, errorCode, freshPostgres, testApp, type TestApp } from './test/support.js';

const REACT_SITE: SiteSeed = { ...SITE, reactions: { showWho: true, hotReplies: { count: 2, minScore: 2 } } };
const ANON: SiteSeed = {
  id: 'anon',
  name: 'Anonymous reactions',
  secret: 'anon-secret-that-is-long-enough-for-hs256',
  origins: ['https://anon.example.com'],
  reactions: { set: 'emoji', anonymousReactions: true },
};
const SELFIE: SiteSeed = {
  id: 'selfie',
  name: 'Self reactions',
  secret: 'selfie-secret-that-is-long-enough-for-hs256',
  origins: [],
  reactions: { selfReactions: true },
};
const SITES = [REACT_SITE, ANON, SELFIE];
const OP = { sub: 'op', name: '楼主' };
const people = (n: number) => Array.from({ length: n }, (_, i) => ({ sub: `p${i}`, name: `P${i}` }));

async function token(site: SiteSeed, claims: Partial<TokenClaims> = {}): Promise<string> {
  return signToken(site, { sub: 'reader-1', name: 'Reader One', ...claims });
}

/** PUT a reaction with any bearer token (or none). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests read loosely typed JSON and assert on it
async function react(th: TestApp, body: unknown, bearer: string | null, site = 'demo'): Promise<{ status: number; body: any }> {
  const res = await th.app.request(`/v1/sites/${site}/reactions`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json', ...(bearer ? { authorization: `Bearer ${bearer}` } : {}) },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: await res.json() };
}

async function seed(th: TestApp, page: string, site = 'demo', floors = 3) {
  return seedThread(th.db, {
    site, page, author: OP,
    floors: people(floors).map((author, i) => ({ author, body: `floor ${i + 2}` })),
  });
}

async function eventCount(th: TestApp, page: string): Promise<number> {
  const rows = await th.db.kysely
    .selectFrom('thread_events as e')
    .innerJoin('threads as t', 't.id', 'e.thread_id')
    .select('e.id')
    .where('t.page_key', '=', page)
    .where('e.type', '=', 'reactions.changed')
    .execute();
  return rows.length;
}

async function rowCount(th: TestApp, page: string, target: number): Promise<number> {
  const rows = await th.db.kysely
    .selectFrom('reactions as r')
    .innerJoin('threads as t', 't.id', 'r.thread_id')
    .select('r.key')
    .where('t.page_key', '=', page)
    .where('r.floor_number', '=', target)
    .execute();
  return rows.length;
}

for (const dialect of DIALECTS) {
  test(`${dialect}: reactions`, async (t) => {
    const th = await testApp(dialect, { sites: SITES });
    t.after(() => th.close());
    const me = await token(REACT_SITE);

    await t.test('should describe the default set in the bootstrap and count nothing yet', async () => {
      await seed(th, 'plain');
      const { body } = await th.getJson('/v1/sites/demo/bootstrap?page=plain');
      const b = Bootstrap.parse(body);
      assert.deepEqual(b.site.reactions?.options.map((o) => [o.key, o.labels['zh-CN'], o.group, o.score]), [
        ['up', '牛逼', 'vote', 1],
        ['down', '垃圾', 'vote', -1],
      ]);
      assert.equal(b.site.reactions?.anonymous, false);
      assert.deepEqual(b.thread.reactions, {});
      assert.deepEqual(b.page.floors.map((f) => f.reactions), [{}, {}, {}]);
      assert.deepEqual(b.hot, []);
      assert.equal(b.mine, undefined);
    });

    await t.test('should turn a reaction on, count it, record an event and invalidate the cached bootstrap', async () => {
      await seed(th, 'on');
      const before = await th.app.request('/v1/sites/demo/bootstrap?page=on');
      const etag = before.headers.get('etag')!;
      const res = await react(th, { page: 'on', target: 2, key: 'up', on: true }, me);
      assert.equal(res.status, 200);
      assert.deepEqual(ReactionState.parse(res.body), { target: 2, counts: { up: 1 }, mine: ['up'] });
      assert.equal(await eventCount(th, 'on'), 1);
      const after = await th.app.request('/v1/sites/demo/bootstrap?page=on', { headers: { 'if-none-match': etag } });
      assert.equal(after.status, 200);
      assert.notEqual(after.headers.get('etag'), etag);
      const b = Bootstrap.parse(await after.json());
      assert.deepEqual(b.page.floors[0]?.reactions, { up: 1 });
      assert.equal(b.mine, undefined, 'the anonymous bootstrap carries no viewer parts');
      const mine = Bootstrap.parse((await th.getJson('/v1/sites/demo/bootstrap?page=on', { headers: { authorization: `Bearer ${me}` } })).body);
      assert.deepEqual(mine.mine, { 2: ['up'] });
      const floor = await th.getJson('/v1/sites/demo/floors/2?page=on');
      assert.deepEqual(floor.body.reactions, { up: 1 });
    });

    await t.test('should change nothing when the same state is set twice', async () => {
      await seed(th, 'twice');
      await react(th, { page: 'twice', target: 3, key: 'up', on: true }, me);
      const again = await react(th, { page: 'twice', target: 3, key: 'up', on: true }, me);
      assert.deepEqual(again.body, { target: 3, counts: { up: 1 }, mine: ['up'] });
      assert.equal(await eventCount(th, 'twice'), 1);
      const offTwice = await react(th, { page: 'twice', target: 4, key: 'up', on: false }, me);
      assert.deepEqual(offTwice.body, { target: 4, counts: {}, mine: [] });
      assert.equal(await eventCount(th, 'twice'), 1);
    });

    await t.test('should flip the other key of an exclusive group off in the same change', async () => {
      await seed(th, 'flip');
      await react(th, { page: 'flip', target: 2, key: 'up', on: true }, await token(REACT_SITE, { sub: 'other' }));
      await react(th, { page: 'flip', target: 2, key: 'up', on: true }, me);
      const flipped = await react(th, { page: 'flip', target: 2, key: 'down', on: true }, me);
      assert.deepEqual(flipped.body, { target: 2, counts: { up: 1, down: 1 }, mine: ['down'] });
      const page = FloorPage.parse((await th.getJson('/v1/sites/demo/floors?page=flip&sort=hottest', { headers: { authorization: `Bearer ${me}` } })).body);
      assert.deepEqual(page.mine, { 2: ['down'] });
      assert.deepEqual(page.floors.find((f) => f.number === 2)?.reactions, { up: 1, down: 1 });
    });

    await t.test('should toggle a reaction off and lower the count', async () => {
      await seed(th, 'off');
      await react(th, { page: 'off', target: 2, key: 'up', on: true }, me);
      const off = await react(th, { page: 'off', target: 2, key: 'up', on: false }, me);
      assert.deepEqual(off.body, { target: 2, counts: {}, mine: [] });
      assert.equal(await rowCount(th, 'off', 2), 0);
      assert.equal(await eventCount(th, 'off'), 2);
    });

    await t.test('should refuse a reaction to your own floor or article unless the site allows it', async () => {
      await seed(th, 'self');
      const own = await react(th, { page: 'self', target: 2, key: 'up', on: true }, await token(REACT_SITE, { sub: 'p0', name: 'P0' }));
      assert.equal(own.status, 403);
      assert.equal(errorCode(own.body), 'forbidden');
      const article = await react(th, { page: 'self', target: 1, key: 'up', on: true }, await token(REACT_SITE, OP));
      assert.equal(article.status, 403);
      assert.equal(await rowCount(th, 'self', 2), 0);
      await seed(th, 'self', 'selfie');
      const allowed = await react(th, { page: 'self', target: 2, key: 'up', on: true }, await token(SELFIE, { sub: 'p0', name: 'P0' }), 'selfie');
      assert.equal(allowed.status, 200);
      assert.deepEqual(allowed.body.counts, { up: 1 });
    });

    await t.test('should react to the article, creating the thread, and show it on the thread', async () => {
      const res = await react(th, { page: 'article-only', target: 1, key: 'down', on: true, title: 'Article' }, me);
      assert.equal(res.status, 200);
      const b = Bootstrap.parse((await th.getJson('/v1/sites/demo/bootstrap?page=article-only')).body);
      assert.notEqual(b.thread.id, null);
      assert.equal(b.thread.title, 'Article');
      assert.deepEqual(b.thread.reactions, { down: 1 });
      const off = await react(th, { page: 'never-made', target: 1, key: 'up', on: false }, me);
      assert.deepEqual(off.body, { target: 1, counts: {}, mine: [] });
      assert.equal(Bootstrap.parse((await th.getJson('/v1/sites/demo/bootstrap?page=never-made')).body).thread.id, null);
    });

    await t.test('should refuse bad input with a protocol error and write nothing', async () => {
      await seed(th, 'bad');
      const cases: [unknown, number][] = [
        [{ page: 'bad', target: 2, key: 'meh', on: true }, 400],
        [{ page: 'bad', target: 2, key: 'UP', on: true }, 400],
        [{ page: 'bad', target: 0, key: 'up', on: true }, 400],
        [{ page: 'bad', target: 2.5, key: 'up', on: true }, 400],
        [{ page: 'bad', target: 2, key: 'up', on: 'yes' }, 400],
        [{ page: 'bad', target: 2, key: 'up' }, 400],
        [{ page: '', target: 2, key: 'up', on: true }, 400],
        [{ page: 'bad', target: 99, key: 'up', on: true }, 404],
        [{ page: 'nothread', target: 2, key: 'up', on: true }, 404],
      ];
      for (const [body, status] of cases) {
        const res = await react(th, body, me);
        assert.equal(res.status, status, JSON.stringify(body));
        errorCode(res.body);
      }
      const malformed = await th.app.request('/v1/sites/demo/reactions', {
        method: 'PUT', headers: { authorization: `Bearer ${me}`, 'content-type': 'application/json' }, body: '{"page":',
      });
      assert.equal(malformed.status, 400);
      assert.equal(await rowCount(th, 'bad', 2), 0);
    });

    await t.test('should want a sign-in unless the site allows anonymous reactions', async () => {
      await seed(th, 'login');
      const none = await react(th, { page: 'login', target: 2, key: 'up', on: true }, null);
      assert.equal(none.status, 401);
      const refused = await th.app.request('/v1/sites/demo/visitor', { method: 'POST' });
      assert.equal(refused.status, 403);
      const visitor = VisitorToken.parse(await (await th.app.request('/v1/sites/anon/visitor', { method: 'POST' })).json());
      const foreign = await react(th, { page: 'login', target: 2, key: 'up', on: true }, visitor.token);
      assert.equal(foreign.status, 401, 'a visitor token of another site');
    });

    await t.test('should count anonymous reactions once per visitor token', async () => {
      await seed(th, 'anon-page', 'anon');
      const issue = async () => VisitorToken.parse(await (await th.app.request('/v1/sites/anon/visitor', { method: 'POST' })).json()).token;
      const a = await issue();
      const b = await issue();
      assert.notEqual(a, b);
      assert.equal((await react(th, { page: 'anon-page', target: 2, key: 'love', on: true }, a, 'anon')).status, 200);
      await react(th, { page: 'anon-page', target: 2, key: 'love', on: true }, a, 'anon');
      await react(th, { page: 'anon-page', target: 2, key: 'haha', on: true }, a, 'anon');
      const res = await react(th, { page: 'anon-page', target: 2, key: 'love', on: true }, b, 'anon');
      assert.deepEqual(res.body, { target: 2, counts: { love: 2, haha: 1 }, mine: ['love'] });
      const boot = Bootstrap.parse((await th.getJson('/v1/sites/anon/bootstrap?page=anon-page', { headers: { authorization: `Bearer ${a}` } })).body);
      assert.equal(boot.viewer, null);
      assert.deepEqual(boot.mine?.['2']?.sort(), ['haha', 'love']);
      const post = await th.app.request('/v1/sites/anon/floors', {
        method: 'POST', headers: { authorization: `Bearer ${a}`, 'content-type': 'application/json' }, body: JSON.stringify({ page: 'anon-page', body: 'hi' }),
      });
      assert.equal(post.status, 401, 'a visitor token cannot post');
      const forged = `${a.slice(0, -4)}AAAA`;
      assert.equal((await react(th, { page: 'anon-page', target: 2, key: 'love', on: true }, forged, 'anon')).status, 401);
      const stale = await th.getJson('/v1/sites/anon/bootstrap?page=anon-page', { headers: { authorization: `Bearer ${forged}` } });
      assert.equal(stale.status, 200, 'a visitor token that no longer verifies reads as none');
      assert.equal(stale.body.mine, undefined);
    });

    await t.test('should count 200 concurrent reactions from 200 readers exactly', async () => {
      await seed(th, 'storm');
      const tokens = await Promise.all(people(200).map((p) => token(REACT_SITE, { sub: `storm-${p.sub}`, name: p.name })));
      const results = await Promise.all(tokens.map((tk) => react(th, { page: 'storm', target: 3, key: 'up', on: true }, tk)));
      assert.deepEqual([...new Set(results.map((r) => r.status))], [200]);
      const floor = await th.getJson('/v1/sites/demo/floors/3?page=storm');
      assert.deepEqual(floor.body.reactions, { up: 200 });
      assert.equal(await rowCount(th, 'storm', 3), 200);
      assert.equal(await eventCount(th, 'storm'), 200);
      const score = await th.db.kysely.selectFrom('floors as f').innerJoin('threads as t', 't.id', 'f.thread_id')
        .select('f.score').where('t.page_key', '=', 'storm').where('f.number', '=', 3).executeTakeFirstOrThrow();
      assert.equal(Number(score.score), 200);
    });

    await t.test('should keep one reaction from one reader\'s 20 concurrent identical requests', async () => {
      await seed(th, 'clicks');
      const results = await Promise.all(Array.from({ length: 20 }, () => react(th, { page: 'clicks', target: 2, key: 'up', on: true }, me)));
      assert.deepEqual([...new Set(results.map((r) => r.status))], [200]);
      assert.equal(await rowCount(th, 'clicks', 2), 1);
      assert.equal(await eventCount(th, 'clicks'), 1);
      assert.deepEqual((await th.getJson('/v1/sites/demo/floors/2?page=clicks')).body.reactions, { up: 1 });
    });

    await t.test('should never leave both keys of a group after concurrent flips by one reader', async () => {
      await seed(th, 'race');
      const keys = Array.from({ length: 20 }, (_, i) => (i % 2 ? 'up' : 'down'));
      await Promise.all(keys.map((key) => react(th, { page: 'race', target: 2, key, on: true }, me)));
      assert.equal(await rowCount(th, 'race', 2), 1);
      const counts = (await th.getJson('/v1/sites/demo/floors/2?page=race')).body.reactions;
      assert.equal(Object.values(counts as Record<string, number>).reduce((a, b) => a + b, 0), 1);
    });

    await t.test('should page the hottest sort by score then floor without duplicates', async () => {
      await seed(th, 'hot', 'demo', 9);
      // Floors 2..10; scores: 5:+3, 7:+2, 3:+2, 9:-1, others 0.
      const plan: [number, 'up' | 'down', number][] = [[5, 'up', 3], [7, 'up', 2], [3, 'up', 2], [9, 'down', 1]];
      for (const [floor, key, n] of plan) {
        for (let i = 0; i < n; i++) await react(th, { page: 'hot', target: floor, key, on: true }, await token(REACT_SITE, { sub: `h${floor}-${i}` }));
      }
      const seen: number[] = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        const q: string = cursor ? `&cursor=${cursor}` : '';
        const { status, body } = await th.getJson(`/v1/sites/demo/floors?page=hot&sort=hottest&limit=2${q}`);
        assert.equal(status, 200);
        const page = FloorPage.parse(body);
        seen.push(...page.floors.map((f) => f.number));
        cursor = page.next;
        pages += 1;
      } while (cursor && pages < 20);
      assert.deepEqual(seen, [5, 3, 7, 2, 4, 6, 8, 10, 9]);
      const other = await th.getJson('/v1/sites/demo/floors?page=hot&sort=oldest&limit=2');
      const mixed = await th.getJson(`/v1/sites/demo/floors?page=hot&sort=hottest&cursor=${other.body.next}`);
      assert.equal(mixed.status, 400);
      const b = Bootstrap.parse((await th.getJson('/v1/sites/demo/bootstrap?page=hot&sort=hottest&limit=3')).body);
      assert.equal(b.sort, 'hottest');
      assert.deepEqual(b.page.floors.map((f) => f.number), [5, 3, 7]);
      assert.deepEqual(b.hot?.map((f) => [f.number, f.reactions]), [[5, { up: 3 }], [3, { up: 2 }]], '热门回复: count 2, min score 2');
    });

    await t.test('should list who reacted where the site shows it, and refuse elsewhere', async () => {
      await seed(th, 'who');
      await react(th, { page: 'who', target: 2, key: 'up', on: true }, await token(REACT_SITE, { sub: 'w1', name: 'Wen' }));
      await react(th, { page: 'who', target: 2, key: 'up', on: true }, await token(REACT_SITE, { sub: 'w2', name: 'Xia' }));
      const { status, body } = await th.getJson('/v1/sites/demo/reactions/who?page=who&target=2&key=up');
      assert.equal(status, 200);
      assert.deepEqual(body, { users: [{ name: 'Xia', avatar: null }, { name: 'Wen', avatar: null }], total: 2 });
      const refused = await th.getJson('/v1/sites/selfie/reactions/who?page=who&target=2&key=up');
      assert.equal(refused.status, 403);
      assert.equal((await th.getJson('/v1/sites/demo/reactions/who?page=who&target=x&key=up')).status, 400);
    });

    await t.test('should allow PUT in the CORS preflight', async () => {
      const res = await th.app.request('/v1/sites/demo/reactions', {
        method: 'OPTIONS', headers: { origin: 'https://news.example.com', 'access-control-request-method': 'PUT' },
      });
      assert.equal(res.status, 204);
      assert.match(res.headers.get('access-control-allow-methods') ?? '', /PUT/);
    });
  });

  test(`${dialect}: changing a site's reaction set keeps the counts of keys that remain`, async (t) => {
    const { url, cleanup } = await database(dialect);
    t.after(cleanup);
    const first = await createApp({ database: url, sites: [{ ...SITE, reactions: { set: [{ key: 'up', label: '牛逼', group: 'v' }, { key: 'down', label: '垃圾', group: 'v', score: -1 }, { key: 'meh', label: 'Meh' }] } }] });
    t.after(() => first.close());
    await seedThread(first.db, { site: 'demo', page: 'p', author: OP, floors: [{ author: { sub: 'a', name: 'A' }, body: 'x' }] });
    const put = async (app: typeof first, sub: string, key: string) =>
      app.app.request('/v1/sites/demo/reactions', {
        method: 'PUT',
        headers: { authorization: `Bearer ${await signToken(SITE, { sub, name: sub })}`, 'content-type': 'application/json' },
        body: JSON.stringify({ page: 'p', target: 2, key, on: true }),
      });
    assert.equal((await put(first, 'u1', 'up')).status, 200);
    assert.equal((await put(first, 'u2', 'up')).status, 200);
    assert.equal((await put(first, 'u3', 'meh')).status, 200);
    await first.close();

    const second = await createApp({ database: url, sites: [{ ...SITE, reactions: { set: [{ key: 'up', label: { 'zh-CN': '赞', en: 'Up' } }, { key: 'heart', emoji: '❤️' }] } }] });
    t.after(() => second.close());
    const boot = Bootstrap.parse(await (await second.app.request('/v1/sites/demo/bootstrap?page=p')).json());
    assert.deepEqual(boot.site.reactions?.options.map((o) => o.key), ['up', 'heart']);
    assert.deepEqual(boot.page.floors[0]?.reactions, { up: 2 }, 'meh is kept in storage but not shown');
    assert.equal((await put(second, 'u4', 'meh')).status, 400);
    const res = await put(second, 'u4', 'heart');
    assert.deepEqual(await res.json(), { target: 2, counts: { up: 2, heart: 1 }, mine: ['heart'] });
  });
}

async function database(dialect: Dialect): Promise<{ url: string; cleanup(): Promise<void> }> {
  if (dialect === 'postgres') {
    const pg = await freshPostgres();
    return { url: pg.url, cleanup: pg.drop };
  }
  const dir = mkdtempSync(join(tmpdir(), 'teahouse-reactions-'));
  return { url: `sqlite:${join(dir, 'db.sqlite')}`, cleanup: async () => rmSync(dir, { recursive: true, force: true }) };
}
