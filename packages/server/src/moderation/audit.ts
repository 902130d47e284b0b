import type { Kysely } from 'kysely';
import type { AuditAction, AuditEntry, AuditLog, AuthorRole, BanKind, FloorStatus } from '@teahouse/protocol';
import type { Database } from '../db/database.js';
import type { Tables } from '../db/schema.js';
import { findThread } from '../threads/threads.js';
import type { Actor } from './access.js';

export const DEFAULT_MODERATION_PAGE = 30;

/** One audit entry as it is written. */
export interface AuditRecord {
  siteId: string;
  actor: Actor;
  action: AuditEntry['action'];
  reason?: string | null | undefined;
  floor?: { id: string; threadId: string; page: string; number: number } | undefined;
  /** The commenter acted on, or the floor's author. */
  userId?: string | null | undefined;
  status?: { from: FloorStatus; to: FloorStatus } | undefined;
  ban?: { kind: BanKind; until: string | null } | undefined;
  words?: { banned: number; suspect: number } | undefined;
}

/** Writes an audit entry inside the transaction of the change it records. */
export async function recordAudit(trx: Kysely<Tables>, record: AuditRecord): Promise<void> {
  const { actor } = record;
  await trx.insertInto('moderation_audit').values({
    site_id: record.siteId,
    actor_kind: actor.kind,
    actor_user_id: actor.kind === 'user' ? actor.userId : null,
    actor_label: actor.kind === 'user' ? null : actor.label,
    action: record.action,
    reason: record.reason ?? null,
    floor_id: record.floor?.id ?? null,
    thread_id: record.floor?.threadId ?? null,
    page_key: record.floor?.page ?? null,
    floor_number: record.floor?.number ?? null,
    user_id: record.userId ?? null,
    status_from: record.status?.from ?? null,
    status_to: record.status?.to ?? null,
    ban_kind: record.ban?.kind ?? null,
    ban_until: record.ban?.until ?? null,
    details: record.words ? JSON.stringify({ words: record.words }) : null,
    created_at: new Date().toISOString(),
  }).execute();
}

type UserCols = { id: string | null; name: string | null; avatar: string | null; role: AuthorRole | null };

/** A user row from a left join, or null when there was none. */
export const joinedAuthor = (u: UserCols) =>
  u.id !== null && u.name !== null && u.role !== null ? { id: u.id, name: u.name, avatar: u.avatar, role: u.role } : null;

/** An actor as the API shows it. */
export const toActor = (kind: string, user: ReturnType<typeof joinedAuthor>, label: string | null): AuditEntry['actor'] => ({
  kind: kind === 'user' || kind === 'key' ? kind : 'system',
  user,
  label,
});

/** The audit log of a site, newest first, by keyset on the entry id. */
export async function listAudit(
  db: Database,
  siteId: string,
  query: { action?: AuditAction | undefined; user?: string | undefined; page?: string | undefined; cursor?: string | undefined; limit?: number | undefined },
): Promise<AuditLog> {
  const limit = query.limit ?? DEFAULT_MODERATION_PAGE;
  let q = db.kysely
    .selectFrom('moderation_audit as a')
    .leftJoin('users as au', 'au.id', 'a.actor_user_id')
    .leftJoin('users as tu', 'tu.id', 'a.user_id')
    .selectAll('a')
    .select([
      'au.id as au_id', 'au.name as au_name', 'au.avatar as au_avatar', 'au.role as au_role',
      'tu.id as tu_id', 'tu.name as tu_name', 'tu.avatar as tu_avatar', 'tu.role as tu_role',
    ])
    .where('a.site_id', '=', siteId);
  if (query.action !== undefined) q = q.where('a.action', '=', query.action);
  if (query.user !== undefined) q = q.where('a.user_id', '=', query.user);
  if (query.page !== undefined) {
    const thread = await findThread(db, siteId, query.page);
    if (!thread) return { entries: [], next: null };
    q = q.where('a.thread_id', '=', thread.id);
  }
  if (query.cursor !== undefined) q = q.where('a.id', '<', db.dialect === 'sqlite' ? Number(query.cursor) : query.cursor);
  const rows = await q.orderBy('a.id', 'desc').limit(limit + 1).execute();
  const entries = rows.slice(0, limit).map((row): AuditEntry => {
    const details = row.details ? (JSON.parse(row.details) as { words?: { banned: number; suspect: number } }) : {};
    return {
      id: String(row.id),
      createdAt: row.created_at,
      actor: toActor(row.actor_kind, joinedAuthor({ id: row.au_id, name: row.au_name, avatar: row.au_avatar, role: row.au_role }), row.actor_label),
      action: row.action,
      reason: row.reason,
      floor: row.floor_id !== null && row.page_key !== null && row.floor_number !== null
        ? { id: row.floor_id, page: row.page_key, number: row.floor_number }
        : null,
      user: joinedAuthor({ id: row.tu_id, name: row.tu_name, avatar: row.tu_avatar, role: row.tu_role }),
      ...(row.status_from !== null && row.status_to !== null
        ? { status: { from: row.status_from, to: row.status_to } }
        : {}),
      ...(row.ban_kind !== null ? { ban: { kind: row.ban_kind, until: row.ban_until } } : {}),
      ...(details.words ? { words: details.words } : {}),
    };
  });
  const last = entries[entries.length - 1];
  return { entries, next: rows.length > limit && last ? last.id : null };
}
