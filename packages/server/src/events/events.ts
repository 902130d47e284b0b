import type { ThreadEvent } from '@teahouse/protocol';
import type { Kysely } from 'kysely';
import type { Database } from '../db/database.js';
import { prepared } from '../db/prepared.js';
import type { Tables } from '../db/schema.js';
import type { ThreadRef, Work } from '../db/work.js';

/**
 * Bumps the thread's version (the bootstrap ETag) once per unit of work. The UPDATE also takes
 * the thread row's lock (Postgres holds it to the commit), which is what orders the thread's
 * writers; a unit that updated the row already (a post numbering its floor) holds it and says so
 * with `work.claimVersion` when it bumps the version itself.
 */
export async function bumpVersion(work: Work, threadId: string): Promise<void> {
  if (!work.claimVersion(threadId)) return;
  await work.trx
    .updateTable('threads')
    .set((eb) => ({ version: eb('version', '+', 1) }))
    .where('id', '=', threadId)
    .execute();
}

const insertEvent = prepared((k: Kysely<Tables>, threadId: string, type: ThreadEvent['type'], payload: string, createdAt: string) => k
  .insertInto('thread_events')
  .values({ thread_id: threadId, type, payload, created_at: createdAt })
  .returning('id'), 4);

/**
 * Records an event of a thread inside the unit of work, so it exists exactly when the change it
 * describes committed; after the commit the thread's live streams are woken and its cached
 * pages dropped. The thread's row is locked (the version bump) before the id is drawn, so ids
 * grow in commit order within a thread and readers of "after id N" never skip one. Returns the
 * event id.
 */
export async function recordEvent(work: Work, thread: ThreadRef, event: ThreadEvent): Promise<string> {
  await bumpVersion(work, thread.id);
  const [row] = await insertEvent(work.trx, thread.id, event.type, JSON.stringify(event), new Date().toISOString());
  if (!row) throw new Error('the event was not stored');
  work.touch(thread);
  return String(row.id);
}

export interface StoredEvent {
  id: string;
  event: ThreadEvent;
}

/** Event ids are bigint on Postgres (compared as text parameters) and integers on SQLite. */
const idParam = (db: Database, id: string): number | string => (db.dialect === 'sqlite' ? Number(id) : id);

/** Events of a thread after `after` (exclusive), oldest first. */
export async function readEvents(db: Database, threadId: string, after: string, limit = 100): Promise<StoredEvent[]> {
  const rows = await db.kysely
    .selectFrom('thread_events')
    .select(['id', 'payload'])
    .where('thread_id', '=', threadId)
    .where('id', '>', idParam(db, after))
    .orderBy('id', 'asc')
    .limit(limit)
    .execute();
  return rows.map((row) => ({ id: String(row.id), event: JSON.parse(row.payload) as ThreadEvent }));
}

/** The thread's newest event id, or '0' when it has none. */
export async function lastEventId(db: Database, threadId: string | null): Promise<string> {
  if (threadId === null) return '0';
  const row = await db.kysely
    .selectFrom('thread_events')
    .select('id')
    .where('thread_id', '=', threadId)
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row ? String(row.id) : '0';
}
