import type { Kysely } from 'kysely';
import type { AuthorRole, Ban, BanKind, BanList, ErrorIssue } from '@teahouse/protocol';
import type { Database } from '../db/database.js';
import type { Tables } from '../db/schema.js';
import type { Work } from '../db/work.js';
import { ApiError, invalid, notFound } from '../errors.js';
import type { Site } from '../sites/sites.js';
import type { Actor } from './access.js';
import { joinedAuthor, recordAudit, toActor, DEFAULT_MODERATION_PAGE } from './audit.js';
import { isPublic } from './visibility.js';

/** A commenter's bans in force: a temporary ban whose end has passed counts for nothing. */
export interface ActiveBans {
  ban: { until: string | null; reason: string | null } | null;
  shadow: boolean;
}

export async function activeBans(db: Database | Kysely<Tables>, siteId: string, userId: string): Promise<ActiveBans> {
  const k = 'kysely' in db ? db.kysely : db;
  const rows = await k.selectFrom('bans').select(['kind', 'until', 'reason'])
    .where('site_id', '=', siteId).where('user_id', '=', userId).execute();
  const now = new Date().toISOString();
  const live = rows.filter((row) => row.until === null || row.until > now);
  const ban = live.find((row) => row.kind === 'ban');
  return { ban: ban ? { until: ban.until, reason: ban.reason } : null, shadow: live.some((row) => row.kind === 'shadow') };
}

/** The 403 a banned commenter gets, saying until when and why (`details.ban`). */
export class BannedError extends ApiError {
  readonly ban: { until: string | null; reason: string | null };

  constructor(ban: { until: string | null; reason: string | null }, what: string) {
    super(403, 'forbidden', ban.until
      ? `you are banned from ${what} on this site until ${ban.until}${ban.reason ? `: ${ban.reason}` : ''}`
      : `you are banned from ${what} on this site${ban.reason ? `: ${ban.reason}` : ''}`);
    this.ban = ban;
  }

  override toBody(): { error: { code: 'forbidden'; message: string; details: { issues?: ErrorIssue[]; ban: { until: string | null; reason: string | null } } } } {
    return { error: { code: 'forbidden', message: this.message, details: { ban: this.ban } } };
  }
}

/** Throws {@link BannedError} when the user is banned (a shadow-ban is never told). */
export async function refuseBanned(db: Database, siteId: string, userId: string, what: string): Promise<ActiveBans> {
  const bans = await activeBans(db, siteId, userId);
  if (bans.ban) throw new BannedError(bans.ban, what);
  return bans;
}

/**
 * Shows or hides every floor of a commenter from everyone else, keeping each thread's reply
 * count and each top-level floor's reply count exact, and bumping each thread's version so
 * cached pages are rebuilt. No live events: the commenter's own open pages must not change.
 */
async function setShadow(work: Work, siteId: string, userId: string, on: boolean): Promise<void> {
  const { trx } = work;
  const floors = await trx.selectFrom('floors as f').innerJoin('threads as t', 't.id', 'f.thread_id')
    .select(['f.thread_id', 'f.status', 'f.depth', 'f.root_number', 't.page_key'])
    .where('f.author_user_id', '=', userId).where('f.shadow', '=', on ? 0 : 1).execute();
  if (floors.length === 0) return;
  await trx.updateTable('floors').set({ shadow: on ? 1 : 0 }).where('author_user_id', '=', userId).execute();
  const threads = new Map<string, { page: string; delta: number }>();
  const roots = new Map<string, { thread: string; root: number; delta: number }>();
  const step = on ? -1 : 1;
  for (const floor of floors) {
    const thread = threads.get(floor.thread_id) ?? { page: floor.page_key, delta: 0 };
    threads.set(floor.thread_id, thread);
    if (!isPublic(floor.status, false)) continue;
    thread.delta += step;
    if (floor.depth > 0 && floor.root_number !== null) {
      const key = `${floor.thread_id}\n${floor.root_number}`;
      const root = roots.get(key) ?? { thread: floor.thread_id, root: floor.root_number, delta: 0 };
      root.delta += step;
      roots.set(key, root);
    }
  }
  // Threads in one order in every transaction, so two of them never wait on each other.
  for (const [id, { page, delta }] of [...threads].sort(([a], [b]) => (a < b ? -1 : 1))) {
    await trx.updateTable('threads')
      .set((eb) => ({ reply_count: eb('reply_count', '+', delta), version: eb('version', '+', 1) }))
      .where('id', '=', id).execute();
    work.claimVersion(id);
    work.touch({ id, site: siteId, page });
  }
  for (const { thread, root, delta } of roots.values()) {
    if (delta === 0) continue;
    await trx.updateTable('floors').set((eb) => ({ descendants: eb('descendants', '+', delta) }))
      .where('thread_id', '=', thread).where('number', '=', root).execute();
  }
}

