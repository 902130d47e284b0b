import { DEFAULT_PAGE_SIZE, type FloorPage, type Sort, type View } from '@teahouse/protocol';
import type { Database } from '../db/database.js';
import { invalid } from '../errors.js';
import { PUBLIC, visibleWhere, type Scope } from '../moderation/visibility.js';
import { decodeCursor, encodeCursor } from './cursor.js';
import { listHottest } from './hottest.js';
import type { Kysely } from 'kysely';
import { prepared } from '../db/prepared.js';
import type { Tables } from '../db/schema.js';
import { floorQuery, toFloor, type FloorRow } from './mapping.js';
import { listNested, listReplies } from './nested.js';
import type { ListedThread } from './threads.js';

export interface PageOptions {
  sort?: Sort | undefined;
  limit?: number | undefined;
  cursor?: string | undefined;
  /** Only this author's floors (their user id). */
  author?: string | undefined;
  /** Start at this floor number (inclusive): jump to floor N. */
  from?: number | undefined;
  /** Whose view: which floors it holds and how much of them. @default PUBLIC */
  scope?: Scope | undefined;
  /** Leave the flat view's bodies as stored, for an answer written by `pageJson`. @default false */
  rawBodies?: boolean | undefined;
}

export interface ReadOptions extends PageOptions {
  view?: View | undefined;
  /** The replies under this top-level floor. */
  root?: number | undefined;
}

const conflict = (a: string, b: string) =>
  invalid(`${a} and ${b} cannot be combined`, [{ path: [b], message: `not allowed with ${a}` }]);

/**
 * Every way of reading floors: the flat view (optionally one author's floors, or starting at a
 * floor number), the hottest sort, the nested view and the replies under one top-level floor.
 * All are keyset reads on an index that starts with the thread, so a deep page costs what the
 * first one does.
 */
export async function readFloors(db: Database, thread: ListedThread, options: ReadOptions): Promise<FloorPage> {
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
    return listNested(db, thread, { ...options, sort: chronological(options.sort) });
  }
  return listFloors(db, thread, options);
}

/** Oldest or newest: the orders a floor number alone can page. */
export function chronological(sort: Sort | undefined): 'oldest' | 'newest' {
  const value: string = sort ?? 'oldest';
  if (value !== 'oldest' && value !== 'newest') {
    throw invalid(`sort=${value} cannot be combined with this page`, [{ path: ['sort'], message: 'use oldest or newest here' }]);
  }
  return value;
}

type PageQuery = (k: Kysely<Tables>, ...params: unknown[]) => Promise<FloorRow[]>;
const pageQueries = new Map<string, PageQuery>();

/** The keyset query of one shape of flat page, compiled once (see `prepared`). */
function pageQuery(asc: boolean, scope: Scope['kind'], author: boolean, after: boolean, from: boolean): PageQuery {
  const key = `${asc}:${scope}:${author}:${after}:${from}`;
  let query = pageQueries.get(key);
  if (!query) {
    const arity = 2 + Number(scope === 'reader') + Number(author) + Number(after) + Number(from);
    query = prepared<unknown[], FloorRow>((k, ...p) => {
      let i = 0;
      const next = () => p[i++] as never;
      const threadId: string = next();
      const view: Scope = scope === 'reader' ? { kind: 'reader', userId: next() } : scope === 'moderator' ? { kind: 'moderator', userId: null } : PUBLIC;
      let q = floorQuery(k, threadId).where(visibleWhere(view));
      if (author) q = q.where('f.author_user_id', '=', next());
      if (after) q = q.where('f.number', asc ? '>' : '<', next());
      if (from) q = q.where('f.number', asc ? '>=' : '<=', next());
      return q.orderBy('f.number', asc ? 'asc' : 'desc').limit(next());
    }, arity);
    pageQueries.set(key, query);
  }
  return query;
}

/**
 * The flat view, one keyset page: `number > after` (oldest) or `number < after` (newest), one
 * row extra to know whether more exist; narrowed to one author and/or starting at a floor.
 * The hottest sort pages on (score, number) instead.
 */
export async function listFloors(db: Database, thread: ListedThread, options: PageOptions): Promise<FloorPage> {
  if (options.sort === 'hottest' && options.author === undefined && options.from === undefined) return listHottest(db, thread, options);
  const sort = chronological(options.sort);
  const limit = options.limit ?? DEFAULT_PAGE_SIZE;
  const after = options.cursor === undefined ? undefined : decodeCursor(options.cursor, sort);
  if (!thread) return { floors: [], next: null };
  const asc = sort === 'oldest';
  const scope = options.scope ?? PUBLIC;
  // Parameters in the order the query takes them: the thread, the reader (a reader's own floors), the rest.
  const params: unknown[] = [thread.id];
  if (scope.kind === 'reader') params.push(scope.userId);
  if (options.author !== undefined) params.push(options.author);
  if (after !== undefined) params.push(after);
  if (options.from !== undefined) params.push(options.from);
  params.push(limit + 1);
  const rows = await pageQuery(asc, scope.kind, options.author !== undefined, after !== undefined, options.from !== undefined)(db.kysely, ...params);
  const floors = rows.slice(0, limit).map((row) => toFloor(row, thread.author_user_id, scope, options.rawBodies === true));
  const last = floors[floors.length - 1];
  return { floors, next: rows.length > limit && last ? encodeCursor(sort, last.number) : null };
}
