import {
  DEFAULT_PAGE_SIZE, NESTED_REPLIES,
  type FloorPage, type ReplyGroup, type Sort, type View,
} from '@teahouse/protocol';
import type { Kysely } from 'kysely';
import type { Database } from '../db/database.js';
import type { Tables } from '../db/schema.js';
import { invalid } from '../errors.js';
import { decodeCursor, encodeCursor } from './cursor.js';
import { floorQuery, listFloors, toFloor, type ThreadRow } from './floors.js';
import { PUBLIC, visibleWhere, type Scope } from '../moderation/visibility.js';

type ThreadRef = Pick<ThreadRow, 'id' | 'author_user_id'> | null;

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

export interface ReadOptions {
  sort?: Sort | undefined;
  limit?: number | undefined;
  cursor?: string | undefined;
  view?: View | undefined;
  author?: string | undefined;
  from?: number | undefined;
  root?: number | undefined;
  /** Whose view: which floors it holds and how much of them. @default PUBLIC */
  scope?: Scope | undefined;
}

const conflict = (a: string, b: string) =>
  invalid(`${a} and ${b} cannot be combined`, [{ path: [b], message: `not allowed with ${a}` }]);

/**
 * Every way of reading floors: the flat view, one author's floors, a page starting at a floor
 * number, the nested view and the replies under one top-level floor. All are keyset reads on
 * an index that starts with the thread, so a deep page costs what the first one does.
 */
export async function readFloors(db: Database, thread: ThreadRef, options: ReadOptions): Promise<FloorPage> {
  const { view, author, from, root, cursor } = options;
  if (from !== undefined && cursor !== undefined) throw conflict('from', 'cursor');
  if (root !== undefined) {
    if (view === 'nested') throw conflict('root', 'view');
    if (author !== undefined) throw conflict('root', 'author');
    if (from !== undefined) throw conflict('root', 'from');
    if (options.sort !== undefined && options.sort !== 'oldest') throw conflict('root', 'sort');
    return listReplies(db, thread, root, options);
  }
  if (view === 'nested') {
    if (author !== undefined) throw conflict('view=nested', 'author');
    if (from !== undefined) throw conflict('view=nested', 'from');
    return listNested(db, thread, options);
  }
  if (author === undefined && from === undefined) return listFloors(db, thread, options);
  return listKeyset(db, thread, options);
}

function sortOf(options: ReadOptions): 'oldest' | 'newest' {
  const sort: string = options.sort ?? 'oldest';
  if (sort !== 'oldest' && sort !== 'newest') {
    throw invalid(`sort=${sort} cannot be combined with this page`, [{ path: ['sort'], message: 'use oldest or newest here' }]);
  }
  return sort;
}

/** One author's floors and/or a page starting at a floor number. */
async function listKeyset(db: Database, thread: ThreadRef, options: ReadOptions): Promise<FloorPage> {
  const sort = sortOf(options);
  const limit = options.limit ?? DEFAULT_PAGE_SIZE;
  const after = options.cursor === undefined ? undefined : decodeCursor(options.cursor, sort);
  if (!thread) return { floors: [], next: null };
  await db.ready;
  const asc = sort === 'oldest';
  const scope = options.scope ?? PUBLIC;
  let query = floorQuery(db, thread.id).where(visibleWhere(scope));
  if (options.author !== undefined) query = query.where('f.author_user_id', '=', options.author);
  if (after !== undefined) query = query.where('f.number', asc ? '>' : '<', after);
  if (options.from !== undefined) query = query.where('f.number', asc ? '>=' : '<=', options.from);
  const rows = await query.orderBy('f.number', asc ? 'asc' : 'desc').limit(limit + 1).execute();
  const floors = rows.slice(0, limit).map((row) => toFloor(row, thread.author_user_id, scope));
  const last = floors[floors.length - 1];
  return { floors, next: rows.length > limit && last ? encodeCursor(sort, last.number) : null };
}

/** Top-level floors by keyset, each with its first replies. */
async function listNested(db: Database, thread: ThreadRef, options: ReadOptions): Promise<FloorPage> {
  const sort = sortOf(options);
  const limit = options.limit ?? DEFAULT_PAGE_SIZE;
  const after = options.cursor === undefined ? undefined : decodeCursor(options.cursor, sort);
  if (!thread) return { floors: [], next: null, replies: [] };
  await db.ready;
  const asc = sort === 'oldest';
  const scope = options.scope ?? PUBLIC;
  let query = floorQuery(db, thread.id)
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
async function listReplies(db: Database, thread: ThreadRef, root: number, options: ReadOptions): Promise<FloorPage> {
  const limit = options.limit ?? NESTED_REPLIES;
  const after = options.cursor === undefined ? undefined : decodeCursor(options.cursor, 'oldest');
  if (!thread) return { floors: [], next: null };
  await db.ready;
  const scope = options.scope ?? PUBLIC;
  const query = floorQuery(db, thread.id)
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

/** Reply counts of many pages of a site in one indexed read of the threads table. */
export async function countReplies(db: Database, siteId: string, pages: readonly string[]): Promise<Record<string, number>> {
  await db.ready;
  const unique = [...new Set(pages)];
  const rows = await db.kysely
    .selectFrom('threads')
    .select(['page_key', 'reply_count'])
    .where('site_id', '=', siteId)
    .where('page_key', 'in', unique)
    .execute();
  const counts: Record<string, number> = Object.create(null) as Record<string, number>;
  for (const page of unique) counts[page] = 0;
  for (const row of rows) counts[row.page_key] = row.reply_count;
  return { ...counts };
}
