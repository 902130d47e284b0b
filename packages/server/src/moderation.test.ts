import test from 'node:test';
import assert from 'node:assert/strict';
import {
  ActionResult, AuditLog, Ban, BanList, Bootstrap, ErrorBody, Floor, FloorContext, FloorPage, ModerationPolicy, ModerationQueue,
  ReportReceipt, UnbanResult, WordLists,
} from '@teahouse/protocol';
import { signToken } from './auth/token.js';
import { readEvents } from './events/events.js';
import { createApiKey } from './auth/api-keys.js';
import { checkModerationSettings } from './moderation/settings.js';
import { findWord, normalizeWord } from './moderation/words.js';
import type { SiteSeed } from './sites/sites.js';
import { DIALECTS, OTHER_SITE, SITE, errorCode, testApp, type TestApp } from './test/support.js';

const seed = (id: string, extra: Partial<SiteSeed> = {}): SiteSeed => ({
  id,
  name: id,
  secret: `${id}-secret-that-is-long-enough-for-hs256`,
  origins: ['https://news.example.com'],
  roles: { 'mod-1': 'moderator', 'adm-1': 'admin' },
  ...extra,
});

/** Two reports hide a floor; replies earn 2 points, taken back when a moderator removes the floor. */
const MOD = seed('mod', {
  moderation: { reportThreshold: 2 },
  rewards: { rules: [{ action: 'reply', points: 2, cycle: 'unlimited', limit: 1, verify: 'intent' }], reverseOnRemoval: true, dailyCap: 0 },
  reactions: { anonymousReactions: true },
});
const ALL = seed('pre-all', {
  moderation: { premoderation: 'all' },
  rewards: { rules: [{ action: 'reply', points: 2, cycle: 'unlimited', limit: 1, verify: 'intent' }], dailyCap: 0 },
});
const FIRST = seed('pre-first', { moderation: { premoderation: 'first' } });
const LINKS = seed('pre-links', { moderation: { premoderation: 'links' } });
const NEVER = seed('no-hide', { moderation: { reportThreshold: 0 } });
const SITES = [SITE, OTHER_SITE, MOD, ALL, FIRST, LINKS, NEVER];

