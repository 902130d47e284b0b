import { Hono, type Context } from 'hono';
import {
  AuditQuery, BanRequest, BansQuery, CreateReport, FloorAction, FloorParams, ModerationFloorParams, ModerationUserParams,
  QueueQuery, SiteParams, UnbanQuery, WordLists, moderationRoutes as paths, MODERATION_ADMIN_TWINS,
  type ActionResult, type AuditLog, type Ban, type BanList, type FloorContext, type ModerationPolicy, type ModerationQueue,
  type ReportReceipt, type UnbanResult,
} from '@teahouse/protocol';
import { limitRate } from '../abuse/guard.js';
import { resolveUser } from '../auth/identity.js';
import type { Database } from '../db/database.js';
import { unauthorized } from '../errors.js';
import { adminKey, type AdminVariables } from '../middleware/admin-key/admin-key.js';
import { keyActor, requireModerator, type Actor } from '../moderation/access.js';
import { moderateFloor } from '../moderation/actions.js';
import { listAudit } from '../moderation/audit.js';
import { banUser, listBans, unbanUser } from '../moderation/bans.js';
import { floorContext, listQueue } from '../moderation/queue.js';
import { reportFloor } from '../moderation/reports.js';
import { policyOf } from '../moderation/settings.js';
import { setWordLists, wordLists } from '../moderation/words.js';
import type { Site, SiteCache } from '../sites/sites.js';
import { honoPath } from './api.js';
import { jsonBody, limitBody, validate } from './validate.js';

const limitJson = limitBody();

/** Who may moderate a request: resolves the site and the actor, or refuses. */
type Gate = (c: Context) => Promise<{ site: Site; actor: Actor }>;
type Route = keyof typeof MODERATION_ADMIN_TWINS;

/**
 * Reports, and the moderation API twice over: for a moderator's (or admin's) reader token under
 * `/v1/sites/{site}/moderation/…` and for a site API key under `/v1/admin/sites/{site}/moderation/…`,
 * the same handlers behind a different gate. Every answer is private and never cached.
 */
export function moderationRoutes(db: Database, sites: SiteCache): Hono {
  const api = new Hono();

  api.post(honoPath(paths.report), limitJson, async (c) => {
    const { site: siteId, number } = validate(FloorParams, c.req.param(), 'path');
    const site = await sites.get(siteId);
    const identity = await resolveUser(db, site, c.req.header('authorization'));
    if (!identity) throw unauthorized('reporting needs a sign-in: send Authorization: Bearer <token>');
    await limitRate(c, site, 'reports', identity.token.sub);
    const input = validate(CreateReport, await jsonBody(c), 'body');
    const receipt = await reportFloor(db, site, identity.user, { ...input, number });
    return c.json(receipt satisfies ReportReceipt, receipt.created ? 201 : 200);
  });

  const moderator: Gate = async (c) => {
    const site = await sites.get(validate(SiteParams, { site: c.req.param('site') }, 'path').site);
    const identity = await requireModerator(c, db, site);
    return { site, actor: { kind: 'user', userId: identity.user.id } };
  };
  const key: Gate = async (c) => {
    const site = (c as Context<{ Variables: AdminVariables }>).get('site');
    return { site, actor: await keyActor(c, db, site) };
  };

  const admin = new Hono<{ Variables: AdminVariables }>();
  admin.use('/v1/admin/sites/:site/moderation/*', adminKey(db, sites));

  /** Registers one handler on a route and on its admin twin. */
  const both = (method: 'get' | 'post' | 'put' | 'delete', route: Route, handler: (c: Context, gate: Gate) => Promise<Response>) => {
    const gated = (gate: Gate) => async (c: Context) => {
      c.header('Cache-Control', 'private, no-store');
      return handler(c, gate);
    };
    const withBody = method === 'post' || method === 'put';
    const path = honoPath(paths[route]);
    const adminPath = honoPath(paths[MODERATION_ADMIN_TWINS[route]]);
    if (withBody) {
      api.on(method.toUpperCase(), path, limitJson, gated(moderator));
      admin.on(method.toUpperCase(), adminPath, limitJson, gated(key));
    } else {
      api.on(method.toUpperCase(), path, gated(moderator));
      admin.on(method.toUpperCase(), adminPath, gated(key));
    }
  };

  both('get', 'queue', async (c, gate) => {
    const { site } = await gate(c);
    const query = validate(QueueQuery, c.req.query(), 'query');
    return c.json(await listQueue(db, site.id, query) satisfies ModerationQueue);
  });

  both('get', 'floor', async (c, gate) => {
    const { floor } = validate(ModerationFloorParams, c.req.param(), 'path');
    const { site } = await gate(c);
    return c.json(await floorContext(db, site.id, floor) satisfies FloorContext);
  });

  both('post', 'floorAction', async (c, gate) => {
    const { floor } = validate(ModerationFloorParams, c.req.param(), 'path');
    const { site, actor } = await gate(c);
    const input = validate(FloorAction, await jsonBody(c), 'body');
    return c.json(await moderateFloor(db, site, actor, floor, input.action, input.reason) satisfies ActionResult);
  });

  both('get', 'bans', async (c, gate) => {
    const { site } = await gate(c);
    const query = validate(BansQuery, c.req.query(), 'query');
    return c.json(await listBans(db, site.id, query) satisfies BanList);
  });

  both('post', 'bans', async (c, gate) => {
    const { site, actor } = await gate(c);
    const input = validate(BanRequest, await jsonBody(c), 'body');
    const { ban, created } = await banUser(db, site, actor, input);
    return c.json(ban satisfies Ban, created ? 201 : 200);
  });

  both('delete', 'ban', async (c, gate) => {
    const { user } = validate(ModerationUserParams, c.req.param(), 'path');
    const query = validate(UnbanQuery, c.req.query(), 'query');
    const { site, actor } = await gate(c);
    return c.json({ lifted: await unbanUser(db, site, actor, user, query) } satisfies UnbanResult);
  });

  both('get', 'audit', async (c, gate) => {
    const { site } = await gate(c);
    const query = validate(AuditQuery, c.req.query(), 'query');
    return c.json(await listAudit(db, site.id, query) satisfies AuditLog);
  });

  both('get', 'words', async (c, gate) => {
    const { site } = await gate(c);
    return c.json(await wordLists(db, site.id) satisfies WordLists);
  });

  both('put', 'words', async (c, gate) => {
    const { site, actor } = await gate(c);
    const input = validate(WordLists, await jsonBody(c), 'body');
    return c.json(await setWordLists(db, site.id, actor, input) satisfies WordLists);
  });

  both('get', 'settings', async (c, gate) => {
    const { site } = await gate(c);
    return c.json(policyOf(site) satisfies ModerationPolicy);
  });

  api.route('/', admin);
  return api;
}
