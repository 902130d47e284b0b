import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';

const SERVER_ENTRY = new URL('../../packages/server/dist/index.js', import.meta.url);

/** A thread with an article author (楼主), a quote-reply and hostile-looking text, as a host would import it. */
const SEEDED = {
  site: 'wtr',
  page: 'seeded-thread',
  url: 'https://news.example.com/a/seeded',
  title: '城东老街改造完工',
  author: { sub: 'editor', name: '山城看点编辑部' },
  floors: [
    { author: { sub: 'lin', name: '林晓雨' }, body: '骑楼**终于**修好了，看 [公告](https://news.example.com/notice) 和 `code`。' },
    { author: { sub: 'editor', name: '山城看点编辑部' }, body: '谢谢转发！周六晚七点，东门入口见。', quote: 2 },
    { author: { sub: 'mallory', name: 'Mallory' }, body: '<img src=x onerror="window.__teahousePwned=1"> [bad](javascript:alert(1))' },
  ],
};

/** The sticker pack (表情) installed on `wtr`: a 2×2 PNG and a 1×1 GIF. */
const STICKERS = {
  pack: 'tea',
  files: [
    { name: 'smile', bytes: Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAIAAAACCAIAAAD91JpzAAAAEUlEQVR4nGP4z8DwnwGMgRQAH+4D/dJQfRoAAAAASUVORK5CYII=', 'base64') },
    { name: 'cup', bytes: Buffer.from('R0lGODlhAQABAIAAAP///wAAACH5BAEAAAAALAAAAAABAAEAAAICRAEAOw==', 'base64') },
  ],
};

/**
 * IP属地: floors posted through the server's trusted proxy (loopback) with the public addresses of
 * known regions in X-Forwarded-For, as a reverse proxy in front of Teahouse would send them.
 */
const REGION = {
  page: 'region-thread',
  floors: [
    { sub: 'gx', name: '南宁读者', forwardedFor: '202.103.224.68', body: '来自广西的回复 :tea/smile:' },
    { sub: 'us', name: 'Reader abroad', forwardedFor: '8.8.8.8', body: 'From far away' },
    { sub: 'local', name: '本地读者', forwardedFor: '10.1.2.3', body: '内网里发的' },
  ],
};

/** A site for <teahouse-share>: WeChat rewards on, a rule per channel but QZone, link shares earned on the press. */
const SHARE_SITE = {
  id: 'wtr-share',
  name: 'Browser tests of sharing',
  rewards: {
    wechatRewards: true,
    dailyCap: 0,
    visitsPerIpWindow: { max: 10000, seconds: 3600 },
    rules: [
      { action: 'share', channel: 'wechat_moments', points: 20, cycle: 'day', limit: 1000, verify: 'visit' },
      { action: 'share', channel: 'wechat_group', points: 10, cycle: 'day', limit: 1000, verify: 'visit' },
      { action: 'share', channel: 'wechat_friend', points: 5, cycle: 'day', limit: 1000, verify: 'visit' },
      { action: 'share', channel: 'weibo', points: 5, cycle: 'day', limit: 1000, verify: 'visit' },
      { action: 'share', channel: 'qq', points: 4, cycle: 'day', limit: 1000, verify: 'visit' },
      { action: 'share', channel: 'link', points: 3, cycle: 'day', limit: 1000, verify: 'intent' },
      { action: 'share', channel: 'system', points: 2, cycle: 'day', limit: 1000, verify: 'visit' },
    ],
  },
};

/** Sites for <teahouse-points>: every kind of rule and cycle; a hold; the leaderboard off. */
const POINTS_SITES = [
  {
    id: 'wtr-points',
    name: 'Browser tests of points',
    rewards: {
      dailyCap: 500,
      visitsPerIpWindow: { max: 10000, seconds: 3600 },
      rules: [
        { action: 'share', channel: 'link', points: 3, cycle: 'unlimited', limit: 1, verify: 'intent' },
        { action: 'share', channel: 'weibo', points: 4, cycle: 'day', limit: 100, verify: 'visit' },
        { action: 'share', channel: 'wechat_moments', points: 20, cycle: 'day', limit: 3, verify: 'visit' },
        { action: 'reply', points: 2, cycle: 'interval', intervalSeconds: 21600, limit: 10, verify: 'intent' },
        { action: 'reaction_received', points: 1, cycle: 'once', limit: 1, verify: 'intent' },
        { action: 'daily_visit', points: 5, cycle: 'day', limit: 1, verify: 'intent' },
      ],
    },
  },
  {
    id: 'wtr-points-hold',
    name: 'Browser tests of points on hold',
    rewards: {
      hold: 7200,
      wechatRewards: true,
      dailyCap: 0,
      rules: [
        { action: 'share', channel: 'link', points: 7, cycle: 'unlimited', limit: 1, verify: 'intent' },
        { action: 'share', channel: 'wechat_group', points: 10, cycle: 'day', limit: 3, verify: 'intent' },
      ],
    },
  },
  { id: 'wtr-points-off', name: 'Browser tests without a leaderboard', rewards: { leaderboard: false } },
];

/** The Content Security Policy a strict host sends, as docs/getting-started.md gives it, Trusted Types included. */
export function strictPolicy(teahouse, trustedTypes = 'lit-html') {
  const origin = new URL(teahouse).origin;
  return [
    "default-src 'self'",
    `script-src 'self' ${origin}`,
    `connect-src 'self' ${origin}`,
    "style-src 'self'",
    'img-src * data:',
    "object-src 'none'",
    "base-uri 'none'",
    "require-trusted-types-for 'script'",
    `trusted-types ${trustedTypes}`,
  ].join('; ');
}

/** Records the page's CSP violations, loaded before embed.js (an inline script would be refused). */
const CSP_WATCH = `window.__violations = [];
document.addEventListener('securitypolicyviolation', (e) => window.__violations.push(e.violatedDirective + ' ' + e.blockedURI));`;

/** A host page under the strict policy, with the script-tag embed mounting a thread. */
function trustedTypesPage(teahouse, params) {
  const esc = (value) => String(value).replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);
  const page = params.get('page') ?? 'seeded-thread';
  const body = `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>Trusted Types</title>
<script src="/__teahouse/csp-watch.js"></script></head><body><article><h1>严格的宿主页面</h1></article>
<script src="/packages/embed/dist/embed.js" data-site="wtr" data-page="${esc(page)}" data-server="${esc(teahouse)}" data-loading="eager" async></script>
</body></html>`;
  return {
    type: 'html',
    body,
    headers: { 'content-security-policy': strictPolicy(teahouse, params.get('tt') ?? 'lit-html') },
  };
}

