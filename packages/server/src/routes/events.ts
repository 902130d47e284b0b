import type { ServerResponse } from 'node:http';
import type { Hono } from 'hono';
import { RESPONSE_ALREADY_SENT } from '@hono/node-server/utils/response';
import { EventId } from '@teahouse/protocol';
import { routeTable } from '@teahouse/protocol/routes';
import type { Database } from '../db/database.js';
import { lastEventId } from '../events/events.js';
import { LiveStreams, type LiveOptions } from '../events/live.js';
import { validateValue } from '../middleware/validate/validate.js';
import { findThread } from '../threads/threads.js';
import { register, type RouteOptions } from './route.js';

export interface EventRouteOptions extends RouteOptions, LiveOptions {
  /** Counts the open streams (`teahouse_event_streams_open`) that bypass the middleware's view. */
  metrics?: { countStream(res: ServerResponse): void } | undefined;
}

/**
 * `GET /v1/sites/{site}/events?page=KEY`: the thread's events as Server-Sent Events, each with
 * its id, resuming after `Last-Event-ID` (header, or `lastEventId` in the query for a first
 * connection). Without either it starts from the thread's newest event. A page whose thread
 * does not exist yet is watched until it does; then every event of it is sent. Streams of one
 * thread share one subscription and one copy of each event (`LiveStreams`).
 */
export function eventRoutes(app: Hono, db: Database, options: EventRouteOptions = {}): LiveStreams {
  const live = new LiveStreams(db, options);

  register(app, routeTable.events, async (c) => {
    const site = c.var.site;
    const query = c.req.valid('query');
    const header = c.req.header('last-event-id');
    const resume = header !== undefined && header !== '' ? await validateValue(EventId, header, 'Last-Event-ID header') : query.lastEventId;
    const thread = await findThread(db, site.id, query.page);
    // Without an id: from now on; a page without a thread gets all of its events.
    const last = resume !== undefined ? BigInt(resume).toString() : await lastEventId(db, thread?.id ?? null);
    const headers = {
      'Content-Type': 'text/event-stream',
      'Cache-Control': 'no-cache',
      'X-Accel-Buffering': 'no',
      // A stream ends when the server shuts down or drops a slow reader: the connection is not worth keeping then.
      Connection: 'close',
    };
    const res = (c.env as { outgoing?: ServerResponse } | undefined)?.outgoing;
    if (res !== undefined && typeof res.writeHead === 'function') {
      // On Node's server the stream writes to the response itself; the headers are the ones
      // the middleware (CORS) set so far, with the stream's own.
      const prepared = c.body(null, 200, headers).headers;
      // The body ends with the connection: no chunk framing around every frame.
      res.useChunkedEncodingByDefault = false;
      res.writeHead(200, Object.fromEntries(prepared));
      res.flushHeaders();
      options.metrics?.countStream(res);
      live.attach(site.id, query.page, thread?.id ?? null, last, res);
      return RESPONSE_ALREADY_SENT;
    }
    return c.body(live.open(site.id, query.page, thread?.id ?? null, last), 200, headers);
  }, options);
  return live;
}
