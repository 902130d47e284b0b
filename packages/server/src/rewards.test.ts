import test from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Floor, LedgerEntry, PointsRules, Share } from '@teahouse/protocol';
import { signToken } from './auth/token.js';
import { createApiKey } from './auth/api-keys.js';
import { isPrivateAddress, signBody, SIGNATURE_HEADER, webhookDispatcher } from './rewards/webhooks.js';
import { checkRewardSettings } from './rewards/settings.js';
import { exportLedger } from './rewards/export.js';
import type { SiteSeed } from './sites/sites.js';
import { DIALECTS, SITE, OTHER_SITE, errorCode, testApp, type TestApp } from './test/support.js';

const seed = (id: string, rewards: SiteSeed['rewards']): SiteSeed => ({
  id, name: id, secret: `${id}-secret-that-is-long-enough-for-hs256`, origins: ['https://news.example.com'], rewards,
});

const INTENT = seed('intent', {
  rules: [
    { action: 'share', channel: 'link', points: 20, cycle: 'day', limit: 5, verify: 'intent' },
    { action: 'share', channel: 'wechat_moments', points: 20, cycle: 'day', limit: 5, verify: 'intent' },
    { action: 'reply', points: 2, cycle: 'day', limit: 2, verify: 'intent' },
    { action: 'daily_visit', points: 5, cycle: 'day', limit: 1, verify: 'intent' },
    { action: 'reaction_received', points: 1, cycle: 'day', limit: 20, verify: 'intent' },
  ],
  dailyCap: 0,
});
const WECHAT = seed('wechat', {
  wechatRewards: true,
  rules: [{ action: 'share', channel: 'wechat_moments', points: 20, cycle: 'day', limit: 5, verify: 'intent' }],
});
const VISIT = seed('visit', {
  rules: [{ action: 'share', channel: 'link', points: 10, cycle: 'day', limit: 3, verify: 'visit' }],
  visitsPerIpWindow: { max: 2, seconds: 3600 },
  dailyCap: 0,
});
const CAP = seed('cap', { rules: [{ action: 'share', channel: 'link', points: 10, cycle: 'unlimited', limit: 1, verify: 'intent' }], dailyCap: 30, announce: false });
const BUDGET = seed('budget', { rules: [{ action: 'share', channel: 'link', points: 10, cycle: 'day', limit: 5, verify: 'intent' }], dailyCap: 0, dailyBudget: 50, announce: false });
const HOLD = seed('hold', { rules: [{ action: 'share', channel: 'link', points: 7, cycle: 'day', limit: 5, verify: 'intent' }], hold: 3600 });
const NOBOARD = seed('noboard', { leaderboard: false });

interface Call {
  token?: string;
  body?: unknown;
  ip?: string;
  raw?: string;
  type?: string;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests read loosely typed JSON and assert on it
async function call(th: TestApp, method: string, path: string, opts: Call = {}): Promise<{ status: number; body: any }> {
  const headers: Record<string, string> = {};
  if (opts.token) headers.authorization = `Bearer ${opts.token}`;
  if (opts.body !== undefined || opts.raw !== undefined) headers['content-type'] = opts.type ?? 'application/json';
  const env = { incoming: { socket: { remoteAddress: opts.ip ?? '203.0.113.1' } } };
  const res = await th.app.request(path, {
    method, headers, ...(opts.raw !== undefined ? { body: opts.raw } : opts.body !== undefined ? { body: JSON.stringify(opts.body) } : {}),
  }, env);
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined };
}

const tokenFor = (site: SiteSeed, sub: string, name = sub) => signToken(site, { sub, name });

async function balance(th: TestApp, site: SiteSeed, sub: string): Promise<{ balance: number; pending: number }> {
  const { status, body } = await call(th, 'GET', `/v1/sites/${site.id}/points/me`, { token: await tokenFor(site, sub) });
  assert.equal(status, 200);
  return { balance: body.balance, pending: body.pending };
}

const share = async (th: TestApp, site: SiteSeed, sub: string, page: string, channel = 'link', extra: object = {}) =>
  call(th, 'POST', `/v1/sites/${site.id}/shares`, {
    token: await tokenFor(site, sub), body: { page, channel, url: `https://news.example.com/${page}`, ...extra },
  });