/**
 * A plain host page with the script-tag embed and nothing else: the page's requests are the
 * embed's. `v` goes on the script's URL, so that each page fetches it afresh.
 */
function hostPage(teahouse, params) {
  const esc = (value) => String(value).replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);
  const body = `<!doctype html><html lang="${esc(params.get('lang') ?? 'zh-CN')}"><head><meta charset="utf-8"><title>Host</title></head><body>
<article><h1>宿主页面</h1><p>正文。</p></article>
<script src="/packages/embed/dist/embed.js?v=${esc(params.get('v') ?? '')}" data-site="${esc(params.get('site') ?? 'wtr')}"
  data-page="${esc(params.get('page') ?? 'seeded-thread')}" data-server="${esc(teahouse)}" data-loading="eager" async></script>
</body></html>`;
  return { type: 'html', body };
}

/**
 * Runs a real Teahouse server (fresh SQLite file) for the browser tests and answers
 * helper routes on the test runner's own origin (and the host pages `/__teahouse/host.html` and
 * `/__teahouse/trusted-types.html`):
 * - `GET /__teahouse/config` → `{server, site, loginSite, secret-free site info}`
 * - `GET /__teahouse/token?sub=&name=[&site=]` → `{token}` signed as a host backend would.
 *
 * @param {{ origin: string }} options origin the browser pages run on (allowed by CORS).
 */
