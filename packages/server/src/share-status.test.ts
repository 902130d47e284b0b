import test from 'node:test';
import assert from 'node:assert/strict';
import { ShareStatus } from '@teahouse/protocol';
import { signToken } from './auth/token.js';
import { createApiKey } from './auth/api-keys.js';
import type { SiteSeed } from './sites/sites.js';
import { DIALECTS, errorCode, testApp, type TestApp } from './test/support.js';

const seed = (id: string, rewards: SiteSeed['rewards']): SiteSeed => ({
  id, name: id, secret: `${id}-secret-that-is-long-enough-for-hs256`, origins: ['https://news.example.com'], rewards,
});

const STATUS = seed('status', {
  rules: [
    { action: 'share', channel: 'link', points: 10, cycle: 'day', limit: 2, verify: 'visit' },
    { action: 'share', channel: 'weibo', points: 5, cycle: 'day', limit: 3, verify: 'intent' },
    { action: 'share', channel: 'wechat_moments', points: 20, cycle: 'day', limit: 3, verify: 'visit' },
    { action: 'share', points: 1, cycle: 'day', limit: 5, verify: 'intent' },
  ],
  dailyCap: 0,
});
const CAPPED = seed('capped', {
  rules: [{ action: 'share', channel: 'qq', points: 8, cycle: 'unlimited', limit: 1, verify: 'intent' }],
  dailyCap: 20,
});
const OFF = seed('off', { enabled: false });

const token = (site: SiteSeed, sub: string) => signToken(site, { sub, name: sub });

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests read loosely typed JSON and assert on it
async function call(th: TestApp, method: string, path: string, opts: { token?: string; body?: unknown; ip?: string } = {}): Promise<{ status: number; body: any }> {
  const headers: Record<string, string> = {};
  if (opts.token) headers.authorization = `Bearer ${opts.token}`;
  if (opts.body !== undefined) headers['content-type'] = 'application/json';
  const res = await th.app.request(path, {
    method, headers, ...(opts.body !== undefined ? { body: JSON.stringify(opts.body) } : {}),
  }, { incoming: { socket: { remoteAddress: opts.ip ?? '203.0.113.7' } } });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined };
}

async function status(th: TestApp, site: SiteSeed, sub: string, page: string): Promise<Record<string, [number, number, boolean]>> {
  const res = await call(th, 'GET', `/v1/sites/${site.id}/shares/mine?page=${encodeURIComponent(page)}`, { token: await token(site, sub) });
  assert.equal(res.status, 200, JSON.stringify(res.body));
  const parsed = ShareStatus.parse(res.body);
  return Object.fromEntries(parsed.channels.map((c) => [c.channel, [c.points, c.earned, c.exhausted]]));
}

const share = async (th: TestApp, site: SiteSeed, sub: string, page: string, channel: string) =>
  call(th, 'POST', `/v1/sites/${site.id}/shares`, { token: await token(site, sub), body: { page, channel, url: `https://news.example.com/${page}` } });

