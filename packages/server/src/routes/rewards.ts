import type { Hono } from 'hono';
import { clientIp } from '../abuse/client-ip.js';
import { limitRate } from '../abuse/guard.js';
import type {
  AdminLedgerEntry, CheckinResult, PointsBalance, Share, ShareStatus, VisitResult,
} from '@teahouse/protocol';
import { routeTable } from '@teahouse/protocol/routes';
import type { Database } from '../db/database.js';
import { notFound } from '../errors.js';
import { actorOf, readerOf } from '../middleware/identity/identity.js';
import { checkin } from '../rewards/actions.js';
import { balanceOf, debit, reverse } from '../rewards/ledger.js';
import { DEFAULT_HISTORY_PAGE, history, leaderboard, pointsRules } from '../rewards/points.js';
import { rewardsOf } from '../rewards/settings.js';
import { createShare, recordVisit, shareStatus } from '../rewards/shares.js';
import { viewerUser } from '../threads/users.js';
import { register, type RouteOptions } from './route.js';

/** Share-for-points: tracked links and visits, check-in, the reader's points, and the host's admin API. */
export function rewardRoutes(app: Hono, db: Database, options: RouteOptions): void {
  register(app, routeTable.createShare, async (c) => {
    const site = c.var.site;
    const { token: user } = await readerOf(c);
    await limitRate(c, site, 'shares', user.sub);
    return c.json(await createShare(db, site, user, c.req.valid('json')) satisfies Share, 201);
  }, options);

  register(app, routeTable.shareStatus, async (c) => {
    const { token: user } = await readerOf(c);
    c.header('Cache-Control', 'private, no-store');
    return c.json(await shareStatus(db, c.var.site, user, c.req.valid('query').page) satisfies ShareStatus);
  }, options);

  register(app, routeTable.recordVisit, async (c) => {
    const site = c.var.site;
    const input = { ...c.req.valid('json') };
    // The widget sends whichever token it holds: a reader's, or an anonymous visitor's.
    const caller = await c.var.caller();
    const actor = actorOf(caller);
    if (caller.kind === 'visitor') input.visitor ??= caller.token;
    const viewer = actor?.kind === 'user' ? actor.user : null;
    await limitRate(c, site, 'visits', viewer?.sub ?? (actor?.kind === 'visitor' ? `v:${actor.id}` : null));
    return c.json(await recordVisit(db, site, input, viewer, clientIp(c)) satisfies VisitResult);
  }, options);

  register(app, routeTable.checkin, async (c) => {
    const site = c.var.site;
    const user = await viewerUser(db, site, (await readerOf(c)).token);
    return c.json(await checkin(db, site, user.id) satisfies CheckinResult);
  }, options);

  register(app, routeTable.pointsMe, async (c) => {
    const site = c.var.site;
    const user = await viewerUser(db, site, (await readerOf(c)).token);
    c.header('Cache-Control', 'private, no-store');
    return c.json({ ...(await balanceOf(db, site.id, user.id)), currency: rewardsOf(site).currency } satisfies PointsBalance);
  }, options);

  register(app, routeTable.pointsHistory, async (c) => {
    const site = c.var.site;
    const query = c.req.valid('query');
    const user = await viewerUser(db, site, (await readerOf(c)).token);
    c.header('Cache-Control', 'private, no-store');
    return c.json(await history(db, site, user.id, query.cursor, query.limit ?? DEFAULT_HISTORY_PAGE));
  }, options);

  register(app, routeTable.pointsRules, (c) => {
    c.header('Cache-Control', 'public, max-age=60');
    return c.json(pointsRules(c.var.site));
  }, options);

  register(app, routeTable.leaderboard, async (c) => {
    const site = c.var.site;
    const query = c.req.valid('query');
    if (!rewardsOf(site).leaderboard) throw notFound('this site has turned its leaderboard off');
    c.header('Cache-Control', 'public, max-age=30');
    return c.json(await leaderboard(db, site, query.period ?? 'all'));
  }, options);

  register(app, routeTable.adminDebit, async (c) => {
    const { entry, created } = await debit(db, c.var.site, c.req.valid('json'));
    return c.json(entry satisfies AdminLedgerEntry, created ? 201 : 200);
  }, options);

  register(app, routeTable.adminReverse, async (c) => {
    const { entry: id } = c.req.valid('param');
    const { entry, created } = await reverse(db, c.var.site, id, c.req.valid('json').reason);
    return c.json(entry satisfies AdminLedgerEntry, created ? 201 : 200);
  }, options);
}
