import { Hono, type MiddlewareHandler } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { compress } from 'hono/compress';
import { routeTable } from '@teahouse/protocol/routes';
import { buildOpenApi } from '@teahouse/protocol/openapi';
import { abuseControl, type AbuseOptions } from './abuse/guard.js';
import { DEFAULT_DATABASE, openDatabase, type Database } from './db/database.js';
import { limitBody } from './middleware/body/body.js';
import { clientAddress } from './middleware/client-address/client-address.js';
import { publicCors, siteCorsFor } from './middleware/cors/cors.js';
import { errorResponse, notFoundResponse } from './middleware/errors/errors.js';
import { identity } from './middleware/identity/identity.js';
import { siteLoader } from './middleware/site/site.js';
import { createLogger, requestLog, type Logger } from './observe/log.js';
import { Metrics, metricsRoute } from './observe/metrics.js';
import { countRoutes } from './routes/counts.js';
import { editRoutes } from './routes/edits.js';
import { eventRoutes } from './routes/events.js';
import { databaseCheck, healthRoutes, type ReadyCheck } from './routes/health.js';
import { identityRoutes } from './routes/identity.js';
import { moderationRoutes } from './routes/moderation.js';
import { reactionRoutes } from './routes/reactions.js';
import { rewardRoutes } from './routes/rewards.js';
import { register } from './routes/route.js';
import { threadRoutes } from './routes/threads.js';
import { webhookDispatcher } from './rewards/webhooks.js';
import { SiteCache, upsertSites, type SiteSeed } from './sites/sites.js';
import { serveStatic } from './static.js';
import { BootstrapCache } from './threads/bootstrap.js';

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
  const sites = new SiteCache(db);
  const metrics = options.metricsToken ? new Metrics() : undefined;
  metrics?.watchDatabase(db);
  const cache = new BootstrapCache(db, metrics);
  const log = options.log ?? createLogger();
  const checks: ReadyCheck[] = [databaseCheck(db)];
  if (abuse.ping) checks.push({ name: 'redis', check: abuse.ping });
  let openapi: string | undefined;

  const app = new Hono();
  app.onError(errorResponse);
  app.notFound(notFoundResponse);
  app.use(requestLog(log, options.logger ?? false));
  if (metrics) app.use(metrics.middleware);
  app.use(clientAddress(options.trustProxy));
  app.use(bodyLimit);
  app.use(abuse.middleware);
  // API answers worth it, a signed-in bootstrap first, are compressed on the way out; bodies the
  // bootstrap cache holds come encoded already, SSE streams are left alone, and static files
  // have their own precompressed variants.
  app.use('/v1/*', compress());

  const routeOptions = { checkResponses: options.checkResponses ?? false };
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
  countRoutes(app, db, routeOptions);
  eventRoutes(app, db, routeOptions);
  editRoutes(app, db, routeOptions);
  reactionRoutes(app, db, routeOptions);
  rewardRoutes(app, db, routeOptions);
  moderationRoutes(app, db, routeOptions);
  identityRoutes(app, db, sites, routeOptions);
  webhookDispatcher(db).start();
  if (options.staticDir) app.use('*', publicCors, serveStatic(options.staticDir));

  return {
    app,
    db,
    close: () => {
      webhookDispatcher(db).stop();
      return Promise.all([abuse.close(), db.close()]).then(() => {});
    },
  };
}
