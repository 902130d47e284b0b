import { Hono, type MiddlewareHandler } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { compress } from 'hono/compress';
import { routeTable } from '@teahouse/protocol/routes';
import { buildOpenApi } from '@teahouse/protocol/openapi';
import { abuseControl, type AbuseOptions } from './abuse/guard.js';
import { DEFAULT_DATABASE, openDatabase, type Database } from './db/database.js';
import { startFanout } from './events/fanout/index.js';
import type { CdnOptions } from './http/cache-headers.js';
import { limitBody } from './middleware/body/body.js';
import { clientAddress } from './middleware/client-address/client-address.js';
import { publicCors, siteCorsFor } from './middleware/cors/cors.js';
import { errorResponse, notFoundResponse } from './middleware/errors/errors.js';
import { identity } from './middleware/identity/identity.js';
import { siteLoader } from './middleware/site/site.js';
import { createLogger, requestLog, type Logger } from './observe/log.js';
import { Metrics, metricsRoute } from './observe/metrics.js';
import { countRoutes } from './routes/counts.js';
import { stickerRoutes } from './routes/stickers.js';
import { editRoutes } from './routes/edits.js';
import { eventRoutes } from './routes/events.js';
import { databaseCheck, healthRoutes, type ReadyCheck } from './routes/health.js';
import { identityRoutes } from './routes/identity.js';
import { moderationRoutes } from './routes/moderation.js';
import { notificationRoutes } from './routes/notifications.js';
import { reactionRoutes } from './routes/reactions.js';
import { rewardRoutes } from './routes/rewards.js';
import { honoPath, register } from './routes/route.js';
import { threadRoutes } from './routes/threads.js';
import { htmlRoutes } from './routes/html.js';
import { webhookDispatcher } from './rewards/webhooks.js';
import { startMail, type MailDispatcher, type MailOptions } from './notifications/mail.js';
import { noticeHub } from './notifications/hub.js';
import { SiteCache, upsertSites, type SiteSeed } from './sites/sites.js';
import { serveStatic } from './static.js';
import { BootstrapCache } from './threads/bootstrap.js';
import { CountsCache } from './threads/counts.js';
import { cachedAnswers } from './middleware/cached/cached.js';

export interface AppOptions extends AbuseOptions {
  /**
   * `sqlite:<path>` (a file, created with its directory when missing), `sqlite::memory:`,
   * or `postgres://…`.
   * @default 'sqlite:./data/teahouse.db'
   */
  database?: string;
  /** Sites upserted on start (by id); existing sites not listed are kept. @default [] */
  sites?: SiteSeed[];
  /** Directory served at `/` for GET (the embed script and its chunks). @default undefined (none) */
  staticDir?: string;
  /** Log one line per answered request (JSON, with its request id). @default false */
  logger?: boolean;
  /**
   * Where the server logs, one JSON object per line (pino): warnings (a page on an origin its site
   * does not list, readiness failures), errors and, with `logger`, requests.
   * @default a pino logger at level `info` on stdout
   */
  log?: Logger;
  /**
   * Serves Prometheus metrics at `GET /metrics` to requests with `Authorization: Bearer <token>`
   * (`TEAHOUSE_METRICS_TOKEN` in `teahouse serve`). @default undefined (no metrics, `/metrics` is 404)
   */
  metricsToken?: string;
  /**
   * Answer 500 (and log why) when a route answers a status its route table entry does not list:
   * for test suites, which thereby check the table and the OpenAPI document. @default false
   */
  checkResponses?: boolean;
  /** What shared caches (a CDN, a caching proxy) may keep of anonymous answers. @default docs/scaling.md */
  cdn?: CdnOptions;
  /**
   * Mail for notices over SMTP (docs/notifications.md); without it notices stay in the widget.
   * @default undefined (no mail)
   */
  mail?: MailOptions;
}

export interface App {
  app: Hono;
  /** The migrated database, with the configured sites stored. */
  db: Database;
  /** Closes the database; in-flight requests should be drained first. */
  close(): Promise<void>;
}

/** Every body over the limit is refused before it is read; closing stops the rest of the upload. */
const bodyLimit: MiddlewareHandler = async (c, next) => {
  try {
    await refuseLargeBodies(c, next);
  } catch (error) {
    if (error instanceof HTTPException && error.status === 413) c.header('Connection', 'close');
    throw error;
  }
  if (c.res.status === 413) c.res.headers.set('Connection', 'close');
};
const refuseLargeBodies = limitBody();