for (const dialect of DIALECTS) {
  test(`${dialect}: share status`, async (t) => {
    const th = await testApp(dialect, { sites: [STATUS, CAPPED, OFF] });
    t.after(() => th.close());
    await th.app.request('/healthz');

    await t.test('should list every channel with an active rule, WeChat left out until the site opts in', async () => {
      const fresh = await status(th, STATUS, 'newcomer', 'never-shared');
      assert.deepEqual(Object.keys(fresh).sort(), ['email', 'facebook', 'link', 'linkedin', 'qq', 'qzone', 'system', 'weibo', 'x'], 'the channel-less rule covers every channel without a rule of its own, WeChat aside');
      assert.deepEqual(fresh.link, [10, 0, false]);
      assert.deepEqual(fresh.qq, [1, 0, false]);
      assert.equal(Object.keys(await status(th, OFF, 'newcomer', 'p')).length, 0, 'rewards off: nothing earns');
    });

    await t.test('should give a WeChat channel nothing through a channel-less rule either', async () => {
      const wx = await share(th, STATUS, 'wx', 'wx-page', 'wechat_group');
      assert.equal(wx.status, 201);
      assert.deepEqual([wx.body.points, wx.body.earned, wx.body.rule], [0, false, null]);
      const entries = await th.db.kysely.selectFrom('ledger_entries').select('id').where('site_id', '=', 'status').execute();
      assert.equal(entries.length, 0);
    });

    await t.test('should report what this article earned through each channel, by visit and by intent', async () => {
      const link = await share(th, STATUS, 'sharer', 'article-1', 'link');
      await share(th, STATUS, 'sharer', 'article-1', 'weibo');
      assert.deepEqual((await status(th, STATUS, 'sharer', 'article-1')).weibo, [5, 5, false], 'an intent rule earns on the press');
      assert.deepEqual((await status(th, STATUS, 'sharer', 'article-1')).link, [10, 0, false], 'a visit rule waits for a visitor');

      await call(th, 'POST', '/v1/sites/status/visits', { body: { code: link.body.code, visitor: 'friend-1' }, ip: '198.51.100.1' });
      assert.deepEqual((await status(th, STATUS, 'sharer', 'article-1')).link, [10, 10, false]);
      await call(th, 'POST', '/v1/sites/status/visits', { body: { code: link.body.code, visitor: 'friend-2' }, ip: '198.51.100.2' });
      const after = await status(th, STATUS, 'sharer', 'article-1');
      assert.deepEqual(after.link, [10, 20, true], 'two visits used up the rule limit of 2 a day');
      assert.deepEqual(after.weibo, [5, 5, false]);
      assert.deepEqual((await status(th, STATUS, 'sharer', 'article-2')).link, [10, 0, true], 'the limit counts over every article');
      assert.deepEqual((await status(th, STATUS, 'visitor', 'article-1')).link, [10, 0, false], 'another reader earned nothing');
    });

    await t.test('should leave reversed awards out', async () => {
      await share(th, STATUS, 'reversed', 'article-3', 'weibo');
      assert.deepEqual((await status(th, STATUS, 'reversed', 'article-3')).weibo, [5, 5, false]);
      const entry = await th.db.kysely.selectFrom('ledger_entries as e').innerJoin('users as u', 'u.id', 'e.user_id')
        .select('e.id').where('e.site_id', '=', 'status').where('u.external_id', '=', 'reversed').executeTakeFirstOrThrow();
      const key = await createApiKey(th.db, 'status');
      const res = await th.app.request(`/v1/admin/sites/status/points/entries/${entry.id}/reverse`, { method: 'POST', headers: { authorization: `Bearer ${key}` } });
      assert.equal(res.status, 201);
      assert.deepEqual((await status(th, STATUS, 'reversed', 'article-3')).weibo, [5, 0, false]);
    });

    await t.test('should say a share earns nothing more once the daily cap has no room for it', async () => {
      await share(th, CAPPED, 'capper', 'c-1', 'qq');
      assert.deepEqual((await status(th, CAPPED, 'capper', 'c-1')).qq, [8, 8, false]);
      await share(th, CAPPED, 'capper', 'c-2', 'qq');
      assert.deepEqual((await status(th, CAPPED, 'capper', 'c-2')).qq, [8, 8, true], '16 of 20 used: another 8 would pass the cap');
    });

    await t.test('should want a token and a page, with the protocol error body', async () => {
      const cases: [string, string | undefined, number][] = [
        ['/v1/sites/status/shares/mine?page=p', undefined, 401],
        ['/v1/sites/status/shares/mine', await token(STATUS, 'x'), 400],
        ['/v1/sites/status/shares/mine?page=', await token(STATUS, 'x'), 400],
        ['/v1/sites/status/shares/mine?page=p%00', await token(STATUS, 'x'), 400],
        ['/v1/sites/nope/shares/mine?page=p', await token(STATUS, 'x'), 404],
        ['/v1/sites/status/shares/mine?page=p', await token(CAPPED, 'x'), 401],
      ];
      for (const [path, auth, expected] of cases) {
        const res = await call(th, 'GET', path, auth ? { token: auth } : {});
        assert.equal(res.status, expected, `${path}: ${JSON.stringify(res.body)}`);
        errorCode(res.body);
      }
      const res = await call(th, 'GET', '/v1/sites/status/shares/mine?page=p', { token: await token(STATUS, 'x') });
      assert.equal(res.status, 200);
      const users = await th.db.kysely.selectFrom('users').select('id').where('site_id', '=', 'status').where('external_id', '=', 'x').execute();
      assert.equal(users.length, 0, 'reading the status writes nothing');
    });
  });
}
