import test from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { connect, type AddressInfo } from 'node:net';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Hono } from 'hono';
import { ErrorBody } from '@teahouse/protocol';
import { createApp } from './app.js';
import { signToken } from './auth/token.js';
import { resolveClientIp, TrustedProxies } from './abuse/client-ip.js';
import { abuseControl } from './abuse/guard.js';
import { MemoryWindowStore, RedisWindowStore, type WindowStore } from './abuse/limiter.js';
import { guardPost, normalizeBody } from './abuse/posts.js';
import { checkLimitSettings, type LimitSettings } from './abuse/settings.js';
import { errorResponse } from './middleware/errors/errors.js';
import { clientAddress } from './middleware/client-address/client-address.js';
import { addressKey, isPrivateAddress } from './net/addresses.js';
import { safeFetch, UnsafeTargetError } from './net/fetch.js';
import { MAX_REQUEST_BYTES } from './middleware/body/body.js';
import { startServer } from './server.js';
import { loadSite, type SiteSeed } from './sites/sites.js';
import { DIALECTS, freshPostgres, testApp, type TestApp } from './test/support.js';

const REDIS_URL = process.env.TEAHOUSE_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

const seed = (id: string, limits: LimitSettings, extra: Partial<SiteSeed> = {}): SiteSeed => ({
  id, name: id, secret: `${id}-secret-that-is-long-enough-for-hs256`, origins: ['https://news.example.com'], limits, ...extra,
});

// Flood control and duplicates at their defaults (15 s, 10 min); three posts a minute per reader, five per address.
const POSTS = seed('posts', { posts: { perUser: [3, 60], perIp: [5, 60] } }, { settings: { maxLinks: 2, maxBodyLength: 200 } });
const REACT = seed('react', {
  reactions: { perUser: [2, 60], perIp: [4, 60] }, visitor: { perIp: [2, 3600] },
}, { reactions: { anonymousReactions: true } });
const OTHERS = seed('others', {
  floodSeconds: 0, duplicateSeconds: 0, edits: { perUser: [1, 60] }, shares: { perUser: [1, 60] }, visits: { perIp: [1, 60] },
});
const GUESTS = seed('guests', {}, { guests: true });
const GUEST_NAMES = seed('guest-names', { guests: { perIp: [2, 3600] } }, { guests: true });
const OPEN = seed('open', { floodSeconds: 0, duplicateSeconds: 0, posts: { perUser: null, perIp: null } });

/** The proxy the tests' trusted requests come through; never connected to, only named as a socket peer. */
const PROXY = '10.0.0.1';

interface Call {
  token?: string;
  body?: unknown;
  /** The socket peer's address (no connection is made: the app reads it from the request's env). */
  ip?: string;
  headers?: Record<string, string>;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests read loosely typed JSON and assert on it
async function call(app: { request: Hono['request'] }, method: string, path: string, opts: Call = {}): Promise<{ status: number; body: any; res: Response }> {
  const headers: Record<string, string> = { ...opts.headers };
  if (opts.token) headers.authorization = `Bearer ${opts.token}`;
  if (opts.body !== undefined) headers['content-type'] = 'application/json';
  const env = { incoming: { socket: { remoteAddress: opts.ip ?? '198.51.100.1' } } };
  const res = await app.request(path, { method, headers, ...(opts.body !== undefined ? { body: JSON.stringify(opts.body) } : {}) }, env);
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined, res };
}

const tokenFor = (site: SiteSeed, sub: string) => signToken(site, { sub, name: sub });

/** A 429 in the protocol's shape, with a Retry-After the body agrees with; returns the seconds. */
function assertLimited(r: { status: number; body: unknown; res: Response }, message?: RegExp): number {
  assert.equal(r.status, 429, JSON.stringify(r.body));
  const body = ErrorBody.parse(r.body);
  assert.equal(body.error.code, 'rate_limited');
  const seconds = Number(r.res.headers.get('retry-after'));
  assert.ok(Number.isInteger(seconds) && seconds >= 1, `Retry-After ${r.res.headers.get('retry-after')}`);
  assert.equal(body.error.details?.retryAfter, seconds);
  if (message) assert.match(body.error.message, message);
  return seconds;
}

