import { Hono, type Context } from 'hono';
import { clientIp } from '../abuse/client-ip.js';
import { limitRate } from '../abuse/guard.js';
import {
  AdminEntryParams, CreateShare, DebitRequest, HistoryQuery, LeaderboardQuery, RecordVisit, ReverseRequest, ShareStatusQuery, SiteParams,
  rewardRoutes as paths,
  type AdminLedgerEntry, type CheckinResult, type PointsBalance, type Share, type ShareStatus, type VisitResult,
} from '@teahouse/protocol';
import { bearerToken, verifyToken, type TokenUser } from '../auth/token.js';
import { verifyActor } from '../auth/visitor.js';
import type { Database } from '../db/database.js';
import { notFound, unauthorized } from '../errors.js';
import { adminKey, type AdminVariables } from '../middleware/admin-key/admin-key.js';
import { checkin } from '../rewards/actions.js';
import { balanceOf, debit, reverse } from '../rewards/ledger.js';
import { DEFAULT_HISTORY_PAGE, history, leaderboard, pointsRules } from '../rewards/points.js';
import { rewardsOf } from '../rewards/settings.js';
import { createShare, recordVisit, shareStatus } from '../rewards/shares.js';
import type { Site, SiteCache } from '../sites/sites.js';
import { viewerUser } from '../threads/users.js';
import { honoPath } from './api.js';
import { jsonBody, limitBody, parseJson, validate } from './validate.js';


const limitJson = limitBody();

async function reader(c: Context, site: Site, required: true): Promise<TokenUser>;
async function reader(c: Context, site: Site, required: false): Promise<TokenUser | null>;
async function reader(c: Context, site: Site, required: boolean): Promise<TokenUser | null> {
  const token = bearerToken(c.req.header('authorization'));
  if (token === undefined) {
    if (required) throw unauthorized('this needs a sign-in: send Authorization: Bearer <token>');
    return null;
  }
  return verifyToken(site, token);
}

/** Share-for-points: tracked links and visits, check-in, the reader's points, and the host's admin API. */
export function rewardRoutes(db: Database, sites: SiteCache): Hono {
  const api = new Hono();

  const siteOf = async (c: Context) => sites.get(validate(SiteParams, { site: c.req.param('site') }, 'path').site);

  api.post(honoPath(paths.shares), limitJson, async (c) => {
    const site = await siteOf(c);
    const user = await reader(c, site, true);
    await limitRate(c, site, 'shares', user.sub);
    const input = validate(CreateShare, await jsonBody(c), 'body');
    return c.json(await createShare(db, site, user, input) satisfies Share, 201);
  });

  api.get(honoPath(paths.sharesMine), async (c) => {
    const site = await siteOf(c);
    const user = await reader(c, site, true);
    const { page } = validate(ShareStatusQuery, c.req.query(), 'query');
    c.header('Cache-Control', 'private, no-store');
    return c.json(await shareStatus(db, site, user, page) satisfies ShareStatus);
  });

  api.post(honoPath(paths.visits), limitJson, async (c) => {
    const site = await siteOf(c);
    const input = validate(RecordVisit, await jsonBody(c), 'body');
    // The widget sends whichever token it holds: a reader's, or an anonymous visitor's.
    const token = bearerToken(c.req.header('authorization'));
    const actor = token === undefined ? null : await verifyActor(site, token);
    if (actor?.kind === 'visitor') input.visitor ??= token;
    const viewer = actor?.kind === 'user' ? actor.user : null;
    await limitRate(c, site, 'visits', viewer?.sub ?? (actor?.kind === 'visitor' ? `v:${actor.id}` : null));
    return c.json(await recordVisit(db, site, input, viewer, clientIp(c)) satisfies VisitResult);
  });

  api.post(honoPath(paths.checkin), async (c) => {
    const site = await siteOf(c);
    const user = await viewerUser(db, site, await reader(c, site, true));
    return c.json(await checkin(db, site, user.id) satisfies CheckinResult);
  });

  api.get(honoPath(paths.pointsMe), async (c) => {
    const site = await siteOf(c);
    const user = await viewerUser(db, site, await reader(c, site, true));
    c.header('Cache-Control', 'private, no-store');
    return c.json({ ...(await balanceOf(db, site.id, user.id)), currency: rewardsOf(site).currency } satisfies PointsBalance);
  });

  api.get(honoPath(paths.pointsHistory), async (c) => {
    const site = await siteOf(c);
    const query = validate(HistoryQuery, c.req.query(), 'query');
    const user = await viewerUser(db, site, await reader(c, site, true));
    c.header('Cache-Control', 'private, no-store');
    return c.json(await history(db, site, user.id, query.cursor, query.limit ?? DEFAULT_HISTORY_PAGE));
  });

  api.get(honoPath(paths.pointsRules), async (c) => {
    const site = await siteOf(c);
    c.header('Cache-Control', 'public, max-age=60');
    return c.json(pointsRules(site));
  });

  api.get(honoPath(paths.leaderboard), async (c) => {
    const site = await siteOf(c);
    const query = validate(LeaderboardQuery, c.req.query(), 'query');
    if (!rewardsOf(site).leaderboard) throw notFound('this site has turned its leaderboard off');
    c.header('Cache-Control', 'public, max-age=30');
    return c.json(await leaderboard(db, site, query.period ?? 'all'));
  });

  const admin = new Hono<{ Variables: AdminVariables }>();
  admin.use('/v1/admin/sites/:site/*', adminKey(db, sites));

  admin.post(honoPath(paths.adminDebit), limitJson, async (c) => {
    const input = validate(DebitRequest, await jsonBody(c), 'body');
    const { entry, created } = await debit(db, c.get('site'), input);
    return c.json(entry satisfies AdminLedgerEntry, created ? 201 : 200);
  });

  admin.post(honoPath(paths.adminReverse), limitJson, async (c) => {
    const { entry: id } = validate(AdminEntryParams, c.req.param(), 'path');
    const text = await c.req.text();
    const input = text.trim() === '' ? {} : validate(ReverseRequest, parseJson(text), 'body');
    const { entry, created } = await reverse(db, c.get('site'), id, input.reason);
    return c.json(entry satisfies AdminLedgerEntry, created ? 201 : 200);
  });

  api.route('/', admin);
  return api;
}

