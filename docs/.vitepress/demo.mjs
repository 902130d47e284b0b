// The demo server behind the live examples: a Teahouse server with an in-memory database, seeded
// with the news-site demo's article thread (and a second, short one for the counts), reached
// through the docs server itself, so the pages call their own origin:
//   /v1/…, /embed.js, /chunks/…  forwarded to the Teahouse server
//   /demo/token?reader=<sub>     a reader token, signed here as a host backend would sign it
// `demoPlugin()` does this for `vitepress dev` and for the preview server (preview.mjs).
import { request } from 'node:http';
import { fileURLToPath } from 'node:url';
import { seedThread, signToken, startServer } from '@teahouse/server';
import { ARTICLE, READERS, SEED_FLOORS, SITE, THREAD_AUTHOR } from '../../examples/news-site/content.mjs';

/** What the pages show: the demo site, its article thread and the readers one may sign in as. */
export const DEMO = {
  site: SITE.id,
  page: ARTICLE.page,
  title: ARTICLE.title,
  second: { page: 'a-20261125-line3', title: '轨道交通3号线老街站2号出口本月底恢复通行' },
  readers: READERS,
};

// Docs demo only: a real host keeps its secret on its own backend.
const SECRET = 'docs-demo-only-secret-never-in-production';
const EMBED_DIST = fileURLToPath(new URL('../../packages/embed/dist', import.meta.url));
const FORWARDED = /^\/(v1\/|embed\.js|chunks\/)/;

/** Starts the demo Teahouse server for pages served from `origin`. */
export async function startDemo({ origin }) {
  const teahouse = await startServer({
    port: 0,
    host: '127.0.0.1',
    database: 'sqlite::memory:',
    staticDir: EMBED_DIST,
    // The seeded floors are written at start-up under the demo readers' names, so flood control
    // would hold each of them back for its first seconds; a docs reader tries posting at once.
    limits: false,
    sites: [{
      id: SITE.id,
      name: SITE.name,
      secret: SECRET,
      origins: [origin],
      roles: Object.fromEntries(READERS.filter((r) => r.moderator).map((r) => [r.sub, 'moderator'])),
      rewards: { wechatRewards: true },
    }],
  });
  await seedThread(teahouse.db, {
    site: SITE.id, page: ARTICLE.page, url: `${origin}${ARTICLE.path}`, title: ARTICLE.title, author: THREAD_AUTHOR, floors: SEED_FLOORS,
  });
  await seedThread(teahouse.db, {
    site: SITE.id,
    page: DEMO.second.page,
    title: DEMO.second.title,
    author: THREAD_AUTHOR,
    floors: [
      { author: { sub: 'u-zhoujianguo', name: '周建国' }, body: '2号出口开了就方便多了' },
      { author: { sub: 'u-chenxiaoman', name: '陈小满' }, body: '夜间加开班次到几点？' },
    ],
  });
  return {
    url: teahouse.url.replace(/\/$/, ''),
    /** A one-hour token for a demo reader, or null for an unknown one. */
    async token(sub) {
      const reader = READERS.find((r) => r.sub === sub);
      return reader ? signToken({ id: SITE.id, secret: SECRET }, { sub: reader.sub, name: reader.name }, 3600) : null;
    },
    close: () => teahouse.close(),
  };
}

/** Streams one request to the Teahouse server and its answer back (event streams included). */
function forward(req, res, target) {
  const url = new URL(req.url, target);
  const upstream = request(url, { method: req.method, headers: { ...req.headers, host: url.host } }, (answer) => {
    res.writeHead(answer.statusCode ?? 502, answer.headers);
    answer.pipe(res);
  });
  upstream.on('error', (error) => {
    if (!res.headersSent) res.writeHead(502, { 'content-type': 'text/plain' });
    res.end(String(error));
  });
  res.on('close', () => upstream.destroy());
  req.pipe(upstream);
}

/** The demos started and not closed yet. */
const running = new Set();

async function closeDemo(demo) {
  if (!demo || !running.delete(demo)) return;
  await demo.then((d) => d.close(), () => {});
}

/** Closes every demo server still running (a docs server's close may not wait for its own). */
export async function closeDemos() {
  await Promise.all([...running].map(closeDemo));
}

/**
 * A Vite plugin: once the docs server listens, starts the demo for its origin and serves the
 * demo routes; the demo closes with the server.
 */
export function demoPlugin() {
  const attach = (server) => {
    let demo;
    const http = server.httpServer;
    http.once('listening', () => {
      const { address, port } = http.address();
      demo = startDemo({ origin: `http://${address.includes(':') ? `[${address}]` : address}:${port}` });
      demo.catch((error) => server.config.logger.error(`docs demo server: ${error.stack ?? error}`));
      running.add(demo);
    });
    http.once('close', () => void closeDemo(demo));
    server.middlewares.use(async (req, res, next) => {
      const path = req.url ?? '/';
      if (!demo || !(FORWARDED.test(path) || path.startsWith('/demo/token'))) return next();
      try {
        const running = await demo;
        if (!path.startsWith('/demo/token')) return forward(req, res, running.url);
        const token = await running.token(new URL(path, 'http://docs').searchParams.get('reader'));
        res.writeHead(token ? 200 : 404, { 'content-type': 'application/json', 'cache-control': 'no-store' });
        res.end(JSON.stringify({ token }));
      } catch (error) {
        next(error);
      }
    });
  };
  return { name: 'teahouse-docs-demo', configureServer: attach, configurePreviewServer: attach };
}