test('client address: the socket peer, unless it is a trusted proxy', () => {
  const none = new TrustedProxies();
  const proxies = new TrustedProxies(['10.0.0.0/8', '2001:db8:1::/48', 'loopback']);
  // Nobody trusted: forwarding headers are whatever the client wrote.
  assert.equal(resolveClientIp('198.51.100.7', { forwardedFor: '1.2.3.4', realIp: '5.6.7.8' }, none), '198.51.100.7');
  assert.equal(resolveClientIp('::ffff:198.51.100.7', {}, none), '198.51.100.7');
  assert.equal(resolveClientIp(undefined, { forwardedFor: '1.2.3.4' }, none), 'unknown');
  // An untrusted peer's headers are ignored even when proxies are configured.
  assert.equal(resolveClientIp('198.51.100.7', { forwardedFor: '1.2.3.4', realIp: '5.6.7.8' }, proxies), '198.51.100.7');
  // From a trusted proxy: the rightmost address that is not a trusted proxy.
  assert.equal(resolveClientIp('10.0.0.1', { forwardedFor: '203.0.113.9' }, proxies), '203.0.113.9');
  assert.equal(resolveClientIp('10.0.0.1', { forwardedFor: '1.2.3.4, 203.0.113.9, 10.9.9.9' }, proxies), '203.0.113.9');
  assert.equal(resolveClientIp('127.0.0.1', { forwardedFor: '[2001:db8:2::5]:443, 10.1.1.1:8080' }, proxies), '2001:db8:2:0:0:0:0:5');
  assert.equal(resolveClientIp('::1', { forwardedFor: '203.0.113.9:5555' }, proxies), '203.0.113.9');
  assert.equal(resolveClientIp('2001:db8:1::7', { forwardedFor: '203.0.113.9' }, proxies), '203.0.113.9');
  // Every hop trusted: the leftmost; garbage stops the walk at the last hop vouched for.
  assert.equal(resolveClientIp('10.0.0.1', { forwardedFor: '10.0.0.3, 10.0.0.2' }, proxies), '10.0.0.3');
  assert.equal(resolveClientIp('10.0.0.1', { forwardedFor: 'evil, 10.0.0.2' }, proxies), '10.0.0.2');
  assert.equal(resolveClientIp('10.0.0.1', { forwardedFor: 'evil' }, proxies), '10.0.0.1');
  // X-Real-IP counts only from a trusted peer that sent no X-Forwarded-For.
  assert.equal(resolveClientIp('10.0.0.1', { realIp: '203.0.113.4' }, proxies), '203.0.113.4');
  assert.equal(resolveClientIp('10.0.0.1', { realIp: '203.0.113.4', forwardedFor: '203.0.113.5' }, proxies), '203.0.113.5');
  assert.equal(resolveClientIp('10.0.0.1', { realIp: 'nonsense' }, proxies), '10.0.0.1');
  // IPv6 clients are limited by their /64.
  assert.equal(addressKey('2001:db8:5:6:1::1'), addressKey('2001:db8:5:6:ffff::2'));
  assert.notEqual(addressKey('2001:db8:5:6::1'), addressKey('2001:db8:5:7::1'));
  assert.throws(() => new TrustedProxies(['10.0.0.0/33']), /not an IP address/);
  assert.throws(() => new TrustedProxies(['proxy.internal']), /not an IP address/);
  assert.throws(() => new TrustedProxies(['10.0.0.1/x']), /not an IP address/);
});

test('limit settings: bad values stop the start with the reason', async () => {
  assert.throws(() => checkLimitSettings('site "x"', { posts: { perUser: [0, 60] } }), /limits\.posts\.perUser/);
  assert.throws(() => checkLimitSettings('site "x"', { posts: { perUser: [1.5, 60] } }), /limits\.posts\.perUser/);
  assert.throws(() => checkLimitSettings('site "x"', { posts: { perHour: [1, 60] } }), /perHour is not a setting/);
  assert.throws(() => checkLimitSettings('site "x"', { floodSeconds: -1 }), /floodSeconds/);
  assert.throws(() => checkLimitSettings('site "x"', { comments: {} }), /comments is not a setting/);
  assert.doesNotThrow(() => checkLimitSettings('site "x"', { posts: { perUser: null, perIp: [10, 60] }, floodSeconds: 0 }));
  await assert.rejects(createApp({ database: 'sqlite::memory:', trustProxy: ['not-an-address'] }), /trustProxy/);
  await assert.rejects(createApp({ database: 'sqlite::memory:', limits: { floodSeconds: 1.5 } }), /floodSeconds/);
});

test('duplicate text is compared without case, spacing, width or invisible characters', () => {
  assert.equal(normalizeBody(' Ｓａｍｅ\u200b  Words\n'), normalizeBody('same words'));
  assert.notEqual(normalizeBody('same words'), normalizeBody('same word'));
});

const stores: [string, () => WindowStore][] = [
  ['memory', () => new MemoryWindowStore()],
  ['redis', () => new RedisWindowStore(REDIS_URL, `teahouse:test:${randomBytes(6).toString('hex')}:`)],
];
for (const [name, make] of stores) {
  test(`${name} window store: full until the window ends, with the wait until room comes back`, async (t) => {
    const store = make();
    t.after(() => store.close());
    const hit = () => store.hit('k', 2, 1000);
    const first = await hit();
    assert.equal(first.ok, true);
    assert.equal((await hit()).ok, true);
    const full = await hit();
    assert.ok(!full.ok && full.retryAfterMs >= 1 && full.retryAfterMs <= 1000, JSON.stringify(full));
    // A taken-back hit frees its place at once; other keys are separate.
    if (first.ok) await store.undo('k', first.id);
    assert.equal((await hit()).ok, true);
    assert.equal((await hit()).ok, false);
    assert.equal((await store.hit('other', 1, 1000)).ok, true);
    assert.equal((await store.hit('other', 1, 1000)).ok, false);
    // Room comes back when the window ends.
    await new Promise((resolve) => setTimeout(resolve, full.ok ? 0 : full.retryAfterMs + 50));
    assert.equal((await hit()).ok, true);
  });
}

