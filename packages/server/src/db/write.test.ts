import test from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Floor } from '@teahouse/protocol';
import { ApiError } from '../errors.js';
import { DIALECTS, errorCode, testApp, type TestApp } from '../test/support.js';
import { newId, now } from './ids.js';

const WRITERS = 200;
const FAILING = 99;

/** A SQLite file (reader and writer connections, as a server runs) or a fresh Postgres schema. */
async function fileApp(dialect: (typeof DIALECTS)[number]): Promise<TestApp> {
  if (dialect === 'postgres') return testApp(dialect);
  const dir = mkdtempSync(join(tmpdir(), 'teahouse-write-'));
  const th = await testApp(dialect, { database: `sqlite:${join(dir, 'write.db')}` });
  return { ...th, close: async () => { await th.close(); rmSync(dir, { recursive: true, force: true }); } };
}

const refused = () => new ApiError(409, 'conflict', 'this unit refuses itself');

for (const dialect of DIALECTS) {
  test(`${dialect}: units of work`, async (t) => {
    const th = await fileApp(dialect);
    t.after(() => th.close());
    const users = (prefix: string) => th.db.kysely.selectFrom('users').select('external_id').where('external_id', 'like', `${prefix}%`).execute();

    await t.test('should commit every one of 200 concurrent units but the one that throws, which gets its own error', async () => {
      const before = th.db.writes;
      const { units, commits } = before;
      const results = await Promise.allSettled(Array.from({ length: WRITERS }, (_, i) => th.db.write(async ({ trx }) => {
        await trx.insertInto('users').values({ id: newId(), site_id: 'demo', external_id: `w-${i}`, name: `W${i}`, avatar: null, role: 'reader', created_at: now() }).execute();
        // Fails after writing: its savepoint must take the row back, and nobody else's.
        if (i === FAILING) throw refused();
        return i;
      })));
      assert.deepEqual(results.map((r, i) => (i === FAILING ? r.status : r.status === 'fulfilled' && r.value === i)), results.map((_, i) => (i === FAILING ? 'rejected' : true)));
      const failed = results[FAILING];
      assert.ok(failed?.status === 'rejected' && failed.reason instanceof ApiError && failed.reason.status === 409);
      const stored = new Set((await users('w-')).map((r) => r.external_id));
      assert.equal(stored.size, WRITERS - 1);
      assert.equal(stored.has(`w-${FAILING}`), false);
      assert.equal(th.db.writes.units - units, WRITERS - 1);
      const used = th.db.writes.commits - commits;
      if (dialect === 'sqlite') assert.ok(used < 20, `199 units should share a few commits, took ${used}`);
      else assert.equal(used, WRITERS - 1);
    });

    await t.test('should run effects after the commit, once per key, and never for a unit that threw', async () => {
      const seen: string[] = [];
      const value = await th.db.write(async (work) => {
        await work.trx.insertInto('users').values({ id: newId(), site_id: 'demo', external_id: 'fx-1', name: 'Fx', avatar: null, role: 'reader', created_at: now() }).execute();
        work.afterCommit('once', () => seen.push('first'));
        work.afterCommit('once', () => seen.push('second'));
        work.afterCommit('check', () => void users('fx-').then((rows) => seen.push(`visible:${rows.length}`)));
        assert.deepEqual(seen, [], 'nothing runs before the commit');
        return 'done';
      });
      assert.equal(value, 'done');
      assert.deepEqual(seen, ['first']);
      await new Promise((resolve) => setTimeout(resolve, 50));
      assert.deepEqual(seen, ['first', 'visible:1'], 'a read after the commit sees the unit');

      await assert.rejects(th.db.write(async (work) => {
        work.afterCommit('never', () => seen.push('never'));
        throw refused();
      }), ApiError);
      assert.equal(seen.includes('never'), false);
    });

    await t.test('should answer its request when an effect throws', async () => {
      const errors: unknown[] = [];
      const original = console.error;
      console.error = (...args: unknown[]) => errors.push(args);
      try {
        assert.equal(await th.db.write(async (work) => {
          work.afterCommit('boom', () => {
            throw new Error('effect failed');
          });
          return 1;
        }), 1);
      } finally {
        console.error = original;
      }
      assert.equal(errors.length, 1);
    });

    await t.test('should answer 200 concurrent posts, one refused inside its unit of work, with 199 floors numbered without a gap', async () => {
      const { commits } = th.db.writes;
      const responses = await Promise.all(Array.from({ length: WRITERS }, (_, i) =>
        // A quote of a floor that does not exist is found inside the unit, after the thread's number moved.
        th.post({ page: 'crowd', body: `reply ${i}`, ...(i === FAILING ? { quote: 99_999 } : {}) }, { sub: `crowd-${i}`, name: `Crowd ${i}` }),
      ));
      const statuses = responses.map((res) => res.status);
      assert.deepEqual(statuses, statuses.map((_, i) => (i === FAILING ? 400 : 201)));
      assert.equal(errorCode(await responses[FAILING]!.json()), 'validation_failed');
      const numbers = (await Promise.all(responses.filter((_, i) => i !== FAILING).map(async (res) => Floor.parse(await res.json()).number)))
        .sort((a, b) => a - b);
      assert.deepEqual(numbers, Array.from({ length: WRITERS - 1 }, (_, i) => i + 2));
      const thread = await th.db.kysely.selectFrom('threads').select(['id', 'last_floor', 'reply_count', 'version'])
        .where('page_key', '=', 'crowd').executeTakeFirstOrThrow();
      assert.equal(thread.last_floor, WRITERS);
      assert.equal(thread.reply_count, WRITERS - 1);
      assert.equal(thread.version, WRITERS - 1, 'one version per post');
      const events = await th.db.kysely.selectFrom('thread_events').select('id').where('thread_id', '=', thread.id).execute();
      assert.equal(events.length, WRITERS - 1);
      if (dialect === 'sqlite') assert.ok(th.db.writes.commits - commits < WRITERS - 1, 'posts share commits');
    });
  });
}

test('migrations import nothing of the live code', () => {
  const dir = fileURLToPath(new URL('./migrations/', import.meta.url));
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.js'))) {
    const imports = [...readFileSync(join(dir, file), 'utf8').matchAll(/^import .* from '([^']+)';$/gm)].map((m) => m[1]);
    const live = imports.filter((name) => !(name === 'kysely' || name === 'kysely/migration' || name!.startsWith('node:') || (file === 'index.js' && /^\.\/\d{4}_\w+\.js$/.test(name!))));
    assert.deepEqual(live, [], `${file} imports ${live.join(', ')}`);
  }
});
