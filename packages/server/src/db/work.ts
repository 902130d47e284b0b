import type { Kysely } from 'kysely';
import type { Database } from './database.js';
import type { Tables } from './schema.js';

/** A thread as caches and live streams know it. */
export interface ThreadRef {
  id: string;
  site: string;
  page: string;
}

/** Something to do once the unit of work is committed; it gets the database it was committed to. */
export type Effect = (db: Database) => void;

/**
 * One unit of work: its queries run inside its transaction (`trx`), and what should follow the
 * commit (events pushed to live streams, caches dropped, webhooks woken) is registered here as
 * the work goes, so that it happens exactly when the change committed, once, and never after a
 * rollback. Created by `db.write`; code inside reads and writes through `trx` only (reads
 * through `db.kysely` would not see the unit's own writes).
 */
export class Work {
  readonly trx: Kysely<Tables>;
  readonly #effects = new Map<string, Effect>();
  readonly #bumped = new Set<string>();

  constructor(trx: Kysely<Tables>) {
    this.trx = trx;
  }

  /**
   * Registers `effect` to run after the commit. Effects under one `key` run once per unit (the
   * first registration wins), so helpers can register theirs without knowing about each other.
   */
  afterCommit(key: string, effect: Effect): void {
    if (!this.#effects.has(key)) this.#effects.set(key, effect);
  }

  /** The thread changed: after the commit its cached pages are dropped and its live streams woken. */
  touch(thread: ThreadRef): void {
    this.afterCommit(`thread:${thread.id}`, (db) => db.events.changed(thread));
  }

  /**
   * Whether this is the unit's first change to the thread's version (the bootstrap ETag): a
   * thread changes once per unit of work, however many events the unit records for it.
   */
  claimVersion(threadId: string): boolean {
    if (this.#bumped.has(threadId)) return false;
    this.#bumped.add(threadId);
    return true;
  }

  /** Runs the effects; one that throws is reported and cannot fail the committed request. */
  committed(db: Database): void {
    for (const effect of this.#effects.values()) {
      try {
        effect(db);
      } catch (error) {
        console.error('teahouse: an after-commit effect failed', error);
      }
    }
  }
}
