import { DEFAULT_PAGE_SIZE, NESTED_REPLIES, type FloorPage, type ReplyGroup } from '@teahouse/protocol';
import type { Kysely } from 'kysely';
import type { Database } from '../db/database.js';
import type { Tables } from '../db/schema.js';
import { PUBLIC, visibleWhere, type Scope } from '../moderation/visibility.js';
import { decodeCursor, encodeCursor } from './cursor.js';
import { floorQuery, toFloor } from './mapping.js';
import type { ListedThread } from './threads.js';

interface NestedOptions {
  sort: 'oldest' | 'newest';
  limit?: number | undefined;
  cursor?: string | undefined;
  scope?: Scope | undefined;
}

/** Where a new floor sits in the nested view, from its parent's place (none: a top-level floor). */
export function nestedPlace(number: number, parent: { root: number; depth: number } | undefined) {
  return parent ? { root_number: parent.root, depth: parent.depth + 1 } : { root_number: number, depth: 0 };
}

/** One more reply under a top-level floor; called in the posting transaction. */
export async function countReply(trx: Kysely<Tables>, threadId: string, root: number): Promise<void> {
  await trx
    .updateTable('floors')
    .set((eb) => ({ descendants: eb('descendants', '+', 1) }))
    .where('thread_id', '=', threadId)
    .where('number', '=', root)
    .execute();
}

/** Top-level floors by keyset, each with its first replies. */
export async function listNested(db: Database, thread: ListedThread, options: NestedOptions): Promise<FloorPage> {
  const sort = options.sort;
  const limit = options.limit ?? DEFAULT_PAGE_SIZE;
  const after = options.cursor === undefined ? undefined : decodeCursor(options.cursor, sort);
  if (!thread) return { floors: [], next: null, replies: [] };
  const asc = sort === 'oldest';
  const scope = options.scope ?? PUBLIC;
  let query = floorQuery(db.kysely, thread.id)
    .select('f.descendants')
    .where('f.depth', '=', 0)
    .where(visibleWhere(scope));
  if (after !== undefined) query = query.where('f.number', asc ? '>' : '<', after);
  const rows = await query.orderBy('f.number', asc ? 'asc' : 'desc').limit(limit + 1).execute();
  const roots = rows.slice(0, limit);
  const last = roots[roots.length - 1];
  // `descendants` counts the replies every reader sees; other views count theirs.
  const counts = scope.kind === 'public' ? null : await countVisibleReplies(db, thread.id, roots.map((r) => r.number), scope);
  // One bounded read per root: each walks (thread, root, number) and stops after a few rows,
  // however many replies a root has.
  const replies = await Promise.all(
    roots.filter((r) => (counts?.get(r.number) ?? r.descendants) > 0).map(async (r) => {
      const group = await listReplies(db, thread, r.number, { limit: NESTED_REPLIES, scope });
      const total = counts?.get(r.number) ?? r.descendants;
      return { root: r.number, floors: group.floors, more: Math.max(0, total - group.floors.length), next: group.next } satisfies ReplyGroup;
    }),
  );
  return {
    floors: roots.map((row) => toFloor(row, thread.author_user_id, scope)),
    next: rows.length > limit && last ? encodeCursor(sort, last.number) : null,
    replies,
  };
}

/** The replies under one top-level floor, oldest first. */
export async function listReplies(
  db: Database,
  thread: ListedThread,
  root: number,
  options: { limit?: number | undefined; cursor?: string | undefined; scope?: Scope | undefined },
): Promise<FloorPage> {
  const limit = options.limit ?? NESTED_REPLIES;
  const after = options.cursor === undefined ? undefined : decodeCursor(options.cursor, 'oldest');
  if (!thread) return { floors: [], next: null };
  const scope = options.scope ?? PUBLIC;
  const query = floorQuery(db.kysely, thread.id)
    .where('f.root_number', '=', root)
    .where('f.number', '>', after ?? root)
    .where(visibleWhere(scope));
  const rows = await query.orderBy('f.number', 'asc').limit(limit + 1).execute();
  const floors = rows.slice(0, limit).map((row) => toFloor(row, thread.author_user_id, scope));
  const last = floors[floors.length - 1];
  return { floors, next: rows.length > limit && last ? encodeCursor('oldest', last.number) : null };
}

/** Replies under each of these top-level floors that `scope` sees: one grouped read on (thread, root, number). */
async function countVisibleReplies(db: Database, threadId: string, roots: number[], scope: Scope): Promise<Map<number, number>> {
  const out = new Map<number, number>();
  if (roots.length === 0) return out;
  const rows = await db.kysely
    .selectFrom('floors as f')
    .select(['f.root_number', (eb) => eb.fn.countAll<number | string>().as('n')])
    .where('f.thread_id', '=', threadId)
    .where('f.root_number', 'in', roots)
    .where('f.depth', '>', 0)
    .where(visibleWhere(scope))
    .groupBy('f.root_number')
    .execute();
  for (const row of rows) if (row.root_number !== null) out.set(row.root_number, Number(row.n));
  return out;
}