for (const dialect of DIALECTS) {
  test(`${dialect}: abuse control`, async (t) => {
    const th = await testApp(dialect, {
      sites: [POSTS, REACT, OTHERS, OPEN, GUESTS, GUEST_NAMES], limits: {}, trustProxy: [PROXY],
    });
    t.after(() => th.close());
    // Time moves only when the test says: windows, flood control and the floors' own times read the one clock.
    t.mock.timers.enable({ apis: ['Date'], now: Date.now() });
    const tick = (seconds: number) => t.mock.timers.tick(seconds * 1000);
    const post = async (site: SiteSeed, sub: string, body: unknown, opts: Omit<Call, 'token' | 'body'> = {}) =>
      call(th.app, 'POST', `/v1/sites/${site.id}/floors`, { ...opts, token: await tokenFor(site, sub), body });

    await t.test('should hold a reader to one post per 15 s, whatever X-Forwarded-For and X-Real-IP say', async () => {
      const ip = '198.51.100.10';
      assert.equal((await post(POSTS, 'ann', { page: 'flood', body: 'first words' }, { ip, headers: { 'x-forwarded-for': '1.1.1.1' } })).status, 201);
      tick(1);
      const second = await post(POSTS, 'ann', { page: 'flood', body: 'second words' }, {
        ip, headers: { 'x-forwarded-for': '2.2.2.2', 'x-real-ip': '3.3.3.3' },
      });
      assert.equal(assertLimited(second, /wait 15 seconds between two posts/), 14);
      tick(13);
      const third = await post(POSTS, 'ann', { page: 'elsewhere', body: 'third words' }, { ip: '198.51.100.11', headers: { 'x-forwarded-for': '4.4.4.4' } });
      assert.equal(assertLimited(third), 1);
      tick(6);
      assert.equal((await post(POSTS, 'ann', { page: 'flood', body: 'fourth words' }, { ip })).status, 201);
    });

    await t.test('should count posts per reader in a window and say exactly when one fits again', async () => {
      const ip = '198.51.100.20';
      for (let i = 0; i < 3; i++) {
        assert.equal((await post(POSTS, 'bob', { page: 'window', body: `post number ${i}` }, { ip })).status, 201);
        tick(i < 2 ? 20 : 19);
      }
      // Hits at 0, 20 and 40 s; now 59 s: all three are inside the minute that began with the first.
      assert.equal(assertLimited(await post(POSTS, 'bob', { page: 'window', body: 'one too many' }, { ip }), /at most 3 in a minute per reader/), 1);
      tick(1);
      assert.equal((await post(POSTS, 'bob', { page: 'window', body: 'fits again' }, { ip })).status, 201);
    });

    await t.test('should limit posts per address for an untrusted peer, however X-Forwarded-For rotates', async () => {
      tick(60);
      const ip = '198.51.100.30';
      for (let i = 0; i < 5; i++) {
        const r = await post(POSTS, `rotor-${i}`, { page: 'rotate', body: `rotor words ${i}` }, {
          ip, headers: { 'x-forwarded-for': `203.0.113.${i + 1}`, 'x-real-ip': `203.0.113.${i + 100}` },
        });
        assert.equal(r.status, 201, JSON.stringify(r.body));
      }
      const sixth = await post(POSTS, 'rotor-5', { page: 'rotate', body: 'rotor words 5' }, { ip, headers: { 'x-forwarded-for': '203.0.113.6' } });
      assertLimited(sixth, /from this address: at most 5 in a minute/);
      // The refused post did not count against its reader.
      assert.equal((await post(POSTS, 'rotor-5', { page: 'rotate', body: 'rotor words 5' }, { ip: '198.51.100.31' })).status, 201);
    });

    await t.test('should believe X-Forwarded-For and X-Real-IP from a trusted proxy only', async () => {
      tick(60);
      // Six readers behind the proxy, each at their own address: the per-address limit of 5 is not reached.
      for (let i = 0; i < 6; i++) {
        const r = await post(POSTS, `behind-${i}`, { page: 'proxied', body: `proxied words ${i}` }, {
          ip: PROXY, headers: { 'x-forwarded-for': `192.0.2.${i + 1}, 203.0.113.${i + 1}` },
        });
        assert.equal(r.status, 201, JSON.stringify(r.body));
      }
      // Six readers the proxy says are at one address: the sixth is refused, whatever they put to the left.
      for (let i = 0; i < 6; i++) {
        const r = await post(POSTS, `shared-${i}`, { page: 'proxied', body: `shared words ${i}` }, {
          ip: PROXY, headers: { 'x-forwarded-for': `192.0.2.${i + 1}, 203.0.113.50` },
        });
        if (i < 5) assert.equal(r.status, 201, JSON.stringify(r.body));
        else assertLimited(r, /from this address/);
      }
      // X-Real-IP from the proxy names the client too.
      tick(60);
      for (let i = 0; i < 6; i++) {
        const r = await post(POSTS, `real-${i}`, { page: 'proxied', body: `real words ${i}` }, { ip: PROXY, headers: { 'x-real-ip': '203.0.113.60' } });
        if (i < 5) assert.equal(r.status, 201, JSON.stringify(r.body));
        else assertLimited(r, /from this address/);
      }
    });

    await t.test('should refuse the same text from the same reader within 10 minutes, with duplicate_post', async () => {
      tick(60);
      const ip = '198.51.100.40';
      assert.equal((await post(POSTS, 'cat', { page: 'dup-a', body: 'Same words, posted twice.' }, { ip })).status, 201);
      tick(20);
      const again = await post(POSTS, 'cat', { page: 'dup-a', body: '  same   WORDS,\nposted twice.  ' }, { ip });
      assert.equal(again.status, 409);
      assert.equal(ErrorBody.parse(again.body).error.code, 'duplicate_post');
      tick(20);
      const elsewhere = await post(POSTS, 'cat', { page: 'dup-b', body: 'Ｓａｍｅ words, posted\u200b twice.' }, { ip });
      assert.equal(elsewhere.status, 409, 'a longer text is a duplicate in any thread');
      // Another reader may say the same.
      assert.equal((await post(POSTS, 'dog', { page: 'dup-a', body: 'Same words, posted twice.' }, { ip: '198.51.100.41' })).status, 201);
      tick(20);
      // A short reply is a duplicate only within its thread.
      assert.equal((await post(POSTS, 'cat', { page: 'dup-a', body: '顶' }, { ip })).status, 201);
      tick(20);
      assert.equal((await post(POSTS, 'cat', { page: 'dup-b', body: '顶' }, { ip })).status, 201);
      tick(20);
      assert.equal((await post(POSTS, 'cat', { page: 'dup-b', body: ' 顶 ' }, { ip })).status, 409);
    });

    await t.test('should apply the site maximum of links and of length, and give a refused post its flood slot back', async () => {
      tick(60);
      const ip = '198.51.100.50';
      const links = await post(POSTS, 'eve', { page: 'links', body: 'see https://a.example.com https://b.example.com https://c.example.com' }, { ip });
      assert.equal(links.status, 400);
      assert.match(links.body.error.message, /3 links; this site allows at most 2/);
      assert.deepEqual(links.body.error.details.issues[0].path, ['body']);
      const long = await post(POSTS, 'eve', { page: 'links', body: 'x'.repeat(201) }, { ip });
      assert.equal(long.status, 400);
      assert.match(long.body.error.message, /201 characters; this site allows at most 200/);
      // No wait after refusals: neither counted as a post.
      assert.equal((await post(POSTS, 'eve', { page: 'links', body: 'two links: https://a.example.com https://b.example.com' }, { ip })).status, 201);
    });

    await t.test('should hold guests to flood control by address too, since a new guest costs nothing', async () => {
      tick(60);
      const site = await loadSite(th.db, POSTS.id);
      const abuse = abuseControl({ limits: {} });
      t.after(() => abuse.close());
      const app = new Hono();
      app.onError(errorResponse);
      app.use(clientAddress(), abuse.middleware);
      app.post('/post/:sub/:guest', async (c) => {
        await guardPost(c, th.db, site, { sub: c.req.param('sub'), guest: c.req.param('guest') === 'guest' }, { page: 'guests', body: `from ${c.req.param('sub')}` });
        return c.json({ ok: true }, 201);
      });
      const ip = '198.51.100.60';
      assert.equal((await call(app, 'POST', '/post/guest:one/guest', { ip, headers: { 'x-forwarded-for': '203.0.113.1' } })).status, 201);
      const next = await call(app, 'POST', '/post/guest:two/guest', { ip, headers: { 'x-forwarded-for': '203.0.113.2' } });
      assert.equal(assertLimited(next, /a guest must wait 15 seconds/), 15);
      // Signed-in readers sharing an address (an office, a campus) are not held to it.
      assert.equal((await call(app, 'POST', '/post/reader-a/reader', { ip })).status, 201);
      assert.equal((await call(app, 'POST', '/post/reader-b/reader', { ip })).status, 201);
      tick(15);
      assert.equal((await call(app, 'POST', '/post/guest:two/guest', { ip })).status, 201);
    });

    await t.test('should hold a guest of guest mode to flood control by address through the post route', async () => {
      tick(60);
      const ip = '198.51.100.65';
      const guest = async (name: string) => {
        const r = await call(th.app, 'POST', `/v1/sites/${GUESTS.id}/guests`, { ip, body: { name } });
        assert.equal(r.status, 201, JSON.stringify(r.body));
        return r.body.token as string;
      };
      const postAs = (token: string, body: string, forwardedFor: string) =>
        call(th.app, 'POST', `/v1/sites/${GUESTS.id}/floors`, { ip, token, body: { page: 'guest-posts', body }, headers: { 'x-forwarded-for': forwardedFor } });
      assert.equal((await postAs(await guest('过客一'), 'a guest speaks', '203.0.113.1')).status, 201);
      assertLimited(await postAs(await guest('过客二'), 'another guest speaks', '203.0.113.2'), /a guest must wait 15 seconds/);
      // A signed-in reader at the same address is not held to it.
      assert.equal((await post(GUESTS, 'member', { page: 'guest-posts', body: 'a member speaks' }, { ip })).status, 201);
    });

    await t.test('should limit guest nicknames per address, however X-Forwarded-For rotates', async () => {
      const ip = '198.51.100.66';
      const choose = (name: string, forwardedFor: string) =>
        call(th.app, 'POST', `/v1/sites/${GUEST_NAMES.id}/guests`, { ip, body: { name }, headers: { 'x-forwarded-for': forwardedFor } });
      assert.equal((await choose('路人甲', '203.0.113.1')).status, 201);
      assert.equal((await choose('路人乙', '203.0.113.2')).status, 201);
      assertLimited(await choose('路人丙', '203.0.113.3'), /too many guest nicknames from this address/);
      // Another address still gets its own.
      assert.equal((await call(th.app, 'POST', `/v1/sites/${GUEST_NAMES.id}/guests`, { ip: '198.51.100.67', body: { name: '路人丁' } })).status, 201);
    });

    await t.test('should limit reactions per reader, per visitor and per address, and visitor tokens per address', async () => {
      const ip = '198.51.100.70';
      const react = async (token: string, on: boolean, from = ip) =>
        call(th.app, 'PUT', `/v1/sites/${REACT.id}/reactions`, { token, ip: from, body: { page: 'reacts', target: 1, key: 'up', on } });
      const r1 = await tokenFor(REACT, 'r1');
      assert.equal((await react(r1, true)).status, 200);
      assert.equal((await react(r1, false)).status, 200);
      assertLimited(await react(r1, true), /too many reactions: at most 2 in a minute per reader/);
      const r2 = await tokenFor(REACT, 'r2');
      assert.equal((await react(r2, true)).status, 200);
      assert.equal((await react(r2, false)).status, 200);
      assertLimited(await react(await tokenFor(REACT, 'r3'), true), /too many reactions from this address: at most 4 in a minute/);
      // Visitor tokens are limited per address: rotating X-Forwarded-For does not help.
      const visitor = (n: number) => call(th.app, 'POST', `/v1/sites/${REACT.id}/visitor`, { ip: '198.51.100.71', headers: { 'x-forwarded-for': `203.0.113.${n}` } });
      const v = await visitor(1);
      assert.equal(v.status, 200);
      assert.equal((await visitor(2)).status, 200);
      assertLimited(await visitor(3), /too many visitor tokens from this address: at most 2 in an hour/);
      // A visitor counts as one reader.
      const from = '198.51.100.72';
      assert.equal((await react(v.body.token, true, from)).status, 200);
      assert.equal((await react(v.body.token, false, from)).status, 200);
      assertLimited(await react(v.body.token, true, from), /per reader/);
      tick(60);
      assert.equal((await react(r1, true)).status, 200);
    });

    await t.test('should limit edits and shares per reader and visits per address', async () => {
      const ip = '198.51.100.80';
      const token = await tokenFor(OTHERS, 'writer');
      const created = await call(th.app, 'POST', `/v1/sites/${OTHERS.id}/floors`, { token, ip, body: { page: 'edits', body: 'original' } });
      assert.equal(created.status, 201);
      const edit = (body: string) => call(th.app, 'PATCH', `/v1/sites/${OTHERS.id}/floors/${created.body.number}`, { token, ip, body: { page: 'edits', body } });
      assert.equal((await edit('edited once')).status, 200);
      assertLimited(await edit('edited twice'), /too many edits/);

      const share = () => call(th.app, 'POST', `/v1/sites/${OTHERS.id}/shares`, { token, ip, body: { page: 'edits', channel: 'link', url: 'https://news.example.com/edits' } });
      const shared = await share();
      assert.equal(shared.status, 201);
      assertLimited(await share(), /too many shares/);

      const visit = (from: string, forwarded?: string) => call(th.app, 'POST', `/v1/sites/${OTHERS.id}/visits`, {
        ip: from, body: { code: shared.body.code }, ...(forwarded ? { headers: { 'x-forwarded-for': forwarded } } : {}),
      });
      assert.equal((await visit('198.51.100.81', '203.0.113.1')).status, 200);
      assertLimited(await visit('198.51.100.81', '203.0.113.2'), /too many visits from this address/);
      // Through the trusted proxy each reader is at their own address, and that address is what the visit records.
      assert.equal((await visit(PROXY, '203.0.113.81')).status, 200);
      assert.equal((await visit(PROXY, '203.0.113.82')).status, 200);
      const recorded = await th.db.kysely.selectFrom('share_visits').select('ip').execute();
      assert.deepEqual(recorded.map((r) => r.ip).sort(), ['198.51.100.81', '203.0.113.81', '203.0.113.82']);
    });

    await t.test('should refuse an oversized body of every route with a body, before reading it', async () => {
      const big = JSON.stringify({ page: 'big', body: 'x'.repeat(MAX_REQUEST_BYTES) });
      const writes = th.app.routes.filter((r) => ['POST', 'PUT', 'PATCH', 'DELETE'].includes(r.method));
      assert.ok(writes.length >= 8, `${writes.length} routes`);
      for (const route of writes) {
        const path = route.path.replace(':site', OPEN.id).replace(/:\w+/g, '2');
        const res = await th.app.request(path, {
          method: route.method, headers: { 'content-type': 'application/json', authorization: `Bearer ${await tokenFor(OPEN, 'big')}` }, body: big,
        });
        assert.equal(res.status, 413, `${route.method} ${route.path} ${await res.clone().text()}`);
        assert.equal(ErrorBody.parse(await res.json()).error.code, 'payload_too_large');
        assert.equal(res.headers.get('connection'), 'close');
      }
      // A route's own, tighter limit answers the same way: reactions take 4 KB.
      const reaction = await call(th.app, 'PUT', `/v1/sites/${OPEN.id}/reactions`, {
        token: await tokenFor(OPEN, 'big'), body: { page: 'x'.repeat(5000), target: 1, key: 'up', on: true },
      });
      assert.equal(reaction.status, 413);
      assert.equal(reaction.res.headers.get('connection'), 'close');
    });

    await t.test('should let a site turn its limits off', async () => {
      const token = await tokenFor(OPEN, 'chatty');
      for (let i = 0; i < 25; i++) {
        const r = await call(th.app, 'POST', `/v1/sites/${OPEN.id}/floors`, { token, body: { page: 'open', body: 'again' } });
        assert.equal(r.status, 201, JSON.stringify(r.body));
      }
    });
  });

  test(`${dialect}: flood control and duplicates hold across processes and restarts (the database)`, async (t) => {
    const dir = await mkdtemp(join(tmpdir(), 'teahouse-abuse-'));
    const pg = dialect === 'postgres' ? await freshPostgres() : null;
    t.after(async () => {
      await pg?.drop();
      await rm(dir, { recursive: true, force: true });
    });
    const database = pg ? pg.url : `sqlite:${join(dir, 'abuse.db')}`;
    t.mock.timers.enable({ apis: ['Date'], now: Date.now() });
    const first = await testApp(dialect, { database, sites: [POSTS], limits: {} });
    const ip = '198.51.100.90';
    assert.equal((await call(first.app, 'POST', '/v1/sites/posts/floors', { ip, token: await tokenFor(POSTS, 'kim'), body: { page: 'restart', body: 'before the restart' } })).status, 201);
    await first.close();
    // A new process: its rate limit store is empty, the database remembers.
    const second = await testApp(dialect, { database, sites: [POSTS], limits: {} });
    t.after(() => second.close());
    const token = await tokenFor(POSTS, 'kim');
    const flood = await call(second.app, 'POST', '/v1/sites/posts/floors', { ip, token, body: { page: 'restart', body: 'right after it' } });
    const wait = assertLimited(flood, /15 seconds/);
    assert.ok(wait >= 1 && wait <= 15, `${wait}`);
    t.mock.timers.tick(20_000);
    const later = await testApp(dialect, { database, sites: [POSTS], limits: {} });
    t.after(() => later.close());
    const dup = await call(later.app, 'POST', '/v1/sites/posts/floors', { ip, token, body: { page: 'restart', body: 'Before the restart' } });
    assert.equal(dup.status, 409);
    assert.equal(dup.body.error.code, 'duplicate_post');
  });

  test(`${dialect}: a Redis-backed limit is shared by every instance`, async (t) => {
    const id = `shared-${randomBytes(4).toString('hex')}`;
    const SHARED = seed(id, { reactions: { perUser: [2, 60] } });
    const a = await testApp(dialect, { sites: [SHARED], limits: {}, redis: REDIS_URL });
    t.after(() => a.close());
    const b = await testApp(dialect, { sites: [SHARED], limits: {}, redis: REDIS_URL });
    t.after(() => b.close());
    const token = await tokenFor(SHARED, 'roamer');
    const react = (app: TestApp, on: boolean) => call(app.app, 'PUT', `/v1/sites/${id}/reactions`, { token, body: { page: 'shared', target: 1, key: 'up', on } });
    assert.equal((await react(a, true)).status, 200);
    assert.equal((await react(b, false)).status, 200);
    assertLimited(await react(a, true), /at most 2 in a minute per reader/);
    assertLimited(await react(b, true), /at most 2 in a minute per reader/);
    // Flood control across instances with separate databases: only the shared store knows.
    const postOn = async (app: TestApp, body: string) =>
      call(app.app, 'POST', `/v1/sites/${id}/floors`, { token, body: { page: 'shared', body } });
    assert.equal((await postOn(a, 'on the first instance')).status, 201);
    assertLimited(await postOn(b, 'on the second instance'), /15 seconds/);
  });
}

