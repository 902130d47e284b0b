import { Hono } from 'hono';
import {
  BootstrapQuery, CreateFloor, DEFAULT_PAGE_SIZE, FloorParams, FloorQuery, FloorsQuery, SiteParams, fillPath, routes,
  type Bootstrap,
} from '@teahouse/protocol';
import { bearerToken } from '../auth/token.js';
import { authenticate } from '../auth/identity.js';
import type { Database } from '../db/database.js';
import { unauthorized } from '../errors.js';
import type { SiteCache } from '../sites/sites.js';
import { BootstrapCache, buildBootstrap, encodedBody, matchesEtag } from '../threads/bootstrap.js';
import { createFloor, getFloor } from '../threads/floors.js';
import { readFloors } from '../threads/listing.js';
import { findThread } from '../threads/threads.js';
import { toAuthor, viewerUser } from '../threads/users.js';
import { guardPost } from '../abuse/posts.js';
import { readerScope } from '../moderation/access.js';
import { moderatePost } from '../moderation/posting.js';
import { jsonBody, limitBody, validate } from './validate.js';

export { MAX_REQUEST_BYTES } from './validate.js';
import { bootstrapActor } from '../auth/visitor.js';
import { mineFor, pageMine, pageNumbers, shownCounts, userRef, visitorRef, withCounts } from '../reactions/reactions.js';


/** `{site}` placeholders of the protocol become Hono's `:site`. */
export const honoPath = (path: string) => path.replace(/\{(\w+)\}/g, ':$1');

export function apiRoutes(db: Database, sites: SiteCache, cache: BootstrapCache): Hono {
  const api = new Hono();

  api.get(honoPath(routes.bootstrap), async (c) => {
    const { site: siteId } = validate(SiteParams, c.req.param(), 'path');
    const query = validate(BootstrapQuery, c.req.query(), 'query');
    const site = await sites.get(siteId);
    const token = bearerToken(c.req.header('authorization'));
    const sort = query.sort ?? 'oldest';
    const limit = query.limit ?? DEFAULT_PAGE_SIZE;
    c.header('Vary', 'Authorization', { append: true });

    // A visitor token (anonymous reactions) gets its own reactions but no viewer.
    const actor = token === undefined ? null : await bootstrapActor(site, token);
    if (actor) {
      const user = actor.kind === 'user' ? await viewerUser(db, site, actor.user) : null;
      const viewer = user ? { user: toAuthor(user) } : null;
      const { body } = await buildBootstrap(db, site, query.page, sort, limit, viewer, query.view);
      const ref = actor.kind === 'visitor' ? visitorRef(actor.id) : userRef(user!.id);
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
  });

  api.get(honoPath(routes.floors), async (c) => {
    const { site: siteId } = validate(SiteParams, c.req.param(), 'path');
    const query = validate(FloorsQuery, c.req.query(), 'query');
    const site = await sites.get(siteId);
    const thread = await findThread(db, site.id, query.page);
    const scope = await readerScope(db, site, c.req.header('authorization'));
    const page = await withCounts(db, site, thread?.id ?? null, await readFloors(db, thread, { ...query, scope }));
    const mine = await pageMine(db, site, bearerToken(c.req.header('authorization')), thread?.id ?? null, page);
    c.header('Cache-Control', 'no-cache');
    c.header('Vary', 'Authorization', { append: true });
    return c.json(mine ? { ...page, mine } : page);
  });

  api.get(honoPath(routes.floor), async (c) => {
    const { site: siteId, number } = validate(FloorParams, c.req.param(), 'path');
    const { page } = validate(FloorQuery, c.req.query(), 'query');
    const site = await sites.get(siteId);
    c.header('Cache-Control', 'no-cache');
    c.header('Vary', 'Authorization', { append: true });
    const floor = await getFloor(db, site.id, page, number, await readerScope(db, site, c.req.header('authorization')));
    return c.json({ ...floor, reactions: shownCounts(site, floor.reactions) });
  });

  api.post(
    honoPath(routes.floors),
    limitBody(),
    async (c) => {
      const { site: siteId } = validate(SiteParams, c.req.param(), 'path');
      const site = await sites.get(siteId);
      const token = bearerToken(c.req.header('authorization'));
      if (token === undefined) throw unauthorized('posting needs a sign-in: send Authorization: Bearer <token>');
      const user = await authenticate(site, token);

      const input = validate(CreateFloor, await jsonBody(c), 'body');
      const check = await guardPost(c, db, site, user, input);
      const moderation = await moderatePost(db, site, user, input);
      const { floor } = await createFloor(db, site, user, input, { moderation, ...(check ? { check } : {}) });
      const location = `${fillPath(routes.floor, { site: site.id, number: floor.number })}?page=${encodeURIComponent(input.page)}`;
      return c.json(floor, 201, { Location: location });
    },
  );

  return api;
}
