import type { Database } from '../db/database.js';
import type { Site } from '../sites/sites.js';
import type { Entry } from './bootstrap.js';

/** A held answer: its bytes, their strong ETag, and their compressed forms once asked for. */
export type CountsEntry = Pick<Entry, 'etag' | 'body' | 'br' | 'gzip'>;

/** Bounds the answers held per site and how long one may miss a change made by another process. */
const MAX_PER_SITE = 2000;
const ENTRY_TTL_MS = 5000;

/**
 * Answers of `GET counts` (the JSON bytes and their ETag), by site and query string, held until a thread of
 * the site changes. Article lists ask for the same pages on every view; a change to any thread
 * of the site drops the site's answers, and one that raced with a read is not kept.
 */
export class CountsCache {
  #sites = new Map<string, { epoch: number; answers: Map<string, { entry: CountsEntry; at: number }> }>();

  constructor(db: Database) {
    db.events.onChange(({ site }) => {
      const held = this.#sites.get(site);
      if (held) {
        held.epoch++;
        held.answers.clear();
      }
    });
  }

  #of(siteId: string) {
    let held = this.#sites.get(siteId);
    if (!held) this.#sites.set(siteId, (held = { epoch: 0, answers: new Map() }));
    return held;
  }

  /** The answer to this query string, while fresh. */
  get(site: Site, query: string): CountsEntry | undefined {
    const hit = this.#sites.get(site.id)?.answers.get(query);
    return hit && Date.now() - hit.at < ENTRY_TTL_MS ? hit.entry : undefined;
  }

  /** Marks the start of a read: pass it to {@link set} with what was read. */
  epoch(site: Site): number {
    return this.#of(site.id).epoch;
  }

  /** Keeps the answer unless the site changed since `epoch`. */
  set(site: Site, query: string, entry: CountsEntry, epoch: number, at: number): void {
    const held = this.#of(site.id);
    if (held.epoch !== epoch) return;
    if (held.answers.size >= MAX_PER_SITE) held.answers.delete(held.answers.keys().next().value!);
    held.answers.set(query, { entry, at });
  }
}
