import type { Kysely, Updateable } from 'kysely';
import type { FloorsTable, Tables } from '../db/schema.js';
import type { Work } from '../db/work.js';
import { bumpVersion, recordEvent } from '../events/events.js';
import { floorQuery, toFloor } from '../threads/mapping.js';
import { isPublic } from './visibility.js';

/** What a moderation change needs to know of a floor, read inside its transaction. */
export interface FloorState {
  id: string;
  thread_id: string;
  number: number;
  kind: FloorsTable['kind'];
  status: FloorsTable['status'];
  shadow: number;
  depth: number;
  root_number: number | null;
  author_user_id: string | null;
  body_source: string;
  pinned_at: string | null;
}

/** Reads a floor of a site, locking its thread's row first so that changes to the thread apply one after another. */
export async function lockFloor(trx: Kysely<Tables>, siteId: string, floorId: string): Promise<(FloorState & { page: string; thread_author: string | null }) | null> {
  const place = await trx.selectFrom('floors as f').innerJoin('threads as t', 't.id', 'f.thread_id')
    .select(['t.id']).where('f.id', '=', floorId).where('t.site_id', '=', siteId).executeTakeFirst();
  if (!place) return null;
  // A write that changes nothing, for its lock (as reactions do): Postgres holds the row lock to
  // the commit, and SQLite takes its write lock here rather than upgrading a read later.
  const thread = await trx.updateTable('threads').set((eb) => ({ version: eb.ref('version') }))
    .where('id', '=', place.id).returning(['page_key', 'author_user_id']).executeTakeFirstOrThrow();
  const floor = await trx.selectFrom('floors')
    .select(['id', 'thread_id', 'number', 'kind', 'status', 'shadow', 'depth', 'root_number', 'author_user_id', 'body_source', 'pinned_at'])
    .where('id', '=', floorId).executeTakeFirstOrThrow();
  return { ...floor, page: thread.page_key, thread_author: thread.author_user_id };
}

/**
 * Changes a floor's status, shadow or pin inside the caller's unit of work and keeps what readers
 * see consistent with it: the thread's reply count and the top-level floor's reply count move with
 * the floor in or out of public view; open pages hear of it (`floor.updated` with the public
 * view: a hidden floor arrives empty; a floor coming into view also as `floor.created`); a change
 * nobody but moderators sees still bumps the thread's version, so cached pages are rebuilt.
 */
export async function changeFloor(
  work: Work,
  siteId: string,
  floor: FloorState & { page: string; thread_author: string | null },
  set: Pick<Updateable<FloorsTable>, 'status' | 'shadow' | 'pinned_at'>,
): Promise<void> {
  const { trx } = work;
  const thread = { id: floor.thread_id, site: siteId, page: floor.page };
  work.touch(thread);
  const before = isPublic(floor.status, floor.shadow);
  const after = isPublic(set.status ?? floor.status, set.shadow ?? floor.shadow);
  await trx.updateTable('floors').set(set).where('id', '=', floor.id).execute();
  const delta = Number(after) - Number(before);
  if (delta !== 0) {
    await trx.updateTable('threads').set((eb) => ({ reply_count: eb('reply_count', '+', delta) })).where('id', '=', floor.thread_id).execute();
    if (floor.depth > 0 && floor.root_number !== null) {
      await trx.updateTable('floors').set((eb) => ({ descendants: eb('descendants', '+', delta) }))
        .where('thread_id', '=', floor.thread_id).where('number', '=', floor.root_number).execute();
    }
  }
  if (!before && !after) {
    await bumpVersion(work, floor.thread_id);
    return;
  }
  const row = await floorQuery(trx, floor.thread_id).where('f.id', '=', floor.id).executeTakeFirstOrThrow();
  const view = toFloor(row, floor.thread_author);
  await recordEvent(work, thread, { type: 'floor.updated', floor: view });
  // Pages loaded while the floor was out of view do not hold it: they add it as a new floor.
  if (!before && view.status === 'published') await recordEvent(work, thread, { type: 'floor.created', floor: view });
}
