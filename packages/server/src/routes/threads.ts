import type { Hono } from 'hono';
import { DEFAULT_PAGE_SIZE, fillPath, routes, type Bootstrap } from '@teahouse/protocol';
import { routeTable } from '@teahouse/protocol/routes';
import type { Database } from '../db/database.js';
import { anyoneOf, personOf, scopeOfCaller, viewerOf, type Caller } from '../middleware/identity/identity.js';
import { BootstrapCache, buildBootstrap, encodedBody, matchesEtag } from '../threads/bootstrap.js';
import { createFloor, getFloor } from '../threads/floors.js';
import { regionFor } from '../region/regions.js';
import { readFloors } from '../threads/listing.js';
import { findThread } from '../threads/threads.js';
import { toAuthor } from '../threads/users.js';
import { guardPost } from '../abuse/posts.js';
import { moderatePost } from '../moderation/posting.js';
import { mineFor, pageNumbers, shownCounts, userRef, visitorRef, withCounts, type ActorRef } from '../reactions/reactions.js';
import { register, type RouteOptions } from './route.js';

/** Whose reactions a page shows as `mine`: a visitor's or a person's; null for anyone else. */
async function reactionRef(caller: Caller): Promise<ActorRef | null> {
  if (caller.kind === 'visitor') return visitorRef(caller.id);
  if (caller.kind === 'reader' || caller.kind === 'guest') return userRef((await caller.user()).id);
  return null;
}

/** The bootstrap, pages of floors, one floor, and posting a floor. */
export function threadRoutes(app: Hono, db: Database, cache: BootstrapCache, options: RouteOptions): void {
  register(app, routeTable.bootstrap, async (c) => {
    const site = c.var.site;
    const query = c.req.valid('query');
    const sort = query.sort ?? 'oldest';
    const limit = query.limit ?? DEFAULT_PAGE_SIZE;
    c.header('Vary', 'Authorization', { append: true });

    // A visitor token (anonymous reactions) gets its own reactions but no viewer.
    const caller = await viewerOf(c);
    const ref = await reactionRef(caller);
    if (ref !== null) {
      const user = caller.kind === 'reader' || caller.kind === 'guest' ? await caller.user() : null;
      const viewer = user ? { user: toAuthor(user) } : null;
      const { body } = await buildBootstrap(db, site, query.page, sort, limit, viewer, query.view);
      body.mine = await mineFor(db, site, body.thread.id, ref, [1, ...pageNumbers(body.page, body.hot)]);
      c.header('Cache-Control', 'private, no-cache');
      return c.json(body satisfies Bootstrap);
    }

    const entry = await cache.get(site, query.page, `${sort}:${limit}:${query.view ?? 'floors'}`, async () => {
      const { body, etag } = await buildBootstrap(db, site, query.page, sort, limit, null, query.view);
      return { etag, body: Buffer.from(JSON.stringify(body satisfies Bootstrap)) };
    });
    c.header('Cache-Control', 'no-cache');
    c.header('ETag', entry.etag);
    c.header('Vary', 'Accept-Encoding', { append: true });
    if (matchesEtag(c.req.header('if-none-match'), entry.etag)) return c.body(null, 304);
    const { bytes, encoding } = encodedBody(entry, c.req.header('accept-encoding'));
    if (encoding) c.header('Content-Encoding', encoding);
    return c.body(bytes as Uint8Array<ArrayBuffer>, 200, { 'Content-Type': 'application/json; charset=UTF-8' });
  }, options);

  register(app, routeTable.listFloors, async (c) => {
    const site = c.var.site;
    const query = c.req.valid('query');
    const caller = await anyoneOf(c);
    const thread = await findThread(db, site.id, query.page);
    const page = await withCounts(db, site, thread?.id ?? null, await readFloors(db, thread, { ...query, scope: await scopeOfCaller(caller) }));
    const ref = await reactionRef(caller);
    const mine = ref === null ? undefined : await mineFor(db, site, thread?.id ?? null, ref, pageNumbers(page));
    c.header('Cache-Control', 'no-cache');
    c.header('Vary', 'Authorization', { append: true });
    return c.json(mine ? { ...page, mine } : page);
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
