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

/**
 * Runs a real Teahouse server (fresh SQLite file) for the browser tests and answers two
 * helper routes on the test runner's own origin:
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
      });
      await api.seedThread(server.db, SEEDED);
    },
    async serverStop() {
      await server?.close();
      if (dir) await rm(dir, { recursive: true, force: true });
    },
    async serve(context) {
      if (context.path === '/__teahouse/config') {
        return {
          type: 'json',
          body: JSON.stringify({
            server: server?.url,
            site: sites[0].id,
            loginSite: sites[1].id,
            loginUrl: sites[1].loginUrl,
            seededPage: SEEDED.page,
            rulesSite: sites.find((site) => site.id === 'wtr-rules').id,
            anonSite: 'wtr-anon',
            whoSite: 'wtr-who',
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
