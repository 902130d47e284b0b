import test from 'node:test';
import assert from 'node:assert/strict';
import { Floor, PreviewResult, ThreadEvent } from '@teahouse/protocol';
import { DIALECTS, SITE, errorCode, testApp, type TestApp } from './test/support.js';

const STRICT = { id: 'strict', name: 'Strict', secret: 'strict-secret-that-is-long-enough-ok', origins: [], settings: { editWindowSeconds: 60, maxLinks: 1, maxBodyLength: 40 } };

async function send(th: TestApp, method: string, path: string, body?: unknown, sub = 'reader-1') {
  const headers: Record<string, string> = { authorization: `Bearer ${await th.token({ sub, name: sub })}` };
  if (body !== undefined) headers['content-type'] = 'application/json';
  return th.getJson(path, { method, headers, ...(body !== undefined ? { body: JSON.stringify(body) } : {}) });
}

async function events(th: TestApp): Promise<ThreadEvent[]> {
  const rows = await th.db.kysely.selectFrom('thread_events').select('payload').orderBy('id').execute();
  return rows.map((r) => ThreadEvent.parse(JSON.parse(r.payload)));
}

for (const dialect of DIALECTS) {
  test(`${dialect}: editing, deleting and previewing`, async (t) => {
    const th = await testApp(dialect, { sites: [SITE, STRICT] });
    t.after(() => th.close());
    const floorPath = (n: number, page = 'ed') => `/v1/sites/demo/floors/${n}?page=${page}`;
    const post = async (body: string, sub = 'reader-1', extra: object = {}) => {
      const res = await send(th, 'POST', '/v1/sites/demo/floors', { page: 'ed', body, ...extra }, sub);
      assert.equal(res.status, 201, JSON.stringify(res.body));
      return Floor.parse(res.body);
    };

    await t.test('should let the author edit within the window, re-parse the body and record floor.updated', async () => {
      const f = await post('first *draft*');
      assert.equal(f.editedAt, null);
      const res = await send(th, 'PATCH', `/v1/sites/demo/floors/${f.number}`, { page: 'ed', body: 'second **take** https://example.com' });
      assert.equal(res.status, 200, JSON.stringify(res.body));
      const edited = Floor.parse(res.body);
      assert.equal(edited.number, f.number);
      assert.equal(edited.id, f.id);
      assert.ok(edited.editedAt && Date.parse(edited.editedAt) >= Date.parse(f.createdAt));
      const json = JSON.stringify(edited.body);
      assert.match(json, /"strong"/);
      assert.match(json, /"link"/);
      // Reaction counts are joined on reads; events and this answer carry the floor itself.
      const { reactions: _, ...read } = (await th.getJson(floorPath(f.number))).body;
      assert.deepEqual(read, edited);
      const all = await events(th);
      assert.deepEqual(all.map((e) => e.type), ['floor.created', 'floor.updated']);
      assert.deepEqual(all[1], { type: 'floor.updated', floor: edited });
      const row = await th.db.kysely.selectFrom('floors').select('body_source').where('id', '=', f.id).executeTakeFirstOrThrow();
      assert.equal(row.body_source, 'second **take** https://example.com');
    });

    await t.test("should give the author, and only the author, their floor's Markdown source", async () => {
      const f = await post('**bold** source');
      const mine = await send(th, 'GET', `/v1/sites/demo/floors/${f.number}/source?page=ed`);
      assert.equal(mine.status, 200);
      assert.deepEqual(mine.body, { source: '**bold** source' });
      assert.equal((await send(th, 'GET', `/v1/sites/demo/floors/${f.number}/source?page=ed`, undefined, 'someone')).status, 403);
      assert.equal((await th.getJson(`/v1/sites/demo/floors/${f.number}/source?page=ed`)).status, 401);
    });

    await t.test('should refuse edits and deletions by anyone else with 403', async () => {
      const f = await post('mine', 'owner');
      const edit = await send(th, 'PATCH', `/v1/sites/demo/floors/${f.number}`, { page: 'ed', body: 'hijacked' }, 'intruder');
      assert.equal(edit.status, 403);
      assert.equal(errorCode(edit.body), 'forbidden');
      const del = await send(th, 'DELETE', floorPath(f.number), undefined, 'intruder');
      assert.equal(del.status, 403);
      assert.equal((await th.getJson(floorPath(f.number))).body.status, 'published');
    });

    await t.test('should refuse without a token, and answer 404 for a missing floor or thread', async () => {
      const anon = await th.getJson('/v1/sites/demo/floors/2', { method: 'PATCH', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ page: 'ed', body: 'x' }) });
      assert.equal(anon.status, 401);
      assert.equal((await th.getJson(floorPath(2), { method: 'DELETE' })).status, 401);
      assert.equal((await send(th, 'PATCH', '/v1/sites/demo/floors/999', { page: 'ed', body: 'x' })).status, 404);
      assert.equal((await send(th, 'DELETE', floorPath(2, 'no-such-page'))).status, 404);
      const article = await send(th, 'DELETE', floorPath(1));
      assert.equal(article.status, 403);
      const bad = await send(th, 'PATCH', '/v1/sites/demo/floors/2', { page: 'ed', body: '' });
      assert.equal(bad.status, 400);
      assert.equal(errorCode(bad.body), 'validation_failed');
    });

    await t.test('should answer 409 with a clear message once the edit window has passed', async () => {
      const f = await post('old news');
      const before = (await events(th)).length;
      await th.db.kysely.updateTable('floors').set({ created_at: new Date(Date.now() - 901_000).toISOString() }).where('id', '=', f.id).execute();
      const edit = await send(th, 'PATCH', `/v1/sites/demo/floors/${f.number}`, { page: 'ed', body: 'too late' });
      assert.equal(edit.status, 409);
      assert.equal(errorCode(edit.body), 'conflict');
      assert.match(edit.body.error.message, /15 minutes/);
      const del = await send(th, 'DELETE', floorPath(f.number));
      assert.equal(del.status, 409);
      assert.equal((await events(th)).length, before);
    });

    await t.test('should delete to a tombstone that keeps its number, replies and quotes', async () => {
      const target = await post('to be removed');
      const reply = await post('a reply', 'other', { parent: target.number, quote: target.number });
      const res = await send(th, 'DELETE', floorPath(target.number));
      assert.equal(res.status, 200, JSON.stringify(res.body));
      const tomb = Floor.parse(res.body);
      assert.equal(tomb.number, target.number);
      assert.equal(tomb.status, 'deleted');
      assert.equal(tomb.author, null);
      assert.deepEqual(tomb.body, { type: 'root', children: [] });
      const row = await th.db.kysely.selectFrom('floors').select(['body_source', 'body_json']).where('id', '=', target.id).executeTakeFirstOrThrow();
      assert.equal(row.body_source, '');
      assert.doesNotMatch(row.body_json, /removed/);
      const quoting = Floor.parse((await th.getJson(floorPath(reply.number))).body);
      assert.equal(quoting.parent, target.number);
      assert.deepEqual(quoting.quote, { number: target.number, author: null, createdAt: target.createdAt, excerpt: '', status: 'deleted' });
      const last = (await events(th)).at(-1);
      assert.deepEqual(last, { type: 'floor.updated', floor: tomb });
      const again = await send(th, 'DELETE', floorPath(target.number));
      assert.equal(again.status, 409);
      const edit = await send(th, 'PATCH', `/v1/sites/demo/floors/${target.number}`, { page: 'ed', body: 'back from the dead' });
      assert.equal(edit.status, 409);
      const boot = await th.getJson('/v1/sites/demo/bootstrap?page=ed');
      assert.ok(boot.body.page.floors.some((f: Floor) => f.number === target.number && f.status === 'deleted'));
      assert.equal(boot.body.thread.lastFloor, reply.number);
    });

    await t.test('should preview without writing or signing in, with the same parser and limits', async () => {
      const before = await th.db.kysely.selectFrom('floors').select('id').execute();
      const res = await th.getJson('/v1/sites/demo/preview', {
        method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ body: '**hi** @Ann <b>x</b>' }),
      });
      assert.equal(res.status, 200);
      const parsed = PreviewResult.parse(res.body);
      const json = JSON.stringify(parsed.body);
      assert.match(json, /"strong"/);
      assert.match(json, /"mention"/);
      assert.match(json, /<b>x<\/b>/);
      assert.equal((await th.db.kysely.selectFrom('floors').select('id').execute()).length, before.length);
      const empty = await th.getJson('/v1/sites/demo/preview', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"body":""}' });
      assert.equal(empty.status, 400);
      const notJson = await th.getJson('/v1/sites/demo/preview', { method: 'POST', body: 'body' });
      assert.equal(notJson.status, 415);
    });

    await t.test('should enforce the link limit on posts, edits and previews with a clear 400', async () => {
      const links = Array.from({ length: 11 }, (_, i) => `https://example.com/${i}`).join(' ');
      const created = await send(th, 'POST', '/v1/sites/demo/floors', { page: 'ed', body: links });
      assert.equal(created.status, 400);
      assert.match(created.body.error.message, /11 links.*at most 10/);
      const ten = await post(links.split(' ').slice(0, 10).join(' '));
      const edit = await send(th, 'PATCH', `/v1/sites/demo/floors/${ten.number}`, { page: 'ed', body: links });
      assert.equal(edit.status, 400);
      const preview = await th.getJson('/v1/sites/demo/preview', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ body: links }) });
      assert.equal(preview.status, 400);
    });

    await t.test("should apply a site's own settings: window, links and length, shown in the bootstrap", async () => {
      const boot = await th.getJson('/v1/sites/strict/bootstrap?page=s');
      assert.equal(boot.body.site.editWindowSeconds, 60);
      assert.equal(boot.body.site.maxLinks, 1);
      assert.equal(boot.body.site.maxBodyLength, 40);
      const demo = await th.getJson('/v1/sites/demo/bootstrap?page=s');
      assert.equal(demo.body.site.editWindowSeconds, 900);
      assert.equal(demo.body.site.maxLinks, 10);
      const preview = (body: string) => th.getJson('/v1/sites/strict/preview', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ body }) });
      assert.equal((await preview('https://a.example https://b.example')).status, 400);
      assert.equal((await preview('https://a.example')).status, 200);
      const long = await preview('x'.repeat(41));
      assert.equal(long.status, 400);
      assert.match(long.body.error.message, /41 characters.*at most 40/);
    });
  });
}
