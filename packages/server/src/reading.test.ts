import test from 'node:test';
import assert from 'node:assert/strict';
import { performance } from 'node:perf_hooks';
import BetterSqlite3 from 'better-sqlite3';
import pg from 'pg';
import { Kysely, PostgresDialect, SqliteDialect, sql } from 'kysely';
import { Migrator } from 'kysely/migration';
import { migrationProvider } from './db/migrations/index.js';
import type { Tables } from './db/schema.js';
import { Bootstrap, Counts, FloorPage, MAX_COUNT_PAGES, NESTED_REPLIES } from '@teahouse/protocol';
import type { Database } from './db/database.js';
import { newId } from './db/ids.js';
import { seedThread } from './threads/seed.js';
import { DIALECTS, errorCode, freshPostgres, testApp, type TestApp } from './test/support.js';

const OP = { sub: 'op', name: '楼主' };
const ANN = { sub: 'ann', name: 'Ann' };
const BOB = { sub: 'bob', name: 'Bob' };

const numbers = (page: { floors: { number: number }[] }) => page.floors.map((f) => f.number);

async function floors(th: TestApp, query: string) {
  const { status, body } = await th.getJson(`/v1/sites/demo/floors?${query}`);
  assert.equal(status, 200, JSON.stringify(body));
  const parsed = FloorPage.safeParse(body);
  assert.ok(parsed.success, JSON.stringify(parsed.error?.issues));
  return parsed.data!;
}

async function rejects(th: TestApp, path: string, status = 400, code = 'validation_failed') {
  const res = await th.getJson(path);
  assert.equal(res.status, status, `${path}: ${JSON.stringify(res.body)}`);
  assert.equal(errorCode(res.body), code);
}

/**
 * Writes a thread of `count` replies straight into the tables, in batched multi-row inserts:
 * posting 100,000 floors one by one would take minutes. Every tenth floor replies to the floor
 * before it, so the nested view has work to do too.
 */
async function bulkThread(db: Database, page: string, count: number): Promise<{ threadId: string; authors: string[] }> {
  const now = new Date().toISOString();
  const authors = [newId(), newId(), newId()];
  await db.kysely.insertInto('users').values(authors.map((id, i) => ({
    id, site_id: 'demo', external_id: `bulk-${page}-${i}`, name: `Bulk ${i}`, avatar: null, role: 'reader', created_at: now,
  }))).execute();
  const threadId = newId();
  await db.kysely.insertInto('threads').values({
    id: threadId, site_id: 'demo', page_key: page, url: null, title: 'Big', author_user_id: authors[0]!,
    last_floor: count + 1, reply_count: count, created_at: now,
  }).execute();
  const body = JSON.stringify({ type: 'root', children: [{ type: 'paragraph', children: [{ type: 'text', value: 'bulk' }] }] });
  const BATCH = 1000;
  await db.kysely.transaction().execute(async (trx) => {
    for (let start = 2; start <= count + 1; start += BATCH) {
      const rows = [];
      for (let number = start; number < Math.min(start + BATCH, count + 2); number++) {
        const reply = number % 10 === 0;
        rows.push({
          id: newId(), thread_id: threadId, number, kind: 'reply' as const, author_user_id: authors[number % 3]!,
          parent_number: reply ? number - 1 : null, quote_number: null, body_source: 'bulk', body_json: body,
          status: 'published' as const, created_at: now, edited_at: null,
          root_number: reply ? number - 1 : number, depth: reply ? 1 : 0,
          descendants: number % 10 === 9 && number + 1 <= count + 1 ? 1 : 0,
        });
      }
      await trx.insertInto('floors').values(rows).execute();
    }
  });
  // A bulk load leaves Postgres without statistics until autovacuum comes by; a real thread
  // grows slowly and always has them.
  if (db.dialect === 'postgres') await sql`analyze floors`.execute(db.kysely);
  return { threadId, authors };
}

