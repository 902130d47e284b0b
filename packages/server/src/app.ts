import { Hono } from 'hono';
import { abuseControl, type AbuseOptions } from './abuse/guard.js';
import { logger as requestLogger } from 'hono/logger';
import { routes } from '@teahouse/protocol';
import { buildOpenApi } from '@teahouse/protocol/openapi';
import { DEFAULT_DATABASE, openDatabase, type Database } from './db/database.js';
import { errorResponse, notFoundResponse } from './middleware/errors.js';
import { publicCors, siteCors } from './middleware/cors.js';
import { apiRoutes } from './routes/api.js';
import { identityRoutes } from './auth/routes.js';
import { countRoutes } from './routes/counts.js';
import { editRoutes } from './routes/edits.js';
import { eventRoutes } from './routes/events.js';
import { rewardRoutes } from './routes/rewards.js';
import { moderationRoutes } from './routes/moderation.js';
import { webhookDispatcher } from './rewards/webhooks.js';
import { reactionRoutes } from './routes/reactions.js';
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
  /** Log one line per request to stdout. @default false */
  logger?: boolean;
}

export interface App {
  app: Hono;
  /** The migrated database, with the configured sites stored. */
  db: Database;
  /** Closes the database; in-flight requests should be drained first. */
  close(): Promise<void>;
}

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
  const cache = new BootstrapCache(db);
  let openapi: string | undefined;

  const app = new Hono();
  app.onError(errorResponse);
  app.notFound(notFoundResponse);
  if (options.logger) app.use(requestLogger());
  app.use(abuse.middleware);

  app.get('/healthz', (c) => c.json({ ok: true }));
  app.get(routes.openapi, publicCors, (c) => {
    openapi ??= JSON.stringify(buildOpenApi());
    return c.body(openapi, 200, { 'Content-Type': 'application/json; charset=UTF-8', 'Cache-Control': 'public, max-age=300' });
  });
  app.use('/v1/sites/:site/*', siteCors(sites));
  app.route('/', apiRoutes(db, sites, cache));
  app.route('/', countRoutes(db, sites));
  app.route('/', eventRoutes(db, sites));
  app.route('/', editRoutes(db, sites));
  app.route('/', reactionRoutes(db, sites));
  app.route('/', rewardRoutes(db, sites));
  app.route('/', moderationRoutes(db, sites));
  app.route('/', identityRoutes(db, sites));
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
