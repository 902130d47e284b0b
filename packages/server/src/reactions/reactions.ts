import type { Kysely } from 'kysely';
import {
  type Floor, type FloorPage, type MyReactions, type ReactionCounts, type ReactionState, type ReactionWho, type SetReaction,
} from '@teahouse/protocol';
import { verifyActor, type Actor } from '../auth/visitor.js';
import type { Database } from '../db/database.js';
import { prepared } from '../db/prepared.js';
import type { Tables } from '../db/schema.js';
import { ApiError, invalid, notFound } from '../errors.js';
import { recordEvent } from '../events/events.js';
import type { Site } from '../sites/sites.js';
import { now } from '../db/ids.js';
import { floorQuery, toFloor } from '../threads/mapping.js';
import { insertThreadIfMissing, type ListedThread } from '../threads/threads.js';
import { upsertUser, viewerUser } from '../threads/users.js';
import { resolveReactions, type ResolvedReactions } from './settings.js';
import { awardReactionReceived } from '../rewards/actions.js';

const forbidden = (message: string) => new ApiError(403, 'forbidden', message);

const resolved = new WeakMap<Site, ResolvedReactions>();

/** The site's reaction rules, defaults filled in (computed once per cached site record). */
export function reactionsOf(site: Site): ResolvedReactions {
  let rules = resolved.get(site);
  if (!rules) {
    rules = resolveReactions(site.settings.reactions, site.settings);
    resolved.set(site, rules);
  }
  return rules;
}

/** The stored identity of an actor: `u:<user id>` or `v:<visitor id>`. */
export interface ActorRef {
  actor: string;
  userId: string | null;
}

export const userRef = (userId: string): ActorRef => ({ actor: `u:${userId}`, userId });
export const visitorRef = (visitorId: string): ActorRef => ({ actor: `v:${visitorId}`, userId: null });

export async function actorRef(db: Database, site: Site, actor: Actor): Promise<ActorRef> {
  if (actor.kind === 'visitor') return visitorRef(actor.id);
  return userRef((await viewerUser(db, site, actor.user)).id);
}

/** The caller's reactions on a page (and 热门回复, and the article), or undefined when the token does not verify. */
export async function pageMine(
  db: Database,
  site: Site,
  token: string | undefined,
  threadId: string | null,
  page: FloorPage,
): Promise<MyReactions | undefined> {
  if (token === undefined) return undefined;
  let actor: Actor;
  try {
    actor = await verifyActor(site, token);
  } catch {
    // Reading floors never fails over a stale token; the bootstrap is where it gets refused.
    return undefined;
  }
  return mineFor(db, site, threadId, await actorRef(db, site, actor), pageNumbers(page));
}

/** Counts of the keys in the site's set: those of keys a site has dropped are kept but not shown. */
export function shownCounts(site: Site, counts: ReactionCounts | undefined): ReactionCounts {
  const out: ReactionCounts = {};
  const { byKey } = reactionsOf(site);
  for (const [key, count] of Object.entries(counts ?? {})) if (byKey.has(key) && count > 0) out[key] = count;
  return out;
}

/** Stored counts of the given targets, keys with no reactions left out. */
const countsBetween = prepared((k: Kysely<Tables>, threadId: string, low: number, high: number) => k
  .selectFrom('reaction_counts')
  .select(['floor_number', 'key', 'count'])
  .where('thread_id', '=', threadId)
  .where('floor_number', '>=', low)
  .where('floor_number', '<=', high)
  .where('count', '>', 0), 3);