async function banRow(k: Kysely<Tables>, siteId: string, userId: string, kind: BanKind): Promise<Ban> {
  const row = await k.selectFrom('bans as b')
    .innerJoin('users as u', 'u.id', 'b.user_id')
    .leftJoin('users as a', 'a.id', 'b.actor_user_id')
    .select(['b.kind', 'b.until', 'b.reason', 'b.created_at', 'b.actor_kind', 'b.actor_label',
      'u.id as u_id', 'u.name as u_name', 'u.avatar as u_avatar', 'u.role as u_role',
      'a.id as a_id', 'a.name as a_name', 'a.avatar as a_avatar', 'a.role as a_role'])
    .where('b.site_id', '=', siteId).where('b.user_id', '=', userId).where('b.kind', '=', kind)
    .executeTakeFirstOrThrow();
  return toBan(row);
}

type BanJoin = {
  kind: BanKind; until: string | null; reason: string | null; created_at: string; actor_kind: string; actor_label: string | null;
  u_id: string; u_name: string; u_avatar: string | null; u_role: AuthorRole;
  a_id: string | null; a_name: string | null; a_avatar: string | null; a_role: AuthorRole | null;
};

function toBan(row: BanJoin): Ban {
  return {
    user: joinedAuthor({ id: row.u_id, name: row.u_name, avatar: row.u_avatar, role: row.u_role })!,
    kind: row.kind,
    until: row.until,
    reason: row.reason,
    createdAt: row.created_at,
    by: toActor(row.actor_kind, joinedAuthor({ id: row.a_id, name: row.a_name, avatar: row.a_avatar, role: row.a_role }), row.actor_label),
  };
}

const issue = (path: string, message: string): ErrorIssue[] => [{ path: [path], message }];

/**
 * Bans a commenter of the site, or replaces their ban of that kind. A shadow-ban hides every
 * floor of theirs from everyone else at once. Returns the ban and whether it is new.
 */
export async function banUser(
  db: Database,
  site: Site,
  actor: Actor,
  input: { user: string; kind?: BanKind | undefined; until?: string | null | undefined; reason: string },
): Promise<{ ban: Ban; created: boolean }> {
  const kind = input.kind ?? 'ban';
  const until = input.until ? new Date(input.until).toISOString() : null;
  if (until !== null && kind === 'shadow') {
    throw invalid('a shadow-ban lasts until it is lifted: leave out `until`', issue('until', 'not allowed for a shadow-ban'));
  }
  if (until !== null && until <= new Date().toISOString()) throw invalid('`until` must be in the future', issue('until', 'in the past'));
  const target = await db.kysely.selectFrom('users').select(['id', 'role']).where('site_id', '=', site.id).where('id', '=', input.user).executeTakeFirst();
  if (!target) throw notFound(`no commenter ${input.user} on this site`);
  if (actor.kind === 'user' && actor.userId === target.id) throw new ApiError(403, 'forbidden', 'you cannot ban yourself');

  const row = {
    until, reason: input.reason, created_at: new Date().toISOString(), actor_kind: actor.kind,
    actor_user_id: actor.kind === 'user' ? actor.userId : null, actor_label: actor.kind === 'user' ? null : actor.label,
  };
  return db.write(async (work) => {
    const { trx } = work;
    const existing = await trx.selectFrom('bans').select('id').where('site_id', '=', site.id).where('user_id', '=', target.id)
      .where('kind', '=', kind).executeTakeFirst();
    if (existing) await trx.updateTable('bans').set(row).where('id', '=', existing.id).execute();
    else await trx.insertInto('bans').values({ site_id: site.id, user_id: target.id, kind, ...row }).execute();
    if (kind === 'shadow') await setShadow(work, site.id, target.id, true);
    await recordAudit(trx, { siteId: site.id, actor, action: 'ban', reason: input.reason, userId: target.id, ban: { kind, until } });
    return { ban: await banRow(trx, site.id, target.id, kind), created: !existing };
  });
}