for (const dialect of DIALECTS) {
  test(`${dialect}: reading views, filters and counts`, async (t) => {
    const th = await testApp(dialect, {
      sites: [
        { id: 'demo', name: 'Demo News', secret: 'demo-secret-that-is-long-enough-for-hs256', origins: ['https://news.example.com'] },
        {
          id: 'other', name: 'Other', secret: 'another-secret-entirely-different-value', origins: [],
          rulesUrl: 'https://other.example.com/rules', maxDepth: 4,
        },
      ],
    });
    t.after(() => th.close());

    // 2 root, 3 → 2, 4 → 3, 5 → 4 (depth 3), 6 root, 7 → 6, 8 root, 9 quotes 2 (still a root)
    await seedThread(th.db, {
      site: 'demo', page: 'nest', author: OP,
      floors: [
        { author: ANN, body: 'root a' },
        { author: BOB, body: 'reply b', parent: 2 },
        { author: ANN, body: 'reply c', parent: 3 },
        { author: BOB, body: 'reply d', parent: 4 },
        { author: OP, body: 'root e' },
        { author: ANN, body: 'reply f', parent: 6 },
        { author: BOB, body: 'root g' },
        { author: ANN, body: 'quote h', quote: 2 },
      ],
    });

    await t.test('should page top-level floors with their replies beneath, deep replies included', async () => {
      const first = await floors(th, 'page=nest&view=nested&limit=2');
      assert.deepEqual(numbers(first), [2, 6]);
      assert.deepEqual(first.replies?.map((g) => [g.root, numbers(g), g.more, g.next]), [[2, [3, 4, 5], 0, null], [6, [7], 0, null]]);
      assert.deepEqual(first.replies?.[0]?.floors.map((f) => f.parent), [2, 3, 4]);
      assert.ok(first.next);
      const second = await floors(th, `page=nest&view=nested&limit=2&cursor=${first.next}`);
      assert.deepEqual(numbers(second), [8, 9]);
      assert.deepEqual(second.replies, []);
      assert.equal(second.next, null);
      const newest = await floors(th, 'page=nest&view=nested&sort=newest&limit=3');
      assert.deepEqual(numbers(newest), [9, 8, 6]);
      assert.deepEqual(newest.replies?.map((g) => numbers(g)), [[7]]);
    });

    await t.test('should bound the replies of a root and page the rest by root', async () => {
      await seedThread(th.db, {
        site: 'demo', page: 'busy', author: OP,
        floors: [
          { author: ANN, body: 'root' },
          ...Array.from({ length: NESTED_REPLIES + 5 }, (_, i) => ({ author: i % 2 ? ANN : BOB, body: `r${i}`, parent: i % 3 === 2 ? 3 + i - 1 : 2 })),
          { author: BOB, body: 'second root' },
        ],
      });
      const page = await floors(th, 'page=busy&view=nested');
      const last = 2 + NESTED_REPLIES + 5 + 1;
      assert.deepEqual(numbers(page), [2, last]);
      const group = page.replies![0]!;
      assert.equal(group.floors.length, NESTED_REPLIES);
      assert.equal(group.more, 5);
      assert.ok(group.next);
      const rest = await floors(th, `page=busy&root=2&cursor=${group.next}`);
      assert.deepEqual(numbers(rest), [23, 24, 25, 26, 27]);
      assert.equal(rest.next, null);
      const small = await floors(th, 'page=busy&root=2&limit=4');
      assert.deepEqual(numbers(small), [3, 4, 5, 6]);
      const after = await floors(th, `page=busy&root=2&limit=4&cursor=${small.next}`);
      assert.deepEqual(numbers(after), [7, 8, 9, 10]);
      assert.deepEqual(numbers(await floors(th, 'page=busy&root=3')), [], 'a reply is no root');
    });

    await t.test('should serve the nested view from the bootstrap, with its own ETag', async () => {
      const flat = await th.getJson('/v1/sites/demo/bootstrap?page=nest');
      const nested = await th.getJson('/v1/sites/demo/bootstrap?page=nest&view=nested');
      assert.equal(nested.status, 200);
      const b = Bootstrap.parse(nested.body);
      assert.equal(b.view, 'nested');
      assert.deepEqual(numbers(b.page), [2, 6, 8, 9]);
      assert.equal(b.page.replies?.length, 2);
      assert.equal(flat.body.page.replies, undefined);
      assert.notEqual(flat.res.headers.get('etag'), nested.res.headers.get('etag'));
      assert.equal(b.site.maxDepth, 2);
      assert.equal(b.site.rulesUrl, null);
      const other = Bootstrap.parse((await th.getJson('/v1/sites/other/bootstrap?page=x')).body);
      assert.equal(other.site.maxDepth, 4);
      assert.equal(other.site.rulesUrl, 'https://other.example.com/rules');
    });

    await t.test('should page one author\'s floors by keyset in both orders', async () => {
      const all = await floors(th, 'page=nest');
      const ann = all.floors.find((f) => f.author?.name === 'Ann')!.author!.id;
      const first = await floors(th, `page=nest&author=${ann}&limit=2`);
      assert.deepEqual(numbers(first), [2, 4]);
      const second = await floors(th, `page=nest&author=${ann}&limit=2&cursor=${first.next}`);
      assert.deepEqual(numbers(second), [7, 9]);
      assert.equal(second.next, null);
      assert.deepEqual(numbers(await floors(th, `page=nest&author=${ann}&sort=newest&limit=3`)), [9, 7, 4]);
      assert.deepEqual(numbers(await floors(th, 'page=nest&author=nobody')), []);
      await rejects(th, '/v1/sites/demo/floors?page=nest&author=a%20b');
      await rejects(th, `/v1/sites/demo/floors?page=nest&author=${'x'.repeat(65)}`);
    });

    await t.test('should start a page at floor N with from=N', async () => {
      const page = await floors(th, 'page=nest&from=5&limit=3');
      assert.deepEqual(numbers(page), [5, 6, 7]);
      assert.deepEqual(numbers(await floors(th, `page=nest&limit=3&cursor=${page.next}`)), [8, 9]);
      assert.deepEqual(numbers(await floors(th, 'page=nest&from=5&limit=3&sort=newest')), [5, 4, 3]);
      assert.deepEqual(numbers(await floors(th, 'page=nest&from=50')), []);
      const ann = (await floors(th, 'page=nest')).floors[0]!.author!.id;
      assert.deepEqual(numbers(await floors(th, `page=nest&from=3&author=${ann}`)), [4, 7, 9]);
    });

    await t.test('should refuse combinations that mean nothing', async () => {
      const { next } = await floors(th, 'page=nest&limit=2');
      await rejects(th, `/v1/sites/demo/floors?page=nest&from=3&cursor=${next}`);
      await rejects(th, '/v1/sites/demo/floors?page=nest&root=2&view=nested');
      await rejects(th, '/v1/sites/demo/floors?page=nest&root=2&sort=newest');
      await rejects(th, '/v1/sites/demo/floors?page=nest&root=1');
      await rejects(th, '/v1/sites/demo/floors?page=nest&view=nested&author=abc');
      await rejects(th, '/v1/sites/demo/floors?page=nest&view=nested&from=3');
      await rejects(th, '/v1/sites/demo/floors?page=nest&view=sideways');
      await rejects(th, '/v1/sites/demo/floors?page=nest&from=-1');
      await rejects(th, '/v1/sites/demo/bootstrap?page=nest&view=tree');
    });

    await t.test('should count replies of many pages in one request', async () => {
      const { status, body, res } = await th.getJson('/v1/sites/demo/counts?page=nest&page=busy&page=none&page=nest');
      assert.equal(status, 200);
      assert.deepEqual(Counts.parse(body), { counts: { nest: 8, busy: 27, none: 0 } });
      assert.match(res.headers.get('cache-control') ?? '', /max-age/);
      const keys = Array.from({ length: MAX_COUNT_PAGES }, (_, i) => `p${i}`);
      const full = await th.getJson(`/v1/sites/demo/counts?${keys.map((k) => `page=${k}`).join('&')}`);
      assert.equal(full.status, 200);
      assert.equal(Object.keys(full.body.counts).length, MAX_COUNT_PAGES);
      const other = await th.getJson('/v1/sites/other/counts?page=nest');
      assert.deepEqual(other.body, { counts: { nest: 0 } }, 'another site\'s thread of the same key is not counted');
    });

    await t.test('should refuse bad counts requests', async () => {
      const many = Array.from({ length: MAX_COUNT_PAGES + 1 }, (_, i) => `page=p${i}`).join('&');
      await rejects(th, `/v1/sites/demo/counts?${many}`);
      await rejects(th, '/v1/sites/demo/counts');
      await rejects(th, '/v1/sites/demo/counts?page=');
      await rejects(th, '/v1/sites/demo/counts?page=a&page=');
      await rejects(th, `/v1/sites/demo/counts?page=${'k'.repeat(513)}`);
      await rejects(th, '/v1/sites/demo/counts?page=a%00b');
      await rejects(th, '/v1/sites/nope/counts?page=a', 404, 'not_found');
      await rejects(th, '/v1/sites/BAD!/counts?page=a');
    });

    await t.test('should place new replies under their root and count them there', async () => {
      const res = await th.post({ page: 'nest', body: 'deeper still', parent: 5 });
      assert.equal(res.status, 201);
      const page = await floors(th, 'page=nest&view=nested&limit=1');
      assert.deepEqual(numbers(page.replies![0]!), [3, 4, 5, 10]);
      const bad = await th.post({ page: 'nest', body: 'x', parent: 99 });
      assert.equal(bad.status, 400);
      assert.deepEqual(numbers((await floors(th, 'page=nest&view=nested&limit=1')).replies![0]!), [3, 4, 5, 10]);
    });

    await t.test('should page a 100,000-floor thread by keyset, deep pages included', async () => {
      const COUNT = 100_000;
      let start = performance.now();
      const { authors } = await bulkThread(th.db, 'huge', COUNT);
      t.diagnostic(`${dialect}: seeded ${COUNT} floors in ${Math.round(performance.now() - start)} ms`);
      const timed = async (label: string, query: string) => {
        start = performance.now();
        const page = await floors(th, query);
        t.diagnostic(`${dialect}: ${label} in ${(performance.now() - start).toFixed(1)} ms`);
        return page;
      };
      const first = await timed('first page', 'page=huge');
      assert.deepEqual(numbers(first), Array.from({ length: 30 }, (_, i) => 2 + i));
      const k = 3000;
      const deep = await timed(`numbered page ${k}`, `page=huge&from=${2 + (k - 1) * 30}`);
      assert.equal(deep.floors[0]!.number, 2 + (k - 1) * 30);
      assert.equal(deep.floors.length, 30);
      const after = await timed('the page after it', `page=huge&cursor=${deep.next}`);
      assert.equal(after.floors[0]!.number, 2 + k * 30);
      const tail = await timed('the last page', `page=huge&from=${COUNT - 10}`);
      assert.equal(tail.floors.at(-1)!.number, COUNT + 1);
      assert.equal(tail.next, null);
      const newest = await timed('newest first', 'page=huge&sort=newest&limit=5');
      assert.deepEqual(numbers(newest), [100001, 100000, 99999, 99998, 99997]);
      const author = await timed('one author, deep', `page=huge&author=${authors[1]}&from=90000&limit=3`);
      assert.deepEqual(numbers(author), [90001, 90004, 90007]);
      const nested = await timed('nested, deep', `page=huge&view=nested&limit=2&cursor=${Buffer.from('v1.o.90000').toString('base64url')}`);
      assert.deepEqual(numbers(nested), [90001, 90002]);
      const boot = await th.getJson('/v1/sites/demo/bootstrap?page=huge');
      assert.equal(boot.body.thread.lastFloor, COUNT + 1);
      const nine = nested.replies?.find((g) => g.root === 90009);
      assert.equal(nine, undefined, '90009 is not on this page');
      const withReply = await floors(th, `page=huge&view=nested&limit=9&cursor=${Buffer.from('v1.o.90000').toString('base64url')}`);
      assert.deepEqual(withReply.replies?.map((g) => [g.root, numbers(g)]), [[90009, [90010]]]);
    });
  });
}