export async function countsFor(k: Kysely<Tables>, threadId: string, numbers: readonly number[]): Promise<Map<number, ReactionCounts>> {
  const out = new Map<number, ReactionCounts>();
  if (numbers.length === 0) return out;
  const unique = new Set(numbers);
  let low = Infinity;
  let high = -Infinity;
  for (const n of unique) {
    if (n < low) low = n;
    if (n > high) high = n;
  }
  // A page of the flat view is a run of floor numbers: read that range with the query compiled
  // once; scattered numbers (热门回复, the hottest sort) are asked for one by one.
  const rows = high - low < 2 * unique.size + 8
    ? (await countsBetween(k, threadId, low, high)).filter((row) => unique.has(row.floor_number))
    : await k
      .selectFrom('reaction_counts')
      .select(['floor_number', 'key', 'count'])
      .where('thread_id', '=', threadId)
      .where('floor_number', 'in', [...unique])
      .where('count', '>', 0)
      .execute();
  for (const row of rows) {
    let counts = out.get(row.floor_number);
    if (!counts) out.set(row.floor_number, (counts = {}));
    counts[row.key] = Number(row.count);
  }
  return out;
}

const actorReactions = prepared((k: Kysely<Tables>, threadId: string, actor: string, low: number, high: number) => k
  .selectFrom('reactions')
  .select(['floor_number', 'key'])
  .where('thread_id', '=', threadId)
  .where('actor', '=', actor)
  .where('floor_number', '>=', low)
  .where('floor_number', '<=', high), 4);

/**
 * The actor's own reactions on the given targets, by floor number: one query compiled once, for
 * the actor's reactions between the lowest and highest of `numbers` (the primary key starts with
 * thread and actor), kept for those numbers.
 */
export async function mineFor(
  db: Database,
  site: Site,
  threadId: string | null,
  ref: ActorRef,
  numbers: readonly number[],
): Promise<MyReactions> {
  const mine: MyReactions = {};
  if (threadId === null || numbers.length === 0) return mine;
  let low = Infinity;
  let high = -Infinity;
  for (const n of numbers) {
    if (n < low) low = n;
    if (n > high) high = n;
  }
  const rows = await actorReactions(db.kysely, threadId, ref.actor, low, high);
  if (rows.length === 0) return mine;
  const wanted = new Set(numbers);
  const { byKey } = reactionsOf(site);
  for (const row of rows) if (wanted.has(row.floor_number) && byKey.has(row.key)) (mine[String(row.floor_number)] ??= []).push(row.key);
  return mine;
}

/** Floor numbers on a page, replies of the nested view included. */
export function pageNumbers(page: FloorPage, extra: readonly Floor[] = []): number[] {
  const floors = [...page.floors, ...(page.replies ?? []).flatMap((group) => group.floors), ...extra];
  return floors.map((floor) => floor.number);
}

function fillPage(site: Site, page: FloorPage, counts: Map<number, ReactionCounts>): FloorPage {
  const fill = (floor: Floor): Floor => ({ ...floor, reactions: shownCounts(site, counts.get(floor.number)) });
  return {
    ...page,
    floors: page.floors.map(fill),
    ...(page.replies ? { replies: page.replies.map((group) => ({ ...group, floors: group.floors.map(fill) })) } : {}),
  };
}

/** Fills `reactions` on every floor of a page (one query for the whole page). */
export async function withCounts(db: Database, site: Site, threadId: string | null, page: FloorPage): Promise<FloorPage> {
  if (threadId === null || page.floors.length === 0) return page;
  return fillPage(site, page, await countsFor(db.kysely, threadId, pageNumbers(page)));
}

/** The reaction parts of a bootstrap: counts on the page's floors, 热门回复, the article's counts; one count query. */
export async function bootstrapReactions(
  db: Database,
  site: Site,
  thread: ListedThread,
  page: FloorPage,
): Promise<{ page: FloorPage; hot: Floor[]; article: ReactionCounts }> {
  if (!thread) return { page, hot: [], article: {} };
  const hot = await hotFloors(db, site, thread);
  const counts = await countsFor(db.kysely, thread.id, [1, ...pageNumbers(page, hot)]);
  return {
    page: fillPage(site, page, counts),
    hot: hot.map((floor) => ({ ...floor, reactions: shownCounts(site, counts.get(floor.number)) })),
    article: shownCounts(site, counts.get(1)),
  };
}