/**
 * hono/compress, for requests that accept what it speaks (gzip, deflate): it looks at the answer
 * before the request, which makes @hono/node-server build a fetch Response (and a stream for its
 * body) for every answer, compressed or not.
 */
const compressor = compress();
const compressWhenAccepted: MiddlewareHandler = (c, next) => {
  const headers = (c.env as { incoming?: { headers?: Record<string, string | string[] | undefined> } } | undefined)?.incoming?.headers;
  const accepted = headers ? headers['accept-encoding'] : c.req.header('accept-encoding');
  return accepted !== undefined && /gzip|deflate/i.test(String(accepted)) ? compressor(c, next) : next();
};

/**
 * Builds the API as a Hono app over a freshly opened database, once it is migrated and the
 * configured sites are stored.
 */
export async function createApp(options: AppOptions = {}): Promise<App> {
  const abuse = abuseControl(options);
  let db: Database;
  try {
    db = await openDatabase(options.database ?? DEFAULT_DATABASE);
  } catch (error) {
    await abuse.close();
    throw error;
  }
  try {
    await upsertSites(db, options.sites ?? []);
  } catch (error) {
    await Promise.all([abuse.close(), db.close()]);
    throw error;
  }
  // With Redis, instances tell each other what changed; the database poll is only the fallback.
  const fanout = startFanout(db, options);
  const sites = new SiteCache(db);
  const metrics = options.metricsToken ? new Metrics() : undefined;
  metrics?.watchDatabase(db);
  const cache = new BootstrapCache(db, metrics);
  const counts = new CountsCache(db);
  const answers = cachedAnswers(sites, cache, counts, options.cdn, metrics);
  const log = options.log ?? createLogger();
  const checks: ReadyCheck[] = [databaseCheck(db)];
  if (abuse.ping) checks.push({ name: 'redis', check: abuse.ping });
  let openapi: string | undefined;

  const app = new Hono();
  app.onError(errorResponse);
  app.notFound(notFoundResponse);
  app.use(requestLog(log, options.logger ?? false));
  if (metrics) app.use(metrics.middleware);
  // Held answers to anonymous reads next: the rest of the pipeline has nothing to add to them.
  app.get(honoPath(routeTable.bootstrap.path), answers.bootstrap);
  app.get(honoPath(routeTable.counts.path), answers.counts);
  app.use(clientAddress(options.trustProxy));
  app.use(bodyLimit);
  app.use(abuse.middleware);
  // API answers worth it, a signed-in bootstrap first, are compressed on the way out; bodies the
  // bootstrap cache holds come encoded already, SSE streams are left alone, and static files
  // have their own precompressed variants.
  app.use('/v1/*', compressWhenAccepted);

  const routeOptions = { checkResponses: options.checkResponses ?? false, ...(options.cdn ? { cdn: options.cdn } : {}) };
  healthRoutes(app, checks, routeOptions);
  app.get('/metrics', metricsRoute(metrics, options.metricsToken));
  app.use(routeTable.openapi.path, publicCors);
  register(app, routeTable.openapi, (c) => {
    openapi ??= JSON.stringify(buildOpenApi());
    return c.body(openapi, 200, { 'Content-Type': 'application/json; charset=UTF-8', 'Cache-Control': 'public, max-age=300' });
  }, routeOptions);

  // The site is loaded once, then CORS and the caller read it from `c.var.site`.
  app.use('/v1/sites/:site/*', siteLoader(sites), siteCorsFor(), identity(db, 'token'));
  app.use('/v1/admin/sites/:site/*', siteLoader(sites), identity(db, 'key'));
  threadRoutes(app, db, cache, routeOptions);
  htmlRoutes(app, db, cache, routeOptions);
  countRoutes(app, db, counts, routeOptions);
  eventRoutes(app, db, { ...routeOptions, metrics });
  editRoutes(app, db, routeOptions);
  reactionRoutes(app, db, routeOptions);
  rewardRoutes(app, db, routeOptions);
  moderationRoutes(app, db, routeOptions);
  identityRoutes(app, db, sites, routeOptions);
  stickerRoutes(app, db, routeOptions);
  notificationRoutes(app, db, routeOptions);
  webhookDispatcher(db).start();
  const mailer: MailDispatcher | undefined = options.mail ? startMail(db, options.mail) : undefined;
  if (options.staticDir) app.use('*', publicCors, serveStatic(options.staticDir));

  return {
    app,
    db,
    close: async () => {
      webhookDispatcher(db).stop();
      noticeHub(db).stop();
      await mailer?.stop();
      return Promise.all([abuse.close(), db.close(), fanout?.close()]).then(() => {});
    },
  };
}
