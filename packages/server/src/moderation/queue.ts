import type {
  Floor, FloorContext, HoldCause, ModeratedFloor, ModerationQueue, QueueKind, ReportSummary,
} from '@teahouse/protocol';
import type { Kysely } from 'kysely';
import type { Database } from '../db/database.js';
import type { Tables } from '../db/schema.js';
import { invalid, notFound } from '../errors.js';
import { floorQuery, toFloor, type FloorRow } from '../threads/mapping.js';
import { findThread } from '../threads/threads.js';
import { DEFAULT_MODERATION_PAGE } from './audit.js';
import type { Scope } from './visibility.js';

const MODERATOR: Scope = { kind: 'moderator', userId: null };
/** Floors shown before and after the one in context. */
const CONTEXT = 3;
const MAX_NOTES = 10;

const parseCause = (json: string | null): HoldCause | null => {
  if (!json) return null;
  try {
    return JSON.parse(json) as HoldCause;
  } catch {
    return null;
  }
};

/** Open (unresolved) reports of these floors: distinct readers, by reason, and the newest notes. */
async function reportSummaries(k: Kysely<Tables>, floorIds: readonly string[]): Promise<Map<string, ReportSummary>> {
  const out = new Map<string, ReportSummary>();
  for (const id of floorIds) out.set(id, { count: 0, reasons: {}, notes: [] });
  if (floorIds.length === 0) return out;
  const rows = await k.selectFrom('reports').select(['floor_id', 'reason', 'note', 'created_at'])
    .where('floor_id', 'in', [...floorIds]).where('resolved_at', 'is', null)
    .orderBy('created_at', 'desc').execute();
  for (const row of rows) {
    const summary = out.get(row.floor_id)!;
    const reason = row.reason;
    summary.count += 1;
    summary.reasons[reason] = (summary.reasons[reason] ?? 0) + 1;
    if (row.note && summary.notes.length < MAX_NOTES) summary.notes.push({ reason, note: row.note, createdAt: row.created_at });
  }
  return out;
}

/**
 * Floors of a site as a moderator sees them, with where they are, their open reports and their
 * place in the queue; ids of another site are left out. One floor query per thread involved.
 * `k` is a unit of work's `trx` when the floors are read right after a change.
 */
export async function moderatedFloors(k: Kysely<Tables>, siteId: string, floorIds: readonly string[]): Promise<Map<string, ModeratedFloor>> {
  const out = new Map<string, ModeratedFloor>();
  if (floorIds.length === 0) return out;
  const places = await k.selectFrom('floors as f').innerJoin('threads as t', 't.id', 'f.thread_id')
    .leftJoin('moderation_queue as m', 'm.floor_id', 'f.id')
    .select(['f.id', 't.id as thread_id', 't.page_key', 't.title', 't.url', 't.author_user_id', 'm.kind', 'm.cause', 'm.queued_at'])
    .where('f.id', 'in', [...floorIds]).where('t.site_id', '=', siteId).execute();
  const byThread = new Map<string, typeof places>();
  for (const place of places) byThread.set(place.thread_id, [...(byThread.get(place.thread_id) ?? []), place]);
  const floors = new Map<string, Floor>();
  for (const [threadId, list] of byThread) {
    const rows = await floorQuery(k, threadId).where('f.id', 'in', list.map((p) => p.id)).execute();
    for (const row of rows) floors.set(row.id, toFloor(row, list[0]!.author_user_id, MODERATOR));
  }
  const reports = await reportSummaries(k, places.map((p) => p.id));
  for (const place of places) {
    const floor = floors.get(place.id);
    if (!floor) continue;
    out.set(place.id, {
      floor,
      page: place.page_key,
      thread: { id: place.thread_id, title: place.title, url: place.url },
      reports: reports.get(place.id)!,
      queue: place.kind !== null && place.queued_at !== null
        ? { kind: place.kind, since: place.queued_at, cause: parseCause(place.cause) }
        : null,
    });
  }
  return out;
}