/** Lifts one kind of ban (or both): a lifted shadow-ban shows the commenter's floors to everyone again. */
export async function unbanUser(
  db: Database,
  site: Site,
  actor: Actor,
  userId: string,
  options: { kind?: BanKind | undefined; reason?: string | undefined },
): Promise<BanKind[]> {
  const kinds: BanKind[] = options.kind ? [options.kind] : ['ban', 'shadow'];
  return db.write(async (work) => {
    const { trx } = work;
    const rows = await trx.selectFrom('bans').select(['id', 'kind', 'until']).where('site_id', '=', site.id)
      .where('user_id', '=', userId).where('kind', 'in', kinds).execute();
    if (rows.length === 0) return [];
    await trx.deleteFrom('bans').where('id', 'in', rows.map((r) => r.id)).execute();
    const lifted = rows.map((r) => r.kind).sort();
    if (lifted.includes('shadow')) await setShadow(work, site.id, userId, false);
    for (const row of rows) {
      await recordAudit(trx, { siteId: site.id, actor, action: 'unban', reason: options.reason, userId, ban: { kind: row.kind, until: row.until } });
    }
    return lifted;
  });
}

/** Bans in force, newest first, by keyset on the ban's id. */
export async function listBans(
  db: Database,
  siteId: string,
  query: { kind?: BanKind | undefined; cursor?: string | undefined; limit?: number | undefined },
): Promise<BanList> {
  const limit = query.limit ?? DEFAULT_MODERATION_PAGE;
  const after = query.cursor === undefined ? undefined : decodeBanCursor(query.cursor);
  let q = db.kysely.selectFrom('bans as b')
    .innerJoin('users as u', 'u.id', 'b.user_id')
    .leftJoin('users as a', 'a.id', 'b.actor_user_id')
    .select(['b.id', 'b.kind', 'b.until', 'b.reason', 'b.created_at', 'b.actor_kind', 'b.actor_label',
      'u.id as u_id', 'u.name as u_name', 'u.avatar as u_avatar', 'u.role as u_role',
      'a.id as a_id', 'a.name as a_name', 'a.avatar as a_avatar', 'a.role as a_role'])
    .where('b.site_id', '=', siteId)
    .where((eb) => eb.or([eb('b.until', 'is', null), eb('b.until', '>', new Date().toISOString())]));
  if (query.kind !== undefined) q = q.where('b.kind', '=', query.kind);
  if (after !== undefined) q = q.where('b.id', '<', db.dialect === 'sqlite' ? Number(after) : after);
  const rows = await q.orderBy('b.id', 'desc').limit(limit + 1).execute();
  const last = rows[Math.min(rows.length, limit) - 1];
  return { bans: rows.slice(0, limit).map(toBan), next: rows.length > limit && last ? String(last.id) : null };
}

function decodeBanCursor(cursor: string): string {
  if (!/^\d{1,18}$/.test(cursor)) throw invalid('the cursor is not one this server gave out', issue('cursor', 'invalid cursor'));
  return cursor;
}
