import type { Hono } from 'hono';
import type { Counts } from '@teahouse/protocol';
import { routeTable } from '@teahouse/protocol/routes';
import type { Database } from '../db/database.js';
import { countReplies } from '../threads/threads.js';
import { register, type RouteOptions } from './route.js';
import { sharedJson, type CdnOptions } from '../http/cache-headers.js';

/** `GET counts?page=a&page=b…`: reply counts for article lists, many pages per request. */
export function countRoutes(app: Hono, db: Database, options: RouteOptions & { cdn?: CdnOptions }): void {
  register(app, routeTable.counts, async (c) => {
    const counts = await countReplies(db, c.var.site.id, c.req.valid('query').page);
    // A count a few seconds old is fine on an article list, and lists are hit by every visitor.
    return sharedJson(c, { counts } satisfies Counts, options.cdn);
  }, options);
}
