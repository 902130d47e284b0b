import type { Context, Hono } from 'hono';
import type {
  ActionResult, AuditLog, Ban, BanList, FloorContext, ModerationPolicy, ModerationQueue, ReportReceipt, UnbanResult, WordLists,
} from '@teahouse/protocol';
import { routeTable, type RouteTable } from '@teahouse/protocol/routes';
import { limitRate } from '../abuse/guard.js';
import type { Database } from '../db/database.js';
import { unauthorized } from '../errors.js';
import { personOf } from '../middleware/identity/identity.js';
import type { Actor } from '../moderation/access.js';
import { moderateFloor } from '../moderation/actions.js';
import { listAudit } from '../moderation/audit.js';
import { banUser, listBans, unbanUser } from '../moderation/bans.js';
import { floorContext, listQueue } from '../moderation/queue.js';
import { reportFloor } from '../moderation/reports.js';
import { policyOf } from '../moderation/settings.js';
import { setWordLists, wordLists } from '../moderation/words.js';
import { register, type RouteHandler, type RouteOptions } from './route.js';

/** Each moderation operation for a moderator's token, and its twin for a site API key. */
const TWINS = {
  moderationQueue: 'adminModerationQueue',
  moderationFloor: 'adminModerationFloor',
  moderateFloor: 'adminModerateFloor',
  moderationBans: 'adminModerationBans',
  moderationBan: 'adminModerationBan',
  moderationUnban: 'adminModerationUnban',
  moderationAudit: 'adminModerationAudit',
  moderationWords: 'adminModerationWords',
  moderationSetWords: 'adminModerationSetWords',
  moderationSettings: 'adminModerationSettings',
} as const satisfies Partial<Record<keyof RouteTable, keyof RouteTable>>;

/** Who moderates, as the audit log records them: the moderator, or the API key by its label. */
async function moderatorOf(c: Context): Promise<Actor> {
  const caller = await c.var.caller();
  if (caller.kind === 'key') return { kind: 'key', label: caller.label };
  if (caller.kind === 'reader' || caller.kind === 'guest') return { kind: 'user', userId: (await caller.user()).id };
  throw unauthorized('this needs a moderator\'s sign-in or a site API key');
}

/**
 * Reports, and the moderation API twice over: for a moderator's (or admin's) reader token under
 * `/v1/sites/{site}/moderation/…` and for a site API key under `/v1/admin/sites/{site}/moderation/…`,
 * the same handlers behind the gate each entry's `auth` names. Every answer is private and never cached.
 */
export function moderationRoutes(app: Hono, db: Database, options: RouteOptions): void {
  register(app, routeTable.reportFloor, async (c) => {
    const site = c.var.site;
    const { number } = c.req.valid('param');
    const person = await personOf(c);
    await limitRate(c, site, 'reports', person.token.sub);
    const receipt = await reportFloor(db, site, await person.user(), { ...c.req.valid('json'), number });
    return c.json(receipt satisfies ReportReceipt, receipt.created ? 201 : 200);
  }, options);

  const both = <N extends keyof typeof TWINS>(name: N, handler: RouteHandler<RouteTable[N]>) => {
    const privately: RouteHandler<RouteTable[N]> = (c) => {
      c.header('Cache-Control', 'private, no-store');
      return handler(c);
    };
    register(app, routeTable[name], privately, options);
    register(app, routeTable[TWINS[name]], privately as unknown as RouteHandler<RouteTable[(typeof TWINS)[N]]>, options);
  };

  both('moderationQueue', async (c) => c.json(await listQueue(db, c.var.site.id, c.req.valid('query')) satisfies ModerationQueue));

  both('moderationFloor', async (c) => c.json(await floorContext(db, c.var.site.id, c.req.valid('param').floor) satisfies FloorContext));

  both('moderateFloor', async (c) => {
    const input = c.req.valid('json');
    const result = await moderateFloor(db, c.var.site, await moderatorOf(c), c.req.valid('param').floor, input.action, input.reason);
    return c.json(result satisfies ActionResult);
  });

  both('moderationBans', async (c) => c.json(await listBans(db, c.var.site.id, c.req.valid('query')) satisfies BanList));

  both('moderationBan', async (c) => {
    const { ban, created } = await banUser(db, c.var.site, await moderatorOf(c), c.req.valid('json'));
    return c.json(ban satisfies Ban, created ? 201 : 200);
  });

  both('moderationUnban', async (c) => {
    const lifted = await unbanUser(db, c.var.site, await moderatorOf(c), c.req.valid('param').user, c.req.valid('query'));
    return c.json({ lifted } satisfies UnbanResult);
  });

  both('moderationAudit', async (c) => c.json(await listAudit(db, c.var.site.id, c.req.valid('query')) satisfies AuditLog));

  both('moderationWords', async (c) => c.json(await wordLists(db, c.var.site.id) satisfies WordLists));

  both('moderationSetWords', async (c) => {
    return c.json(await setWordLists(db, c.var.site.id, await moderatorOf(c), c.req.valid('json')) satisfies WordLists);
  });

  both('moderationSettings', (c) => c.json(policyOf(c.var.site) satisfies ModerationPolicy));
}