export function teahouseServerPlugin({ origin }) {
  /** @type {{ url: string, close(): Promise<void> } | undefined} */
  let server;
  let dir = '';
  let signToken;
  /** An admin API key of `wtr-points`, for debits and reversals through `/__teahouse/slow/0/v1/admin/…`. */
  let pointsAdminKey = '';
  const sites = [
    { id: 'wtr', name: 'Browser tests', secret: randomBytes(24).toString('hex'), origins: [origin] },
    {
      id: 'wtr-login',
      name: 'Browser tests with login URL',
      secret: randomBytes(24).toString('hex'),
      origins: [origin],
      loginUrl: 'https://login.example.com/login',
      registerUrl: 'https://login.example.com/register',
    },
    {
      id: 'wtr-rules',
      name: 'Browser tests with points rules and deeper nesting',
      secret: randomBytes(24).toString('hex'),
      origins: [origin],
      rulesUrl: 'https://news.example.com/rules',
      maxDepth: 3,
    },
    {
      id: 'wtr-anon',
      name: 'Browser tests with anonymous reactions',
      secret: randomBytes(24).toString('hex'),
      origins: [origin],
      reactions: { anonymousReactions: true },
    },
    {
      id: 'wtr-who',
      name: 'Browser tests that show who reacted',
      secret: randomBytes(24).toString('hex'),
      origins: [origin],
      reactions: { showWho: true, anonymousReactions: true },
    },
    {
      id: 'wtr-limits',
      name: 'Browser tests with tight posting limits',
      secret: randomBytes(24).toString('hex'),
      origins: [origin],
      limits: { duplicateSeconds: 600, posts: { perUser: [2, 600] } },
    },
    ...POINTS_SITES.map((site) => ({ ...site, secret: randomBytes(24).toString('hex'), origins: [origin] })),
    { ...SHARE_SITE, secret: randomBytes(24).toString('hex'), origins: [origin] },
    // An English site with nothing configured: its defaults follow its locale.
    { id: 'wtr-en', name: 'Browser tests of an English site', locale: 'en', secret: randomBytes(24).toString('hex'), origins: [origin] },
    {
      id: 'wtr-mod',
      name: 'Browser tests with moderators',
      secret: randomBytes(24).toString('hex'),
      origins: [origin],
      roles: { 'wtr-mod': 'moderator', 'wtr-admin': 'admin' },
      moderation: { reportThreshold: 2 },
    },
    {
      id: 'wtr-guests',
      name: 'Browser tests with guest mode',
      secret: randomBytes(24).toString('hex'),
      origins: [origin],
      guests: true,
      loginUrl: 'https://login.example.com/login',
      limits: { floodSeconds: 0, guests: { perIp: [1000, 3600] } },
    },
    // Lists another host's origin only: the runner's pages are on an origin it does not list.
    { id: 'wtr-elsewhere', name: 'Browser tests of a site set up for another host', secret: randomBytes(24).toString('hex'), origins: ['https://news.example.com'] },
    {
      id: 'wtr-premod',
      name: 'Browser tests where every reply waits for review',
      secret: randomBytes(24).toString('hex'),
      origins: [origin],
      roles: { 'wtr-mod': 'moderator' },
      moderation: { premoderation: 'all' },
    },
  ];

  /** Requests seen per `flaky` key. */
  const hits = new Map();

  return {
    name: 'teahouse-server',
    /**
     * Koa middleware (the config's `middleware`) putting faults in front of the real server, for
     * the client's failure tests, on the runner's own origin:
     * - `/__teahouse/flaky/<key>/<n>/v1/…` answers 503 to the first n requests of a key, then proxies;
     * - `/__teahouse/slow/<ms>/v1/…` proxies after a delay;
     * - `GET /__teahouse/hits/<key>` → `{hits}`, the requests a flaky key got.
     */
    async faults(ctx, next) {
      const match = ctx.path.match(/^\/__teahouse\/(flaky\/([^/]+)\/(\d+)|slow\/(\d+)|hits\/([^/]+))(\/.*)?$/);
      if (!match) return next();
      const [, , key, failures, delay, hitsKey, rest = '/'] = match;
      if (hitsKey) {
        ctx.body = { hits: hits.get(hitsKey) ?? 0 };
        return;
      }
      if (key) {
        const count = (hits.get(key) ?? 0) + 1;
        hits.set(key, count);
        if (count <= Number(failures)) {
          ctx.status = 503;
          ctx.body = { error: { code: 'internal', message: 'Unavailable for a test' } };
          return;
        }
      }
      if (delay) await new Promise((resolve) => setTimeout(resolve, Number(delay)));
      const chunks = [];
      for await (const chunk of ctx.req) chunks.push(chunk);
      const headers = {};
      for (const name of ['authorization', 'content-type']) if (ctx.get(name)) headers[name] = ctx.get(name);
      const response = await fetch(`${server.url.replace(/\/$/, '')}${rest}${ctx.search}`, {
        method: ctx.method,
        headers,
        body: chunks.length ? Buffer.concat(chunks) : undefined,
      });
      ctx.status = response.status;
      ctx.type = response.headers.get('content-type') ?? 'application/json';
      ctx.body = Buffer.from(await response.arrayBuffer());
    },
    async serverStart() {
      const api = await import(SERVER_ENTRY.href);
      signToken = api.signToken;
      dir = await mkdtemp(join(tmpdir(), 'teahouse-wtr-'));
      server = await api.startServer({
        port: 0,
        host: '127.0.0.1',
        database: `sqlite:${join(dir, 'teahouse.db')}`,
        sites,
        logger: false,
        // Tests post in quick succession: only the sites that set their own limits have any.
        limits: false,
        // The region thread below is posted through this header; the browsers themselves send none.
        trustProxy: ['loopback'],
      });
      await api.seedThread(server.db, SEEDED);
      const { installPack } = await import(new URL('../../packages/server/dist/stickers/stickers.js', import.meta.url).href);
      await installPack(server.db, sites[0].id, STICKERS.pack, STICKERS.files);
      for (const floor of REGION.floors) {
        const token = await signToken({ id: sites[0].id, secret: sites[0].secret }, { sub: floor.sub, name: floor.name });
        const res = await fetch(`${server.url}/v1/sites/${sites[0].id}/floors`, {
          method: 'POST',
          headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'x-forwarded-for': floor.forwardedFor },
          body: JSON.stringify({ page: REGION.page, body: floor.body }),
        });
        if (res.status !== 201) throw new Error(`region thread: ${res.status} ${await res.text()}`);
      }
      const { createApiKey } = await import(new URL('../../packages/server/dist/auth/api-keys.js', import.meta.url).href);
      pointsAdminKey = await createApiKey(server.db, POINTS_SITES[0].id);
    },
    async serverStop() {
      await server?.close();
      if (dir) await rm(dir, { recursive: true, force: true });
    },
    async serve(context) {
      if (context.path === '/__teahouse/trusted-types.html') return trustedTypesPage(server.url, context.URL.searchParams);
      if (context.path === '/__teahouse/host.html') return hostPage(server.url, context.URL.searchParams);
      if (context.path === '/__teahouse/csp-watch.js') return { type: 'js', body: CSP_WATCH };
      if (context.path === '/__teahouse/config') {
        return {
          type: 'json',
          body: JSON.stringify({
            server: server?.url,
            site: sites[0].id,
            loginSite: sites[1].id,
            loginUrl: sites[1].loginUrl,
            seededPage: SEEDED.page,
            regionPage: REGION.page,
            stickerPack: STICKERS.pack,
            rulesSite: sites.find((site) => site.id === 'wtr-rules').id,
            anonSite: 'wtr-anon',
            whoSite: 'wtr-who',
            limitsSite: 'wtr-limits',
            shareSite: SHARE_SITE.id,
            enSite: 'wtr-en',
            modSite: 'wtr-mod',
            premodSite: 'wtr-premod',
            guestSite: 'wtr-guests',
            pointsSites: { points: 'wtr-points', hold: 'wtr-points-hold', off: 'wtr-points-off' },
            pointsAdminKey,
          }),
        };
      }
      if (context.path === '/__teahouse/token') {
        const params = context.URL.searchParams;
        const site = sites.find((s) => s.id === (params.get('site') ?? sites[0].id)) ?? sites[0];
        const claims = { sub: params.get('sub') ?? 'reader', name: params.get('name') ?? 'Reader' };
        const avatar = params.get('avatar');
        if (avatar) claims.avatar = avatar;
        const ttl = params.has('ttl') ? Number(params.get('ttl')) : 3600;
        const token = await signToken({ id: site.id, secret: site.secret }, claims, ttl);
        return { type: 'json', body: JSON.stringify({ token }) };
      }
      return undefined;
    },
  };
}
