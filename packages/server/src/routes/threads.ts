import type { Hono } from 'hono';
import { DEFAULT_PAGE_SIZE, fillPath, routes, type Bootstrap } from '@teahouse/protocol';
import { routeTable } from '@teahouse/protocol/routes';
import type { Database } from '../db/database.js';
import { anyoneOf, personOf, scopeOfCaller, viewerOf, type Caller } from '../middleware/identity/identity.js';
import { BootstrapCache, bootstrapEntry, buildBootstrap, cachedBootstrap, viewerBody } from '../threads/bootstrap.js';
import { isModeratorRole, seesPublicView } from '../moderation/visibility.js';
import { rawQuery } from '../middleware/cached/cached.js';
import { createFloor, getFloor } from '../threads/floors.js';
import { regionFor } from '../region/regions.js';
import { readFloors } from '../threads/listing.js';
import { pageJson } from '../threads/mapping.js';
import { findThread } from '../threads/threads.js';
import { toAuthor } from '../threads/users.js';
import { guardPost } from '../abuse/posts.js';
import { moderatePost } from '../moderation/posting.js';
import { mineFor, pageNumbers, shownCounts, userRef, visitorRef, withCounts, type ActorRef } from '../reactions/reactions.js';
import { register, type RouteOptions } from './route.js';
import { privateCache, sharedBytes, sharedCacheControl, type CdnOptions } from '../http/cache-headers.js';

/** Whose reactions a page shows as `mine`: a visitor's or a person's; null for anyone else. */
async function reactionRef(caller: Caller): Promise<ActorRef | null> {
  if (caller.kind === 'visitor') return visitorRef(caller.id);
  if (caller.kind === 'reader' || caller.kind === 'guest') return userRef((await caller.user()).id);
  return null;
}

/** The bootstrap, pages of floors, one floor, and posting a floor. */
export function threadRoutes(app: Hono, db: Database, cache: BootstrapCache, options: RouteOptions & { cdn?: CdnOptions }): void {
  register(app, routeTable.bootstrap, async (c) => {
    const site = c.var.site;
    const query = c.req.valid('query');
    const sort = query.sort ?? 'oldest';
    const limit = query.limit ?? DEFAULT_PAGE_SIZE;
    c.header('Vary', 'Authorization', { append: true });

    // A visitor token (anonymous reactions) gets its own reactions but no viewer.
    const caller = await viewerOf(c);
    const ref = await reactionRef(caller);
    const variant = `${sort}:${limit}:${query.view ?? 'floors'}`;
    const cached = () => cache.get(site, query.page, variant, async () => {
      const { body, etag } = await buildBootstrap(db, site, query.page, sort, limit, null, query.view);
      return bootstrapEntry(body satisfies Bootstrap, etag, [1, ...pageNumbers(body.page, body.hot)]);
    });
    if (ref !== null) {
      const user = caller.kind === 'reader' || caller.kind === 'guest' ? await caller.user() : null;
      const viewer = user ? { user: toAuthor(user) } : null;
      c.header('Cache-Control', 'private, no-cache');
      // A reader who sees what everyone sees (no floor of theirs held or shadowed here, not a
      // moderator) gets the anonymous body, read once for everyone, with their own part added.
      if (!user || !isModeratorRole(user.role)) {
        const entry = await cached();
        if (!user || entry.threadId == null || await seesPublicView(db, entry.threadId, user.id)) {
          const mine = await mineFor(db, site, entry.threadId ?? null, ref, entry.numbers ?? []);
          const bytes = viewerBody(entry, viewer, mine);
          if (bytes) return c.body(bytes as Uint8Array<ArrayBuffer>, 200, { 'Content-Type': 'application/json' });
        }
      }
      const { body } = await buildBootstrap(db, site, query.page, sort, limit, viewer, query.view);
      body.mine = await mineFor(db, site, body.thread.id, ref, [1, ...pageNumbers(body.page, body.hot)]);
      return c.json(body satisfies Bootstrap);
    }

    const entry = await cached();
    // The same query string is answered from memory next time, ahead of the pipeline (middleware/cached).
    cache.remember(site, rawQuery(c), query.page, variant);
    const answer = cachedBootstrap(entry, c.req.header('if-none-match'), c.req.header('accept-encoding'), sharedCacheControl(options.cdn));
    for (const [name, value] of Object.entries(answer.headers)) c.header(name, value, { append: name === 'Vary' });
    return answer.bytes ? c.body(answer.bytes as Uint8Array<ArrayBuffer>, 200) : c.body(null, 304);
  }, options);

  register(app, routeTable.listFloors, async (c) => {
    const site = c.var.site;
    const query = c.req.valid('query');
    const caller = await anyoneOf(c);
    const thread = await findThread(db, site.id, query.page);
    const page = await withCounts(db, site, thread?.id ?? null, await readFloors(db, thread, { ...query, scope: await scopeOfCaller(caller), rawBodies: true }));
    const ref = await reactionRef(caller);
    const mine = ref === null ? undefined : await mineFor(db, site, thread?.id ?? null, ref, pageNumbers(page));
    c.header('Vary', 'Authorization', { append: true });
    // Only a page without a caller is everyone's: a token may show held floors or `mine`.
    if (caller.kind === 'none') return sharedBytes(c, Buffer.from(pageJson(page)), options.cdn);
    privateCache(c);
    return c.body(pageJson(mine ? { ...page, mine } : page), 200, { 'Content-Type': 'application/json' });
  }, options);

  register(app, routeTable.getFloor, async (c) => {
    const site = c.var.site;
    const { number } = c.req.valid('param');
    const { page } = c.req.valid('query');
    c.header('Cache-Control', 'no-cache');
    c.header('Vary', 'Authorization', { append: true });
    const floor = await getFloor(db, site.id, page, number, await scopeOfCaller(await anyoneOf(c)));
    return c.json({ ...floor, reactions: shownCounts(site, floor.reactions) });
  }, options);

  register(app, routeTable.createFloor, async (c) => {
    const site = c.var.site;
    const { token: user } = await personOf(c);
    const input = c.req.valid('json');
    // Built before the write: nothing that could fail may follow the commit.
    const pageQuery = `?page=${encodeURIComponent(input.page)}`;
    const check = await guardPost(c, db, site, user, input);
    const moderation = await moderatePost(db, site, user, input);
    const region = regionFor(site, c.var.clientAddress);
    const { floor } = await createFloor(db, site, user, input, { moderation, region, ...(check ? { check } : {}) });
    return c.json(floor, 201, { Location: `${fillPath(routes.floor, { site: site.id, number: floor.number })}${pageQuery}` });
  }, options);
}
