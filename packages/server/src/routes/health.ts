import type { Hono } from 'hono';
import { routeTable } from '@teahouse/protocol/routes';
import type { Database } from '../db/database.js';
import { ApiError } from '../errors.js';
import { register, type RouteOptions } from './route.js';

/** A dependency `/readyz` checks; `check` rejects when it does not answer. */
export interface ReadyCheck {
  name: 'database' | 'redis';
  check(): Promise<void>;
}

/** Longest a check may take before the instance counts as not ready. */
const CHECK_TIMEOUT_MS = 2000;

const NO_STORE = { 'Cache-Control': 'private, no-store' };

function bounded(check: () => Promise<void>): Promise<void> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${CHECK_TIMEOUT_MS} ms`)), CHECK_TIMEOUT_MS);
  });
  return Promise.race([check(), timeout]).finally(() => clearTimeout(timer));
}

/**
 * The database's check: one read of the sites table, which a SQLite file must actually open and
 * a Postgres server must answer from the schema in use (`select 1` would pass on either alone).
 */
export const databaseCheck = (db: Database): ReadyCheck => ({
  name: 'database',
  check: async () => {
    await db.kysely.selectFrom('sites').select('id').limit(1).execute();
  },
});

/** `GET /healthz` (the process answers) and `GET /readyz` (its database and Redis answer too). */
export function healthRoutes(app: Hono, checks: readonly ReadyCheck[], options: RouteOptions = {}): void {
  register(app, routeTable.health, (c) => c.json({ ok: true }, 200, NO_STORE), options);
  register(app, routeTable.ready, async (c) => {
    const results = await Promise.allSettled(checks.map((dependency) => bounded(() => dependency.check())));
    const failed = results.flatMap((result, i) => (result.status === 'rejected'
      ? [{ path: [checks[i]!.name], message: result.reason instanceof Error ? result.reason.message : String(result.reason) }]
      : []));
    c.header('Cache-Control', NO_STORE['Cache-Control']);
    if (failed.length > 0) {
      c.var.log?.warn({ failed }, 'not ready');
      throw new ApiError(503, 'not_ready', `not ready: ${failed.map((f) => `${f.path[0]} (${f.message})`).join(', ')}`, { issues: failed });
    }
    const has = (name: ReadyCheck['name']) => (checks.some((dependency) => dependency.name === name) ? 'ok' : 'absent');
    return c.json({ ok: true as const, checks: { database: has('database'), redis: has('redis') } }, 200, NO_STORE);
  }, options);
}