test('an unreachable Redis lets requests through and says so, while the database-backed checks still hold', async (t) => {
  const logged: unknown[] = [];
  const original = console.error;
  console.error = (...args: unknown[]) => void logged.push(args);
  t.after(() => (console.error = original));
  // Port 1 on loopback: nothing listens there.
  const th = await testApp('sqlite', { sites: [POSTS], limits: {}, redis: 'redis://127.0.0.1:1' });
  t.after(() => th.close());
  const token = await tokenFor(POSTS, 'offline');
  const started = Date.now();
  assert.equal((await call(th.app, 'POST', '/v1/sites/posts/floors', { token, body: { page: 'offline', body: 'store is down' } })).status, 201);
  assert.ok(Date.now() - started < 3000, 'a dead store does not hold requests for long');
  assert.ok(logged.some((args) => String((args as unknown[])[0]).includes('rate limit store failed')));
  assertLimited(await call(th.app, 'POST', '/v1/sites/posts/floors', { token, body: { page: 'offline', body: 'flood anyway' } }), /15 seconds/);
});

test('on a real socket: forwarding headers count from a trusted proxy only', async (t) => {
  const ONE = seed('one-token', { visitor: { perIp: [1, 3600] } }, { reactions: { anonymousReactions: true } });
  const token = (server: { url: string }, forwardedFor: string) =>
    fetch(`${server.url}/v1/sites/${ONE.id}/visitor`, { method: 'POST', headers: { 'x-forwarded-for': forwardedFor } }).then((r) => r.status);
  const direct = await startServer({ port: 0, database: 'sqlite::memory:', sites: [ONE] });
  t.after(() => direct.close());
  assert.equal(await token(direct, '203.0.113.1'), 200);
  assert.equal(await token(direct, '203.0.113.2'), 429, 'the socket is the client: the header changes nothing');
  const proxied = await startServer({ port: 0, database: 'sqlite::memory:', sites: [ONE], trustProxy: ['loopback'] });
  t.after(() => proxied.close());
  assert.equal(await token(proxied, '203.0.113.1'), 200);
  assert.equal(await token(proxied, '203.0.113.2'), 200, 'behind a trusted proxy, the header names the client');
  assert.equal(await token(proxied, '203.0.113.1'), 429);
});

