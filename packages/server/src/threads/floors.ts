import { randomBytes } from 'node:crypto';
import {
  DEFAULT_PAGE_SIZE, RootNode, excerpt,
  type Author, type Floor, type FloorPage, type FloorStatus, type FloorKind, type QuotedFloor, type Role,
  type Sort, type Thread, type FloorAward,
} from '@teahouse/protocol';
import type { Database } from '../db/database.js';
import { invalid, notFound } from '../errors.js';
import { parseBody } from '../rich-text/markdown.js';
import type { Site } from '../sites/sites.js';
import type { TokenUser } from '../auth/token.js';
import { roleOf } from '../auth/roles.js';
import { decodeCursor, encodeCursor } from './cursor.js';
import type { Kysely, Selectable } from 'kysely';
import type { Tables, ThreadsTable } from '../db/schema.js';
import { recordEvent } from '../events/events.js';
import { awardReply } from '../rewards/actions.js';
import { kickWebhooks } from '../rewards/webhooks.js';
import { checkLength, checkLinks } from './limits.js';
import { countReply, nestedPlace } from './nested.js';
import { floorsWithCounts, listHottest } from '../reactions/reactions.js';
import { PUBLIC, isPublic, sight, visibleWhere, type Scope } from '../moderation/visibility.js';
import { holdForReview, type PostVerdict } from '../moderation/hold.js';

/** Postgres `integer`; larger floor numbers cannot exist, so they are not looked up. */
const MAX_FLOOR_NUMBER = 2_147_483_647;

export const newId = (): string => randomBytes(12).toString('base64url');
const now = (): string => new Date().toISOString();

export interface UserRow {
  id: string;
  name: string;
  avatar: string | null;
  role: string;
}

export type ThreadRow = Selectable<ThreadsTable>;

/** Everything a post needs besides the author. */
export interface NewFloor {
  page: string;
  body: string;
  url?: string | undefined;
  title?: string | undefined;
  parent?: number | undefined;
  quote?: number | undefined;
}

/** Creates or refreshes the reader a verified token describes. */
export async function upsertUser(db: Database, site: Site, user: TokenUser): Promise<UserRow> {
  await db.ready;
  const fields = { name: user.name, avatar: user.avatar, role: roleOf(site, user) };
  return db.kysely
    .insertInto('users')
    .values({ id: newId(), site_id: site.id, external_id: user.sub, ...fields, created_at: now() })
    .onConflict((oc) => oc.columns(['site_id', 'external_id']).doUpdateSet(fields))
    .returning(['id', 'name', 'avatar', 'role'])
    .executeTakeFirstOrThrow();
}

/** The reader for a bootstrap: read first, written only when new or changed. */
export async function viewerUser(db: Database, site: Site, user: TokenUser): Promise<UserRow> {
  await db.ready;
  const row = await db.kysely
    .selectFrom('users')
    .select(['id', 'name', 'avatar', 'role'])
    .where('site_id', '=', site.id)
    .where('external_id', '=', user.sub)
    .executeTakeFirst();
  if (row && row.name === user.name && row.avatar === user.avatar && row.role === roleOf(site, user)) return row;
  return upsertUser(db, site, user);
}

export function toAuthor(user: UserRow): Author {
  return { id: user.id, name: user.name, avatar: user.avatar, role: user.role as Role };
}

export async function findThread(db: Database, siteId: string, page: string): Promise<(ThreadRow & { author: UserRow | null }) | null> {
  await db.ready;
  const row = await db.kysely
    .selectFrom('threads as t')
    .leftJoin('users as a', 'a.id', 't.author_user_id')
    .selectAll('t')
    .select(['a.name as a_name', 'a.avatar as a_avatar', 'a.role as a_role'])
    .where('t.site_id', '=', siteId)
    .where('t.page_key', '=', page)
    .executeTakeFirst();
  if (!row) return null;
  const { a_name, a_avatar, a_role, ...thread } = row;
  const author = thread.author_user_id && a_name !== null && a_role !== null
    ? { id: thread.author_user_id, name: a_name, avatar: a_avatar, role: a_role }
    : null;
  return { ...thread, author };
}