for (const dialect of DIALECTS) {
  test(`${dialect}: rewards`, async (t) => {
    const th = await testApp(dialect, { sites: [SITE, OTHER_SITE, INTENT, WECHAT, VISIT, CAP, BUDGET, HOLD, NOBOARD] });
    t.after(() => th.close());
    // Sites are seeded by the app's first request.
    await th.app.request('/healthz');
    const key = await createApiKey(th.db, 'intent');
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests read loosely typed JSON and assert on it
    const admin = async (path: string, body?: unknown, k = key): Promise<{ status: number; body: any }> =>
      Promise.resolve(th.app.request(`/v1/admin/sites/intent/points/${path}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${k}`, 'content-type': 'application/json' },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      })).then(async (res: Response) => ({ status: res.status, body: JSON.parse((await res.text()) || 'null') }));

    await t.test('should award once when the same intent share is claimed 200 times at once', async () => {
      const results = await Promise.all(Array.from({ length: 200 }, () => share(th, INTENT, 'ann', 'race')));
      assert.ok(results.every((r) => r.status === 201), JSON.stringify(results.find((r) => r.status !== 201)?.body));
      assert.equal(results.filter((r) => r.body.earned).length, 1);
      assert.equal(new Set(results.map((r) => r.body.code)).size, 1, 'one tracked link per reader, article and channel');
      const parsed = Share.parse(results[0]!.body);
      assert.match(parsed.code, /^[0-9A-Za-z]{8}$/);
      assert.equal(parsed.url, `https://news.example.com/race?th_ref=${parsed.code}`);
      assert.equal(parsed.points, 20);
      assert.deepEqual(await balance(th, INTENT, 'ann'), { balance: 20, pending: 0 });
      const entries = await th.db.kysely.selectFrom('ledger_entries').selectAll().where('site_id', '=', 'intent').execute();
      assert.equal(entries.length, 1);
      const { body } = await call(th, 'GET', '/v1/sites/intent/floors?page=race');
      const awards = body.floors.filter((f: Floor) => f.kind === 'share_award');
      assert.equal(awards.length, 1);
    });

    await t.test('should announce awards as numbered floors between replies, with award data and an event', async () => {
      const a = await call(th, 'POST', '/v1/sites/intent/floors', { token: await tokenFor(INTENT, 'bob', 'Bob'), body: { page: 'numbers', body: 'first' } });
      assert.equal(a.body.number, 2);
      const s = await share(th, INTENT, 'cat', 'numbers');
      assert.equal(s.body.earned, true);
      const b = await call(th, 'POST', '/v1/sites/intent/floors', { token: await tokenFor(INTENT, 'bob', 'Bob'), body: { page: 'numbers', body: 'second' } });
      assert.equal(b.body.number, 4);
      const { body } = await call(th, 'GET', '/v1/sites/intent/floors?page=numbers');
      const floors = body.floors.map((f: unknown) => Floor.parse(f));
      assert.deepEqual(floors.map((f: Floor) => [f.number, f.kind]), [[2, 'reply'], [3, 'share_award'], [4, 'reply']]);
      const award = floors[1]!;
      assert.deepEqual(award.award, { action: 'share', channel: 'link', points: 20, currency: '看点币' });
      assert.equal(award.author?.name, 'cat');
      assert.match(JSON.stringify(award.body), /会员cat转发了该文章到链接,获得20看点币/);
      assert.equal(floors[0]!.award, undefined);
      const thread = await th.db.kysely.selectFrom('threads').select('id').where('site_id', '=', 'intent').where('page_key', '=', 'numbers').executeTakeFirstOrThrow();
      const events = await th.db.kysely.selectFrom('thread_events').select('payload').where('thread_id', '=', thread.id).orderBy('id').execute();
      assert.deepEqual(events.map((e) => JSON.parse(e.payload).floor?.number), [2, 3, 4]);
    });

    await t.test('should award replies within the rule limit and never fail a post past it', async () => {
      const token = await tokenFor(INTENT, 'replier');
      for (let i = 0; i < 4; i++) {
        const res = await call(th, 'POST', '/v1/sites/intent/floors', { token, body: { page: 'replies', body: `reply ${i}` } });
        assert.equal(res.status, 201);
      }
      assert.deepEqual(await balance(th, INTENT, 'replier'), { balance: 4, pending: 0 });
    });

    await t.test('should award a floor author once per reader for an up reaction, never for their own or a down', async () => {
      const floor = await call(th, 'POST', '/v1/sites/intent/floors', { token: await tokenFor(INTENT, 'liked'), body: { page: 'react', body: 'nice' } });
      const before = (await balance(th, INTENT, 'liked')).balance;
      const react = async (sub: string, key: string, on: boolean) => call(th, 'PUT', '/v1/sites/intent/reactions', {
        token: await tokenFor(INTENT, sub), body: { page: 'react', target: floor.body.number, key, on },
      });
      assert.equal((await react('fan', 'up', true)).status, 200);
      await react('fan', 'up', false);
      await react('fan', 'up', true);
      await react('critic', 'down', true);
      assert.equal((await balance(th, INTENT, 'liked')).balance, before + 1);
    });

    await t.test('should give WeChat channels nothing unless the site opts in', async () => {
      const off = await share(th, INTENT, 'wx', 'wx-page', 'wechat_moments');
      assert.equal(off.status, 201);
      assert.deepEqual([off.body.points, off.body.earned, off.body.rule], [0, false, null]);
      assert.ok(off.body.url.includes('th_ref='));
      assert.deepEqual(await balance(th, INTENT, 'wx'), { balance: 0, pending: 0 });
      const rules = PointsRules.parse((await call(th, 'GET', '/v1/sites/intent/points/rules')).body);
      assert.equal(rules.wechatRewards, false);
      assert.equal(rules.rules.find((r) => r.channel === 'wechat_moments')?.active, false);
      const on = await share(th, WECHAT, 'wx', 'wx-page', 'wechat_moments');
      assert.deepEqual([on.body.points, on.body.earned, on.body.rule.id], [20, true, 'share.wechat_moments']);
      assert.deepEqual(await balance(th, WECHAT, 'wx'), { balance: 20, pending: 0 });
    });

    await t.test('should default new sites to the reference rules with WeChat off', async () => {
      const rules = PointsRules.parse((await call(th, 'GET', '/v1/sites/demo/points/rules')).body);
      assert.equal(rules.currency.name, '看点币');
      const points = Object.fromEntries(rules.rules.filter((r) => r.action === 'share').map((r) => [r.channel, r.points]));
      assert.equal(points.wechat_moments, 20);
      assert.equal(points.wechat_group, 10);
      assert.equal(points.wechat_friend, 5);
      assert.ok(rules.rules.filter((r) => r.channel?.startsWith('wechat')).every((r) => !r.active && r.verify === 'visit'));
    });

    await t.test('visit rules: never the sharer, once per visitor, at most N per IP, up to the rule limit', async () => {
      const s = await share(th, VISIT, 'sharer', 'v1', 'link', { visitor: 'sharer-device-1' });
      assert.equal(s.body.earned, false, 'a visit rule never awards the press');
      const code = s.body.code as string;
      const visit = async (opts: Call) => call(th, 'POST', '/v1/sites/visit/visits', { ...opts, body: { code, ...(opts.body as object) } });
      assert.deepEqual((await visit({ token: await tokenFor(VISIT, 'sharer') })).body, { recorded: false });
      assert.deepEqual((await visit({ body: { visitor: 'sharer-device-1' }, ip: '198.51.100.9' })).body, { recorded: false });
      assert.equal((await balance(th, VISIT, 'sharer')).balance, 0);

      assert.deepEqual((await visit({ body: { visitor: 'friend-a' }, ip: '198.51.100.1' })).body, { recorded: true });
      assert.deepEqual((await visit({ body: { visitor: 'friend-a' }, ip: '198.51.100.2' })).body, { recorded: false });
      assert.equal((await balance(th, VISIT, 'sharer')).balance, 10);

      // Same IP: its second awarded visit passes, its third does not (max 2 per window).
      await visit({ body: { visitor: 'friend-b' }, ip: '198.51.100.1' });
      assert.equal((await balance(th, VISIT, 'sharer')).balance, 20);
      await visit({ body: { visitor: 'friend-c' }, ip: '198.51.100.1' });
      assert.equal((await balance(th, VISIT, 'sharer')).balance, 20);

      // A distinct visitor from another address is the third award; the rule's limit (3) stops the rest.
      await visit({ token: await tokenFor(VISIT, 'reader-d'), ip: '198.51.100.3' });
      assert.equal((await balance(th, VISIT, 'sharer')).balance, 30);
      await Promise.all(['e', 'f', 'g', 'h'].map((v, i) => visit({ body: { visitor: `friend-${v}` }, ip: `198.51.100.${10 + i}` })));
      assert.equal((await balance(th, VISIT, 'sharer')).balance, 30);
      const { body } = await call(th, 'GET', '/v1/sites/visit/floors?page=v1');
      assert.equal(body.floors.filter((f: Floor) => f.kind === 'share_award').length, 3);
    });

    await t.test('should ignore X-Forwarded-For when counting visits per IP', async () => {
      const s = await share(th, VISIT, 'xff', 'v2');
      for (const [i, v] of ['p', 'q', 'r'].entries()) {
        await th.app.request('/v1/sites/visit/visits', {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-forwarded-for': `192.0.2.${i}` },
          body: JSON.stringify({ code: s.body.code, visitor: v }),
        }, { incoming: { socket: { remoteAddress: '198.51.100.50' } } });
      }
      assert.equal((await balance(th, VISIT, 'xff')).balance, 20);
    });

    await t.test('should hold the daily cap exactly at its edge under concurrency', async () => {
      await Promise.all(Array.from({ length: 10 }, (_, i) => share(th, CAP, 'capper', `cap-${i}`)));
      assert.equal((await balance(th, CAP, 'capper')).balance, 30);
      const counters = await th.db.kysely.selectFrom('reward_counters').selectAll().where('site_id', '=', 'cap').execute();
      assert.equal(counters.find((c) => c.subject.startsWith('cap:'))?.used, 30);
    });

    await t.test('should hold the site budget exactly at its edge under concurrency', async () => {
      await Promise.all(Array.from({ length: 10 }, (_, i) => share(th, BUDGET, `b${i}`, 'budget-page')));
      let total = 0;
      for (let i = 0; i < 10; i++) total += (await balance(th, BUDGET, `b${i}`)).balance;
      assert.equal(total, 50);
    });

    await t.test('should keep held awards pending', async () => {
      await share(th, HOLD, 'holder', 'h1');
      assert.deepEqual(await balance(th, HOLD, 'holder'), { balance: 0, pending: 7 });
      const { body } = await call(th, 'GET', '/v1/sites/hold/points/history', { token: await tokenFor(HOLD, 'holder') });
      assert.equal(body.entries[0].status, 'pending');
    });

    await t.test('should check in once per day', async () => {
      const token = await tokenFor(INTENT, 'daily');
      const first = await call(th, 'POST', '/v1/sites/intent/checkin', { token });
      assert.deepEqual(first.body, { earned: true, points: 5, balance: 5 });
      const again = await call(th, 'POST', '/v1/sites/intent/checkin', { token });
      assert.deepEqual(again.body, { earned: false, points: 5, balance: 5 });
    });

    await t.test('should page history newest first by keyset', async () => {
      const token = await tokenFor(INTENT, 'replier');
      const first = await call(th, 'GET', '/v1/sites/intent/points/history?limit=1', { token });
      assert.equal(first.status, 200);
      assert.equal(first.body.entries.length, 1);
      LedgerEntry.parse(first.body.entries[0]);
      const second = await call(th, 'GET', `/v1/sites/intent/points/history?limit=1&cursor=${first.body.next}`, { token });
      assert.equal(second.body.entries.length, 1);
      assert.ok(Number(second.body.entries[0].id) < Number(first.body.entries[0].id));
      assert.equal(second.body.next, null);
    });

    await t.test('should rank the leaderboard and let a site turn it off', async () => {
      const { status, body } = await call(th, 'GET', '/v1/sites/intent/points/leaderboard?period=day');
      assert.equal(status, 200);
      assert.equal(body.entries[0].rank, 1);
      assert.ok(body.entries[0].points >= body.entries.at(-1).points);
      assert.ok(body.entries.some((e: { user: { name: string }; points: number }) => e.user.name === 'ann' && e.points === 20));
      const all = await call(th, 'GET', '/v1/sites/intent/points/leaderboard');
      assert.equal(all.body.period, 'all');
      const off = await call(th, 'GET', '/v1/sites/noboard/points/leaderboard');
      assert.equal(off.status, 404);
    });

    await t.test('should debit once per idempotency key and refuse an overdraft with 409', async () => {
      const first = await admin('debit', { user: 'ann', amount: 5, reason: 'order 1', idempotencyKey: 'order-1' });
      assert.equal(first.status, 201, JSON.stringify(first.body));
      assert.equal(first.body.balance, 15);
      assert.equal(first.body.delta, -5);
      const again = await admin('debit', { user: 'ann', amount: 5, reason: 'order 1', idempotencyKey: 'order-1' });
      assert.equal(again.status, 200);
      assert.equal(again.body.id, first.body.id);
      assert.equal((await balance(th, INTENT, 'ann')).balance, 15);
      const reused = await admin('debit', { user: 'ann', amount: 6, reason: 'order 1', idempotencyKey: 'order-1' });
      assert.equal(reused.status, 409);
      const over = await admin('debit', { user: 'ann', amount: 16, reason: 'order 2', idempotencyKey: 'order-2' });
      assert.equal(over.status, 409);
      assert.equal(errorCode(over.body), 'conflict');
      assert.match(over.body.error.message, /insufficient balance: 16 requested, 15 available/);
      const nobody = await admin('debit', { user: 'nobody', amount: 1, reason: 'x', idempotencyKey: 'order-3' });
      assert.equal(nobody.status, 409);
      assert.equal((await balance(th, INTENT, 'ann')).balance, 15);
    });

    await t.test('should never overdraw under concurrent debits', async () => {
      const results = await Promise.all(Array.from({ length: 10 }, (_, i) =>
        admin('debit', { user: 'ann', amount: 4, reason: 'burst', idempotencyKey: `burst-${i}` })));
      assert.equal(results.filter((r) => r.status === 201).length, 3);
      assert.equal(results.filter((r) => r.status === 409).length, 7);
      assert.equal((await balance(th, INTENT, 'ann')).balance, 3);
    });

    await t.test('should reverse an entry once and restore the balance', async () => {
      const before = (await balance(th, INTENT, 'ann')).balance;
      const debitEntry = (await admin('debit', { user: 'ann', amount: 3, reason: 'refund me', idempotencyKey: 'refund-1' })).body;
      assert.equal((await balance(th, INTENT, 'ann')).balance, before - 3);
      const rev = await admin(`entries/${debitEntry.id}/reverse`, { reason: 'order cancelled' });
      assert.equal(rev.status, 201, JSON.stringify(rev.body));
      assert.equal(rev.body.delta, 3);
      assert.equal(rev.body.reason, 'reversal');
      assert.equal(rev.body.idempotencyKey, 'reverse:debit:refund-1');
      assert.equal((await balance(th, INTENT, 'ann')).balance, before);
      const again = await admin(`entries/${debitEntry.id}/reverse`);
      assert.equal(again.status, 200);
      assert.equal(again.body.id, rev.body.id);
      assert.equal((await balance(th, INTENT, 'ann')).balance, before);
      assert.equal((await admin(`entries/${rev.body.id}/reverse`)).status, 409);
      assert.equal((await admin('entries/999999/reverse')).status, 404);
    });

    await t.test('should reverse a held award out of pending', async () => {
      const holdKey = await createApiKey(th.db, 'hold');
      const entry = (await th.db.kysely.selectFrom('ledger_entries').select('id').where('site_id', '=', 'hold').executeTakeFirstOrThrow()).id;
      const res = await th.app.request(`/v1/admin/sites/hold/points/entries/${entry}/reverse`, { method: 'POST', headers: { authorization: `Bearer ${holdKey}` } });
      assert.equal(res.status, 201);
      assert.deepEqual(await balance(th, HOLD, 'holder'), { balance: 0, pending: 0 });
    });

    await t.test('should refuse admin calls without a valid key of that site', async () => {
      const bad = await admin('debit', { user: 'ann', amount: 1, reason: 'x', idempotencyKey: 'k' }, `thk_${'A'.repeat(43)}`);
      assert.equal(bad.status, 401);
      const none = await th.app.request('/v1/admin/sites/intent/points/debit', { method: 'POST' });
      assert.equal(none.status, 401);
      const jwt = await admin('debit', { user: 'ann', amount: 1, reason: 'x', idempotencyKey: 'k' }, await tokenFor(INTENT, 'ann'));
      assert.equal(jwt.status, 401, 'a reader token is not an API key');
      const otherKey = await createApiKey(th.db, 'wechat');
      const other = await admin('debit', { user: 'ann', amount: 1, reason: 'x', idempotencyKey: 'k' }, otherKey);
      assert.equal(other.status, 403);
      const rows = await th.db.kysely.selectFrom('site_api_keys').select('key_hash').execute();
      assert.ok(rows.every((r) => /^[0-9a-f]{64}$/.test(r.key_hash) && !key.includes(r.key_hash)));
    });

    await t.test('should validate every input with a protocol error and write nothing', async () => {
      const token = await tokenFor(INTENT, 'val');
      const code = (await share(th, INTENT, 'someone', 'valpage')).body.code as string;
      const cases: [string, string, Call, number][] = [
        ['POST', '/v1/sites/intent/shares', { body: { page: 'p', channel: 'link' } }, 401],
        ['POST', '/v1/sites/intent/shares', { token, body: { page: 'p', channel: 'fax' } }, 400],
        ['POST', '/v1/sites/intent/shares', { token, body: { channel: 'link' } }, 400],
        ['POST', '/v1/sites/intent/shares', { token, body: { page: '', channel: 'link' } }, 400],
        ['POST', '/v1/sites/intent/shares', { token, body: { page: 'p', channel: 'link', url: 'javascript:alert(1)' } }, 400],
        ['POST', '/v1/sites/intent/shares', { token, raw: '{not json' }, 400],
        ['POST', '/v1/sites/intent/shares', { token, raw: 'page=p', type: 'text/plain' }, 415],
        ['POST', '/v1/sites/intent/shares', { token, body: { page: 'p\u0000', channel: 'link' } }, 400],
        ['POST', '/v1/sites/intent/shares', { token, body: { page: 'p', channel: 'link', title: 'x'.repeat(301) } }, 400],
        ['POST', '/v1/sites/intent/shares', { token, raw: JSON.stringify({ page: 'p', channel: 'link', title: 'x'.repeat(70_000) }) }, 413],
        ['POST', '/v1/sites/nope/shares', { token, body: { page: 'p', channel: 'link' } }, 404],
        ['POST', '/v1/sites/intent/visits', { body: { code: 'short' } }, 400],
        ['POST', '/v1/sites/intent/visits', { body: { code: 'AAAAAAAA' } }, 404],
        ['POST', '/v1/sites/intent/visits', { body: {} }, 400],
        ['POST', '/v1/sites/intent/visits', { body: { code, visitor: 'a.b.c' } }, 401],
        ['POST', '/v1/sites/intent/visits', { token: 'garbage', body: { code } }, 401],
        ['POST', '/v1/sites/intent/visits', { body: { code, visitor: 'x'.repeat(1025) } }, 400],
        ['POST', '/v1/sites/intent/checkin', {}, 401],
        ['GET', '/v1/sites/intent/points/me', {}, 401],
        ['GET', '/v1/sites/intent/points/history?cursor=abc', { token }, 400],
        ['GET', '/v1/sites/intent/points/history?limit=0', { token }, 400],
        ['GET', '/v1/sites/intent/points/history?limit=101', { token }, 400],
        ['GET', '/v1/sites/intent/points/leaderboard?period=year', {}, 400],
      ];
      for (const [method, path, opts, status] of cases) {
        const res = await call(th, method, path, opts);
        assert.equal(res.status, status, `${method} ${path} ${JSON.stringify(opts.body ?? opts.raw)?.slice(0, 80)}: ${JSON.stringify(res.body)}`);
        errorCode(res.body);
      }
      const debits: [unknown, number][] = [
        [{ user: 'ann', amount: 0, reason: 'x', idempotencyKey: 'v1' }, 400],
        [{ user: 'ann', amount: -5, reason: 'x', idempotencyKey: 'v1' }, 400],
        [{ user: 'ann', amount: 1.5, reason: 'x', idempotencyKey: 'v1' }, 400],
        [{ user: 'ann', amount: 1, reason: '', idempotencyKey: 'v1' }, 400],
        [{ user: 'ann', amount: 1, reason: 'x', idempotencyKey: 'has space' }, 400],
        [{ user: 'ann', amount: 1, reason: 'x' }, 400],
        [{ user: '', amount: 1, reason: 'x', idempotencyKey: 'v1' }, 400],
        ['nope', 400],
      ];
      for (const [body, status] of debits) {
        const res = await admin('debit', body);
        assert.equal(res.status, status, JSON.stringify(body));
        errorCode(res.body);
      }
      assert.equal((await admin('entries/abc/reverse')).status, 400);
      assert.equal((await admin('entries/1/reverse', { reason: '' })).status, 400);
      const shares = await th.db.kysely.selectFrom('shares').select('shares.id').innerJoin('users', 'users.id', 'shares.user_id').where('users.external_id', '=', 'val').execute();
      assert.equal(shares.length, 0);
    });

    await t.test('should export every entry as CSV and JSON lines', async () => {
      const count = (await th.db.kysely.selectFrom('ledger_entries').select('id').where('site_id', '=', 'intent').execute()).length;
      let csv = '';
      assert.equal(await exportLedger(th.db, 'intent', 'csv', (c) => (csv += c)), count);
      const lines = csv.trim().split('\n');
      assert.equal(lines[0], 'id,site,user,delta,reason,ref,status,availableAt,createdAt,idempotencyKey');
      assert.equal(lines.length, count + 1);
      assert.ok(!/,=|,\+|,@/.test(csv), 'no cell starts a spreadsheet formula');
      let jsonl = '';
      await exportLedger(th.db, 'intent', 'jsonl', (c) => (jsonl += c));
      const entries = jsonl.trim().split('\n').map((l) => JSON.parse(l));
      assert.equal(entries.length, count);
      assert.ok(entries.every((e, i) => i === 0 || Number(e.id) > Number(entries[i - 1].id)));
      assert.equal(entries.reduce((sum, e) => sum + (e.user === 'ann' ? e.delta : 0), 0), (await balance(th, INTENT, 'ann')).balance);
    });

    await t.test('should refuse invalid rewards settings in a site seed', () => {
      assert.throws(() => checkRewardSettings('x', { rules: [{ action: 'share', points: -1, cycle: 'day', limit: 1, verify: 'intent' }] }), /invalid rewards settings/);
      assert.throws(() => checkRewardSettings('x', { timeZone: 'Mars/Base' }), /time zone/);
      assert.throws(() => checkRewardSettings('x', { webhookUrl: 'https://shop.example.com/hook' }), /webhookSecret/);
    });
  });
}