/** Fills `reactions` on floors (e.g. 热门回复 or one floor). */
export async function floorsWithCounts(db: Database, threadId: string, floors: Floor[]): Promise<Floor[]> {
  if (floors.length === 0) return floors;
  const counts = await countsFor(db.kysely, threadId, floors.map((f) => f.number));
  return floors.map((floor) => ({ ...floor, reactions: counts.get(floor.number) ?? {} }));
}

/** 热门回复: published floors scoring at least the site's minimum, highest first. */
export async function hotFloors(db: Database, site: Site, thread: ListedThread): Promise<Floor[]> {
  const { hot } = reactionsOf(site);
  if (!thread || hot.count === 0) return [];
  const rows = await floorQuery(db.kysely, thread.id)
    .where('f.status', '=', 'published')
    .where('f.shadow', '=', 0)
    .where('f.score', '>=', hot.minScore)
    .orderBy('f.score', 'desc')
    .orderBy('f.number', 'asc')
    .limit(hot.count)
    .execute();
  return rows.map((row) => toFloor(row, thread.author_user_id));
}

/**
 * Sets one reaction on or off. Everything happens in one transaction that first takes the
 * thread row's lock, so concurrent requests on a thread apply one after another: an exclusive
 * group can never end up with two keys, and a repeated request finds its reaction in place.
 * Counts and the score move by `+ 1` / `- 1` in the same transaction, never read and rewritten.
 * Returns whether anything changed (and so whether an event was recorded).
 */