export function toThread(siteId: string, page: string, row: (ThreadRow & { author: UserRow | null }) | null): Thread {
  if (!row) {
    return { id: null, site: siteId, page, url: null, title: null, author: null, replyCount: 0, lastFloor: 1, createdAt: null };
  }
  return {
    id: row.id,
    site: siteId,
    page,
    url: row.url,
    title: row.title,
    author: row.author ? toAuthor(row.author) : null,
    replyCount: row.reply_count,
    lastFloor: row.last_floor,
    createdAt: row.created_at,
  };
}

/** `k` is a transaction when the floor must be read before its commit (to record an event). */
export function floorQuery(db: Database, threadId: string, k: Kysely<Tables> = db.kysely) {
  return k
    .selectFrom('floors as f')
    .leftJoin('users as u', 'u.id', 'f.author_user_id')
    .leftJoin('floors as q', (join) => join.onRef('q.thread_id', '=', 'f.thread_id').onRef('q.number', '=', 'f.quote_number'))
    .leftJoin('users as qu', 'qu.id', 'q.author_user_id')
    .select([
      'f.id', 'f.number', 'f.kind', 'f.author_user_id', 'f.parent_number', 'f.quote_number', 'f.body_json',
      'f.status', 'f.created_at', 'f.edited_at', 'f.award', 'f.shadow', 'f.pinned_at',
      'u.name as u_name', 'u.avatar as u_avatar', 'u.role as u_role',
      'q.body_json as q_body', 'q.status as q_status', 'q.created_at as q_created_at', 'qu.name as qu_name',
      'q.shadow as q_shadow', 'q.author_user_id as q_author',
    ])
    .where('f.thread_id', '=', threadId);
}

type FloorRow = Awaited<ReturnType<ReturnType<typeof floorQuery>['execute']>>[number];

function parseStoredBody(json: string): RootNode {
  try {
    return JSON.parse(json) as RootNode;
  } catch {
    return { type: 'root', children: [] };
  }
}


const parseAward = (json: string): FloorAward | null => {
  try {
    return JSON.parse(json) as FloorAward;
  } catch {
    return null;
  }
};

/** A floor as `scope` sees it (by default as every reader does): content only where it may be shown. */
export function toFloor(row: FloorRow, threadAuthorId: string | null, scope: Scope = PUBLIC): Floor {
  const status = row.status as FloorStatus;
  const visible = sight(scope, row) === 'full';
  let quote: QuotedFloor | null = null;
  if (row.quote_number !== null && row.q_status !== null && row.q_created_at !== null) {
    const quoted = sight(scope, { status: row.q_status, shadow: row.q_shadow ?? 0, author_user_id: row.q_author });
    const quotedVisible = quoted === 'full';
    quote = {
      number: row.quote_number,
      author: quotedVisible ? row.qu_name : null,
      createdAt: row.q_created_at,
      excerpt: quotedVisible && row.q_body !== null ? excerpt(parseStoredBody(row.q_body)) : '',
      // A floor this reader may not see reads as hidden, whatever it is.
      status: quoted === 'none' ? 'hidden' : row.q_status as FloorStatus,
    };
  }
  const author = visible && row.author_user_id && row.u_name !== null && row.u_role !== null
    ? { id: row.author_user_id, name: row.u_name, avatar: row.u_avatar, role: row.u_role as Role }
    : null;
  return {
    id: row.id,
    number: row.number,
    kind: row.kind as FloorKind,
    author,
    isOp: threadAuthorId !== null && row.author_user_id === threadAuthorId,
    parent: row.parent_number,
    quote,
    body: visible ? parseStoredBody(row.body_json) : { type: 'root', children: [] },
    status,
    createdAt: row.created_at,
    editedAt: row.edited_at,
    ...(row.award ? { award: visible ? parseAward(row.award) : null } : {}),
    ...(row.pinned_at !== null && status === 'published' ? { pinned: true } : {}),
    ...(row.shadow && scope.kind === 'moderator' ? { shadowed: true } : {}),
  };
}

export interface PageOptions {
  sort?: Sort | undefined;
  limit?: number | undefined;
  cursor?: string | undefined;
  /** Whose view: which floors it holds and how much of them. @default PUBLIC */
  scope?: Scope | undefined;
}

