import test from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type AddressInfo } from 'node:net';
import { createServer as createHttpServer } from 'node:http';
import { SMTPServer } from 'smtp-server';
import { NoticeList, NotifyPrefs, UnreadCount } from '@teahouse/protocol';
import { signToken, type TokenClaims } from './auth/token.js';
import { mailDispatcher } from './notifications/mail.js';
import { signBody, SIGNATURE_HEADER, webhookDispatcher } from './rewards/webhooks.js';
import type { SiteSeed } from './sites/sites.js';
import { DIALECTS, errorCode, testApp, type TestApp } from './test/support.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests read loosely typed JSON and assert on it
type Json = any;

const seed = (id: string, extra: Partial<SiteSeed> = {}): SiteSeed => ({
  id,
  name: id === 'news' ? '本地新闻' : id,
  secret: `${id}-secret-that-is-long-enough-for-hs256`,
  origins: ['https://news.example.com'],
  roles: { 'mod-1': 'moderator' },
  moderation: { reportThreshold: 0 },
  ...extra,
});
const NEWS = seed('news');

const token = (site: SiteSeed, sub: string, extra: Partial<TokenClaims> = {}) =>
  signToken(site, { sub, name: sub === 'mod-1' ? 'Moderator' : sub, ...extra });

async function call(th: TestApp, method: string, path: string, opts: { token?: string; body?: unknown; raw?: string; type?: string } = {}) {
  const headers: Record<string, string> = {};
  if (opts.token) headers.authorization = `Bearer ${opts.token}`;
  if (opts.body !== undefined || opts.raw !== undefined) headers['content-type'] = opts.type ?? 'application/json';
  const res = await th.app.request(path, {
    method, headers, ...(opts.raw !== undefined ? { body: opts.raw } : opts.body !== undefined ? { body: JSON.stringify(opts.body) } : {}),
  });
  const text = await res.text();
  assert.ok(res.status < 500, `${method} ${path} answered ${res.status}: ${text}`);
  let body: Json = text;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    // HTML pages stay text.
  }
  return { status: res.status, body, res };
}

async function post(th: TestApp, site: SiteSeed, sub: string, body: Record<string, unknown>, extra: Partial<TokenClaims> = {}): Promise<Json> {
  const res = await call(th, 'POST', `/v1/sites/${site.id}/floors`, {
    token: await token(site, sub, extra), body: { page: 'a-1', url: 'https://news.example.com/a/1', ...body },
  });
  assert.equal(res.status, 201, JSON.stringify(res.body));
  return res.body;
}

async function notices(th: TestApp, site: SiteSeed, sub: string, query = ''): Promise<NoticeList> {
  const res = await call(th, 'GET', `/v1/sites/${site.id}/notifications${query}`, { token: await token(site, sub) });
  assert.equal(res.status, 200, JSON.stringify(res.body));
  return NoticeList.parse(res.body);
}

