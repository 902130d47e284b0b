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
  /** The thread the body shows (null before its first floor), and the floor numbers it holds (the article's 1, page, 热门回复). */
  threadId?: string | null;
  numbers?: readonly number[];
  /**
   * The body around its `"viewer":null`: a signed-in reader who sees what everyone sees gets
   * `head`, their viewer and reactions, then `tail`, without the page being read again.
   */
  head?: Buffer;
  tail?: Buffer;
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
const MAX_CACHED_QUERIES = 20_000;

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
  #queries = new Map<string, { page: string; variant: string }>();
  #pending = new Map<string, { epoch: number; entry: Promise<Entry> }>();
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

  /**
   * The entry a request with this query string was answered from, while it is fresh: the query
   * was validated when that answer was built, so the same string needs no second look.
   */
  byQuery(site: Site, query: string): Entry | undefined {
    const known = this.#queries.get(`${site.id}?${query}`);
    if (!known) return undefined;
    const hit = this.#threads.get(threadKey(site.id, known.page))?.get(`${site.stamp}:${known.variant}`);
    return hit && Date.now() - hit.at < ENTRY_TTL_MS ? hit : undefined;
  }

  /** Notes which thread and variant a validated query string names, for {@link byQuery}. */
  remember(site: Site, query: string, page: string, variant: string): void {
    const key = `${site.id}?${query}`;
    if (this.#queries.has(key)) return;
    if (this.#queries.size >= MAX_CACHED_QUERIES) this.#queries.clear();
    this.#queries.set(key, { page, variant });
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
    // Readers arriving while the page is being read wait for that read (unless the thread changed
    // since it started) instead of reading it again each.
    const flight = `${key}\n${variant}`;
    const pending = this.#pending.get(flight);
    if (pending && pending.epoch === this.#epoch) return pending.entry;
    this.#metrics?.bootstrap('miss');
    const epoch = this.#epoch;
    const at = Date.now();
    const building = build();
    this.#pending.set(flight, { epoch, entry: building });
    let entry: Entry;
    try {
      entry = await building;
    } finally {
      if (this.#pending.get(flight)?.entry === building) this.#pending.delete(flight);
    }
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

const VIEWER_NULL = ',"viewer":null';

/**
 * The cache entry of an anonymous bootstrap: its JSON, the thread and floor numbers it shows, and
 * the split around its viewer (the last keys are `viewer` then `lastEventId`, so the last
 * `,"viewer":null` in the text is the body's own: any inside a string is escaped).
 */
export function bootstrapEntry(body: Bootstrap, etag: string, numbers: readonly number[]): Entry {
  const json = JSON.stringify(body);
  const bytes = Buffer.from(json);
  const at = json.lastIndexOf(VIEWER_NULL);
  const entry: Entry = { etag, body: bytes, threadId: body.thread.id, numbers };
  if (body.viewer === null && at !== -1) {
    const headLength = Buffer.byteLength(json.slice(0, at)) + ',"viewer":'.length;
    entry.head = bytes.subarray(0, headLength);
    entry.tail = bytes.subarray(headLength + 'null'.length);
  }
  return entry;
}

/** The entry's body with `viewer` and `mine` in place of its `"viewer":null`. */
export function viewerBody(entry: Entry, viewer: Viewer | null, mine: object): Buffer | null {
  if (!entry.head || !entry.tail) return null;
  return Buffer.concat([entry.head, Buffer.from(`${JSON.stringify(viewer)},"mine":${JSON.stringify(mine)}`), entry.tail]);
}

/** `If-None-Match` holds a list of tags (or `*`); weak and strong forms compare alike here. */
export function matchesEtag(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  const bare = etag.replace(/^W\//, '');
  return header.split(',').some((tag) => {
    const t = tag.trim();
    return t === '*' || t.replace(/^W\//, '') === bare;
  });
}

/**
 * The answer to an anonymous bootstrap from its cache entry: 304 when `If-None-Match` names it,
 * else the body in the best encoding the request accepts. Besides these headers the answer
 * varies on Origin and Authorization (CORS and the route add them).
 */
export function cachedBootstrap(
  entry: Entry, ifNoneMatch: string | undefined, acceptEncoding: string | undefined, cacheControl: string,
): { status: 200 | 304; bytes: Buffer | null; headers: Record<string, string> } {
  const headers: Record<string, string> = { 'Cache-Control': cacheControl, ETag: entry.etag, Vary: 'Accept-Encoding' };
  if (matchesEtag(ifNoneMatch, entry.etag)) return { status: 304, bytes: null, headers };
  const { bytes, encoding } = encodedBody(entry, acceptEncoding);
  if (encoding) headers['Content-Encoding'] = encoding;
  headers['Content-Type'] = 'application/json; charset=UTF-8';
  return { status: 200, bytes, headers };
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