/** One keyset page: `number > after` (oldest) or `number < after` (newest), one row extra to know if more exist. */
export async function listFloors(
  db: Database,
  thread: Pick<ThreadRow, 'id' | 'author_user_id'> | null,
  options: PageOptions,
): Promise<FloorPage> {
  const sort = options.sort ?? 'oldest';
  if (sort === 'hottest') return listHottest(db, thread, options);
  const limit = options.limit ?? DEFAULT_PAGE_SIZE;
  const after = options.cursor === undefined ? undefined : decodeCursor(options.cursor, sort);
  if (!thread) return { floors: [], next: null };
  await db.ready;
  const scope = options.scope ?? PUBLIC;
  let query = floorQuery(db, thread.id).where(visibleWhere(scope));
  if (sort === 'oldest') {
    if (after !== undefined) query = query.where('f.number', '>', after);
    query = query.orderBy('f.number', 'asc');
  } else {
    if (after !== undefined) query = query.where('f.number', '<', after);
    query = query.orderBy('f.number', 'desc');
  }
  const rows = await query.limit(limit + 1).execute();
  const more = rows.length > limit;
  const floors = rows.slice(0, limit).map((row) => toFloor(row, thread.author_user_id, scope));
  const last = floors[floors.length - 1];
  return { floors, next: more && last ? encodeCursor(sort, last.number) : null };
}

/** One floor as `scope` sees it; a floor it may not see is not found. */
export async function getFloor(db: Database, siteId: string, page: string, number: number, scope: Scope = PUBLIC): Promise<Floor> {
  if (number === 1) throw notFound('floor 1 is the article itself');
  const thread = await findThread(db, siteId, page);
  if (!thread) throw notFound(`no thread for page "${page}"`);
  const row = await floorQuery(db, thread.id).where('f.number', '=', number).where(visibleWhere(scope)).executeTakeFirst();
  if (!row) throw notFound(`no floor ${number} in this thread`);
  const [floor] = await floorsWithCounts(db, thread.id, [toFloor(row, thread.author_user_id, scope)]);
  return floor!;
}

/** Postgres text cannot hold NUL; no reader means one either. */
export const clean = (text: string): string => text.replace(/\0/g, '\uFFFD');

/**
 * A thread is created on first use of its page: this inserts it, or leaves an existing one as
 * it is (its URL, title and author are those of its first use). Pass a transaction to make
 * the thread part of the change that needs it.
 */
export async function insertThreadIfMissing(
  kysely: Kysely<Tables>,
  site: Site,
  page: { page: string; url?: string | undefined; title?: string | undefined; authorId?: string | null | undefined },
): Promise<void> {
  await kysely
    .insertInto('threads')
    .values({
      id: newId(),
      site_id: site.id,
      page_key: page.page,
      url: page.url ? clean(page.url) : null,
      title: page.title ? clean(page.title) : null,
      author_user_id: page.authorId ?? null,
      created_at: now(),
    })
    .onConflict((oc) => oc.columns(['site_id', 'page_key']).doNothing())
    .execute();
}

/**
 * Posts a reply. The number comes from `last_floor + 1` taken by an UPDATE … RETURNING in
 * the insert's own transaction: Postgres holds the thread's row lock until commit and SQLite
 * runs one write transaction at a time, so two posts never share a number.
 */
