import type { Hono } from 'hono';
import type { Counts } from '@teahouse/protocol';
import { routeTable } from '@teahouse/protocol/routes';
import type { Database } from '../db/database.js';
import { rawQuery } from '../middleware/cached/cached.js';
import type { CountsCache } from '../threads/counts.js';
import { countReplies } from '../threads/threads.js';
import { register, type RouteOptions } from './route.js';
import { sharedBytes, strongEtag, type CdnOptions } from '../http/cache-headers.js';

/** `GET counts?page=a&page=b…`: reply counts for article lists, many pages per request. */
export function countRoutes(app: Hono, db: Database, answers: CountsCache, options: RouteOptions & { cdn?: CdnOptions }): void {
  register(app, routeTable.counts, async (c) => {
    const site = c.var.site;
    const epoch = answers.epoch(site);
    const at = Date.now();
    const counts = await countReplies(db, site.id, c.req.valid('query').page);
    const body = Buffer.from(JSON.stringify({ counts } satisfies Counts));
    const entry = { etag: strongEtag(body), body };
    // The same query string is answered from memory next time, ahead of the pipeline (middleware/cached).
    answers.set(site, rawQuery(c), entry, epoch, at);
    // A count a few seconds old is fine on an article list, and lists are hit by every visitor.
    return sharedBytes(c, entry, options.cdn);
  }, options);
}
