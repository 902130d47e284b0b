import type { Floor, FloorKind, FloorStatus } from '@teahouse/protocol';
import type { Kysely } from 'kysely';
import type { TokenUser } from '../auth/token.js';
import type { Database } from '../db/database.js';
import { clean, newId, now } from '../db/ids.js';
import { prepared } from '../db/prepared.js';
import type { Tables } from '../db/schema.js';
import { invalid, notFound } from '../errors.js';
import { recordEvent } from '../events/events.js';
import { holdForReview, type PostVerdict } from '../moderation/hold.js';
import { PUBLIC, isPublic, visibleWhere, type Scope } from '../moderation/visibility.js';
import { floorsWithCounts } from '../reactions/reactions.js';
import { awardReply } from '../rewards/actions.js';
import { rememberEmail } from '../notifications/mail.js';
import { floorNotices } from '../notifications/notices.js';
import { parseBody } from '../rich-text/markdown.js';
import { installedStickers } from '../stickers/stickers.js';
import type { Site } from '../sites/sites.js';
import { checkLength, checkLinks } from './limits.js';
import { floorQuery, toFloor, type FloorRow } from './mapping.js';
import { countReply, nestedPlace } from './nested.js';
import { findThread, insertThreadIfMissing, type ThreadRow } from './threads.js';
import { upsertUser } from './users.js';

/** The next floor number of a page's thread, taken with the thread's row (see createFloor). */
const numberFloor = prepared((k: Kysely<Tables>, siteId: string, page: string, counted: number) => k
  .updateTable('threads')
  .set((eb) => ({
    last_floor: eb('last_floor', '+', 1),
    reply_count: eb('reply_count', '+', counted),
    version: eb('version', '+', 1),
  }))
  .where('site_id', '=', siteId)
  .where('page_key', '=', page)
  .returningAll(), 3);

const insertFloor = prepared((
  k: Kysely<Tables>, id: string, threadId: string, number: number, kind: FloorKind, author: string, parent: number | null,
  quote: number | null, source: string, json: string, status: FloorStatus, shadow: number, createdAt: string,
  root: number | null, depth: number, region: string | null,
) => k.insertInto('floors').values({
  id, thread_id: threadId, number, kind, author_user_id: author, parent_number: parent, quote_number: quote,
  body_source: source, body_json: json, status, shadow, created_at: createdAt, edited_at: null, root_number: root, depth, region,
}), 15);

/** Postgres `integer`; larger floor numbers cannot exist, so they are not looked up. */
const MAX_FLOOR_NUMBER = 2_147_483_647;

/** Everything a post needs besides the author. */
export interface NewFloor {
  page: string;
  body: string;
  url?: string | undefined;
  title?: string | undefined;
  parent?: number | undefined;
  quote?: number | undefined;
}

/** What a quote shows of the floor it quotes, as `floorQuery` joins it. */
type QuotedRow = Pick<FloorRow, 'q_body' | 'q_status' | 'q_created_at' | 'qu_name' | 'q_shadow' | 'q_author'>;

/** A check that must see every post before this one (flood control, duplicates): run inside the post's unit of work. */
export type PostCheck = (trx: Kysely<Tables>, author: { id: string }) => Promise<void>;

export interface PostOptions {
  /** The article's author (楼主), named when the post creates the thread. */
  threadAuthor?: TokenUser;
  kind?: FloorKind;
  /** What moderation decided (`moderatePost`). @default published */
  moderation?: PostVerdict;
  /** Refuses the post by throwing; see {@link PostCheck}. */
  check?: PostCheck;
  /** IP属地: the region code of the poster's address (`regionFor`). @default null */
  region?: string | null;
}

/**
 * Posts a reply in one unit of work: the author's record, the thread on first use, the floor,
 * its event and its award. The number comes from `last_floor + 1` taken by an UPDATE … RETURNING
 * in the same transaction: Postgres holds the thread's row lock until commit and SQLite has one
 * writer, so two posts never share a number. Everything fallible (parsing, limits) happens
 * before the write, and nothing after it.
 */
