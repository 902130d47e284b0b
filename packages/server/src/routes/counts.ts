import { Hono } from 'hono';
import { CountsQuery, SiteParams, routes, type Counts } from '@teahouse/protocol';
import type { Database } from '../db/database.js';
import type { SiteCache } from '../sites/sites.js';
import { countReplies } from '../threads/threads.js';
import { honoPath } from './api.js';
import { validate } from './validate.js';

/** `GET counts?page=a&page=b…`: reply counts for article lists, many pages per request. */
export function countRoutes(db: Database, sites: SiteCache): Hono {
  const api = new Hono();
  api.get(honoPath(routes.counts), async (c) => {
    const { site: siteId } = validate(SiteParams, c.req.param(), 'path');
    const query = validate(CountsQuery, { page: c.req.queries('page') ?? [] }, 'query');
    const site = await sites.get(siteId);
    const counts = await countReplies(db, site.id, query.page);
    // A count a few seconds old is fine on an article list, and lists are hit by every visitor.
    c.header('Cache-Control', 'public, max-age=10');
    return c.json({ counts } satisfies Counts);
  });
  return api;
}
