import type { Kysely, Transaction } from 'kysely';
import type { ThreadEvent } from '@teahouse/protocol';
import type { Database } from '../db/database.js';
import type { Tables } from '../db/schema.js';

/**
 * Records an event of a thread inside the caller's transaction, so it exists exactly when the
 * change it describes committed, and bumps the thread's version (the bootstrap ETag). The
 * version bump also takes the thread row's lock before the id is drawn, so ids grow in commit
 * order within a thread and readers of "after id N" never skip one. After the commit the
 * caller calls `db.events.notify(threadId)`. Returns the event id.
 */
export async function recordEvent(trx: Transaction<Tables> | Kysely<Tables>, threadId: string, event: ThreadEvent): Promise<string> {
  await trx
    .updateTable('threads')
    .set((eb) => ({ version: eb('version', '+', 1) }))
    .where('id', '=', threadId)
    .execute();
  const row = await trx
    .insertInto('thread_events')
    .values({ thread_id: threadId, type: event.type, payload: JSON.stringify(event), created_at: new Date().toISOString() })
    .returning('id')
    .executeTakeFirstOrThrow();
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

/** How often subscribed threads are checked for events written by another process. */
export const POLL_INTERVAL_MS = 2000;
const POLL_CHUNK = 500;

type Wake = () => void;

/**
 * Wakes the live streams of a thread when it changes. Changes made in this process wake them
 * at once (`notify` after commit); changes made by another instance or the CLI are found by
 * polling the subscribed threads' newest event ids every couple of seconds while anyone is
 * subscribed. A Redis fan-out can replace the polling across instances later.
 */
export class EventHub {
  readonly #db: Database;
  #subscribers = new Map<string, Set<Wake>>();
  #known = new Map<string, string>();
  #timer: ReturnType<typeof setInterval> | undefined;
  #polling = false;
  #closed = false;
  #closers = new Set<Wake>();

  constructor(db: Database) {
    this.#db = db;
  }

  /** Calls `wake` whenever the thread may have new events; returns the unsubscribe function. */
  subscribe(threadId: string, wake: Wake): () => void {
    let set = this.#subscribers.get(threadId);
    if (!set) {
      set = new Set();
      this.#subscribers.set(threadId, set);
    }
    set.add(wake);
    this.#timer ??= setInterval(() => void this.#poll(), POLL_INTERVAL_MS);
    this.#timer.unref?.();
    return () => {
      const current = this.#subscribers.get(threadId);
      current?.delete(wake);
      if (current?.size === 0) {
        this.#subscribers.delete(threadId);
        this.#known.delete(threadId);
      }
      if (this.#subscribers.size === 0) this.stop();
    };
  }

  /** Wakes every subscriber of the thread; call after the transaction that recorded events committed. */
  notify(threadId: string): void {
    for (const wake of this.#subscribers.get(threadId) ?? []) wake();
  }

  get subscriberCount(): number {
    let n = 0;
    for (const set of this.#subscribers.values()) n += set.size;
    return n;
  }

  stop(): void {
    if (this.#timer !== undefined) clearInterval(this.#timer);
    this.#timer = undefined;
  }

  /** True once the server is shutting down: streams end instead of waiting. */
  get closed(): boolean {
    return this.#closed;
  }

  /** Ends every stream (they see `closed` when woken), so a shutdown need not wait for them. */
  close(): void {
    this.#closed = true;
    this.stop();
    for (const set of this.#subscribers.values()) for (const wake of set) wake();
    for (const wake of this.#closers) wake();
  }

  /** Calls `wake` on shutdown only: for streams still waiting for their thread to exist. */
  onClose(wake: Wake): () => void {
    this.#closers.add(wake);
    return () => this.#closers.delete(wake);
  }

  async #poll(): Promise<void> {
    if (this.#polling) return;
    this.#polling = true;
    try {
      const threads = [...this.#subscribers.keys()];
      for (let i = 0; i < threads.length; i += POLL_CHUNK) {
        const rows = await this.#db.kysely
          .selectFrom('thread_events')
          .select(['thread_id', (eb) => eb.fn.max('id').as('last')])
          .where('thread_id', 'in', threads.slice(i, i + POLL_CHUNK))
          .groupBy('thread_id')
          .execute();
        for (const row of rows) {
          const last = String(row.last);
          if (this.#known.get(row.thread_id) === last) continue;
          // The first sighting wakes too: an event may have landed between a subscriber's
          // first read and this poll.
          this.#known.set(row.thread_id, last);
          this.notify(row.thread_id);
        }
      }
    } catch {
      // A failed poll is retried on the next tick; the database may be restarting.
    } finally {
      this.#polling = false;
    }
  }
}
