import { timingSafeEqual } from 'node:crypto';
import type { Context, MiddlewareHandler } from 'hono';
import { matchedRoutes } from 'hono/route';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { Database } from '../db/database.js';
import { ApiError } from '../errors.js';

/** What one outbox reports at a scrape: deliveries waiting, and how late the oldest due one is. */
export interface OutboxState {
  pending: number;
  /** Seconds the oldest due delivery has waited past its time; 0 when none is due. */
  lagSeconds: number;
}

/**
 * The Prometheus metrics of one app, in a registry of its own (several apps in one process, as in
 * tests, never mix their counts). Request metrics are recorded by the request middleware; gauges
 * of state held elsewhere (open streams, the database pool, outboxes) are read when scraped.
 */
export class Metrics {
  readonly registry = new Registry();
  readonly #requests: Counter<'method' | 'route' | 'status'>;
  readonly #duration: Histogram<'method' | 'route'>;
  readonly #streams: Gauge;
  readonly #bootstrap: Counter<'result'>;
  readonly #batches: Histogram;
  readonly #outboxes = new Map<string, () => Promise<OutboxState>>();

  constructor() {
    const registers = [this.registry];
    // Process metrics (CPU, memory, event loop lag, GC), prefixed like the rest.
    collectDefaultMetrics({ register: this.registry, prefix: 'teahouse_' });
    this.#requests = new Counter({
      name: 'teahouse_http_requests_total',
      help: 'HTTP requests answered, by method, route pattern (the route table path; "other" for static files and unknown paths) and status',
      labelNames: ['method', 'route', 'status'],
      registers,
    });
    this.#duration = new Histogram({
      name: 'teahouse_http_request_duration_seconds',
      help: 'Time from a request arriving to its answer starting (event streams: until they open), by method and route pattern',
      labelNames: ['method', 'route'],
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers,
    });
    this.#streams = new Gauge({ name: 'teahouse_event_streams_open', help: 'Server-Sent Event streams open now', registers });
    this.#bootstrap = new Counter({
      name: 'teahouse_bootstrap_cache_total',
      help: 'Anonymous thread bootstraps served from the in-process cache (hit) or built (miss)',
      labelNames: ['result'],
      registers,
    });
    this.#bootstrap.inc({ result: 'hit' }, 0);
    this.#bootstrap.inc({ result: 'miss' }, 0);
    this.#batches = new Histogram({
      name: 'teahouse_db_commit_batch_units',
      help: 'Units of work per durable commit (SQLite group commit; always 1 on Postgres)',
      buckets: [1, 2, 4, 8, 16, 32, 64, 128],
      registers,
    });
    const outboxes = this.#outboxes;
    const states = async () => Promise.all([...outboxes].map(async ([name, read]) => [name, await read()] as const));
    new Gauge({
      name: 'teahouse_outbox_pending',
      help: 'Deliveries waiting in an outbox (parked ones, past their last attempt, excluded), by outbox',
      labelNames: ['outbox'],
      registers,
      async collect() {
        this.reset();
        for (const [name, state] of await states()) this.set({ outbox: name }, state.pending);
      },
    });
    new Gauge({
      name: 'teahouse_outbox_lag_seconds',
      help: 'How long the oldest due delivery of an outbox has waited past its time, by outbox',
      labelNames: ['outbox'],
      registers,
      async collect() {
        this.reset();
        for (const [name, state] of await states()) this.set({ outbox: name }, state.lagSeconds);
      },
    });
  }

  /** Reads the database's pool and commits, and the webhook outbox, at each scrape. */
  watchDatabase(db: Database): void {
    const registers = [this.registry];
    db.onCommit((units) => this.#batches.observe(units));
    new Gauge({
      name: 'teahouse_db_pool_connections',
      help: 'Postgres pool connections by state (total, idle, waiting requests); absent on SQLite',
      labelNames: ['state'],
      registers,
      collect() {
        const pool = db.pool();
        if (!pool) return;
        this.set({ state: 'total' }, pool.total);
        this.set({ state: 'idle' }, pool.idle);
        this.set({ state: 'waiting' }, pool.waiting);
      },
    });
    this.addOutbox('webhooks', () => webhookOutbox(db));
  }

  /** Reports an outbox's pending deliveries and lag under `outbox="<name>"`. */
  addOutbox(name: string, read: () => Promise<OutboxState>): void {
    this.#outboxes.set(name, read);
  }

  bootstrap(result: 'hit' | 'miss'): void {
    this.#bootstrap.inc({ result });
  }

  /** Times every request and counts it by route pattern and status; counts event streams while open. */
  readonly middleware: MiddlewareHandler = async (c, next) => {
    const started = performance.now();
    // Failures come back here as the error handler's answer, so their status is counted too.
    await next();
    const method = c.req.method;
    const route = routeOf(c);
    this.#duration.observe({ method, route }, (performance.now() - started) / 1000);
    this.#requests.inc({ method, route, status: String(c.res.status) });
    if (c.res.body && c.res.headers.get('content-type')?.startsWith('text/event-stream')) {
      c.res = new Response(this.#counted(c.res.body), c.res);
    }
  };

  /**
   * A stream written straight to Node's response (the event route on Node's server, which the
   * middleware sees as already sent), counted until its connection closes.
   */
  countStream(res: { once(event: 'close', listener: () => void): unknown }): void {
    this.#streams.inc();
    res.once('close', () => this.#streams.dec());
  }

  /** The stream, counted in `teahouse_event_streams_open` until it ends or the client goes. */
  #counted(body: ReadableStream<Uint8Array>): ReadableStream<Uint8Array> {
    const reader = body.getReader();
    const streams = this.#streams;
    let open = true;
    const end = () => {
      if (open) streams.dec();
      open = false;
    };
    streams.inc();
    return new ReadableStream<Uint8Array>({
      async pull(controller) {
        try {
          const { done, value } = await reader.read();
          if (done) {
            end();
            controller.close();
          } else controller.enqueue(value);
        } catch (error) {
          end();
          controller.error(error);
        }
      },
      cancel(reason) {
        end();
        return reader.cancel(reason);
      },
    });
  }
}

/** The route table path of the route that answered (`/v1/sites/:site/floors`), or `other`. */
function routeOf(c: Context): string {
  const method = c.req.method === 'HEAD' ? 'GET' : c.req.method;
  for (const route of matchedRoutes(c)) {
    if (route.method === method && route.path.startsWith('/') && !route.path.endsWith('*')) return route.path;
  }
  return 'other';
}

async function webhookOutbox(db: Database): Promise<OutboxState> {
  // Parked deliveries (every attempt failed) wait for no one; see rewards/webhooks.ts.
  const row = await db.kysely.selectFrom('webhook_outbox')
    .select((eb) => [eb.fn.countAll<number | string>().as('pending'), eb.fn.min('next_attempt_at').as('oldest')])
    .where('delivered_at', 'is', null)
    .where('next_attempt_at', '<', '9999-01-01')
    .executeTakeFirst();
  const pending = Number(row?.pending ?? 0);
  const oldest = row?.oldest ? Date.parse(row.oldest) : NaN;
  return { pending, lagSeconds: Number.isNaN(oldest) ? 0 : Math.max(0, (Date.now() - oldest) / 1000) };
}

/**
 * `GET /metrics` in the Prometheus text format, answered only when a token is configured and sent
 * as `Authorization: Bearer <token>` (404 otherwise, as if there were no such path).
 */
export function metricsRoute(metrics: Metrics | undefined, token: string | undefined): MiddlewareHandler {
  const expected = token ? Buffer.from(`Bearer ${token}`) : undefined;
  return async (c) => {
    if (!expected || !metrics) throw new ApiError(404, 'not_found', `no route for ${c.req.method} ${c.req.path}`);
    const sent = Buffer.from(c.req.header('authorization') ?? '');
    if (sent.length !== expected.length || !timingSafeEqual(sent, expected)) {
      throw new ApiError(401, 'unauthorized', 'the metrics need Authorization: Bearer <TEAHOUSE_METRICS_TOKEN>');
    }
    return c.body(await metrics.registry.metrics(), 200, {
      'Content-Type': metrics.registry.contentType,
      'Cache-Control': 'no-store',
    });
  };
}
