import type { Hono } from 'hono';
import { DEFAULT_PAGE_SIZE } from '@teahouse/protocol';
import { routeTable } from '@teahouse/protocol/routes';
import type { Database } from '../db/database.js';
import { notFound } from '../errors.js';
import { BootstrapCache, buildBootstrap, encodedBody, matchesEtag } from '../threads/bootstrap.js';
import { listFloors } from '../threads/listing.js';
import { findThread } from '../threads/threads.js';
import { withCounts } from '../reactions/reactions.js';
import { renderFragment } from '../ssr/fragment.js';
import { register, type RouteOptions } from './route.js';

/** Numbered page k of the floors view starts at floor 2 + (k-1)·size (as the widget's pager counts). */
const pageStart = (page: number, size: number) => 2 + (page - 1) * size;

/** The server-rendered thread: a page of floors as HTML for the host's article page. */
export function htmlRoutes(app: Hono, db: Database, cache: BootstrapCache, options: RouteOptions): void {
  register(app, routeTable.threadHtml, async (c) => {
    const site = c.var.site;
    const { page: key, p = 1, lang } = c.req.valid('query');
    const size = DEFAULT_PAGE_SIZE;
    const server = new URL(c.req.url).origin;
    // Cached with the thread's bootstrap (the same invalidation by the thread's events), as bytes.
    const entry = await cache.get(site, key, `html:${p}:${size}:${lang ?? ''}:${server}`, async () => {
      const { body: bootstrap, etag } = await buildBootstrap(db, site, key, 'oldest', size, null);
      const pages = Math.max(1, Math.ceil((bootstrap.thread.lastFloor - 1) / size));
      if (p > pages) throw notFound(`the thread has ${pages} page${pages === 1 ? '' : 's'}`);
      if (p > 1) {
        const thread = await findThread(db, site.id, key);
        bootstrap.page = await withCounts(db, site, bootstrap.thread.id, await listFloors(db, thread, { sort: 'oldest', limit: size, from: pageStart(p, size) }));
      }
      const html = await renderFragment({ bootstrap, page: p, pages, server, lang, origins: site.origins });
      return { etag: `${etag.slice(0, -1)}.html.${p}.${lang ?? ''}.${server}"`, body: Buffer.from(html) };
    });
    c.header('Cache-Control', 'no-cache');
    c.header('ETag', entry.etag);
    c.header('Vary', 'Accept-Encoding', { append: true });
    if (matchesEtag(c.req.header('if-none-match'), entry.etag)) return c.body(null, 304);
    const { bytes, encoding } = encodedBody(entry, c.req.header('accept-encoding'));
    if (encoding) c.header('Content-Encoding', encoding);
    return c.body(bytes as Uint8Array<ArrayBuffer>, 200, { 'Content-Type': 'text/html; charset=UTF-8' });
  }, options);
}