for (const dialect of DIALECTS) {
  test(`notices (${dialect}): replies, quotes and mentions tell each reader once, grouped, never of their own action`, async (t) => {
    const th = await testApp(dialect, { sites: [NEWS] });
    t.after(() => th.close());
    // The article's author is the thread's 楼主: a top-level reply tells them.
    const first = await post(th, NEWS, 'alice', { body: 'First!' });
    await post(th, NEWS, 'carol', { body: 'Me too', parent: first.number });
    await post(th, NEWS, 'bob', { body: 'Hello @carol', parent: first.number });

    let alice = await notices(th, NEWS, 'alice');
    assert.equal(alice.unread, 1);
    assert.equal(alice.items.length, 1);
    const grouped = alice.items[0]!;
    assert.equal(grouped.kind, 'reply');
    assert.equal(grouped.count, 2);
    assert.deepEqual(grouped.actors.map((a) => a.name), ['bob', 'carol']);
    assert.equal(grouped.floor, 4);
    assert.equal(grouped.url, 'https://news.example.com/a/1');
    assert.equal(grouped.excerpt, 'Hello @carol');

    // A reply that also quotes and mentions alice tells her once, as a reply; her own reply tells nobody.
    await post(th, NEWS, 'bob', { body: 'Yes @alice', parent: first.number, quote: first.number });
    await post(th, NEWS, 'alice', { body: 'Thanks all', parent: first.number });
    alice = await notices(th, NEWS, 'alice');
    assert.equal(alice.unread, 1);
    assert.equal(alice.items[0]!.count, 3);

    // The mention found its reader by name.
    const carol = await notices(th, NEWS, 'carol');
    assert.deepEqual(carol.items.map((n) => [n.kind, n.floor, n.actors[0]?.name]), [['mention', 4, 'bob']]);
    // Nobody replied to, quoted or mentioned bob.
    assert.equal((await notices(th, NEWS, 'bob')).items.length, 0);

    // Mark one read: the next reply starts a new notice.
    const mark = await call(th, 'POST', `/v1/sites/${NEWS.id}/notifications/read`, { token: await token(NEWS, 'alice'), body: { ids: [grouped.id] } });
    assert.equal(mark.status, 200);
    assert.deepEqual(UnreadCount.parse(mark.body), { unread: 0 });
    await post(th, NEWS, 'dave', { body: 'Late', parent: first.number });
    alice = await notices(th, NEWS, 'alice');
    assert.deepEqual(alice.items.map((n) => [n.count, n.read]), [[1, false], [3, true]]);
    const unread = await call(th, 'GET', `/v1/sites/${NEWS.id}/notifications/unread`, { token: await token(NEWS, 'alice') });
    assert.deepEqual(unread.body, { unread: 1 });

    // Another reader's ids change nothing; `all` reads everything of one's own.
    const foreign = await call(th, 'POST', `/v1/sites/${NEWS.id}/notifications/read`, { token: await token(NEWS, 'carol'), body: { ids: [alice.items[0]!.id] } });
    assert.deepEqual(foreign.body, { unread: 1 });
    assert.equal((await notices(th, NEWS, 'alice')).unread, 1);
    const all = await call(th, 'POST', `/v1/sites/${NEWS.id}/notifications/read`, { token: await token(NEWS, 'alice'), body: { all: true } });
    assert.deepEqual(all.body, { unread: 0 });

    // Paging: one per page, then the next.
    const page1 = await notices(th, NEWS, 'alice', '?limit=1');
    assert.equal(page1.items.length, 1);
    assert.ok(page1.next);
    const page2 = await notices(th, NEWS, 'alice', `?limit=1&cursor=${page1.next}`);
    assert.equal(page2.items.length, 1);
    assert.notEqual(page2.items[0]!.id, page1.items[0]!.id);
    assert.equal(page2.next, null);
  });

  test(`notices (${dialect}): moderation outcomes reach the author; bad input is a 4xx`, async (t) => {
    const th = await testApp(dialect, { sites: [NEWS] });
    t.after(() => th.close());
    const floor = await post(th, NEWS, 'alice', { body: 'Something' });
    const mod = await token(NEWS, 'mod-1');
    for (const action of ['hide', 'restore', 'pin']) {
      const res = await call(th, 'POST', `/v1/sites/${NEWS.id}/moderation/floors/${floor.id}/actions`, {
        token: mod, body: { action, ...(action === 'hide' ? { reason: 'spam' } : {}) },
      });
      assert.equal(res.status, 200, JSON.stringify(res.body));
    }
    const alice = await notices(th, NEWS, 'alice');
    assert.deepEqual(alice.items.map((n) => [n.kind, n.outcome, n.floor]).reverse(), [
      ['moderation', 'hidden', floor.number], ['moderation', 'restored', floor.number], ['moderation', 'pinned', floor.number],
    ]);

    const alicesToken = await token(NEWS, 'alice');
    const bad = [
      await call(th, 'POST', `/v1/sites/${NEWS.id}/notifications/read`, { token: alicesToken, body: { ids: ['x'] } }),
      await call(th, 'POST', `/v1/sites/${NEWS.id}/notifications/read`, { token: alicesToken, raw: '{"ids":', type: 'application/json' }),
      await call(th, 'GET', `/v1/sites/${NEWS.id}/notifications?limit=500`, { token: alicesToken }),
      await call(th, 'GET', `/v1/sites/${NEWS.id}/notifications?cursor=abc`, { token: alicesToken }),
      await call(th, 'PUT', `/v1/sites/${NEWS.id}/notifications/settings`, { token: alicesToken, body: { mode: 'hourly' } }),
    ];
    for (const res of bad) {
      assert.equal(res.status, 400, JSON.stringify(res.body));
      assert.equal(errorCode(res.body), 'validation_failed');
    }
    const anonymous = await call(th, 'GET', `/v1/sites/${NEWS.id}/notifications`);
    assert.equal(anonymous.status, 401);
    // A reader's address is the host's to give.
    const own = await call(th, 'PUT', `/v1/sites/${NEWS.id}/notifications/settings`, { token: alicesToken, body: { email: 'a@example.com' } });
    assert.equal(own.status, 403);
    const forged = await call(th, 'POST', `/v1/sites/${NEWS.id}/notifications/unsubscribe?u=abcdefgh&t=${'x'.repeat(32)}`);
    assert.equal(forged.status, 403);
    assert.equal(errorCode(forged.body), 'forbidden');
  });

  test(`notices (${dialect}): points earned through others' reactions are told, summed while unread`, async (t) => {
    const REWARDS = seed('rewarded', { rewards: { rules: [{ action: 'reaction_received', points: 2, cycle: 'day', limit: 20, verify: 'intent' }], dailyCap: 0 } });
    const th = await testApp(dialect, { sites: [REWARDS] });
    t.after(() => th.close());
    const floor = await post(th, REWARDS, 'alice', { body: 'Worth a reaction' });
    for (const sub of ['bob', 'carol']) {
      const res = await call(th, 'PUT', `/v1/sites/${REWARDS.id}/reactions`, {
        token: await token(REWARDS, sub), body: { page: 'a-1', target: floor.number, key: 'up', on: true },
      });
      assert.equal(res.status, 200, JSON.stringify(res.body));
    }
    const alice = await notices(th, REWARDS, 'alice');
    assert.deepEqual(alice.items.map((n) => [n.kind, n.reason, n.points, n.count]), [['award', 'reaction_received', 4, 2]]);
    // Reacting to one's own floor earns and tells nothing.
    await call(th, 'PUT', `/v1/sites/${REWARDS.id}/reactions`, { token: await token(REWARDS, 'alice'), body: { page: 'a-1', target: floor.number, key: 'up', on: true } });
    assert.equal((await notices(th, REWARDS, 'alice')).items[0]!.count, 2);
  });

  test(`notices (${dialect}): the live stream sends the unread count as it rises and falls`, async (t) => {
    const th = await testApp(dialect, { sites: [NEWS] });
    t.after(() => th.close());
    const first = await post(th, NEWS, 'alice', { body: 'First!' });
    const controller = new AbortController();
    t.after(() => controller.abort());
    const res = await th.app.request(`/v1/sites/${NEWS.id}/notifications/stream`, {
      headers: { authorization: `Bearer ${await token(NEWS, 'alice')}` }, signal: controller.signal,
    });
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type') ?? '', /text\/event-stream/);
    const reader = res.body!.getReader();
    const decoder = new TextDecoder();
    let buffer = '';
    const next = async (): Promise<number> => {
      for (;;) {
        const match = /event: unread\ndata: (\{[^\n]*\})\n\n/.exec(buffer);
        if (match) {
          buffer = buffer.slice(match.index + match[0].length);
          return (JSON.parse(match[1]!) as UnreadCount).unread;
        }
        const { value, done } = await reader.read();
        if (done) throw new Error('the stream ended');
        buffer += decoder.decode(value, { stream: true });
      }
    };
    assert.equal(await next(), 0);
    await post(th, NEWS, 'bob', { body: 'Reply', parent: first.number });
    assert.equal(await next(), 1);
    const quoted = await post(th, NEWS, 'alice', { body: 'Second' });
    await post(th, NEWS, 'carol', { body: 'Quote', quote: quoted.number });
    let count = await next();
    while (count < 2) count = await next();
    assert.equal(count, 2);
    await call(th, 'POST', `/v1/sites/${NEWS.id}/notifications/read`, { token: await token(NEWS, 'alice'), body: { all: true } });
    while (count > 0) count = await next();
    assert.equal(count, 0);
    controller.abort();
  });
}

