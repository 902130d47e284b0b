import test from 'node:test';
import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { signToken } from '../../auth/token.js';
import { startServer } from '../../server.js';
import { loadSite } from '../../sites/sites.js';
import { DIALECTS, SITE, freshPostgres } from '../../test/support.js';
import { buildBootstrap } from '../../threads/bootstrap.js';
import { mineFor, pageNumbers, userRef } from '../../reactions/reactions.js';
import { viewerUser } from '../../threads/users.js';


/** Status, headers (but the date and the request's own id) and body bytes of an answer, to compare two answers by. */
async function answer(res: Response) {
  const headers = [...res.headers].filter(([name]) => name !== 'date' && name !== 'x-request-id').sort(([a], [b]) => a.localeCompare(b));
  return { status: res.status, headers, body: Buffer.from(await res.arrayBuffer()).toString('base64') };
}

/** One HTTP/1.1 request written as given; the status line's code. */
function rawStatus(port: number, request: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => socket.end(request));
    let text = '';
    socket.on('data', (chunk) => (text += chunk.toString('latin1')));
    socket.on('error', reject);
    socket.on('close', () => resolve(Number(/^HTTP\/1\.1 (\d{3})/.exec(text)?.[1])));
  });
}

for (const dialect of DIALECTS) {
  test(`held answers (${dialect})`, async (t) => {
    const pg = dialect === 'postgres' ? await freshPostgres() : null;
    const server = await startServer({ port: 0, database: pg?.url ?? 'sqlite::memory:', sites: [SITE], limits: false, checkResponses: true });
    t.after(async () => {
      await server.close();
      await pg?.drop();
    });
    const base = `http://127.0.0.1:${server.port}/v1/sites/${SITE.id}`;
    const token = (sub: string) => signToken(SITE, { sub, name: sub });
    const post = async (page: string, body: string, sub = 'writer') => {
      const res = await fetch(`${base}/floors`, {
        method: 'POST',
        headers: { authorization: `Bearer ${await token(sub)}`, 'content-type': 'application/json' },
        body: JSON.stringify({ page, body }),
      });
      assert.equal(res.status, 201, await res.clone().text());
      return res.json() as Promise<{ number: number }>;
    };
    const origin = SITE.origins[0]!;

    await t.test('should answer an anonymous bootstrap from memory with the bytes and headers the pipeline gave', async () => {
      await post('held-1', 'first');
      const variants: Record<string, string>[] = [{ 'accept-encoding': 'br' }, { 'accept-encoding': 'gzip', origin }, { 'accept-encoding': 'identity', origin: 'https://elsewhere.example' }, {}];
      for (const headers of variants) {
        const first = await answer(await fetch(`${base}/bootstrap?page=held-1`, { headers }));
        const again = await answer(await fetch(`${base}/bootstrap?page=held-1`, { headers }));
        // A page on an origin the site does not list is refused, held answer or not (middleware/cors).
        assert.equal(first.status, headers.origin === 'https://elsewhere.example' ? 403 : 200);
        assert.deepEqual(again, first, JSON.stringify(headers));
      }
      const etag = (await fetch(`${base}/bootstrap?page=held-1`)).headers.get('etag')!;
      const notModified = await fetch(`${base}/bootstrap?page=held-1`, { headers: { 'if-none-match': etag, origin } });
      assert.equal(notModified.status, 304);
      assert.equal(notModified.headers.get('access-control-allow-origin'), origin);
      assert.equal(notModified.headers.get('vary'), 'Origin, Authorization, Accept-Encoding');
    });

    await t.test('should show a new floor at once: a post drops the held answer', async () => {
      await post('held-2', 'one');
      const before = await (await fetch(`${base}/bootstrap?page=held-2`)).json();
      assert.deepEqual(before.page.floors.map((f: { number: number }) => f.number), [2]);
      await (await fetch(`${base}/bootstrap?page=held-2`)).arrayBuffer();
      await post('held-2', 'two');
      const after = await (await fetch(`${base}/bootstrap?page=held-2`)).json();
      assert.deepEqual(after.page.floors.map((f: { number: number }) => f.number), [2, 3]);
      assert.equal(after.thread.replyCount, 2);
    });

    await t.test('should leave a GET with a body to the pipeline, which refuses it', async () => {
      await (await fetch(`${base}/bootstrap?page=held-1`)).arrayBuffer();
      const path = `/v1/sites/${SITE.id}/bootstrap?page=held-1`;
      assert.equal(await rawStatus(server.port, `GET ${path} HTTP/1.1\r\nHost: x\r\nContent-Length: ${1024 * 1024}\r\nConnection: close\r\n\r\n${'x'.repeat(1024)}`), 413);
      assert.equal(await rawStatus(server.port, `GET ${path} HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n5\r\nhello\r\n0\r\n\r\n`), 413);
      assert.equal(await rawStatus(server.port, `GET ${path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`), 200);
    });

    await t.test('should answer counts from memory as the pipeline did, and count a new floor at once', async () => {
      await post('held-3', 'one');
      const path = `${base}/counts?page=held-3&page=nothing-here`;
      const first = await answer(await fetch(path, { headers: { origin } }));
      const again = await answer(await fetch(path, { headers: { origin } }));
      assert.equal(first.status, 200);
      assert.deepEqual(again, first);
      assert.deepEqual(JSON.parse(Buffer.from(first.body, 'base64').toString()), { counts: { 'held-3': 1, 'nothing-here': 0 } });
      await post('held-3', 'two');
      assert.deepEqual(await (await fetch(path)).json(), { counts: { 'held-3': 2, 'nothing-here': 0 } });
      // An invalid query is never held: each asking gets the pipeline's 400.
      for (let i = 0; i < 2; i++) assert.equal((await fetch(`${base}/counts?nope=1`)).status, 400);
    });

    await t.test("should give a signed-in reader the held page with their own part, as a full read gives it", async () => {
      for (let i = 0; i < 3; i++) await post('held-4', `floor ${i}`, `author-${i}`);
      const reader = await token('reader-x');
      const react = await fetch(`${base}/reactions`, {
        method: 'PUT',
        headers: { authorization: `Bearer ${reader}`, 'content-type': 'application/json' },
        body: JSON.stringify({ page: 'held-4', target: 3, key: 'up', on: true }),
      });
      assert.equal(react.status, 200, await react.clone().text());
      await (await fetch(`${base}/bootstrap?page=held-4`)).arrayBuffer();
      const res = await fetch(`${base}/bootstrap?page=held-4`, { headers: { authorization: `Bearer ${reader}` } });
      assert.equal(res.status, 200);
      assert.equal(res.headers.get('cache-control'), 'private, no-cache');
      const got = await res.json();
      const db = server.db;
      const site = await loadSite(db, SITE.id);
      const user = await viewerUser(db, site, { sub: 'reader-x', name: 'reader-x', avatar: null });
      const { body } = await buildBootstrap(db, site, 'held-4', 'oldest', 30, { user: { id: user.id, name: user.name, avatar: user.avatar, role: user.role } });
      body.mine = await mineFor(db, site, body.thread.id, userRef(user.id), [1, ...pageNumbers(body.page, body.hot)]);
      assert.deepEqual(got, JSON.parse(JSON.stringify(body)));
      assert.deepEqual(got.mine, { 3: ['up'] });
    });
  });
}

test('should stop taking a remembered reader token once it expires', async (t) => {
  const server = await startServer({ port: 0, database: 'sqlite::memory:', sites: [SITE], limits: false });
  t.after(() => server.close());
  const token = await signToken(SITE, { sub: 'brief', name: 'Brief' }, 60);
  const url = `http://127.0.0.1:${server.port}/v1/sites/${SITE.id}/bootstrap?page=expiry`;
  const read = () => fetch(url, { headers: { authorization: `Bearer ${token}` } });
  assert.equal((await read()).status, 200);
  assert.equal((await read()).status, 200, 'remembered');
  t.mock.timers.enable({ apis: ['Date'], now: Date.now() + 91_000 });
  const late = await read();
  assert.equal(late.status, 401);
  assert.equal((await late.json()).error.code, 'token_expired');
});
