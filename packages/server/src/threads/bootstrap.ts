import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { type Bootstrap, type Sort, type View, type Viewer } from '@teahouse/protocol';
import type { Database } from '../db/database.js';
import type { Site } from '../sites/sites.js';
import { listFloors, readFloors } from './listing.js';
import { findThread, toThread } from './threads.js';
import { readingOf } from '../sites/sites.js';
import { limitsOf } from './limits.js';
import { lastEventId } from '../events/events.js';
import { bootstrapReactions, reactionsOf } from '../reactions/reactions.js';
import { reactionConfig } from '../reactions/settings.js';
import { scopeOf } from '../moderation/visibility.js';
import { pinnedFloors } from '../moderation/pins.js';

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
  // The viewer's own held floors, or everything for a moderator; the anonymous (cached) view is public.
  const scope = scopeOf(viewer?.user ?? null);
  const floors = view === 'nested' ? await readFloors(db, thread, { sort, limit, view, scope }) : await listFloors(db, thread, { sort, limit, scope });
  const reactions = await bootstrapReactions(db, site, thread, floors);
  const pinned = await pinnedFloors(db, site, thread, scope);
  const body: Bootstrap = {
    site: {
      id: site.id,
      name: site.name,
      loginUrl: site.settings.loginUrl ?? null,
      registerUrl: site.settings.registerUrl ?? null,
      ...limitsOf(site),
      ...readingOf(site),
      reactions: reactionConfig(reactionsOf(site)),
      ...(site.settings.guests ? { guests: true } : {}),
    },
    thread: { ...toThread(site.id, page, thread), reactions: reactions.article },
    page: reactions.page,
    hot: reactions.hot,
    ...(pinned.length > 0 ? { pinned } : {}),
    sort,
    ...(view === 'nested' ? { view } : {}),
    viewer,
    lastEventId: eventId,
  };
  const etag = `"${thread ? `${thread.id}.${thread.version}` : '0'}.${site.stamp}.${sort}.${limit}${view === 'nested' ? '.n' : ''}"`;
  return { body, etag };
}

export interface Entry {
  etag: string;
  /**
   * UTF-8 bytes, not a string: a string body is measured (Buffer.byteLength) and encoded again
   * on every response, which costs more than everything else on this path.
   */
  body: Buffer;
  /** Compressed once, on the first request that accepts it. */
  br?: Buffer;
  gzip?: Buffer;
}

/** Bounds the memory the cache may hold, whatever the number or size of threads. */
const MAX_CACHED_BYTES = 32 * 1024 * 1024;
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
  #bytes = 0;

  readonly #metrics: { bootstrap(result: 'hit' | 'miss'): void } | undefined;

  constructor(db: Database, metrics?: { bootstrap(result: 'hit' | 'miss'): void }) {
    this.#metrics = metrics;
    db.events.onChange(({ site, page }) => {
      this.#epoch++;
      this.#drop(threadKey(site, page));
    });
  }

  #drop(key: string): void {
    const variants = this.#threads.get(key);
    if (!variants) return;
    for (const entry of variants.values()) this.#bytes -= entry.body.length;
    this.#threads.delete(key);
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
      this.#metrics?.bootstrap('hit');
      return hit;
    }
    this.#metrics?.bootstrap('miss');
    const epoch = this.#epoch;
    const at = Date.now();
    const entry = await build();
    if (epoch === this.#epoch) {
      // Oldest-used threads go first; a compressed copy is far smaller than the body it is counted with.
      while (this.#threads.size > 0 && (this.#threads.size >= MAX_CACHED_THREADS || this.#bytes + entry.body.length > MAX_CACHED_BYTES)) {
        this.#drop(this.#threads.keys().next().value!);
      }
      let variants = this.#threads.get(key);
      if (!variants) {
        variants = new Map();
        this.#threads.set(key, variants);
      }
      const previous = variants.get(variant);
      if (previous) this.#bytes -= previous.body.length;
      variants.set(variant, { ...entry, at });
      this.#bytes += entry.body.length;
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

/** An encoding named in Accept-Encoding with a weight above zero. */
const accepting = (name: string) => new RegExp(`(^|,)\\s*${name}\\s*(;\\s*q=(1|0?\\.0*[1-9]\\d*))?\\s*(,|$)`, 'i');
const ACCEPTS = { br: accepting('br'), gzip: accepting('gzip') };

/**
 * The cached body in the best encoding the request accepts (brotli, then gzip), compressed once
 * per entry: anonymous readers of one thread share the work.
 */
export function encodedBody(entry: Entry, acceptEncoding: string | undefined): { bytes: Buffer; encoding: 'br' | 'gzip' | null } {
  // Small bodies are not worth a compressor's time or framing.
  if (!acceptEncoding || entry.body.length < 1024) return { bytes: entry.body, encoding: null };
  if (ACCEPTS.br.test(acceptEncoding)) {
    entry.br ??= brotliCompressSync(entry.body, {
      params: { [constants.BROTLI_PARAM_QUALITY]: 5, [constants.BROTLI_PARAM_SIZE_HINT]: entry.body.length },
    });
    return { bytes: entry.br, encoding: 'br' };
  }
  if (ACCEPTS.gzip.test(acceptEncoding)) {
    entry.gzip ??= gzipSync(entry.body, { level: 6 });
    return { bytes: entry.gzip, encoding: 'gzip' };
  }
  return { bytes: entry.body, encoding: null };
}