/** One floor as a moderator sees it; 404 when the site has no such floor. */
export async function moderatedFloor(k: Kysely<Tables>, siteId: string, floorId: string): Promise<ModeratedFloor> {
  const item = (await moderatedFloors(k, siteId, [floorId])).get(floorId);
  if (!item) throw notFound(`no floor ${floorId} on this site`);
  return item;
}

const encodeQueueCursor = (at: string, id: string) => Buffer.from(`q1|${at}|${id}`).toString('base64url');

function decodeQueueCursor(cursor: string): { at: string; id: string } {
  const text = /^[A-Za-z0-9_-]{1,200}$/.test(cursor) ? Buffer.from(cursor, 'base64url').toString('latin1') : '';
  const match = /^q1\|([0-9T:.Z-]{10,40})\|([A-Za-z0-9_-]{1,32})$/.exec(text);
  if (!match) throw invalid('the cursor is not one this server gave out', [{ path: ['cursor'], message: 'invalid cursor' }]);
  return { at: match[1]!, id: match[2]! };
}

/** The queue, oldest first, by keyset on (queued at, floor id). */
export async function listQueue(
  db: Database,
  siteId: string,
  query: { kind?: QueueKind | undefined; page?: string | undefined; cursor?: string | undefined; limit?: number | undefined },
): Promise<ModerationQueue> {
  const limit = query.limit ?? DEFAULT_MODERATION_PAGE;
  const after = query.cursor === undefined ? undefined : decodeQueueCursor(query.cursor);
  let q = db.kysely.selectFrom('moderation_queue').select(['floor_id', 'queued_at']).where('site_id', '=', siteId);
  if (query.kind !== undefined) q = q.where('kind', '=', query.kind);
  if (query.page !== undefined) {
    const thread = await findThread(db, siteId, query.page);
    if (!thread) return { items: [], next: null };
    q = q.where('thread_id', '=', thread.id);
  }
  if (after) {
    q = q.where((eb) => eb.or([eb('queued_at', '>', after.at), eb.and([eb('queued_at', '=', after.at), eb('floor_id', '>', after.id)])]));
  }
  const rows = await q.orderBy('queued_at', 'asc').orderBy('floor_id', 'asc').limit(limit + 1).execute();
  const page = rows.slice(0, limit);
  const items = await moderatedFloors(db.kysely, siteId, page.map((r) => r.floor_id));
  const last = page[page.length - 1];
  return {
    items: page.map((r) => items.get(r.floor_id)).filter((item): item is ModeratedFloor => item !== undefined),
    next: rows.length > limit && last ? encodeQueueCursor(last.queued_at, last.floor_id) : null,
  };
}

/** A floor with its parent and the floors just before and after it, all as a moderator sees them. */
export async function floorContext(db: Database, siteId: string, floorId: string): Promise<FloorContext> {
  const item = await moderatedFloor(db.kysely, siteId, floorId);
  const author = await db.kysely.selectFrom('threads').select('author_user_id').where('id', '=', item.thread.id).executeTakeFirstOrThrow();
  const view = (rows: FloorRow[]) =>
    rows.map((row) => toFloor(row, author.author_user_id, MODERATOR));
  const number = item.floor.number;
  const [before, after, parent] = await Promise.all([
    floorQuery(db.kysely, item.thread.id).where('f.number', '<', number).orderBy('f.number', 'desc').limit(CONTEXT).execute(),
    floorQuery(db.kysely, item.thread.id).where('f.number', '>', number).orderBy('f.number', 'asc').limit(CONTEXT).execute(),
    item.floor.parent === null
      ? Promise.resolve([])
      : floorQuery(db.kysely, item.thread.id).where('f.number', '=', item.floor.parent).execute(),
  ]);
  return { item, parent: view(parent)[0] ?? null, before: view(before).reverse(), after: view(after) };
}