export async function createFloor(
  db: Database,
  site: Site,
  author: TokenUser,
  input: NewFloor,
  options: PostOptions = {},
): Promise<{ floor: Floor; thread: ThreadRow }> {
  // A held or shadowed floor is the author's alone: no count, no event, no award until it is published.
  const verdict = options.moderation ?? { status: 'published', shadow: false, hold: null };
  const shown = isPublic(verdict.status, verdict.shadow);
  if (input.quote === 1) {
    throw invalid('floor 1 is the article; quote a reply instead', [{ path: ['quote'], message: 'cannot quote floor 1' }]);
  }
  const parentRef = input.parent === undefined || input.parent === 1 ? null : input.parent;
  const quoteRef = input.quote ?? null;
  checkLength(site, input.body);
  const source = clean(input.body);
  const body = parseBody(source, await installedStickers(db, site.id, source));
  checkLinks(site, body);
  const kind = options.kind ?? 'reply';
  const page = input.page;

  return db.write(async (work) => {
    const { trx } = work;
    const user = await upsertUser(trx, site, author);
    await rememberEmail(trx, site.id, user.id, author.email);
    const threadAuthor = options.threadAuthor ? await upsertUser(trx, site, options.threadAuthor) : null;
    await options.check?.(trx, user);
    const numbered = async () => (await numberFloor(trx, site.id, page, shown ? 1 : 0))[0];
    // Most posts go to a thread that exists: the insert is only for the first one.
    let thread = await numbered();
    if (!thread) {
      await insertThreadIfMissing(trx, site, { page, url: input.url, title: input.title, authorId: threadAuthor?.id });
      thread = await numbered();
    }
    if (!thread) throw new Error(`the thread of page "${page}" could not be created`);
    work.claimVersion(thread.id);
    const ref = { id: thread.id, site: site.id, page };
    // Held floors too change what the thread's page says (its last floor).
    work.touch(ref);
    const number = thread.last_floor;

    const refs = [...new Set([parentRef, quoteRef].filter((n): n is number => n !== null))];
    const found = new Map<number, { root: number; depth: number; quoted: QuotedRow }>();
    const lookup = refs.filter((n) => n < number && n <= MAX_FLOOR_NUMBER);
    if (lookup.length > 0) {
      const rows = await trx.selectFrom('floors as q').leftJoin('users as qu', 'qu.id', 'q.author_user_id')
        .select(['q.number', 'q.root_number', 'q.depth', 'q.body_json as q_body', 'q.status as q_status', 'q.created_at as q_created_at',
          'qu.name as qu_name', 'q.shadow as q_shadow', 'q.author_user_id as q_author'])
        .where('q.thread_id', '=', thread.id).where('q.number', 'in', lookup).execute();
      for (const { number: n, root_number, depth, ...quoted } of rows) found.set(n, { root: root_number ?? n, depth, quoted });
    }
    const issues = [
      ...(parentRef !== null && !found.has(parentRef) ? [{ path: ['parent'], message: `floor ${parentRef} does not exist in this thread` }] : []),
      ...(quoteRef !== null && !found.has(quoteRef) ? [{ path: ['quote'], message: `floor ${quoteRef} does not exist in this thread` }] : []),
    ];
    if (issues.length > 0) throw invalid(issues.map((i) => i.message).join('; '), issues);

    const values = {
      id: newId(),
      thread_id: thread.id,
      number,
      kind,
      author_user_id: user.id,
      parent_number: parentRef,
      quote_number: quoteRef,
      body_source: source,
      body_json: JSON.stringify(body),
      status: verdict.status,
      shadow: verdict.shadow ? 1 : 0,
      created_at: now(),
      edited_at: null,
      region: options.region ?? null,
    };
    const place = nestedPlace(number, parentRef === null ? undefined : found.get(parentRef));
    await insertFloor(trx, values.id, values.thread_id, values.number, values.kind, values.author_user_id, values.parent_number,
      values.quote_number, values.body_source, values.body_json, values.status, values.shadow, values.created_at, place.root_number, place.depth,
      values.region);
    if (parentRef !== null && shown) await countReply(trx, thread.id, found.get(parentRef)!.root);
    // The floor as a page would read it back, from what was just written and read.
    const quoted = quoteRef === null ? undefined : found.get(quoteRef)?.quoted;
    const row: FloorRow = {
      ...values, award: null, pinned_at: null,
      u_name: user.name, u_avatar: user.avatar, u_role: user.role,
      q_body: quoted?.q_body ?? null, q_status: quoted?.q_status ?? null, q_created_at: quoted?.q_created_at ?? null,
      qu_name: quoted?.qu_name ?? null, q_shadow: quoted?.q_shadow ?? null, q_author: quoted?.q_author ?? null,
    };
    if (!shown) {
      if (verdict.status === 'pending') await holdForReview(trx, site.id, thread.id, row.id, verdict.hold);
      return { thread, floor: toFloor(row, thread.author_user_id, { kind: 'reader', userId: user.id }) };
    }
    const floor = toFloor(row, thread.author_user_id);
    await recordEvent(work, ref, { type: 'floor.created', floor });
    if (kind === 'reply') await awardReply(work, site, user.id, thread.id, floor.id);
    if (kind === 'reply') await floorNotices(work, site, { id: thread.id, page, author_user_id: thread.author_user_id }, floor, user.id);
    return { thread, floor };
  });
}

/** One floor as `scope` sees it; a floor it may not see is not found. */
export async function getFloor(db: Database, siteId: string, page: string, number: number, scope: Scope = PUBLIC): Promise<Floor> {
  if (number === 1) throw notFound('floor 1 is the article itself');
  const thread = await findThread(db, siteId, page);
  if (!thread) throw notFound(`no thread for page "${page}"`);
  const row = await floorQuery(db.kysely, thread.id).where('f.number', '=', number).where(visibleWhere(scope)).executeTakeFirst();
  if (!row) throw notFound(`no floor ${number} in this thread`);
  const [floor] = await floorsWithCounts(db, thread.id, [toFloor(row, thread.author_user_id, scope)]);
  return floor!;
}