/** An SMTP server that keeps what it receives. */
async function smtpSink(port = 0): Promise<{ port: number; mails: { to: string[]; raw: string }[]; close(): Promise<void> }> {
  const mails: { to: string[]; raw: string }[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    disableReverseLookup: true,
    logger: false,
    onData(stream, session, callback) {
      let raw = '';
      stream.on('data', (chunk: Buffer) => (raw += chunk.toString('utf8')));
      stream.on('end', () => {
        mails.push({ to: session.envelope.rcptTo.map((r) => r.address), raw });
        callback();
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  const address = server.server.address() as AddressInfo;
  return { port: address.port, mails, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

/** A port nothing listens on, for now. */
async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve));
  const { port } = s.address() as AddressInfo;
  await new Promise<void>((resolve) => s.close(() => resolve()));
  return port;
}

/** A header of a raw message, unfolded. */
const header = (raw: string, name: string): string | undefined => {
  const head = raw.split(/\r?\n\r?\n/)[0]!.replace(/\r?\n[ \t]+/g, ' ');
  return new RegExp(`^${name}: (.*)$`, 'im').exec(head)?.[1];
};

const mailOptions = (port: number) => ({
  url: `smtp://127.0.0.1:${port}`, from: 'Teahouse <comments@news.example.com>', publicUrl: 'https://comments.example.com', retryMs: 50,
});

for (const dialect of DIALECTS) {
  test(`mail (${dialect}): a reply is mailed with one-click unsubscribe headers and a link to the floor`, async (t) => {
    const sink = await smtpSink();
    const th = await testApp(dialect, { sites: [NEWS], mail: mailOptions(sink.port) });
    // The app first: the sink waits for the mailer's pooled connection to go before it closes.
    t.after(async () => {
      await th.close();
      await sink.close();
    });
    const first = await post(th, NEWS, 'alice', { body: 'First!' }, { email: 'alice@example.com' });
    await post(th, NEWS, 'bob', { body: '说得好', parent: first.number });
    await mailDispatcher(th.db)!.flush();
    assert.equal(sink.mails.length, 1);
    const mail = sink.mails[0]!;
    assert.deepEqual(mail.to, ['alice@example.com']);
    assert.equal(header(mail.raw, 'List-Unsubscribe-Post'), 'List-Unsubscribe=One-Click');
    const unsubscribe = /^<(https:\/\/comments\.example\.com\/v1\/sites\/news\/notifications\/unsubscribe\?[^>]+)>$/.exec(header(mail.raw, 'List-Unsubscribe') ?? '');
    assert.ok(unsubscribe, header(mail.raw, 'List-Unsubscribe'));
    assert.match(header(mail.raw, 'From') ?? '', /comments@news\.example\.com/);
    // zh-CN, the site's locale, with the floor's link (quoted-printable may wrap it: read the decoded parts loosely).
    const decoded = mail.raw.replace(/=\r?\n/g, '');
    assert.match(decoded, /https:\/\/news\.example\.com\/a\/1#floor-3/);
    assert.match(header(mail.raw, 'Subject') ?? '', /=\?UTF-8\?|回复了你/);

    // The one-click POST turns mail off; the page a browser opens changes nothing.
    const url = new URL(unsubscribe[1]!);
    const page = await call(th, 'GET', `${url.pathname}${url.search}`);
    assert.equal(page.status, 200);
    assert.match(String(page.body), /<form method="post">/);
    let prefs = await call(th, 'GET', `/v1/sites/${NEWS.id}/notifications/settings`, { token: await token(NEWS, 'alice', { email: 'alice@example.com' }) });
    assert.equal(NotifyPrefs.parse(prefs.body).mode, 'immediate');
    const done = await call(th, 'POST', `${url.pathname}${url.search}`, { raw: 'List-Unsubscribe=One-Click', type: 'application/x-www-form-urlencoded' });
    assert.equal(done.status, 200);
    prefs = await call(th, 'GET', `/v1/sites/${NEWS.id}/notifications/settings`, { token: await token(NEWS, 'alice', { email: 'alice@example.com' }) });
    assert.deepEqual(NotifyPrefs.parse(prefs.body), { mode: 'none', email: 'alice@example.com', locale: 'zh-CN', mailAvailable: true });
    await post(th, NEWS, 'carol', { body: 'Another', parent: first.number });
    await mailDispatcher(th.db)!.flush();
    assert.equal(sink.mails.length, 1);
    // The notice itself is there all the same.
    assert.equal((await notices(th, NEWS, 'alice')).items[0]!.count, 2);
  });

  test(`mail (${dialect}): an SMTP server that is down, then up, gets the mail once`, async (t) => {
    const port = await freePort();
    const th = await testApp(dialect, { sites: [NEWS], mail: mailOptions(port) });
    t.after(() => th.close());
    const first = await post(th, NEWS, 'alice', { body: 'First!' }, { email: 'alice@example.com' });
    await post(th, NEWS, 'bob', { body: 'Reply', parent: first.number });
    const mailer = mailDispatcher(th.db)!;
    await mailer.flush();
    const failed = await th.db.kysely.selectFrom('mail_outbox').selectAll().executeTakeFirstOrThrow();
    assert.equal(failed.delivered_at, null);
    assert.ok(failed.attempts >= 1);
    assert.ok(failed.last_error);

    const sink = await smtpSink(port);
    t.after(() => sink.close());
    const deadline = Date.now() + 20_000;
    while (sink.mails.length === 0 && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 100));
      await mailer.flush();
    }
    await mailer.flush();
    assert.equal(sink.mails.length, 1);
    const delivered = await th.db.kysely.selectFrom('mail_outbox').selectAll().execute();
    assert.equal(delivered.length, 1);
    assert.ok(delivered[0]!.delivered_at);
  });

  test(`mail (${dialect}): daily digest of the unread, and the per-reader cap`, async (t) => {
    const sink = await smtpSink();
    const CAPPED = seed('capped', { notifications: { readerDailyMail: 1 }, locale: 'en' });
    const th = await testApp(dialect, { sites: [NEWS, CAPPED], mail: mailOptions(sink.port) });
    t.after(async () => {
      await th.close();
      await sink.close();
    });

    // Digest: two notices, one mail listing both, in the reader's chosen language.
    const first = await post(th, NEWS, 'alice', { body: 'First!' }, { email: 'alice@example.com' });
    const set = await call(th, 'PUT', `/v1/sites/${NEWS.id}/notifications/settings`, {
      token: await token(NEWS, 'alice', { email: 'alice@example.com' }), body: { mode: 'digest', locale: 'zh-TW' },
    });
    assert.equal(set.status, 200);
    assert.equal(set.body.mode, 'digest');
    await post(th, NEWS, 'bob', { body: 'Reply one', parent: first.number });
    const second = await post(th, NEWS, 'alice', { body: 'Second' }, { email: 'alice@example.com' });
    await post(th, NEWS, 'carol', { body: 'Quote', quote: second.number });
    await mailDispatcher(th.db)!.flush();
    // Nothing before the day is over.
    assert.equal(sink.mails.length, 0);
    await th.db.kysely.updateTable('notify_prefs').set({ digest_at: new Date(Date.now() - 86_400_000).toISOString() }).execute();
    await mailDispatcher(th.db)!.flush();
    assert.equal(sink.mails.length, 1);
    const digest = sink.mails[0]!.raw.replace(/=\r?\n/g, '');
    assert.match(digest, /#floor-3/);
    assert.match(digest, /#floor-5/);
    // A second round the same day sends nothing more.
    await mailDispatcher(th.db)!.flush();
    assert.equal(sink.mails.length, 1);

    // Cap: one mail a day for this site's readers, however many notices.
    const c1 = await post(th, CAPPED, 'dora', { body: 'Mine' }, { email: 'dora@example.com' });
    await post(th, CAPPED, 'erin', { body: 'One', quote: c1.number });
    const c2 = await post(th, CAPPED, 'dora', { body: 'Mine too' }, { email: 'dora@example.com' });
    await post(th, CAPPED, 'erin', { body: 'Two', quote: c2.number });
    await mailDispatcher(th.db)!.flush();
    const dora = sink.mails.filter((m) => m.to.includes('dora@example.com'));
    assert.equal(dora.length, 1);
    assert.match(header(dora[0]!.raw, 'Subject') ?? '', /quoted you/);
    assert.equal((await notices(th, CAPPED, 'dora')).unread, 2);
  });
}

test('webhooks: the comment lifecycle reaches the host, signed, through the outbox', async (t) => {
  const received: { type: string; body: Json; signature: string; raw: string }[] = [];
  const server = createHttpServer((req, res) => {
    let raw = '';
    req.on('data', (chunk: Buffer) => (raw += chunk.toString()));
    req.on('end', () => {
      const body = JSON.parse(raw) as Json;
      received.push({ type: body.type, body, signature: String(req.headers[SIGNATURE_HEADER.toLowerCase()]), raw });
      res.end('ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.after(() => server.close());
  const port = (server.address() as AddressInfo).port;
  const secret = 'webhook-secret-0123456789';
  const HOOKED = seed('hooked', {
    rewards: { webhookUrl: `http://127.0.0.1:${port}/hook`, webhookSecret: secret, webhookAllowPrivate: true, enabled: false },
    notifications: { webhookEvents: ['comment.created', 'comment.edited', 'comment.deleted', 'comment.hidden', 'report.created', 'notification.created'] },
    moderation: { reportThreshold: 1 },
  });
  const th = await testApp('sqlite', { sites: [HOOKED] });
  t.after(() => th.close());

  const first = await post(th, HOOKED, 'alice', { body: 'First!' });
  const reply = await post(th, HOOKED, 'bob', { body: 'Reply', parent: first.number });
  const bob = await token(HOOKED, 'bob');
  const edit = await call(th, 'PATCH', `/v1/sites/${HOOKED.id}/floors/${reply.number}`, { token: bob, body: { page: 'a-1', body: 'Reply, edited' } });
  assert.equal(edit.status, 200, JSON.stringify(edit.body));
  const report = await call(th, 'POST', `/v1/sites/${HOOKED.id}/floors/${first.number}/reports`, { token: bob, body: { page: 'a-1', reason: 'spam' } });
  assert.equal(report.status, 201, JSON.stringify(report.body));
  const gone = await call(th, 'DELETE', `/v1/sites/${HOOKED.id}/floors/${reply.number}?page=a-1`, { token: bob });
  assert.equal(gone.status, 200, JSON.stringify(gone.body));

  const want = ['comment.created', 'comment.created', 'notification.created', 'comment.edited', 'report.created', 'comment.hidden', 'notification.created', 'comment.deleted'];
  const deadline = Date.now() + 20_000;
  while (received.length < want.length && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 100));
    webhookDispatcher(th.db).kick();
  }
  assert.deepEqual(received.map((r) => r.type).sort(), [...want].sort());
  for (const r of received) assert.equal(r.signature, signBody(secret, r.raw));
  const created = received.find((r) => r.type === 'comment.created' && r.body.floor.number === reply.number)!;
  assert.equal(created.body.actor, 'bob');
  assert.equal(created.body.page, 'a-1');
  const notified = received.filter((r) => r.type === 'notification.created').map((r) => [r.body.user, r.body.notice.kind, r.body.notice.outcome ?? null]);
  assert.deepEqual(notified.sort(), [['alice', 'moderation', 'hidden'], ['alice', 'reply', null]]);
  assert.equal(received.find((r) => r.type === 'report.created')!.body.reason, 'spam');
});