interface Call {
  token?: string;
  body?: unknown;
  raw?: string;
  type?: string;
  headers?: Record<string, string>;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests read loosely typed JSON and assert on it
type Json = any;

async function call(th: TestApp, method: string, path: string, opts: Call = {}): Promise<{ status: number; body: Json; res: Response }> {
  const headers: Record<string, string> = { ...opts.headers };
  if (opts.token) headers.authorization = `Bearer ${opts.token}`;
  if (opts.body !== undefined || opts.raw !== undefined) headers['content-type'] = opts.type ?? 'application/json';
  const res = await th.app.request(path, {
    method, headers, ...(opts.raw !== undefined ? { body: opts.raw } : opts.body !== undefined ? { body: JSON.stringify(opts.body) } : {}),
  });
  const text = await res.text();
  const body = text ? JSON.parse(text) : undefined;
  // Every failure, whatever the input, is the protocol's error body and never a 500.
  assert.ok(res.status < 500, `${method} ${path} answered ${res.status}: ${text}`);
  if (res.status >= 400) ErrorBody.parse(body);
  return { status: res.status, body, res };
}

const tokenOf = (site: SiteSeed, sub: string, name = sub) => signToken(site, { sub, name });
let pageSeq = 0;
const newPage = (label: string) => `${label}-${++pageSeq}`;

/** Checks a response against its protocol schema and returns it typed loosely for assertions. */
const parsed = (schema: { parse(v: unknown): unknown }, body: unknown): Json => schema.parse(body);

for (const dialect of DIALECTS) {
  test(`${dialect}: moderation`, async (t) => {
    const th = await testApp(dialect, { sites: SITES });
    t.after(() => th.close());

    const post = async (site: SiteSeed, sub: string, page: string, body: string, extra: object = {}) =>
      call(th, 'POST', `/v1/sites/${site.id}/floors`, { token: await tokenOf(site, sub), body: { page, body, ...extra } });
    const posted = async (site: SiteSeed, sub: string, page: string, body: string, extra: object = {}): Promise<Json> => {
      const res = await post(site, sub, page, body, extra);
      assert.equal(res.status, 201, JSON.stringify(res.body));
      return parsed(Floor, res.body);
    };
    const bootstrap = async (site: SiteSeed, page: string, sub?: string, query = ''): Promise<Json> => {
      const res = await call(th, 'GET', `/v1/sites/${site.id}/bootstrap?page=${encodeURIComponent(page)}${query}`, sub ? { token: await tokenOf(site, sub) } : {});
      assert.equal(res.status, 200);
      return parsed(Bootstrap, res.body);
    };
    const numbers = (b: Json) => (b.page.floors as Json[]).map((f) => f.number);
    const floors = async (site: SiteSeed, page: string, sub?: string, query = ''): Promise<Json> => {
      const res = await call(th, 'GET', `/v1/sites/${site.id}/floors?page=${encodeURIComponent(page)}${query}`, sub ? { token: await tokenOf(site, sub) } : {});
      assert.equal(res.status, 200, JSON.stringify(res.body));
      return parsed(FloorPage, res.body);
    };
    const counts = async (site: SiteSeed, page: string): Promise<number> =>
      (await call(th, 'GET', `/v1/sites/${site.id}/counts?page=${encodeURIComponent(page)}`)).body.counts[page];
    const modCall = async (site: SiteSeed, method: string, path: string, opts: Call = {}, sub = 'mod-1') =>
      call(th, method, `/v1/sites/${site.id}/moderation/${path}`, { token: await tokenOf(site, sub, 'Moderator'), ...opts });
    const act = async (site: SiteSeed, floorId: string, action: string, reason?: string): Promise<Json> => {
      const res = await modCall(site, 'POST', `floors/${floorId}/actions`, { body: { action, ...(reason ? { reason } : {}) } });
      assert.equal(res.status, 200, JSON.stringify(res.body));
      return parsed(ActionResult, res.body);
    };
    const report = async (site: SiteSeed, sub: string, page: string, number: number, reason = 'spam', note?: string) =>
      call(th, 'POST', `/v1/sites/${site.id}/floors/${number}/reports`, {
        token: await tokenOf(site, sub), body: { page, reason, ...(note !== undefined ? { note } : {}) },
      });
    const queue = async (site: SiteSeed, query = ''): Promise<Json> => {
      const res = await modCall(site, 'GET', `queue${query}`);
      assert.equal(res.status, 200, JSON.stringify(res.body));
      return parsed(ModerationQueue, res.body);
    };
    const audit = async (site: SiteSeed, query = ''): Promise<Json> => {
      const res = await modCall(site, 'GET', `audit${query}`);
      assert.equal(res.status, 200, JSON.stringify(res.body));
      return parsed(AuditLog, res.body);
    };
    const events = async (threadId: string) => (await readEvents(th.db, threadId, '0', 1000)).map((e) => e.event);
    const balance = async (site: SiteSeed, sub: string): Promise<number> =>
      (await call(th, 'GET', `/v1/sites/${site.id}/points/me`, { token: await tokenOf(site, sub) })).body.balance;

    await t.test('should refuse a site seed with invalid moderation settings', () => {
      assert.throws(() => checkModerationSettings('x', { premoderation: 'some' }), /invalid moderation settings: premoderation/);
      assert.throws(() => checkModerationSettings('x', { reportThreshold: -1 }), /reportThreshold/);
      assert.deepEqual(checkModerationSettings('x', { reportThreshold: 5 }), { reportThreshold: 5 });
    });

    await t.test('should match words ignoring case, width and spaces', () => {
      assert.equal(normalizeWord('ＳＰＡＭ  Ｘ'), 'spamx');
      assert.equal(findWord('buy Cheap  W A T C H E S now', ['cheap watches']), 'cheap watches');
      assert.equal(findWord('傻\u200b 逼', ['傻逼']), '傻逼');
      assert.equal(findWord('a clean comment', ['傻逼', 'spam']), null);
    });

    await t.test('should answer the policy of the site', async () => {
      const res = await modCall(MOD, 'GET', 'settings');
      assert.equal(res.status, 200);
      assert.deepEqual(parsed(ModerationPolicy, res.body), {
        reportThreshold: 2, premoderation: 'none', reasons: ['spam', 'abuse', 'illegal', 'porn', 'privacy', 'other'],
      });
      assert.deepEqual((await modCall(ALL, 'GET', 'settings')).body.premoderation, 'all');
      assert.equal((await modCall(SITE, 'GET', 'settings')).body.reportThreshold, 3);
    });

    await t.test('should take one report per reader per floor and hide a floor at the threshold', async () => {
      const page = newPage('reports');
      const bad = await posted(MOD, 'author-r', page, 'Buy cheap followers at example dot com');
      await posted(MOD, 'author-s', page, 'A fine comment');
      const before = await bootstrap(MOD, page);
      assert.deepEqual(numbers(before), [2, 3]);
      assert.equal(before.thread.replyCount, 2);

      const first = await report(MOD, 'reader-a', page, 2, 'spam', 'selling followers');
      assert.equal(first.status, 201);
      assert.deepEqual({ ...parsed(ReportReceipt, first.body), createdAt: 'x' }, { floor: 2, reason: 'spam', createdAt: 'x', created: true });
      const again = await report(MOD, 'reader-a', page, 2, 'abuse');
      assert.equal(again.status, 200);
      assert.equal(again.body.created, false);
      assert.equal(again.body.reason, 'spam', 'the first report stands');

      // One distinct reader so far: still shown, and in the queue as reported.
      assert.deepEqual(numbers(await bootstrap(MOD, page)), [2, 3]);
      const q = await queue(MOD, `?page=${page}`);
      assert.equal(q.items.length, 1);
      assert.equal(q.items[0].floor.id, bad.id);
      assert.deepEqual(q.items[0].queue.kind, 'reported');
      assert.deepEqual(q.items[0].reports, { count: 1, reasons: { spam: 1 }, notes: [{ reason: 'spam', note: 'selling followers', createdAt: q.items[0].reports.notes[0].createdAt }] });

      const second = await report(MOD, 'reader-b', page, 2, 'abuse');
      assert.equal(second.status, 201);
      const after = await bootstrap(MOD, page);
      assert.deepEqual(numbers(after), [3], 'hidden from anonymous readers (the cached bootstrap was dropped)');
      assert.equal(after.thread.replyCount, 1);
      assert.equal(await counts(MOD, page), 1);
      assert.deepEqual(numbers(await bootstrap(MOD, page, 'reader-a')), [3]);
      assert.deepEqual(numbers(await bootstrap(MOD, page, 'author-r')), [3], 'the author does not see a hidden floor either');
      const asMod = await bootstrap(MOD, page, 'mod-1');
      assert.deepEqual(numbers(asMod), [2, 3], 'a moderator sees it in place');
      assert.equal(asMod.page.floors[0].status, 'hidden');
      assert.equal(asMod.page.floors[0].author.name, 'author-r');
      assert.match(JSON.stringify(asMod.page.floors[0].body), /cheap followers/);

      const q2 = await queue(MOD, `?page=${page}`);
      assert.deepEqual(q2.items[0].reports.reasons, { spam: 1, abuse: 1 });
      assert.equal(q2.items[0].floor.status, 'hidden');
      const log = await audit(MOD, `?page=${page}`);
      assert.equal(log.entries[0].action, 'auto_hide');
      assert.deepEqual(log.entries[0].actor, { kind: 'system', user: null, label: 'reports' });
      assert.deepEqual(log.entries[0].status, { from: 'published', to: 'hidden' });
      assert.equal(log.entries[0].user.name, 'author-r');

      const hiddenEvent = (await events(before.thread.id)).at(-1);
      assert.equal(hiddenEvent?.type, 'floor.updated');
      assert.equal(hiddenEvent?.type === 'floor.updated' && hiddenEvent.floor.status, 'hidden');
      assert.doesNotMatch(JSON.stringify(hiddenEvent), /cheap followers/, 'the live event carries no content');

      // A hidden floor cannot be reported (nor read) by readers any more.
      assert.equal((await report(MOD, 'reader-c', page, 2)).status, 404);
      assert.equal((await call(th, 'GET', `/v1/sites/${MOD.id}/floors/2?page=${page}`)).status, 404);
      const modFloor = await call(th, 'GET', `/v1/sites/${MOD.id}/floors/2?page=${page}`, { token: await tokenOf(MOD, 'mod-1') });
      assert.equal(modFloor.body.status, 'hidden');

      // Approval brings it back, settles the reports and empties the queue.
      const approved = await act(MOD, bad.id, 'approve');
      assert.equal(approved.changed, true);
      assert.equal(approved.item.floor.status, 'published');
      assert.equal(approved.item.queue, null);
      assert.equal(approved.item.reports.count, 0);
      assert.deepEqual(numbers(await bootstrap(MOD, page)), [2, 3]);
      assert.equal(await counts(MOD, page), 2);
      assert.equal((await queue(MOD, `?page=${page}`)).items.length, 0);
      const last = (await events(before.thread.id)).slice(-2).map((e) => e.type);
      assert.deepEqual(last, ['floor.updated', 'floor.created'], 'open pages that dropped it get it back');
      // A reader who reported before cannot report again; a new reader starts a new count.
      assert.equal((await report(MOD, 'reader-a', page, 2)).body.created, false);
      assert.equal((await report(MOD, 'reader-c', page, 2)).status, 201);
      assert.deepEqual(numbers(await bootstrap(MOD, page)), [2, 3], 'one open report is below the threshold again');
    });

    await t.test('should refuse reports that are not a reader\'s to make', async () => {
      const page = newPage('report-refusals');
      await posted(MOD, 'author-x', page, 'Some words');
      assert.equal((await call(th, 'POST', `/v1/sites/${MOD.id}/floors/2/reports`, { body: { page, reason: 'spam' } })).status, 401);
      const visitor = (await call(th, 'POST', `/v1/sites/${MOD.id}/visitor`)).body.token as string;
      assert.equal((await call(th, 'POST', `/v1/sites/${MOD.id}/floors/2/reports`, { token: visitor, body: { page, reason: 'spam' } })).status, 401);
      assert.equal((await report(MOD, 'author-x', page, 2)).status, 403, 'not one\'s own floor');
      assert.equal((await report(MOD, 'reader-a', page, 9)).status, 404);
      assert.equal((await report(MOD, 'reader-a', page, 1)).status, 404);
      assert.equal((await report(MOD, 'reader-a', 'no-such-page', 2)).status, 404);
      assert.equal((await report(MOD, 'reader-a', page, 2, 'boring')).status, 400);
      assert.equal((await report(MOD, 'reader-a', page, 2, 'spam', 'x'.repeat(501))).status, 400);
      const token = await tokenOf(MOD, 'reader-a');
      assert.equal((await call(th, 'POST', `/v1/sites/${MOD.id}/floors/2/reports`, { token, raw: '{"page":', type: 'application/json' })).status, 400);
      assert.equal((await call(th, 'POST', `/v1/sites/${MOD.id}/floors/2/reports`, { token, raw: 'page=x', type: 'text/plain' })).status, 415);
      assert.equal((await call(th, 'POST', `/v1/sites/${MOD.id}/floors/abc/reports`, { token, body: { page, reason: 'spam' } })).status, 400);
      // A deleted floor is past reporting.
      const gone = await posted(MOD, 'author-x', page, 'to be deleted');
      assert.equal((await call(th, 'DELETE', `/v1/sites/${MOD.id}/floors/${gone.number}?page=${page}`, { token: await tokenOf(MOD, 'author-x') })).status, 200);
      assert.equal((await report(MOD, 'reader-a', page, gone.number)).status, 409);
      // Nothing was recorded by the refusals.
      assert.equal((await queue(MOD, `?page=${page}`)).items.length, 0);
    });

    await t.test('should never hide by reports on a site with a threshold of 0', async () => {
      const page = newPage('no-hide');
      const floor = await posted(NEVER, 'author-n', page, 'Contested');
      for (const sub of ['r1', 'r2', 'r3', 'r4']) assert.equal((await report(NEVER, sub, page, 2)).status, 201);
      assert.deepEqual(numbers(await bootstrap(NEVER, page)), [2]);
      const q = await queue(NEVER);
      assert.equal(q.items.find((i: Json) => i.floor.id === floor.id).reports.count, 4);
    });

    await t.test('should hold every post for review with premoderation all, shown to its author only', async () => {
      const page = newPage('pre-all');
      const floor = await posted(ALL, 'writer', page, 'Held until a moderator looks');
      assert.equal(floor.status, 'pending');
      assert.equal(floor.author.name, 'writer', 'the author gets their floor back with its content');
      assert.match(JSON.stringify(floor.body), /Held until/);

      const anon = await bootstrap(ALL, page);
      assert.deepEqual(numbers(anon), []);
      assert.equal(anon.thread.replyCount, 0);
      assert.equal(await counts(ALL, page), 0);
      assert.deepEqual(numbers(await bootstrap(ALL, page, 'someone-else')), []);
      const own = await bootstrap(ALL, page, 'writer');
      assert.deepEqual(numbers(own), [2]);
      assert.equal(own.page.floors[0].status, 'pending');
      assert.match(JSON.stringify(own.page.floors[0].body), /Held until/);
      assert.deepEqual((await floors(ALL, page, 'writer')).floors.map((f: Json) => f.status), ['pending']);
      assert.deepEqual((await floors(ALL, page)).floors, []);
      assert.equal((await bootstrap(ALL, page, 'mod-1')).page.floors[0].status, 'pending');
      assert.deepEqual((await events(anon.thread.id)).map((e) => e.type), [], 'nothing is announced while it waits');
      assert.equal(await balance(ALL, 'writer'), 0, 'no award before approval');

      const q = await queue(ALL, '?kind=pending');
      const item = q.items.find((i: Json) => i.floor.id === floor.id);
      assert.deepEqual(item.queue.cause, { rule: 'all' });
      assert.equal((await queue(ALL, '?kind=reported')).items.length, 0);

      // A moderator's own post is not held.
      assert.equal((await posted(ALL, 'mod-1', page, 'Moderator note')).status, 'published');

      const approved = await act(ALL, floor.id, 'approve', 'looks fine');
      assert.equal(approved.item.floor.status, 'published');
      assert.deepEqual(numbers(await bootstrap(ALL, page)), [2, 3]);
      assert.equal(await counts(ALL, page), 2);
      assert.equal(await balance(ALL, 'writer'), 2, 'the reply award once published');
      assert.deepEqual((await events(anon.thread.id)).map((e) => e.type), ['floor.created', 'floor.updated', 'floor.created']);
      const log = await audit(ALL, '?action=approve');
      assert.equal(log.entries[0].reason, 'looks fine');
      assert.equal(log.entries[0].actor.kind, 'user');
      assert.deepEqual([log.entries[0].actor.user.name, log.entries[0].actor.user.role], ['Moderator', 'moderator']);
      assert.equal(log.entries[0].user.name, 'writer');
      assert.deepEqual(log.entries[0].status, { from: 'pending', to: 'published' });
    });

    await t.test('should hold the posts of a new commenter until one is approved with premoderation first', async () => {
      const page = newPage('pre-first');
      const a = await posted(FIRST, 'newbie', page, 'Hello, first time here');
      const b = await posted(FIRST, 'newbie', page, 'And a second one before approval');
      assert.deepEqual([a.status, b.status], ['pending', 'pending']);
      assert.deepEqual((await queue(FIRST)).items.map((i: Json) => i.queue.cause), [{ rule: 'first' }, { rule: 'first' }]);
      await act(FIRST, a.id, 'approve');
      const c = await posted(FIRST, 'newbie', page, 'Now a known commenter');
      assert.equal(c.status, 'published');
      assert.deepEqual(numbers(await bootstrap(FIRST, page)), [2, 4], 'the second stays held; numbers are kept');
      assert.equal((await bootstrap(FIRST, page)).thread.lastFloor, 4);
    });

    await t.test('should hold posts with links with premoderation links', async () => {
      const page = newPage('pre-links');
      assert.equal((await posted(LINKS, 'linker', page, 'no link at all')).status, 'published');
      assert.equal((await posted(LINKS, 'linker', page, 'see [this](https://example.com/x)')).status, 'pending');
      assert.equal((await posted(LINKS, 'linker', page, 'see www.example.com too')).status, 'pending');
      const cause = (await queue(LINKS)).items.map((i: Json) => i.queue.cause);
      assert.deepEqual(cause, [{ rule: 'links' }, { rule: 'links' }]);
      assert.equal((await posted(SITE, 'linker', page, 'see https://example.com on a site with no policy')).status, 'published');
    });

    await t.test('should refuse banned words with the word named and hold suspect ones', async () => {
      const page = newPage('words');
      const lists = { banned: ['  Casino ', 'casino', '代开发票'], suspect: ['crypto'] };
      assert.equal((await call(th, 'PUT', `/v1/sites/${MOD.id}/moderation/words`, { body: lists })).status, 401);
      assert.equal((await modCall(MOD, 'PUT', 'words', { body: lists }, 'reader-a')).status, 403);
      const put = await modCall(MOD, 'PUT', 'words', { body: lists });
      assert.equal(put.status, 200);
      assert.deepEqual(parsed(WordLists, put.body), { banned: ['Casino', '代开发票'], suspect: ['crypto'] });
      assert.deepEqual((await modCall(MOD, 'GET', 'words')).body, put.body);

      const refused = await post(MOD, 'writer-w', page, 'Best ＣＡＳＩＮＯ bonuses');
      assert.equal(refused.status, 422);
      assert.equal(errorCode(refused.body), 'validation_failed');
      assert.match(refused.body.error.message, /"Casino"/);
      assert.deepEqual(refused.body.error.details.issues[0].path, ['body']);
      assert.equal((await post(MOD, 'writer-w', page, '可以代 开 发 票')).status, 422);
      assert.equal((await bootstrap(MOD, page)).thread.lastFloor, 1, 'nothing was written');

      const held = await posted(MOD, 'writer-w', page, 'Thoughts on Crypto?');
      assert.equal(held.status, 'pending');
      const item = (await queue(MOD, `?page=${page}`)).items[0];
      assert.deepEqual(item.queue.cause, { rule: 'suspect', word: 'crypto' });

      // Edits go through the same lists.
      const fine = await posted(MOD, 'writer-w', page, 'A harmless remark');
      const token = await tokenOf(MOD, 'writer-w');
      const edit = (body: string) => call(th, 'PATCH', `/v1/sites/${MOD.id}/floors/${fine.number}`, { token, body: { page, body } });
      assert.equal((await edit('now with casino links')).status, 422);
      const reheld = await edit('now about crypto');
      assert.equal(reheld.status, 200);
      assert.equal(reheld.body.status, 'pending');
      assert.match(JSON.stringify(reheld.body.body), /crypto/, 'the author still sees their text');
      assert.deepEqual(numbers(await bootstrap(MOD, page)), [], 'readers lose the re-held floor');
      assert.equal(await counts(MOD, page), 0);
      const edited = (await events((await bootstrap(MOD, page)).thread.id)).at(-1);
      assert.doesNotMatch(JSON.stringify(edited), /crypto/, 'the held edit is not broadcast');

      const log = await audit(MOD, '?action=words');
      assert.deepEqual(log.entries[0].words, { banned: 2, suspect: 1 });
      assert.ok((await modCall(MOD, 'PUT', 'words', { body: { banned: [], suspect: [] } })).status === 200);
    });

    await t.test('should hide, restore, delete and pin, each as readers, authors and moderators see it', async () => {
      const page = newPage('actions');
      const a = await posted(MOD, 'alice', page, 'Alice speaks');
      const b = await posted(MOD, 'bob', page, 'Bob replies', { parent: 2 });
      const c = await posted(MOD, 'carol', page, 'Carol quotes Bob', { quote: 3 });
      assert.equal(await balance(MOD, 'bob'), 2);
      const cached = await call(th, 'GET', `/v1/sites/${MOD.id}/bootstrap?page=${page}`);
      const etag = cached.res.headers.get('etag');

      // Hide needs a reason.
      const noReason = await modCall(MOD, 'POST', `floors/${b.id}/actions`, { body: { action: 'hide' } });
      assert.equal(noReason.status, 400);
      assert.deepEqual(noReason.body.error.details.issues[0].path, ['reason']);
      const hidden = await act(MOD, b.id, 'hide', 'off topic');
      assert.equal(hidden.changed, true);
      assert.equal(hidden.item.floor.status, 'hidden');
      assert.equal(await balance(MOD, 'bob'), 0, 'the award is reversed on removal');

      const anon = await call(th, 'GET', `/v1/sites/${MOD.id}/bootstrap?page=${page}`, { headers: { 'if-none-match': etag ?? '' } });
      assert.equal(anon.status, 200, 'the ETag changed');
      assert.notEqual(anon.res.headers.get('etag'), etag);
      assert.deepEqual(anon.body.page.floors.map((f: Json) => f.number), [2, 4]);
      assert.equal(anon.body.thread.replyCount, 2);
      const quoting = anon.body.page.floors[1];
      assert.equal(quoting.quote.status, 'hidden');
      assert.equal(quoting.quote.excerpt, '');
      assert.deepEqual(numbers(await bootstrap(MOD, page, 'bob')), [2, 4]);
      // Every way of reading leaves it out for readers: nested, newest, hottest, one author, from a number.
      const nested = await floors(MOD, page, undefined, '&view=nested');
      assert.deepEqual(nested.floors.map((f: Json) => f.number), [2, 4]);
      assert.deepEqual(nested.replies, []);
      assert.deepEqual((await floors(MOD, page, undefined, '&sort=newest')).floors.map((f: Json) => f.number), [4, 2]);
      assert.deepEqual((await floors(MOD, page, undefined, '&sort=hottest')).floors.map((f: Json) => f.number), [2, 4]);
      assert.deepEqual((await floors(MOD, page, undefined, `&author=${b.author.id}`)).floors, []);
      assert.deepEqual((await floors(MOD, page, undefined, '&from=3')).floors.map((f: Json) => f.number), [4]);
      assert.deepEqual((await floors(MOD, page, undefined, '&root=2')).floors, []);
      const modNested = await floors(MOD, page, 'mod-1', '&view=nested');
      assert.deepEqual(modNested.replies, [{ root: 2, floors: [modNested.replies[0].floors[0]], more: 0, next: null }]);
      assert.equal(modNested.replies[0].floors[0].status, 'hidden');
      assert.equal((await bootstrap(MOD, page, 'mod-1')).page.floors[2].quote.excerpt, 'Bob replies');

      // The same action again changes nothing and records nothing.
      const entries = (await audit(MOD, `?page=${page}`)).entries.length;
      assert.equal((await act(MOD, b.id, 'hide', 'again')).changed, false);
      assert.equal((await audit(MOD, `?page=${page}`)).entries.length, entries);

      const restored = await act(MOD, b.id, 'restore');
      assert.equal(restored.item.floor.status, 'published');
      assert.equal((await floors(MOD, page, undefined, '&view=nested')).replies[0].floors[0].number, 3);
      assert.equal(await counts(MOD, page), 3);

      // Deleting leaves a tombstone readers see; a moderator still reads it and may restore it.
      const deleted = await act(MOD, c.id, 'delete', 'personal attack');
      assert.equal(deleted.item.floor.status, 'deleted');
      const tomb = (await bootstrap(MOD, page)).page.floors[2];
      assert.deepEqual([tomb.number, tomb.status, tomb.author, tomb.body.children], [4, 'deleted', null, []]);
      assert.equal(await counts(MOD, page), 3, 'a tombstone keeps its place in the count');
      assert.match(JSON.stringify((await bootstrap(MOD, page, 'mod-1')).page.floors[2].body), /Carol quotes/);
      assert.equal((await modCall(MOD, 'POST', `floors/${c.id}/actions`, { body: { action: 'approve' } })).status, 409);
      assert.equal((await act(MOD, c.id, 'restore')).item.floor.status, 'published');
      assert.equal((await bootstrap(MOD, page)).page.floors[2].status, 'published');

      // What an author deleted cannot be brought back; nor approved.
      const selfGone = await posted(MOD, 'alice', page, 'I take this back');
      await call(th, 'DELETE', `/v1/sites/${MOD.id}/floors/${selfGone.number}?page=${page}`, { token: await tokenOf(MOD, 'alice') });
      assert.equal((await modCall(MOD, 'POST', `floors/${selfGone.id}/actions`, { body: { action: 'restore' } })).status, 409);
      assert.equal((await modCall(MOD, 'POST', `floors/${selfGone.id}/actions`, { body: { action: 'approve' } })).status, 409);
      assert.equal((await modCall(MOD, 'POST', `floors/${selfGone.id}/actions`, { body: { action: 'pin' } })).status, 409);

      // Pins: on top in the bootstrap, marked on the floor; not for hidden floors.
      const pinned = await act(MOD, a.id, 'pin');
      assert.equal(pinned.item.floor.pinned, true);
      const withPin = await bootstrap(MOD, page);
      assert.deepEqual(withPin.pinned.map((f: Json) => f.number), [2]);
      assert.equal(withPin.page.floors[0].pinned, true);
      assert.equal((await act(MOD, a.id, 'pin')).changed, false);
      await act(MOD, b.id, 'hide', 'again off topic');
      assert.equal((await modCall(MOD, 'POST', `floors/${b.id}/actions`, { body: { action: 'pin' } })).status, 409);
      await act(MOD, a.id, 'unpin');
      assert.equal((await bootstrap(MOD, page)).pinned, undefined);

      const log = await audit(MOD, `?page=${page}`);
      assert.deepEqual(log.entries.map((e: Json) => e.action), ['unpin', 'hide', 'pin', 'restore', 'delete', 'restore', 'hide']);
      assert.equal(log.entries.find((e: Json) => e.action === 'delete').reason, 'personal attack');
    });

    await t.test('should show a floor in context and page the queue', async () => {
      const page = newPage('context');
      const made: Json[] = [];
      for (let i = 0; i < 6; i++) made.push(await posted(MOD, `ctx-${i}`, page, `floor text ${i}`, i === 4 ? { parent: 3 } : {}));
      const ctx = await modCall(MOD, 'GET', `floors/${made[4].id}`);
      assert.equal(ctx.status, 200);
      const context = parsed(FloorContext, ctx.body);
      assert.equal(context.item.floor.number, 6);
      assert.equal(context.item.page, page);
      assert.deepEqual(context.before.map((f: Json) => f.number), [3, 4, 5]);
      assert.deepEqual(context.after.map((f: Json) => f.number), [7]);
      assert.equal(context.parent.number, 3);
      assert.equal((await modCall(MOD, 'GET', 'floors/nonexistent')).status, 404);
      assert.equal((await modCall(MOD, 'GET', 'floors/bad%20id')).status, 400);

      for (const f of made.slice(0, 3)) assert.equal((await report(MOD, 'pager', page, f.number, 'other')).status, 201);
      const first = await queue(MOD, `?page=${page}&limit=2`);
      assert.equal(first.items.length, 2);
      assert.ok(first.next);
      const second = await queue(MOD, `?page=${page}&limit=2&cursor=${first.next}`);
      assert.deepEqual(second.items.map((i: Json) => i.floor.number), [4]);
      assert.equal(second.next, null);
      assert.deepEqual([...first.items, ...second.items].map((i: Json) => i.floor.number), [2, 3, 4]);
      assert.equal((await modCall(MOD, 'GET', 'queue?cursor=garbage')).status, 400);
      assert.equal((await modCall(MOD, 'GET', 'queue?limit=0')).status, 400);
      assert.equal((await modCall(MOD, 'GET', 'queue?kind=other')).status, 400);
      assert.deepEqual((await queue(MOD, '?page=no-such-page')).items, []);
    });

    await t.test('should ban for a time, ban for good and lift bans', async () => {
      const page = newPage('bans');
      const troll = await posted(MOD, 'troll', page, 'first words');
      const trollId = troll.author.id;
      const until = new Date(Date.now() + 3600_000).toISOString();

      assert.equal((await modCall(MOD, 'POST', 'bans', { body: { user: trollId, reason: 'x', until: '2000-01-01T00:00:00Z' } })).status, 400);
      assert.equal((await modCall(MOD, 'POST', 'bans', { body: { user: trollId, reason: 'x', until: 'tomorrow' } })).status, 400);
      assert.equal((await modCall(MOD, 'POST', 'bans', { body: { user: trollId, reason: 'x', kind: 'shadow', until } })).status, 400);
      assert.equal((await modCall(MOD, 'POST', 'bans', { body: { user: trollId } })).status, 400, 'a ban says why');
      assert.equal((await modCall(MOD, 'POST', 'bans', { body: { user: 'nobody', reason: 'x' } })).status, 404);
      assert.equal((await modCall(MOD, 'POST', 'bans', { body: { user: trollId, reason: 'x' } }, 'reader-a')).status, 403);

      const banned = await modCall(MOD, 'POST', 'bans', { body: { user: trollId, reason: 'trolling', until } });
      assert.equal(banned.status, 201);
      assert.equal(parsed(Ban, banned.body).until, until);
      assert.equal(banned.body.by.user.name, 'Moderator');
      const refused = await post(MOD, 'troll', page, 'let me in');
      assert.equal(refused.status, 403);
      assert.equal(errorCode(refused.body), 'forbidden');
      assert.deepEqual(refused.body.error.details.ban, { until, reason: 'trolling' });
      assert.match(refused.body.error.message, new RegExp(until.slice(0, 10)));
      const editRefused = await call(th, 'PATCH', `/v1/sites/${MOD.id}/floors/2`, { token: await tokenOf(MOD, 'troll'), body: { page, body: 'edited' } });
      assert.equal(editRefused.status, 403);
      await posted(MOD, 'other', page, 'a floor to report');
      assert.equal((await report(MOD, 'troll', page, 3)).status, 403);

      // The end passes: the ban counts for nothing.
      await th.db.kysely.updateTable('bans').set({ until: new Date(Date.now() - 1000).toISOString() }).where('user_id', '=', trollId).execute();
      assert.equal((await post(MOD, 'troll', page, 'back again')).status, 201);
      assert.deepEqual((await modCall(MOD, 'GET', 'bans')).body.bans.filter((b: Json) => b.user.id === trollId), []);

      // For good, then lifted.
      assert.equal((await modCall(MOD, 'POST', 'bans', { body: { user: trollId, reason: 'again' } })).status, 200, 'banning again replaces the ban');
      const forGood = await post(MOD, 'troll', page, 'still here?');
      assert.deepEqual(forGood.body.error.details.ban, { until: null, reason: 'again' });
      const list = parsed(BanList, (await modCall(MOD, 'GET', 'bans?kind=ban')).body);
      assert.deepEqual(list.bans.filter((b: Json) => b.user.id === trollId).map((b: Json) => [b.kind, b.until]), [['ban', null]]);
      const lifted = await modCall(MOD, 'DELETE', `bans/${trollId}?reason=served`);
      assert.deepEqual(parsed(UnbanResult, lifted.body), { lifted: ['ban'] });
      assert.deepEqual((await modCall(MOD, 'DELETE', `bans/${trollId}`)).body, { lifted: [] });
      assert.equal((await post(MOD, 'troll', page, 'reformed')).status, 201);
      assert.equal((await modCall(MOD, 'DELETE', 'bans/bad%20id')).status, 400);
      assert.equal((await modCall(MOD, 'DELETE', `bans/${trollId}?kind=forever`)).status, 400);

      const log = await audit(MOD, `?user=${trollId}`);
      assert.deepEqual(log.entries.map((e: Json) => [e.action, e.ban?.until ?? null, e.reason]), [
        ['unban', null, 'served'], ['ban', null, 'again'], ['ban', until, 'trolling'],
      ]);
      assert.equal((await modCall(MOD, 'POST', 'bans', { body: { user: (await bootstrap(MOD, page, 'mod-1')).viewer.user.id, reason: 'x' } })).status, 403, 'not oneself');
    });

    await t.test('should shadow-ban: the commenter sees their floors, nobody else does', async () => {
      const page = newPage('shadow');
      const early = await posted(MOD, 'spammer', page, 'early spam');
      const root = await posted(MOD, 'regular', page, 'a regular floor');
      await posted(MOD, 'spammer', page, 'spam under it', { parent: root.number });
      const thread = (await bootstrap(MOD, page)).thread;
      assert.equal(thread.replyCount, 3);

      const shadow = await modCall(MOD, 'POST', 'bans', { body: { user: early.author.id, kind: 'shadow', reason: 'spam ring' } });
      assert.equal(shadow.status, 201);
      assert.equal(shadow.body.kind, 'shadow');
      const anon = await bootstrap(MOD, page);
      assert.deepEqual(numbers(anon), [3]);
      assert.equal(anon.thread.replyCount, 1);
      assert.equal(await counts(MOD, page), 1);
      assert.deepEqual((await floors(MOD, page, 'regular', '&view=nested')).replies, [], 'the reply count under the root is exact');
      assert.deepEqual(numbers(await bootstrap(MOD, page, 'regular')), [3]);

      const own = await bootstrap(MOD, page, 'spammer');
      assert.deepEqual(numbers(own), [2, 3, 4]);
      assert.deepEqual(own.page.floors.map((f: Json) => [f.status, f.shadowed]), [['published', undefined], ['published', undefined], ['published', undefined]]);
      const modView = await bootstrap(MOD, page, 'mod-1');
      assert.deepEqual(modView.page.floors.map((f: Json) => f.shadowed ?? false), [true, false, true]);

      // New posts: published to the author, invisible to others, never announced.
      const eventsBefore = (await events(thread.id)).length;
      const fresh = await posted(MOD, 'spammer', page, 'more spam');
      assert.equal(fresh.status, 'published');
      assert.equal(fresh.shadowed, undefined);
      assert.deepEqual(numbers(await bootstrap(MOD, page)), [3]);
      assert.equal(await counts(MOD, page), 1);
      assert.equal((await events(thread.id)).length, eventsBefore);
      assert.equal((await call(th, 'GET', `/v1/sites/${MOD.id}/floors/${fresh.number}?page=${page}`)).status, 404);
      assert.equal((await call(th, 'GET', `/v1/sites/${MOD.id}/floors/${fresh.number}?page=${page}`, { token: await tokenOf(MOD, 'spammer') })).status, 200);
      // Their edits are not broadcast either.
      await call(th, 'PATCH', `/v1/sites/${MOD.id}/floors/${fresh.number}`, { token: await tokenOf(MOD, 'spammer'), body: { page, body: 'edited spam' } });
      assert.equal((await events(thread.id)).length, eventsBefore);
      // A reader quoting a shadowed floor by number sees no excerpt.
      const quoting = await posted(MOD, 'regular', page, 'quoting', { quote: 2 });
      assert.deepEqual([quoting.quote.status, quoting.quote.excerpt], ['hidden', '']);

      const lifted = await modCall(MOD, 'DELETE', `bans/${early.author.id}?kind=shadow`);
      assert.deepEqual(lifted.body, { lifted: ['shadow'] });
      const back = await bootstrap(MOD, page);
      assert.deepEqual(numbers(back), [2, 3, 4, 5, 6]);
      assert.equal(back.thread.replyCount, 5);
      assert.equal((await floors(MOD, page, undefined, '&view=nested')).replies[0].floors.length, 1);
    });

    await t.test('should give the same actions to a site API key, recorded as the key', async () => {
      const page = newPage('admin-key');
      const floor = await posted(MOD, 'keyed', page, 'moderated by a script');
      const key = await createApiKey(th.db, MOD.id, 'ops-bot');
      const otherKey = await createApiKey(th.db, OTHER_SITE.id);
      const admin = (path: string, opts: Call = {}, k = key) =>
        call(th, opts.body ? 'POST' : 'GET', `/v1/admin/sites/${MOD.id}/moderation/${path}`, { token: k, ...opts });

      assert.equal((await admin('queue', {}, '')).status, 401);
      assert.equal((await admin('queue', {}, otherKey)).status, 403);
      assert.equal((await admin('queue', {}, await tokenOf(MOD, 'mod-1'))).status, 401, 'a reader token is not a key');
      const hidden = await admin(`floors/${floor.id}/actions`, { body: { action: 'hide', reason: 'flagged by a classifier' } });
      assert.equal(hidden.status, 200);
      assert.equal(hidden.body.item.floor.status, 'hidden');
      assert.deepEqual(numbers(await bootstrap(MOD, page)), []);
      const ctx = await admin(`floors/${floor.id}`);
      assert.equal(ctx.body.item.floor.id, floor.id);
      const banned = await admin('bans', { body: { user: floor.author.id, reason: 'bot' } });
      assert.equal(banned.status, 201);
      assert.deepEqual(banned.body.by, { kind: 'key', user: null, label: 'ops-bot' });
      assert.equal((await call(th, 'DELETE', `/v1/admin/sites/${MOD.id}/moderation/bans/${floor.author.id}`, { token: key })).body.lifted[0], 'ban');
      assert.equal((await admin('bans')).status, 200);
      assert.equal((await admin('settings')).body.reportThreshold, 2);
      assert.equal((await admin('words')).status, 200);
      assert.equal((await call(th, 'PUT', `/v1/admin/sites/${MOD.id}/moderation/words`, { token: key, body: { banned: ['x'], suspect: [] } })).status, 200);
      await call(th, 'PUT', `/v1/admin/sites/${MOD.id}/moderation/words`, { token: key, body: { banned: [], suspect: [] } });
      const log = await admin(`audit?page=${page}`);
      assert.deepEqual(log.body.entries[0].actor, { kind: 'key', user: null, label: 'ops-bot' });
      assert.equal(log.body.entries[0].reason, 'flagged by a classifier');
      // A key of one site cannot reach another site's floors through its own path.
      const foreign = await posted(OTHER_SITE, 'someone', page, 'elsewhere');
      assert.equal((await admin(`floors/${foreign.id}/actions`, { body: { action: 'hide', reason: 'x' } })).status, 404);
    });

    await t.test('should refuse moderation to readers and anonymous callers', async () => {
      const page = newPage('forbidden');
      const floor = await posted(MOD, 'someone', page, 'content');
      const routes: [string, string, unknown?][] = [
        ['GET', 'queue'], ['GET', `floors/${floor.id}`], ['POST', `floors/${floor.id}/actions`, { action: 'approve' }],
        ['GET', 'bans'], ['POST', 'bans', { user: floor.author.id, reason: 'x' }], ['DELETE', `bans/${floor.author.id}`],
        ['GET', 'audit'], ['GET', 'words'], ['PUT', 'words', { banned: [], suspect: [] }], ['GET', 'settings'],
      ];
      const reader = await tokenOf(MOD, 'plain-reader');
      const elsewhere = await tokenOf(OTHER_SITE, 'mod-1');
      for (const [method, path, body] of routes) {
        const url = `/v1/sites/${MOD.id}/moderation/${path}`;
        assert.equal((await call(th, method, url, { body })).status, 401, `${method} ${path} anonymous`);
        assert.equal((await call(th, method, url, { token: reader, body })).status, 403, `${method} ${path} reader`);
        assert.equal((await call(th, method, url, { token: elsewhere, body })).status, 401, `${method} ${path} token of another site`);
      }
      // A moderator of one site is a reader on another.
      assert.equal((await call(th, 'GET', `/v1/sites/${OTHER_SITE.id}/moderation/queue`, { token: elsewhere })).status, 403);
      assert.deepEqual(numbers(await bootstrap(MOD, page)), [2], 'nothing changed');
    });

    await t.test('should answer bad input with 4xx, never 500', async () => {
      const floor = await posted(MOD, 'fuzz', newPage('fuzz'), 'target');
      const bodies: unknown[] = [
        null, [], 'hide', 42, {}, { action: 'nuke' }, { action: 'hide', reason: '' }, { action: 'hide', reason: 'x'.repeat(501) },
        { action: 'approve', reason: 7 }, { action: 'delete', reason: '   ' },
      ];
      for (const body of bodies) {
        const res = await modCall(MOD, 'POST', `floors/${floor.id}/actions`, { raw: JSON.stringify(body) });
        assert.equal(res.status, 400, JSON.stringify(body));
      }
      assert.equal((await modCall(MOD, 'POST', `floors/${floor.id}/actions`, { raw: '{', type: 'application/json' })).status, 400);
      assert.equal((await modCall(MOD, 'POST', `floors/${floor.id}/actions`, { raw: 'x', type: 'text/plain' })).status, 415);
      assert.equal((await modCall(MOD, 'POST', `floors/${floor.id}/actions`, { raw: JSON.stringify({ action: 'hide', reason: 'x'.repeat(70_000) }) })).status, 413);
      for (const words of [
        { banned: ['x'] }, { banned: 'x', suspect: [] }, { banned: [''], suspect: [] }, { banned: ['x'.repeat(101)], suspect: [] },
        { banned: Array.from({ length: 1001 }, (_, i) => `w${i}`), suspect: [] }, { banned: [1], suspect: [] }, { banned: ['a\0b'], suspect: [] },
      ]) {
        assert.equal((await modCall(MOD, 'PUT', 'words', { body: words })).status, 400, JSON.stringify(words).slice(0, 80));
      }
      for (const query of ['audit?cursor=abc', 'audit?limit=101', 'audit?action=nuke', 'audit?user=bad%20id', 'bans?cursor=x', 'bans?kind=x', 'queue?limit=x']) {
        assert.equal((await modCall(MOD, 'GET', query)).status, 400, query);
      }
      for (const ban of [{ user: floor.author.id, reason: 'x', kind: 'forever' }, { user: 'bad id', reason: 'x' }, { user: floor.author.id, reason: 'x', until: '2030-13-45T99:00:00Z' }]) {
        assert.equal((await modCall(MOD, 'POST', 'bans', { body: ban })).status, 400, JSON.stringify(ban));
      }
      assert.equal((await call(th, 'GET', '/v1/sites/NOPE/moderation/queue', { token: await tokenOf(MOD, 'mod-1') })).status, 400);
      assert.equal((await call(th, 'GET', '/v1/sites/nope/moderation/queue', { token: await tokenOf(MOD, 'mod-1') })).status, 404);
    });

    await t.test('should page the audit log newest first and filter it', async () => {
      const all = await audit(MOD, '?limit=100');
      assert.ok(all.entries.length > 10);
      const ids = all.entries.map((e: Json) => Number(e.id));
      assert.deepEqual(ids, [...ids].sort((a, b) => b - a));
      const first = await audit(MOD, '?limit=3');
      const second = await audit(MOD, `?limit=3&cursor=${first.next}`);
      assert.deepEqual([...first.entries, ...second.entries].map((e: Json) => e.id), all.entries.slice(0, 6).map((e: Json) => e.id));
      const hides = await audit(MOD, '?action=hide');
      assert.ok(hides.entries.length > 0 && hides.entries.every((e: Json) => e.action === 'hide'));
      assert.deepEqual((await audit(MOD, '?page=no-such-page')).entries, []);
      assert.deepEqual((await audit(SITE)).entries, [], 'each site has its own log');
    });
  });
}