for (const dialect of DIALECTS) {
  test(`${dialect}: 0004_nested places floors already there`, async (t) => {
    const pgdb = dialect === 'postgres' ? await freshPostgres() : undefined;
    const pool = pgdb ? new pg.Pool({ connectionString: pgdb.url, max: 2 }) : undefined;
    const db = new Kysely<Tables>({
      dialect: pool ? new PostgresDialect({ pool }) : new SqliteDialect({ database: new BetterSqlite3(':memory:') }),
    });
    t.after(async () => {
      await db.destroy();
      await pgdb?.drop();
    });
    const schema = pgdb ? { migrationTableSchema: (await sql<{ s: string }>`select current_schema() as s`.execute(db)).rows[0]!.s } : {};
    const migrator = new Migrator({ db, provider: migrationProvider, ...schema });
    const before = Object.keys(await migrationProvider.getMigrations()).sort().filter((name) => name < '0004_nested').pop()!;
    assert.equal((await migrator.migrateTo(before)).error, undefined);
    const now = new Date().toISOString();
    await db.insertInto('sites').values({ id: 's', name: 's', secret: 'x', origins: '[]', settings: '{}', created_at: now }).execute();
    await db.insertInto('threads').values({ id: 't', site_id: 's', page_key: 'p', url: null, title: null, author_user_id: null, created_at: now }).execute();
    // 2 root, 3 → 2, 4 → 3, 5 → 4, 6 root, 7 → 6
    const parents: [number, number | null][] = [[2, null], [3, 2], [4, 3], [5, 4], [6, null], [7, 6]];
    for (const [number, parent] of parents) {
      await db.insertInto('floors').values({
        id: `f${number}`, thread_id: 't', number, kind: 'reply', author_user_id: null, parent_number: parent, quote_number: null,
        body_source: 'x', body_json: '{"type":"root","children":[]}', status: 'published', created_at: now, edited_at: null,
      } as never).execute();
    }
    assert.equal((await migrator.migrateToLatest()).error, undefined);
    const rows = await db.selectFrom('floors').select(['number', 'root_number', 'depth', 'descendants']).orderBy('number').execute();
    assert.deepEqual(rows.map((r) => [r.number, r.root_number, r.depth, r.descendants]), [
      [2, 2, 0, 3], [3, 2, 1, 0], [4, 2, 2, 0], [5, 2, 3, 0], [6, 6, 0, 1], [7, 6, 1, 0],
    ]);
  });
}