test('webhooks: signed delivery after commit, retries, and no private targets', async (t) => {
  const received: { body: string; signature: string | undefined }[] = [];
  let fail = 1;
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      if (fail-- > 0) {
        res.statusCode = 503;
        return res.end();
      }
      received.push({ body, signature: req.headers[SIGNATURE_HEADER.toLowerCase()] as string | undefined });
      res.end('ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.after(() => server.close());
  const port = (server.address() as AddressInfo).port;
  const secret = 'webhook-secret-0123456789';
  const HOOK = seed('hook', {
    rules: [{ action: 'share', channel: 'link', points: 3, cycle: 'day', limit: 5, verify: 'intent' }],
    webhookUrl: `http://127.0.0.1:${port}/hook`, webhookSecret: secret, webhookAllowPrivate: true,
  });
  const BLOCKED = seed('blocked', {
    rules: [{ action: 'share', channel: 'link', points: 3, cycle: 'day', limit: 5, verify: 'intent' }],
    webhookUrl: `http://127.0.0.1:${port}/hook`, webhookSecret: secret,
  });
  const th = await testApp('sqlite', { sites: [HOOK, BLOCKED] });
  t.after(() => th.close());

  await share(th, HOOK, 'hooked', 'page');
  await share(th, BLOCKED, 'hooked', 'page');
  const deadline = Date.now() + 20_000;
  const dispatcher = webhookDispatcher(th.db);
  while (received.length === 0 && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 200));
    // The first attempt failed (503); bring its retry forward rather than wait out the backoff.
    await th.db.kysely.updateTable('webhook_outbox').set({ next_attempt_at: new Date(0).toISOString() })
      .where('delivered_at', 'is', null).where('site_id', '=', 'hook').where('attempts', '>', 0).execute();
    dispatcher.kick();
  }
  assert.equal(received.length, 1);
  const delivery = received[0]!;
  assert.equal(delivery.signature, signBody(secret, delivery.body));
  const payload = JSON.parse(delivery.body);
  assert.equal(payload.type, 'ledger.entry');
  assert.equal(payload.entry.user, 'hooked');
  assert.equal(payload.entry.delta, 3);
  const blocked = await th.db.kysely.selectFrom('webhook_outbox').selectAll().where('site_id', '=', 'blocked').executeTakeFirstOrThrow();
  assert.equal(blocked.delivered_at, null);
  assert.match(blocked.last_error ?? '', /private address/);
  for (const address of ['127.0.0.1', '10.1.2.3', '192.168.0.1', '169.254.169.254', '::1', '::ffff:127.0.0.1', 'fd00::1', '0.0.0.0']) {
    assert.equal(isPrivateAddress(address), true, address);
  }
  assert.equal(isPrivateAddress('93.184.216.34'), false);
});
