import { sql, type Kysely, type RawBuilder, type SqlBool } from 'kysely';
import { prepared } from '../db/prepared.js';
import type { Tables } from '../db/schema.js';
import type { Role } from '@teahouse/protocol';

/**
 * Who is reading, as far as which floors they may see:
 * - `public`: anonymous readers and other readers' floors: published floors and tombstones of
 *   deleted ones, never hidden or pending floors, never those of a shadow-banned author;
 * - `reader`: the same, plus the reader's own floors (pending ones, and all of them when they are
 *   shadow-banned, shown as if published) but not their hidden ones;
 * - `moderator`: every floor in place, with its content and its status.
 */
export type Scope =
  | { kind: 'public' }
  | { kind: 'reader'; userId: string }
  | { kind: 'moderator'; userId: string | null };

export const PUBLIC: Scope = { kind: 'public' };

export const isModeratorRole = (role: string | null | undefined): role is Extract<Role, 'moderator' | 'admin'> =>
  role === 'moderator' || role === 'admin';

/** The scope of a signed-in user with a role on the site. */
export function scopeOf(user: { id: string; role: string } | null): Scope {
  if (!user) return PUBLIC;
  return isModeratorRole(user.role) ? { kind: 'moderator', userId: user.id } : { kind: 'reader', userId: user.id };
}

/** Statuses that anyone may see; a floor counts in `reply_count` when it has one of them and is not shadowed. */
export const PUBLIC_STATUSES = ['published', 'deleted'] as const;

/** True when the floor is part of what every reader sees (and so of the thread's counts). */
export const isPublic = (status: string, shadow: number | boolean): boolean =>
  !shadow && (status === 'published' || status === 'deleted');

/**
 * The condition on a floor row aliased `f` that keeps only what the scope may see. Raw SQL so it
 * fits every query over floors, whatever else it joins.
 */
export function visibleWhere(scope: Scope): RawBuilder<SqlBool> {
  if (scope.kind === 'moderator') return sql<SqlBool>`1 = 1`;
  const open = sql<SqlBool>`(f.status in ('published', 'deleted') and f.shadow = 0)`;
  if (scope.kind === 'public') return open;
  return sql<SqlBool>`(${open} or (f.author_user_id = ${scope.userId} and f.status <> 'hidden'))`;
}

/**
 * How much of a floor the scope sees: `full` (body and author), `tombstone` (a deleted floor's
 * number and status), or `none` (it must not be shown at all).
 */
export function sight(scope: Scope, floor: { status: string; shadow: number | boolean; author_user_id: string | null }): 'full' | 'tombstone' | 'none' {
  if (scope.kind === 'moderator') return 'full';
  const own = scope.kind === 'reader' && floor.author_user_id !== null && floor.author_user_id === scope.userId;
  if (floor.shadow && !own) return 'none';
  if (floor.status === 'published') return 'full';
  if (floor.status === 'deleted') return 'tombstone';
  return own && floor.status === 'pending' ? 'full' : 'none';
}

const ownUnlike = prepared((k: Kysely<Tables>, threadId: string, userId: string) => k
  .selectFrom('floors as f')
  .select('f.number')
  .where('f.thread_id', '=', threadId)
  .where('f.author_user_id', '=', userId)
  .where('f.status', '<>', 'hidden')
  .where((eb) => eb.or([eb('f.shadow', '<>', 0), eb('f.status', 'not in', [...PUBLIC_STATUSES])]))
  .limit(1), 2);

/**
 * True when a reader (not a moderator) sees this thread as everyone does: no floor of theirs is
 * held for review or shadowed there, which is all a reader's scope adds to the public one.
 */
export async function seesPublicView(db: { kysely: Kysely<Tables> }, threadId: string, userId: string): Promise<boolean> {
  return (await ownUnlike(db.kysely, threadId, userId)).length === 0;
}
