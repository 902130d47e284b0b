import type { Kysely } from 'kysely';
import type { Tables } from '../db/schema.js';
import type { Fanout, FanoutChange } from './fanout/fanout.js';

/** What changed, so in-process caches can drop what they hold for that thread. */
export interface ThreadChange {
  site: string;
  page: string;
}

/** How often subscribed threads are checked for events written by another process. */
export const POLL_INTERVAL_MS = 2000;
const POLL_CHUNK = 500;

type Wake = () => void;

/**
 * Tells what changed in a thread to whoever holds something of it in this process: live streams
 * (`subscribe`) and caches (`onChange`). Changes committed by this process arrive at once
 * (`changed`, an after-commit effect of the unit of work that made them) and are published to
 * the other instances through the fan-out (`attach`), whose changes arrive the same way. Without
 * a fan-out, or while it cannot deliver, changes made elsewhere are found by polling the
 * subscribed threads' newest event ids every couple of seconds while anyone is subscribed, and
 * caches bound how long they keep a thread.
 */
export class EventHub {
  readonly #kysely: Kysely<Tables>;
  #listeners = new Set<(change: ThreadChange) => void>();
  #subscribers = new Map<string, Set<Wake>>();
  #known = new Map<string, string>();
  #timer: ReturnType<typeof setInterval> | undefined;
  #polling = false;
  #closed = false;
  #closers = new Set<Wake>();
  #fanout: Fanout | undefined;

  constructor(kysely: Kysely<Tables>) {
    this.#kysely = kysely;
  }

  /**
   * Shares changes with the other instances through `fanout`: from now on the poll runs only
   * while the fan-out reports it cannot deliver, and on its return every subscribed thread is
   * looked at once, for what was published while it was away.
   */
  attach(fanout: Fanout): void {
    this.#fanout = fanout;
    fanout.onChange((change) => this.#apply(change));
    fanout.onState((state) => {
      if (state === 'pubsub') {
        this.stop();
        for (const threadId of this.#subscribers.keys()) this.notify(threadId);
      } else if (this.#subscribers.size > 0) {
        this.#startPolling();
      }
    });
    if (fanout.state === 'pubsub') this.stop();
  }

  /** True while changes made elsewhere are found by polling rather than told. */
  get polling(): boolean {
    return this.#fanout?.state !== 'pubsub';
  }

  /** Calls `listener` with every thread changed through this process; returns the way to stop. */
  onChange(listener: (change: ThreadChange) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /**
   * A thread changed: caches drop it, and its live streams look for new events. Units of work
   * call this after their commit (`Work.touch`); code that writes around them (an import) calls
   * it itself. `id` is absent for a thread that does not exist (yet).
   */
  changed(change: FanoutChange): void {
    this.#apply(change);
    this.#fanout?.publish({ site: change.site, page: change.page, id: change.id });
  }

  #apply(change: FanoutChange): void {
    for (const listener of this.#listeners) listener({ site: change.site, page: change.page });
    if (change.id !== undefined) this.notify(change.id);
  }

  /** Calls `wake` whenever the thread may have new events; returns the unsubscribe function. */
  subscribe(threadId: string, wake: Wake): () => void {
    let set = this.#subscribers.get(threadId);
    if (!set) {
      set = new Set();
      this.#subscribers.set(threadId, set);
    }
    set.add(wake);
    if (this.polling) this.#startPolling();
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

  /** Wakes every subscriber of the thread. */
  notify(threadId: string): void {
    for (const wake of this.#subscribers.get(threadId) ?? []) wake();
  }

  get subscriberCount(): number {
    let n = 0;
    for (const set of this.#subscribers.values()) n += set.size;
    return n;
  }

  #startPolling(): void {
    if (this.#timer !== undefined || this.#closed) return;
    // Whatever was missed before polling started is found by the first poll.
    this.#known.clear();
    this.#timer = setInterval(() => void this.#poll(), POLL_INTERVAL_MS);
    this.#timer.unref?.();
  }

  /** Number of threads subscribed to in this process (each stream of a thread shares one). */
  get threadCount(): number {
    return this.#subscribers.size;
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
    // Its owner closes the fan-out; nothing is published or heard once closing.
    this.#fanout = undefined;
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
        const rows = await this.#kysely
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
