import { Hono } from 'hono';
import {
  SetReaction, SiteParams, WhoQuery, routes,
  type ReactionState, type ReactionWho, type VisitorToken,
} from '@teahouse/protocol';
import { bearerToken } from '../auth/token.js';
import { signVisitor, verifyActor } from '../auth/visitor.js';
import type { Database } from '../db/database.js';
import { ApiError, unauthorized } from '../errors.js';
import { reactionsOf, setReaction, whoReacted } from '../reactions/reactions.js';
import type { SiteCache } from '../sites/sites.js';
import { findThread } from '../threads/threads.js';
import { honoPath } from './api.js';
import { jsonBody, limitBody, validate } from './validate.js';
import { limitRate } from '../abuse/guard.js';

/** A reaction request is a few short fields. */
const MAX_REACTION_BYTES = 4 * 1024;

/** `PUT …/reactions`, `GET …/reactions/who` and `POST …/visitor`. */
export function reactionRoutes(db: Database, sites: SiteCache): Hono {
  const api = new Hono();

  api.put(
    honoPath(routes.reactions),
    limitBody(MAX_REACTION_BYTES),
    async (c) => {
      const { site: siteId } = validate(SiteParams, c.req.param(), 'path');
      const site = await sites.get(siteId);
      const token = bearerToken(c.req.header('authorization'));
      const rules = reactionsOf(site);
      if (token === undefined) {
        throw unauthorized(rules.anonymous
          ? 'reacting needs a sign-in or a visitor token (POST /visitor): send Authorization: Bearer <token>'
          : 'reacting needs a sign-in: send Authorization: Bearer <token>');
      }
      const actor = await verifyActor(site, token);
      if (actor.kind === 'visitor' && !rules.anonymous) throw new ApiError(403, 'forbidden', 'this site wants readers to sign in to react');
      await limitRate(c, site, 'reactions', actor.kind === 'user' ? actor.user.sub : `v:${actor.id}`);
      const input = validate(SetReaction, await jsonBody(c), 'body');
      const { state } = await setReaction(db, site, actor, input);
      c.header('Cache-Control', 'no-store');
      return c.json(state satisfies ReactionState);
    },
  );

  api.get(honoPath(routes.reactionsWho), async (c) => {
    const { site: siteId } = validate(SiteParams, c.req.param(), 'path');
    const query = validate(WhoQuery, c.req.query(), 'query');
    const site = await sites.get(siteId);
    const thread = reactionsOf(site).showWho ? await findThread(db, site.id, query.page) : null;
    c.header('Cache-Control', 'no-cache');
    return c.json((await whoReacted(db, site, thread?.id ?? null, query.target, query.key)) satisfies ReactionWho);
  });

  api.post(honoPath(routes.visitor), async (c) => {
    const { site: siteId } = validate(SiteParams, c.req.param(), 'path');
    const site = await sites.get(siteId);
    if (!reactionsOf(site).anonymous) throw new ApiError(403, 'forbidden', 'this site does not allow anonymous reactions');
    await limitRate(c, site, 'visitor');
    c.header('Cache-Control', 'no-store');
    return c.json((await signVisitor(site)) satisfies VisitorToken);
  });

  return api;
}
