import test from 'node:test';
import assert from 'node:assert/strict';
import { Bootstrap, Floor, FloorPage, floorLabel, type Floor as FloorT } from '@teahouse/protocol';
import { seedThread } from './threads/seed.js';
import { DIALECTS, testApp } from './test/support.js';

const OP = { sub: 'op', name: '楼主' };

for (const dialect of DIALECTS) {
  test(`${dialect}: threads and floors`, async (t) => {
    const th = await testApp(dialect);
    t.after(() => th.close());

    await t.test('should bootstrap an unknown thread as empty with a null id', async () => {
      const { status, body } = await th.getJson(`/v1/sites/demo/bootstrap?page=nothing-yet`);
      assert.equal(status, 200);
      assert.ok(Bootstrap.safeParse(body).success);
      assert.equal(body.thread.id, null);
      assert.equal(body.thread.lastFloor, 1);
      assert.equal(body.thread.replyCount, 0);
      assert.deepEqual(body.page, { floors: [], next: null });
      assert.equal(body.viewer, null);
      assert.equal(body.sort, 'oldest');
      const { id, name, loginUrl, registerUrl, maxBodyLength } = body.site;
      assert.deepEqual({ id, name, loginUrl, registerUrl, maxBodyLength }, {
        id: 'demo', name: 'Demo News', loginUrl: 'https://news.example.com/login', registerUrl: null, maxBodyLength: 10000,
      });
    });

    await t.test('should bootstrap a seeded thread with the OP marked and quotes resolved', async () => {
      const seeded = await seedThread(th.db, {
        site: 'demo', page: 'seeded', url: 'https://news.example.com/a/1', title: 'Tea prices',
        author: OP,
        floors: [
          { author: { sub: 'a', name: 'Ann' }, body: 'First! **bold** and `code`' },
          { author: { sub: 'b', name: 'Bob' }, body: 'Second, @Ann see https://example.com' },
          { author: OP, body: 'Thanks', quote: 2 },
          { author: { sub: 'a', name: 'Ann' }, body: 'reply to bob', parent: 3 },
        ],
      });
      assert.deepEqual(seeded.floors.map((f) => f.number), [2, 3, 4, 5]);
      const { status, body } = await th.getJson(`/v1/sites/demo/bootstrap?page=seeded`);
      assert.equal(status, 200);
      const parsed = Bootstrap.safeParse(body);
      assert.ok(parsed.success, JSON.stringify(parsed.error?.issues));
      const b = parsed.data!;
      assert.equal(b.thread.title, 'Tea prices');
      assert.equal(b.thread.url, 'https://news.example.com/a/1');
      assert.equal(b.thread.author?.name, '楼主');
      assert.equal(b.thread.replyCount, 4);
      assert.equal(b.thread.lastFloor, 5);
      const [f2, f3, f4, f5] = b.page.floors as [FloorT, FloorT, FloorT, FloorT];
      assert.equal(f2.isOp, false);
      assert.equal(f4.isOp, true);
      assert.equal(f4.author?.id, b.thread.author?.id);
      assert.deepEqual(f4.quote, { number: 2, author: 'Ann', createdAt: f2.createdAt, excerpt: 'First! bold and code', status: 'published' });
      assert.equal(f5.parent, 3);
      assert.equal(f5.quote, null);
      assert.ok(f3.body.children[0]?.type === 'paragraph');
      const inline = f3.body.children[0].type === 'paragraph' ? f3.body.children[0].children : [];
      assert.ok(inline.some((n) => n.type === 'mention' && n.value === 'Ann'));
      assert.ok(inline.some((n) => n.type === 'link' && n.url === 'https://example.com'));
    });

    await t.test('should create the thread on first post and number replies from 2', async () => {
      const res = await th.post({ page: 'fresh', body: 'hello', url: 'https://news.example.com/fresh', title: 'Fresh' });
      assert.equal(res.status, 201);
      const floor = Floor.parse(await res.json());
      assert.equal(floor.number, 2);
      assert.equal(floor.kind, 'reply');
      assert.equal(floor.status, 'published');
      assert.equal(floor.author?.name, 'Reader One');
      assert.equal(floor.author?.role, 'reader');
      assert.equal(floor.isOp, false);
      assert.equal(res.headers.get('location'), '/v1/sites/demo/floors/2?page=fresh');
      const second = Floor.parse(await (await th.post({ page: 'fresh', body: 'again' }, { sub: 'reader-2', name: 'Two' })).json());
      assert.equal(second.number, 3);
      assert.notEqual(second.author?.id, floor.author?.id);
      const { body } = await th.getJson('/v1/sites/demo/bootstrap?page=fresh');
      assert.equal(body.thread.title, 'Fresh');
      assert.equal(body.thread.replyCount, 2);
      assert.equal(body.thread.author, null);
    });

    await t.test('should label floors 沙发, 板凳, 地板, N楼 and #N by their numbers', async () => {
      const { body } = await th.getJson('/v1/sites/demo/floors?page=seeded');
      const numbers = (body as FloorPage).floors.map((f) => f.number);
      assert.deepEqual(numbers.map((n) => floorLabel(n, 'zh-CN')), ['沙发', '板凳', '地板', '5楼']);
      assert.deepEqual(numbers.map((n) => floorLabel(n, 'en')), ['#2', '#3', '#4', '#5']);
    });

    await t.test('should keep the reply author and update the profile from the newest token', async () => {
      await th.post({ page: 'profile', body: 'one' }, { sub: 'p', name: 'Old Name' });
      const res = await th.post({ page: 'profile', body: 'two' }, { sub: 'p', name: 'New Name', avatar: 'https://cdn.example.com/p.png' });
      const floor = Floor.parse(await res.json());
      assert.equal(floor.author?.name, 'New Name');
      assert.equal(floor.author?.avatar, 'https://cdn.example.com/p.png');
      const unsafe = Floor.parse(await (await th.post({ page: 'profile', body: 'three' }, { sub: 'p', name: 'N', avatar: 'javascript:alert(1)' })).json());
      assert.equal(unsafe.author?.avatar, null);
    });

    await t.test('should quote and reply to existing floors, treating parent 1 as top level', async () => {
      await th.post({ page: 'q', body: 'a long one '.repeat(30) });
      const res = await th.post({ page: 'q', body: 'quoting', quote: 2, parent: 1 });
      assert.equal(res.status, 201);
      const floor = Floor.parse(await res.json());
      assert.equal(floor.parent, null);
      assert.equal(floor.quote?.number, 2);
      assert.ok(floor.quote!.excerpt.length <= 140);
      assert.ok(floor.quote!.excerpt.endsWith('…'));
      const nested = Floor.parse(await (await th.post({ page: 'q', body: 'nested', parent: 3, quote: 3 })).json());
      assert.equal(nested.parent, 3);
      assert.equal(nested.quote?.author, 'Reader One');
    });

    await t.test('should reject quoting floor 1, a missing floor or one not yet posted', async () => {
      for (const [body, path] of [
        [{ page: 'q', body: 'x', quote: 1 }, 'quote'],
        [{ page: 'q', body: 'x', quote: 99 }, 'quote'],
        [{ page: 'q', body: 'x', parent: 99 }, 'parent'],
        [{ page: 'q', body: 'x', quote: 5 }, 'quote'],
        [{ page: 'q', body: 'x', quote: 9_000_000_000 }, 'quote'],
        [{ page: 'never-posted', body: 'x', quote: 2 }, 'quote'],
      ] as const) {
        const res = await th.post(body);
        assert.equal(res.status, 400, JSON.stringify(body));
        const error = (await res.json()).error;
        assert.equal(error.code, 'validation_failed');
        assert.deepEqual(error.details.issues[0].path, [path]);
      }
      // A rejected post takes no number.
      const ok = Floor.parse(await (await th.post({ page: 'q', body: 'fine' })).json());
      assert.equal(ok.number, 5);
      const { body } = await th.getJson('/v1/sites/demo/bootstrap?page=never-posted');
      assert.equal(body.thread.id, null);
    });

    await t.test('should return one floor by number and 404 for floor 1 or missing ones', async () => {
      const { status, body } = await th.getJson('/v1/sites/demo/floors/4?page=seeded');
      assert.equal(status, 200);
      assert.equal(Floor.parse(body).number, 4);
      for (const path of ['/v1/sites/demo/floors/1?page=seeded', '/v1/sites/demo/floors/77?page=seeded', '/v1/sites/demo/floors/2?page=nope']) {
        const r = await th.getJson(path);
        assert.equal(r.status, 404, path);
        assert.equal(r.body.error.code, 'not_found');
      }
    });

    await t.test('should page through 250 floors in both orders without gaps or repeats', async () => {
      const floors = Array.from({ length: 250 }, (_, i) => ({ author: { sub: `u${i % 7}`, name: `User ${i % 7}` }, body: `floor body ${i}` }));
      await seedThread(th.db, { site: 'demo', page: 'long', author: OP, floors });
      for (const sort of ['oldest', 'newest'] as const) {
        const seen: number[] = [];
        let cursor: string | null = null;
        let pages = 0;
        do {
          const q: URLSearchParams = new URLSearchParams({ page: 'long', sort, limit: '37', ...(cursor ? { cursor } : {}) });
          const { status, body }: { status: number; body: unknown } = await th.getJson(`/v1/sites/demo/floors?${q}`);
          assert.equal(status, 200);
          const page = FloorPage.parse(body);
          seen.push(...page.floors.map((f) => f.number));
          cursor = page.next;
          pages++;
        } while (cursor && pages < 50);
        assert.equal(pages, Math.ceil(250 / 37));
        const expected = Array.from({ length: 250 }, (_, i) => i + 2);
        assert.deepEqual(seen, sort === 'oldest' ? expected : expected.reverse());
      }
      const { body } = await th.getJson('/v1/sites/demo/bootstrap?page=long&sort=newest&limit=100');
      assert.equal(body.page.floors.length, 100);
      assert.equal(body.page.floors[0].number, 251);
      assert.equal(body.thread.replyCount, 250);
      const page2 = await th.getJson(`/v1/sites/demo/floors?page=long&sort=newest&limit=100&cursor=${body.page.next}`);
      assert.equal(page2.body.floors[0].number, 151);
      const exact = await th.getJson('/v1/sites/demo/floors?page=long&limit=100&cursor=' + (await th.getJson('/v1/sites/demo/floors?page=long&limit=100&cursor=' + (await th.getJson('/v1/sites/demo/floors?page=long&limit=100')).body.next)).body.next);
      assert.equal(exact.body.floors.length, 50);
      assert.equal(exact.body.next, null);
    });

    await t.test('should give 25 concurrent posts distinct consecutive numbers', async () => {
      const posts = await Promise.all(
        Array.from({ length: 25 }, (_, i) => th.post({ page: 'race', body: `post ${i}` }, { sub: `racer-${i % 5}`, name: `Racer ${i % 5}` })),
      );
      const numbers = await Promise.all(posts.map(async (r) => {
        assert.equal(r.status, 201);
        return Floor.parse(await r.json()).number;
      }));
      assert.deepEqual([...numbers].sort((a, b) => a - b), Array.from({ length: 25 }, (_, i) => i + 2));
      const { body } = await th.getJson('/v1/sites/demo/bootstrap?page=race&limit=100');
      assert.equal(body.thread.replyCount, 25);
      assert.equal(body.thread.lastFloor, 26);
      assert.equal(body.page.floors.length, 25);
    });

    await t.test('should fill the viewer from a valid token', async () => {
      const token = await th.token({ sub: 'viewer-x', name: 'Viewer X' });
      const res = await th.app.request('/v1/sites/demo/bootstrap?page=seeded', { headers: { authorization: `Bearer ${token}` } });
      assert.equal(res.status, 200);
      const body = Bootstrap.parse(await res.json());
      assert.equal(body.viewer?.user.name, 'Viewer X');
      assert.equal(body.viewer?.user.role, 'reader');
      assert.equal(res.headers.get('etag'), null);
      assert.match(res.headers.get('cache-control') ?? '', /private/);
      // The same person posting keeps the same public id.
      const floor = Floor.parse(await (await th.post({ page: 'seeded', body: 'me' }, { sub: 'viewer-x', name: 'Viewer X' })).json());
      assert.equal(floor.author?.id, body.viewer?.user.id);
    });

    await t.test('should give the role the site configures, not the one the token claims', async () => {
      const claimed = await th.token({ sub: 'pretender', name: 'P', role: 'admin' });
      const res = await th.app.request('/v1/sites/demo/bootstrap?page=seeded', { headers: { authorization: `Bearer ${claimed}` } });
      assert.equal(Bootstrap.parse(await res.json()).viewer?.user.role, 'reader');
      const mod = await th.token({ sub: 'mod-1', name: 'Mod' });
      const modRes = await th.app.request('/v1/sites/demo/bootstrap?page=seeded', { headers: { authorization: `Bearer ${mod}` } });
      assert.equal(Bootstrap.parse(await modRes.json()).viewer?.user.role, 'moderator');
    });

    await t.test('should keep sites apart', async () => {
      const { body } = await th.getJson('/v1/sites/other/bootstrap?page=seeded');
      assert.equal(body.thread.id, null);
      assert.equal(body.site.name, 'Other');
    });
  });
}
