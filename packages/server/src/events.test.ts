import test from 'node:test';
import assert from 'node:assert/strict';
import { Hono } from 'hono';
import { Bootstrap, ThreadEvent } from '@teahouse/protocol';
import { eventRoutes } from './routes/events.js';
import { siteLoader } from './middleware/site/site.js';
import { SiteCache } from './sites/sites.js';
import { seedThread } from './threads/seed.js';
import { DIALECTS, testApp } from './test/support.js';

interface Message {
  id?: string;
  event?: string;
  data?: string;
  comment?: string;
}

/** Reads Server-Sent Events from a streaming response, a message at a time. */
function sseReader(res: Response) {
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  const queue: Message[] = [];
  async function next(timeoutMs = 3000): Promise<Message> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const end = buffer.indexOf('\n\n');
      if (end >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const msg: Message = {};
        for (const line of block.split('\n')) {
          if (line.startsWith(':')) msg.comment = line.slice(1).trim();
          const m = /^(id|event|data): ?(.*)$/.exec(line);
          if (m) msg[m[1] as 'id' | 'event' | 'data'] = m[2];
        }
        queue.push(msg);
      }
      const first = queue.shift();
      if (first) return first;
      const left = deadline - Date.now();
      if (left <= 0) throw new Error('timed out waiting for an event');
      let timer: ReturnType<typeof setTimeout> | undefined;
      const chunk = await Promise.race([
        reader.read(),
        new Promise<never>((_, reject) => { timer = setTimeout(() => reject(new Error('timed out waiting for an event')), left); }),
      ]).finally(() => clearTimeout(timer));
      if (chunk.done) throw new Error('stream ended');
      buffer += decoder.decode(chunk.value, { stream: true });
    }
  }
  /** The next message that carries an event (skipping `retry:` and heartbeats). */
  async function event(timeoutMs?: number): Promise<{ id: string; type: string; event: ThreadEvent }> {
    for (;;) {
      const msg = await next(timeoutMs);
      if (msg.data === undefined) continue;
      const parsed = ThreadEvent.safeParse(JSON.parse(msg.data));
      assert.ok(parsed.success, msg.data);
      assert.equal(msg.event, parsed.data!.type);
      return { id: msg.id!, type: msg.event!, event: parsed.data! };
    }
  }
  return { next, event, cancel: () => reader.cancel() };
}

const OP = { sub: 'op', name: 'OP' };