export async function setReaction(
  db: Database,
  site: Site,
  actor: Actor,
  input: SetReaction,
): Promise<{ state: ReactionState; changed: boolean; threadId: string | null }> {
  const rules = reactionsOf(site);
  const option = rules.byKey.get(input.key);
  if (!option) {
    throw invalid(`"${input.key}" is not one of this site's reactions`, [{ path: ['key'], message: 'unknown reaction key' }]);
  }
  const target = input.target;

  return db.write(async (work) => {
    const { trx } = work;
    // A reader's first reaction creates their user record in this same commit.
    const ref = actor.kind === 'visitor' ? visitorRef(actor.id) : userRef((await upsertUser(trx, site, actor.user)).id);
    if (target === 1 && input.on) {
      await insertThreadIfMissing(trx, site, input);
    }
    // A write that changes nothing, for its lock: Postgres holds the row lock to the commit and
    // SQLite takes its write lock here rather than upgrading a read later.
    const thread = await trx
      .updateTable('threads')
      .set((eb) => ({ version: eb.ref('version') }))
      .where('site_id', '=', site.id)
      .where('page_key', '=', input.page)
      .returning(['id', 'author_user_id'])
      .executeTakeFirst();
    if (!thread) {
      if (!input.on) return { state: { target, counts: {}, mine: [] }, changed: false, threadId: null };
      throw notFound(`no thread for page "${input.page}"`);
    }

    let authorId = thread.author_user_id;
    if (target !== 1) {
      const floor = await trx
        .selectFrom('floors')
        .select(['author_user_id', 'status'])
        .where('thread_id', '=', thread.id)
        .where('number', '=', target)
        .executeTakeFirst();
      if (!floor) throw notFound(`no floor ${target} in this thread`);
      if (input.on && floor.status !== 'published') throw notFound(`floor ${target} is not shown`);
      authorId = floor.author_user_id;
    }
    if (input.on && !rules.selfReactions && ref.userId !== null && authorId === ref.userId) {
      throw forbidden(target === 1 ? 'you cannot react to your own article' : 'you cannot react to your own floor');
    }

    const current = (
      await trx
        .selectFrom('reactions')
        .select('key')
        .where('thread_id', '=', thread.id)
        .where('actor', '=', ref.actor)
        .where('floor_number', '=', target)
        .execute()
    ).map((row) => row.key);
    const has = new Set(current);
    const remove = input.on
      ? option.group === null
        ? []
        : current.filter((key) => key !== input.key && rules.byKey.get(key)?.group === option.group)
      : has.has(input.key) ? [input.key] : [];
    const add = input.on && !has.has(input.key) ? [input.key] : [];
    const mine = current.filter((key) => !remove.includes(key) && rules.byKey.has(key)).concat(add);

    if (remove.length === 0 && add.length === 0) {
      const counts = shownCounts(site, (await countsFor(trx, thread.id, [target])).get(target));
      return { state: { target, counts, mine }, changed: false, threadId: thread.id };
    }

    if (remove.length > 0) {
      await trx
        .deleteFrom('reactions')
        .where('thread_id', '=', thread.id)
        .where('actor', '=', ref.actor)
        .where('floor_number', '=', target)
        .where('key', 'in', remove)
        .execute();
    }
    for (const key of add) {
      await trx
        .insertInto('reactions')
        .values({ site_id: site.id, thread_id: thread.id, floor_number: target, actor: ref.actor, user_id: ref.userId, key, created_at: now() })
        .execute();
    }
    if (add.some((key) => (rules.byKey.get(key)?.score ?? 0) > 0)) await awardReactionReceived(work, site, { authorUserId: authorId, reactorUserId: ref.userId, threadId: thread.id, floorNumber: target });
    // Keys in one order in every transaction, so two of them never wait on each other's rows.
    const changes = [...remove.map((key) => ({ key, delta: -1 })), ...add.map((key) => ({ key, delta: 1 }))]
      .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    for (const { key, delta } of changes) {
      if (delta > 0) {
        await trx
          .insertInto('reaction_counts')
          .values({ thread_id: thread.id, floor_number: target, key, count: 1 })
          .onConflict((oc) =>
            oc.columns(['thread_id', 'floor_number', 'key']).doUpdateSet((eb) => ({ count: eb('reaction_counts.count', '+', 1) })),
          )
          .execute();
      } else {
        await trx
          .updateTable('reaction_counts')
          .set((eb) => ({ count: eb('count', '-', 1) }))
          .where('thread_id', '=', thread.id)
          .where('floor_number', '=', target)
          .where('key', '=', key)
          .execute();
      }
    }
    const score = changes.reduce((sum, { key, delta }) => sum + delta * (rules.byKey.get(key)?.score ?? 0), 0);
    if (target !== 1 && score !== 0) {
      await trx
        .updateTable('floors')
        .set((eb) => ({ score: eb('score', '+', score) }))
        .where('thread_id', '=', thread.id)
        .where('number', '=', target)
        .execute();
    }
    const counts = shownCounts(site, (await countsFor(trx, thread.id, [target])).get(target));
    await recordEvent(work, { id: thread.id, site: site.id, page: input.page }, { type: 'reactions.changed', target, counts });
    return { state: { target, counts, mine }, changed: true, threadId: thread.id };
  });
}

const WHO_PAGE = 50;

/** The newest signed-in readers who reacted with `key` on a target, and how many reacted in all. */
export async function whoReacted(
  db: Database,
  site: Site,
  threadId: string | null,
  target: number,
  key: string,
): Promise<ReactionWho> {
  if (!reactionsOf(site).showWho) throw forbidden('this site does not show who reacted');
  if (threadId === null) return { users: [], total: 0 };
  const [rows, counts] = await Promise.all([
    db.kysely
      .selectFrom('reactions as r')
      .innerJoin('users as u', 'u.id', 'r.user_id')
      .select(['u.name', 'u.avatar'])
      .where('r.thread_id', '=', threadId)
      .where('r.floor_number', '=', target)
      .where('r.key', '=', key)
      .orderBy('r.created_at', 'desc')
      .limit(WHO_PAGE)
      .execute(),
    countsFor(db.kysely, threadId, [target]),
  ]);
  return { users: rows.map((row) => ({ name: row.name, avatar: row.avatar })), total: counts.get(target)?.[key] ?? 0 };
}
