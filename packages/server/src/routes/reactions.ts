import type { Hono } from 'hono';
import type { ReactionState, ReactionWho, VisitorToken } from '@teahouse/protocol';
import { routeTable } from '@teahouse/protocol/routes';
import { signVisitor } from '../auth/visitor.js';
import type { Database } from '../db/database.js';
import { forbidden } from '../errors.js';
import { actorOf } from '../middleware/identity/identity.js';
import { reactionsOf, setReaction, whoReacted } from '../reactions/reactions.js';
import { findThread } from '../threads/threads.js';
import { limitRate } from '../abuse/guard.js';
import { register, type RouteOptions } from './route.js';

/** `PUT …/reactions`, `GET …/reactions/who` and `POST …/visitor`. */
export function reactionRoutes(app: Hono, db: Database, options: RouteOptions): void {
  register(app, routeTable.setReaction, async (c) => {
    const site = c.var.site;
    const actor = actorOf(await c.var.caller())!;
    if (actor.kind === 'visitor' && !reactionsOf(site).anonymous) throw forbidden('this site wants readers to sign in to react');
    await limitRate(c, site, 'reactions', actor.kind === 'user' ? actor.user.sub : `v:${actor.id}`);
    const { state } = await setReaction(db, site, actor, c.req.valid('json'));
    c.header('Cache-Control', 'no-store');
    return c.json(state satisfies ReactionState);
  }, options);

  register(app, routeTable.reactionWho, async (c) => {
    const site = c.var.site;
    const query = c.req.valid('query');
    const thread = reactionsOf(site).showWho ? await findThread(db, site.id, query.page) : null;
    c.header('Cache-Control', 'no-cache');
    return c.json((await whoReacted(db, site, thread?.id ?? null, query.target, query.key)) satisfies ReactionWho);
  }, options);

  register(app, routeTable.visitor, async (c) => {
    const site = c.var.site;
    if (!reactionsOf(site).anonymous) throw forbidden('this site does not allow anonymous reactions');
    await limitRate(c, site, 'visitor');
    c.header('Cache-Control', 'no-store');
    return c.json((await signVisitor(site)) satisfies VisitorToken);
  }, options);
}