test('request size: Content-Length and chunked bodies over the limit get 413 on a real socket, and the connection closes', async (t) => {
  const server = await startServer({ port: 0, database: 'sqlite::memory:', sites: [OPEN], limits: false });
  t.after(() => server.close());
  const token = await tokenFor(OPEN, 'uploader');
  const exchange = (head: string, feed: (write: (chunk: string) => boolean) => void) =>
    new Promise<{ response: string; sent: number; closed: boolean }>((resolve, reject) => {
      const socket = connect(server.port, '127.0.0.1');
      let response = '';
      let sent = 0;
      let closed = false;
      const timer = setTimeout(() => reject(new Error(`no answer; got: ${response}`)), 10_000);
      socket.on('data', (chunk) => (response += chunk.toString()));
      socket.on('error', () => {});
      socket.on('close', () => {
        closed = true;
        clearTimeout(timer);
        resolve({ response, sent, closed });
      });
      socket.write(head);
      feed((chunk) => {
        if (socket.destroyed || response !== '') return false;
        sent += chunk.length;
        socket.write(chunk);
        return true;
      });
    });
  const headers = (extra: string) =>
    `POST /v1/sites/${OPEN.id}/floors HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer ${token}\r\nContent-Type: application/json\r\n${extra}\r\n`;

  // A declared length over the limit is refused at once: nothing of the body needs to arrive.
  const declared = await exchange(headers('Content-Length: 100000000\r\n'), (write) => write('{"page":"x","body":"'));
  assert.match(declared.response, /^HTTP\/1\.1 413 /);
  assert.match(declared.response, /payload_too_large/);
  assert.equal(declared.closed, true);

  // A chunked body is counted as it arrives and refused once it passes the limit; the client is cut off.
  const chunk = 'x'.repeat(8192);
  const chunked = await exchange(headers('Transfer-Encoding: chunked\r\n'), (write) => {
    let n = 0;
    const pump = () => {
      if (n++ > 1000 || !write(`${chunk.length.toString(16)}\r\n${chunk}\r\n`)) return;
      setTimeout(pump, 2);
    };
    pump();
  });
  assert.match(chunked.response, /^HTTP\/1\.1 413 /);
  assert.equal(chunked.closed, true);
  assert.ok(chunked.sent < 1000 * 8192, `the server read on: ${chunked.sent} bytes sent`);
});