export async function createFloor(
  db: Database,
  site: Site,
  author: TokenUser,
  input: NewFloor,
  options: { threadAuthor?: TokenUser; kind?: FloorKind; moderation?: PostVerdict } = {},
): Promise<{ floor: Floor; thread: ThreadRow }> {
  await db.ready;
  // A held or shadowed floor is the author's alone: no count, no event, no award until it is published.
  const verdict = options.moderation ?? { status: 'published', shadow: false, hold: null };
  const shown = isPublic(verdict.status, verdict.shadow);
  if (input.quote === 1) {
    throw invalid('floor 1 is the article; quote a reply instead', [{ path: ['quote'], message: 'cannot quote floor 1' }]);
  }
  const parentRef = input.parent === undefined || input.parent === 1 ? null : input.parent;
  const quoteRef = input.quote ?? null;
  checkLength(site, input.body);
  const body = parseBody(clean(input.body));
  checkLinks(site, body);
  const user = await upsertUser(db, site, author);
  const threadAuthor = options.threadAuthor ? await upsertUser(db, site, options.threadAuthor) : null;
  const page = input.page;

  const { thread, floor } = await db.kysely.transaction().execute(async (trx) => {
    await insertThreadIfMissing(trx, site, { page, url: input.url, title: input.title, authorId: threadAuthor?.id });
    const thread = await trx
      .updateTable('threads')
      .set((eb) => ({
        last_floor: eb('last_floor', '+', 1),
        reply_count: eb('reply_count', '+', shown ? 1 : 0),
        version: eb('version', '+', 1),
      }))
      .where('site_id', '=', site.id)
      .where('page_key', '=', page)
      .returningAll()
      .executeTakeFirstOrThrow();
    const number = thread.last_floor;

    const refs = [...new Set([parentRef, quoteRef].filter((n): n is number => n !== null))];
    const found = new Map<number, { root: number; depth: number }>();
    const lookup = refs.filter((n) => n < number && n <= MAX_FLOOR_NUMBER);
    if (lookup.length > 0) {
      const rows = await trx.selectFrom('floors').select(['number', 'root_number', 'depth'])
        .where('thread_id', '=', thread.id).where('number', 'in', lookup).execute();
      for (const row of rows) found.set(row.number, { root: row.root_number ?? row.number, depth: row.depth });
    }
    const issues = [
      ...(parentRef !== null && !found.has(parentRef) ? [{ path: ['parent'], message: `floor ${parentRef} does not exist in this thread` }] : []),
      ...(quoteRef !== null && !found.has(quoteRef) ? [{ path: ['quote'], message: `floor ${quoteRef} does not exist in this thread` }] : []),
    ];
    if (issues.length > 0) throw invalid(issues.map((i) => i.message).join('; '), issues);

    await trx
      .insertInto('floors')
      .values({
        id: newId(),
        thread_id: thread.id,
        number,
        kind: options.kind ?? 'reply',
        author_user_id: user.id,
        parent_number: parentRef,
        ...nestedPlace(number, parentRef === null ? undefined : found.get(parentRef)),
        quote_number: quoteRef,
        body_source: clean(input.body),
        body_json: JSON.stringify(body),
        status: verdict.status,
        shadow: verdict.shadow ? 1 : 0,
        created_at: now(),
        edited_at: null,
      })
      .execute();
    if (parentRef !== null && shown) await countReply(trx, thread.id, found.get(parentRef)!.root);
    const row = await floorQuery(db, thread.id, trx).where('f.number', '=', number).executeTakeFirstOrThrow();
    if (!shown) {
      if (verdict.status === 'pending') await holdForReview(trx, site.id, thread.id, row.id, verdict.hold);
      return { thread, floor: toFloor(row, thread.author_user_id, { kind: 'reader', userId: user.id }) };
    }
    const floor = toFloor(row, thread.author_user_id);
    await recordEvent(trx, thread.id, { type: 'floor.created', floor });
    if ((options.kind ?? 'reply') === 'reply') await awardReply(trx, site, user.id, thread.id, floor.id);
    return { thread, floor };
  });
  db.notifyThreadChange({ site: site.id, page });
  db.events.notify(thread.id);
  kickWebhooks(db);

  return { floor, thread };
}

/** Creates the thread (without a floor) and names its author, for seeding. */
export async function ensureThread(
  db: Database,
  site: Site,
  input: { page: string; url?: string | undefined; title?: string | undefined; author?: TokenUser | undefined },
): Promise<void> {
  await db.ready;
  const author = input.author ? await upsertUser(db, site, input.author) : null;
  await insertThreadIfMissing(db.kysely, site, { ...input, authorId: author?.id });
  if (author) {
    await db.kysely
      .updateTable('threads')
      .set((eb) => ({ author_user_id: author.id, version: eb('version', '+', 1) }))
      .where('site_id', '=', site.id)
      .where('page_key', '=', input.page)
      .execute();
  }
  db.notifyThreadChange({ site: site.id, page: input.page });
}
