import { type Bootstrap, type Sort, type View, type Viewer } from '@teahouse/protocol';
import type { Database } from '../db/database.js';
import type { Site } from '../sites/sites.js';
import { findThread, listFloors, toThread } from './floors.js';
import { readFloors } from './nested.js';
import { readingOf } from '../sites/sites.js';
import { limitsOf } from './limits.js';
import { lastEventId } from '../events/events.js';
import { bootstrapReactions, reactionsOf } from '../reactions/reactions.js';
import { reactionConfig } from '../reactions/settings.js';

export async function buildBootstrap(
  db: Database,
  site: Site,
  page: string,
  sort: Sort,
  limit: number,
  viewer: Viewer | null,
  view: View = 'floors',
): Promise<{ body: Bootstrap; etag: string }> {
  const thread = await findThread(db, site.id, page);
  // Read before the floors: an event the snapshot already shows may be replayed (clients
  // de-duplicate by floor), but none it misses can be skipped.
  const eventId = await lastEventId(db, thread?.id ?? null);
  const floors = view === 'nested' ? await readFloors(db, thread, { sort, limit, view }) : await listFloors(db, thread, { sort, limit });
  const reactions = await bootstrapReactions(db, site, thread, floors);
  const body: Bootstrap = {
    site: {
      id: site.id,
      name: site.name,
      loginUrl: site.settings.loginUrl ?? null,
      registerUrl: site.settings.registerUrl ?? null,
      ...limitsOf(site),
      ...readingOf(site),
      reactions: reactionConfig(reactionsOf(site)),
    },
    thread: { ...toThread(site.id, page, thread), reactions: reactions.article },
    page: reactions.page,
    hot: reactions.hot,
    sort,
    ...(view === 'nested' ? { view } : {}),
    viewer,
    lastEventId: eventId,
  };
  const etag = `"${thread ? `${thread.id}.${thread.version}` : '0'}.${site.stamp}.${sort}.${limit}${view === 'nested' ? '.n' : ''}"`;
  return { body, etag };
}

interface Entry {
  etag: string;
  json: string;
}

const MAX_CACHED_THREADS = 5000;
/**
 * Changes made through this process invalidate at once; this bounds how long a change made
 * by another process (a second instance, the CLI) can go unseen.
 */
const ENTRY_TTL_MS = 5000;

/**
 * The anonymous bootstrap of a thread, serialised once and served from memory until the
 * thread changes. A build that raced with a change is served but not kept, so the cache
 * never holds a page older than the last change it was told about.
 */
export class BootstrapCache {
  #threads = new Map<string, Map<string, Entry & { at: number }>>();
  #epoch = 0;

  constructor(db: Database) {
    db.onThreadChange(({ site, page }) => {
      this.#epoch++;
      this.#threads.delete(threadKey(site, page));
    });
  }

  /** `variant` names everything else the response depends on (sort, limit). */
  async get(site: Site, page: string, variant: string, build: () => Promise<Entry>): Promise<Entry> {
    const key = threadKey(site.id, page);
    // The site's public configuration is part of the body, so a new one is a new variant.
    variant = `${site.stamp}:${variant}`;
    const hit = this.#threads.get(key)?.get(variant);
    if (hit && Date.now() - hit.at < ENTRY_TTL_MS) {
      // Refresh recency so hot threads survive eviction.
      const variants = this.#threads.get(key)!;
      this.#threads.delete(key);
      this.#threads.set(key, variants);
      return hit;
    }
    const epoch = this.#epoch;
    const at = Date.now();
    const entry = await build();
    if (epoch === this.#epoch) {
      let variants = this.#threads.get(key);
      if (!variants) {
        if (this.#threads.size >= MAX_CACHED_THREADS) this.#threads.delete(this.#threads.keys().next().value!);
        variants = new Map();
        this.#threads.set(key, variants);
      }
      variants.set(variant, { ...entry, at });
    }
    return entry;
  }
}

const threadKey = (site: string, page: string) => `${site}\n${page}`;

/** `If-None-Match` holds a list of tags (or `*`); weak and strong forms compare alike here. */
export function matchesEtag(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  const bare = etag.replace(/^W\//, '');
  return header.split(',').some((tag) => {
    const t = tag.trim();
    return t === '*' || t.replace(/^W\//, '') === bare;
  });
}