for (const dialect of DIALECTS) {
  test(`${dialect}: thread events`, async (t) => {
    const th = await testApp(dialect);
    t.after(() => th.close());
    const open = async (path: string, init?: RequestInit) => {
      const controller = new AbortController();
      const res = await th.app.request(path, { ...init, signal: controller.signal });
      assert.equal(res.status, 200);
      assert.match(res.headers.get('content-type') ?? '', /^text\/event-stream/);
      const reader = sseReader(res);
      t.after(() => { controller.abort(); void reader.cancel().catch(() => {}); });
      return reader;
    };

    await t.test('should record one floor.created event per post and give its id in the bootstrap', async () => {
      await seedThread(th.db, { site: 'demo', page: 'ev-1', author: OP, floors: [{ author: { sub: 'a', name: 'Ann' }, body: 'one' }] });
      const rows = await th.db.kysely.selectFrom('thread_events').selectAll().execute();
      assert.equal(rows.length, 1);
      assert.equal(rows[0]!.type, 'floor.created');
      const { body } = await th.getJson('/v1/sites/demo/bootstrap?page=ev-1');
      assert.ok(Bootstrap.safeParse(body).success);
      assert.equal(body.lastEventId, String(rows[0]!.id));
      const empty = await th.getJson('/v1/sites/demo/bootstrap?page=ev-none');
      assert.equal(empty.body.lastEventId, '0');
    });

    await t.test('should stream new floors in order as they are posted', async () => {
      const { body: boot } = await th.getJson('/v1/sites/demo/bootstrap?page=ev-1');
      const sse = await open(`/v1/sites/demo/events?page=ev-1&lastEventId=${boot.lastEventId}`);
      for (const text of ['two', 'three', 'four']) assert.equal((await th.post({ page: 'ev-1', body: text })).status, 201);
      const got = [await sse.event(), await sse.event(), await sse.event()];
      assert.deepEqual(got.map((e) => e.type), ['floor.created', 'floor.created', 'floor.created']);
      assert.deepEqual(got.map((e) => (e.event.type === 'floor.created' ? e.event.floor.number : 0)), [3, 4, 5]);
      assert.ok(Number(got[0]!.id) < Number(got[1]!.id) && Number(got[1]!.id) < Number(got[2]!.id));
    });

    await t.test('should resume after Last-Event-ID without losing or repeating an event', async () => {
      const all = await th.db.kysely.selectFrom('thread_events').select('id').orderBy('id').execute();
      const ids = all.map((r) => String(r.id));
      // Resume after the second event: exactly the third and later follow.
      const sse = await open('/v1/sites/demo/events?page=ev-1', { headers: { 'Last-Event-ID': ids[1]! } });
      const replayed = [];
      for (let i = 2; i < ids.length; i++) replayed.push((await sse.event()).id);
      assert.deepEqual(replayed, ids.slice(2));
      assert.equal((await th.post({ page: 'ev-1', body: 'after resume' })).status, 201);
      const fresh = await sse.event();
      assert.ok(Number(fresh.id) > Number(ids[ids.length - 1]));
      assert.equal(fresh.event.type === 'floor.created' && fresh.event.floor.number, 6);
    });

    await t.test('should prefer the Last-Event-ID header over the query', async () => {
      const last = (await th.db.kysely.selectFrom('thread_events').select('id').orderBy('id', 'desc').limit(2).execute()).map((r) => String(r.id));
      const sse = await open(`/v1/sites/demo/events?page=ev-1&lastEventId=0`, { headers: { 'Last-Event-ID': last[1]! } });
      assert.equal((await sse.event()).id, last[0]);
    });

    await t.test('should start from now without an id, and deliver a thread created later from its first floor', async () => {
      const now = await open('/v1/sites/demo/events?page=ev-1');
      const later = await open('/v1/sites/demo/events?page=ev-later');
      assert.equal((await th.post({ page: 'ev-later', body: 'first' })).status, 201);
      assert.equal((await th.post({ page: 'ev-1', body: 'seven' })).status, 201);
      const first = await later.event();
      assert.equal(first.event.type === 'floor.created' && first.event.floor.number, 2);
      const seven = await now.event();
      assert.equal(seven.event.type === 'floor.created' && seven.event.floor.number, 7);
    });

    await t.test('should deliver events written by another process by polling', async () => {
      const sse = await open('/v1/sites/demo/events?page=ev-1');
      // Written behind the hub's back, as another instance or the CLI would.
      const thread = await th.db.kysely.selectFrom('threads').select('id').where('page_key', '=', 'ev-1').executeTakeFirstOrThrow();
      const { recordEvent } = await import('./events/events.js');
      const { Work } = await import('./db/work.js');
      // A unit of work whose effects never run: nothing in this process hears of it.
      await recordEvent(new Work(th.db.kysely), { id: thread.id, site: 'demo', page: 'ev-1' }, { type: 'reactions.changed', target: 1, counts: { up: 3 } });
      const got = await sse.event(5000);
      assert.deepEqual(got.event, { type: 'reactions.changed', target: 1, counts: { up: 3 } });
    });

    await t.test('should refuse a malformed Last-Event-ID and an unknown site', async () => {
      const bad = await th.getJson('/v1/sites/demo/events?page=ev-1', { headers: { 'Last-Event-ID': 'abc' } });
      assert.equal(bad.status, 400);
      assert.equal(bad.body.error.code, 'validation_failed');
      const badQuery = await th.getJson('/v1/sites/demo/events?page=ev-1&lastEventId=-1');
      assert.equal(badQuery.status, 400);
      const noPage = await th.getJson('/v1/sites/demo/events');
      assert.equal(noPage.status, 400);
      const unknown = await th.getJson('/v1/sites/nope/events?page=x');
      assert.equal(unknown.status, 404);
    });

    await t.test('should send heartbeats while the thread is quiet', async () => {
      const app = new Hono();
      app.use('/v1/sites/:site/*', siteLoader(new SiteCache(th.db)));
      eventRoutes(app, th.db, { heartbeatMs: 50 });
      const controller = new AbortController();
      const res = await app.request('/v1/sites/demo/events?page=ev-1', { signal: controller.signal });
      const sse = sseReader(res);
      t.after(() => { controller.abort(); void sse.cancel().catch(() => {}); });
      let msg = await sse.next();
      while (msg.comment === undefined) msg = await sse.next();
      assert.equal(msg.comment, 'heartbeat');
    });

    /** An app of the events route alone, with its own streams and options. */
    const eventsApp = (options: Parameters<typeof eventRoutes>[2]) => {
      const app = new Hono();
      app.use('/v1/sites/:site/*', siteLoader(new SiteCache(th.db)));
      return { app, live: eventRoutes(app, th.db, options) };
    };

    await t.test('should unsubscribe from the hub when the client goes away', async () => {
      await seedThread(th.db, { site: 'demo', page: 'ev-alone', author: OP, floors: [{ author: OP, body: 'one' }] });
      const { app, live } = eventsApp({});
      const before = th.db.events.subscriberCount;
      const controller = new AbortController();
      const res = await app.request('/v1/sites/demo/events?page=ev-alone', { signal: controller.signal });
      const reader = res.body!.getReader();
      await reader.read();
      assert.equal(live.size, 1);
      for (let i = 0; i < 50 && th.db.events.subscriberCount === before; i++) await new Promise((r) => setTimeout(r, 20));
      assert.equal(th.db.events.subscriberCount, before + 1);
      await reader.cancel();
      controller.abort();
      assert.equal(live.size, 0);
      assert.equal(th.db.events.subscriberCount, before);
    });

    await t.test('should share one subscription and one copy of each event among the streams of a thread', async () => {
      await seedThread(th.db, { site: 'demo', page: 'ev-many', author: OP, floors: [{ author: OP, body: 'one' }] });
      const before = th.db.events.threadCount;
      const streams = [];
      for (let i = 0; i < 5; i++) streams.push(await open('/v1/sites/demo/events?page=ev-many'));
      assert.equal(th.db.events.threadCount, before + 1);
      const posted = await th.post({ page: 'ev-many', body: 'two' });
      assert.equal(posted.status, 201);
      const { number } = await posted.json() as { number: number };
      const got = await Promise.all(streams.map((sse) => sse.event()));
      assert.equal(new Set(got.map((e) => e.id)).size, 1);
      assert.ok(got.every((e) => e.event.type === 'floor.created' && e.event.floor.number === number));
    });

    await t.test('should drop a reader that falls behind, which then resumes with Last-Event-ID and loses nothing', async () => {
      await seedThread(th.db, { site: 'demo', page: 'ev-slow', author: OP, floors: [{ author: OP, body: 'one' }] });
      const { app, live } = eventsApp({ maxBufferedBytes: 8192 });
      const { body: boot } = await th.getJson('/v1/sites/demo/bootstrap?page=ev-slow');
      // Nobody reads this one: what is sent piles up in its buffer.
      const stuck = await app.request(`/v1/sites/demo/events?page=ev-slow&lastEventId=${boot.lastEventId}`);
      assert.equal(stuck.status, 200);
      const fast = sseReader(await app.request(`/v1/sites/demo/events?page=ev-slow&lastEventId=${boot.lastEventId}`));
      t.after(() => void fast.cancel().catch(() => {}));
      const texts = Array.from({ length: 20 }, (_, i) => `floor ${i} ${'x'.repeat(600)}`);
      const kept = (async () => {
        for (let i = 0; i < texts.length; i++) await fast.event();
      })();
      const numbers: number[] = [];
      for (const text of texts) {
        const res = await th.post({ page: 'ev-slow', body: text });
        assert.equal(res.status, 201);
        numbers.push((await res.json() as { number: number }).number);
      }
      // The reader that keeps up gets everything; the other was dropped on the way.
      await kept;
      assert.equal(live.size, 1);
      await assert.rejects(stuck.body!.getReader().read(), /fell too far behind/);
      const again = sseReader(await app.request('/v1/sites/demo/events?page=ev-slow', { headers: { 'Last-Event-ID': boot.lastEventId } }));
      t.after(() => void again.cancel().catch(() => {}));
      const resumed = [];
      for (let i = 0; i < texts.length; i++) {
        const { event } = await again.event();
        resumed.push(event.type === 'floor.created' ? event.floor.number : 0);
      }
      assert.deepEqual(resumed, numbers);
    });
    await t.test('should end open streams when the server shuts down', async () => {
      const controller = new AbortController();
      const res = await th.app.request('/v1/sites/demo/events?page=ev-1', { signal: controller.signal });
      const reader = res.body!.getReader();
      await reader.read();
      th.db.events.close();
      let done = false;
      const deadline = Date.now() + 3000;
      while (!done && Date.now() < deadline) done = (await reader.read()).done;
      assert.equal(done, true);
    });

  });
}