test('the server makes outbound requests only through the safe fetcher', async () => {
  const { readdir, readFile } = await import('node:fs/promises');
  const dist = new URL('.', import.meta.url).pathname;
  const files = (await readdir(dist, { recursive: true })).filter((f) => f.endsWith('.js') && !f.endsWith('.test.js') && !f.startsWith('net/') && !f.startsWith('test/'));
  assert.ok(files.length > 20);
  for (const file of files) {
    const code = await readFile(join(dist, file), 'utf8');
    assert.doesNotMatch(code, /from 'node:https?'|\bfetch\(|from 'undici'|require\('https?'\)/, file);
  }
});

test('safe fetcher: refuses private, loopback and link-local targets on every hop', async (t) => {
  // Two local servers: "public" plays the internet (127.0.0.2, let through by allowAddress), "internal"
  // stands for what a fetch must never reach (127.0.0.1, refused as loopback).
  const hits = { internal: 0 };
  const internal = createServer((_req, res) => {
    hits.internal++;
    res.end('secret');
  });
  await new Promise<void>((resolve) => internal.listen(0, '127.0.0.1', resolve));
  t.after(() => internal.close());
  const internalPort = (internal.address() as AddressInfo).port;
  const publicServer = createServer((req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://x');
    if (url.pathname === '/to') {
      res.writeHead(302, { location: url.searchParams.get('u') ?? '/' });
      return res.end();
    }
    if (url.pathname === '/big') return res.end('x'.repeat(4096));
    if (url.pathname === '/slow') return setTimeout(() => res.end('late'), 2000);
    if (url.pathname === '/echo') {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => res.end(JSON.stringify({ method: req.method, body, auth: req.headers.authorization ?? null })));
      return;
    }
    res.end('hello');
  });
  await new Promise<void>((resolve) => publicServer.listen(0, '127.0.0.2', resolve));
  t.after(() => publicServer.close());
  const pub = `http://127.0.0.2:${(publicServer.address() as AddressInfo).port}`;
  const asPublic = { allowAddress: (a: string) => a === '127.0.0.2' };

  const refused = async (url: string, options = asPublic) => {
    await assert.rejects(safeFetch(url, options), (e: unknown) => e instanceof UnsafeTargetError, url);
  };
  // Address literals are refused before any connection is attempted.
  for (const url of [
    `http://127.0.0.1:${internalPort}/`, 'http://10.0.0.1/', 'http://169.254.169.254/latest/meta-data/',
    `http://[::1]:${internalPort}/`, `http://[::ffff:127.0.0.1]:${internalPort}/`, 'http://[::ffff:a9fe:a9fe]/',
    `http://0x7f.1:${internalPort}/`, `http://2130706433:${internalPort}/`, 'http://[fd00::1]/', 'http://[fe80::1]/',
  ]) await refused(url);
  // A name that resolves to loopback is refused at lookup, before the connection.
  await refused(`http://localhost:${internalPort}/`);
  await refused('file:///etc/passwd');
  await refused('gopher://127.0.0.2/');

  // Redirects are checked hop by hop: the public server sends the fetch inwards.
  const viaRedirect = (target: string) => `${pub}/to?u=${encodeURIComponent(target)}`;
  await refused(viaRedirect(`http://127.0.0.1:${internalPort}/`));
  await refused(viaRedirect(`http://localhost:${internalPort}/`));
  await refused(viaRedirect('http://169.254.169.254/latest/meta-data/'));
  await refused(viaRedirect(`http://[::ffff:127.0.0.1]:${internalPort}/`));
  assert.equal(hits.internal, 0, 'the internal server was never reached');

  // Without the test's allowance even the "public" server is loopback.
  await refused(`${pub}/`, {} as typeof asPublic);

  // What is allowed works: redirects within bounds, 303 turning into GET, credentials dropped across origins.
  const ok = await safeFetch(viaRedirect('/plain'), asPublic);
  assert.equal(ok.status, 200);
  assert.equal(ok.body.toString(), 'hello');
  assert.equal(ok.url, `${pub}/plain`);
  const posted = await safeFetch(`${pub}/echo`, { ...asPublic, method: 'POST', body: 'payload', headers: { authorization: 'Bearer t' } });
  assert.deepEqual(JSON.parse(posted.body.toString()), { method: 'POST', body: 'payload', auth: 'Bearer t' });
  const noFollow = await safeFetch(viaRedirect('/plain'), { ...asPublic, maxRedirects: 0 });
  assert.equal(noFollow.status, 302);
  await assert.rejects(safeFetch(`${pub}/to?u=${encodeURIComponent(viaRedirect('/plain'))}`, { ...asPublic, maxRedirects: 1 }), /more than 1 redirects/);
  await assert.rejects(safeFetch(`${pub}/big`, { ...asPublic, maxBytes: 1000 }), /over 1000 bytes/);
  await assert.rejects(safeFetch(`${pub}/slow`, { ...asPublic, timeoutMs: 200 }), /longer than 200 ms/);

  for (const address of ['127.0.0.1', '10.1.2.3', '172.16.0.1', '192.168.0.1', '100.64.0.1', '169.254.169.254', '::1', '::',
    '::ffff:127.0.0.1', '::ffff:7f00:1', 'fd00::1', 'fe80::1', '0.0.0.0', '224.0.0.1', '255.255.255.255', '64:ff9b::7f00:1', '2002:7f00:1::1']) {
    assert.equal(isPrivateAddress(address), true, address);
  }
  for (const address of ['93.184.216.34', '8.8.8.8', '2606:4700:4700::1111', '2002:5db8:d822::1']) {
    assert.equal(isPrivateAddress(address), false, address);
  }
});
