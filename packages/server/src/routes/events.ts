import type { Hono } from 'hono';
import { streamSSE } from 'hono/streaming';
import { EventId } from '@teahouse/protocol';
import { routeTable } from '@teahouse/protocol/routes';
import type { Database } from '../db/database.js';
import { lastEventId, readEvents } from '../events/events.js';
import { POLL_INTERVAL_MS } from '../events/hub.js';
import { validateValue } from '../middleware/validate/validate.js';
import { findThread } from '../threads/threads.js';
import { register, type RouteOptions } from './route.js';

export interface EventRouteOptions extends RouteOptions {
  /** A comment line is sent after this much silence so proxies keep the connection open. @default 25000 */
  heartbeatMs?: number;
}

const BATCH = 100;
/** Browsers reconnect after this long when the stream drops. */
const RETRY_MS = 2000;

/**
 * `GET /v1/sites/{site}/events?page=KEY`: the thread's events as Server-Sent Events, each with
 * its id, resuming after `Last-Event-ID` (header, or `lastEventId` in the query for a first
 * connection). Without either it starts from the thread's newest event. A page whose thread
 * does not exist yet is watched until it does; then every event of it is sent.
 */
export function eventRoutes(app: Hono, db: Database, options: EventRouteOptions = {}): void {
  const heartbeatMs = options.heartbeatMs ?? 25_000;

  register(app, routeTable.events, async (c) => {
    const site = c.var.site;
    const query = c.req.valid('query');
    const header = c.req.header('last-event-id');
    const resume = header !== undefined && header !== '' ? await validateValue(EventId, header, 'Last-Event-ID header') : query.lastEventId;
    let thread = await findThread(db, site.id, query.page);
    let last = resume ?? (await lastEventId(db, thread?.id ?? null));
    c.header('X-Accel-Buffering', 'no');

    const response = streamSSE(c, async (stream) => {
      let pending = true;
      let wake: () => void = () => {};
      const signal = () => {
        pending = true;
        wake();
      };
      const cleanups: (() => void)[] = [];
      stream.onAbort(() => wake());

      const watch = () => {
        if (thread) {
          cleanups.push(db.events.subscribe(thread.id, signal));
          return;
        }
        // No thread yet: its first floor (here, or in another process) creates it.
        cleanups.push(db.events.onChange((change) => {
          if (change.site === site.id && change.page === query.page) signal();
        }));
        const timer = setInterval(signal, POLL_INTERVAL_MS);
        cleanups.push(() => clearInterval(timer), db.events.onClose(signal));
      };

      try {
        watch();
        await stream.write(`retry: ${RETRY_MS}\n\n`);
        while (!stream.aborted && !stream.closed && !db.events.closed) {
          if (pending) {
            pending = false;
            if (!thread) {
              thread = await findThread(db, site.id, query.page);
              if (thread) {
                for (const cleanup of cleanups.splice(0)) cleanup();
                watch();
              }
            }
            if (thread) {
              const events = await readEvents(db, thread.id, last, BATCH);
              for (const { id, event } of events) {
                await stream.writeSSE({ id, event: event.type, data: JSON.stringify(event) });
                last = id;
              }
              if (events.length === BATCH) pending = true;
            }
            continue;
          }
          const woken = await new Promise<boolean>((resolve) => {
            const timer = setTimeout(() => resolve(false), heartbeatMs);
            wake = () => {
              clearTimeout(timer);
              resolve(true);
            };
          });
          wake = () => {};
          if (!woken && !stream.aborted) await stream.write(': heartbeat\n\n');
        }
      } finally {
        for (const cleanup of cleanups) cleanup();
      }
    });
    // A stream ends only when the server shuts down; its connection is not worth keeping then.
    response.headers.set('Connection', 'close');
    return response;
  }, options);
}
