import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';

/** What a hit on a sliding window came to. */
export type HitResult =
  | { ok: true; /** Names the recorded hit, for `undo`. */ id: string }
  | { ok: false; /** Milliseconds until the window has room again. */ retryAfterMs: number };

/**
 * Sliding-window logs: each key keeps the times of its hits within the window, so "at most N in
 * any T seconds" holds exactly, with no burst at a fixed window's edge.
 */
export interface WindowStore {
  /** Records a hit at `now` unless `limit` hits already fall within `(now - windowMs, now]`. */
  hit(key: string, limit: number, windowMs: number, now: number): Promise<HitResult>;
  /** Takes back a recorded hit (an attempt that turned out not to count). */
  undo(key: string, id: string): Promise<void>;
  close(): Promise<void>;
}

/** Keys held before the oldest are dropped; a flood of distinct addresses cannot grow memory without bound. */
const MAX_KEYS = 100_000;
const SWEEP_EVERY = 10_000;

/** The store of a single process (SQLite deployments, or any server without Redis). */
export class MemoryWindowStore implements WindowStore {
  #keys = new Map<string, { windowMs: number; hits: { at: number; id: string }[] }>();
  #sinceSweep = 0;

  async hit(key: string, limit: number, windowMs: number, now: number): Promise<HitResult> {
    if (++this.#sinceSweep >= SWEEP_EVERY) this.#sweep(now);
    let entry = this.#keys.get(key);
    if (!entry) {
      if (this.#keys.size >= MAX_KEYS) this.#keys.delete(this.#keys.keys().next().value!);
      entry = { windowMs, hits: [] };
      this.#keys.set(key, entry);
    }
    entry.windowMs = windowMs;
    const hits = entry.hits;
    while (hits.length > 0 && hits[0]!.at <= now - windowMs) hits.shift();
    if (hits.length >= limit) {
      // Room comes back when the hit that put the window over its limit leaves it.
      return { ok: false, retryAfterMs: Math.max(1, hits[hits.length - limit]!.at + windowMs - now) };
    }
    const id = randomBytes(6).toString('base64url');
    hits.push({ at: now, id });
    return { ok: true, id };
  }

  async undo(key: string, id: string): Promise<void> {
    const entry = this.#keys.get(key);
    if (!entry) return;
    const i = entry.hits.findIndex((h) => h.id === id);
    if (i >= 0) entry.hits.splice(i, 1);
  }

  async close(): Promise<void> {
    this.#keys.clear();
  }

  #sweep(now: number): void {
    this.#sinceSweep = 0;
    for (const [key, entry] of this.#keys) {
      const last = entry.hits[entry.hits.length - 1];
      if (!last || last.at <= now - entry.windowMs) this.#keys.delete(key);
    }
  }
}

const RETRY_AFTER_FAILURE_MS = 5000;

// One round trip, atomic: trim the log to the window, then record the hit only if there is room.
// A hit's member is "<time>:<id>", so equal times stay distinct.
const HIT_SCRIPT = `
local key = KEYS[1]
local now = tonumber(ARGV[1])
local window = tonumber(ARGV[2])
local limit = tonumber(ARGV[3])
redis.call('ZREMRANGEBYSCORE', key, '-inf', now - window)
local n = redis.call('ZCARD', key)
if n < limit then
  redis.call('ZADD', key, now, ARGV[4])
  redis.call('PEXPIRE', key, window)
  return -1
end
local edge = redis.call('ZRANGE', key, n - limit, n - limit, 'WITHSCORES')
return tonumber(edge[2]) + window - now
`;

/**
 * The store shared by every instance that points at the same Redis: a sorted set per key, scored
 * by hit time. Times come from the app's clock, so instances should keep their clocks in sync
 * (as NTP does) — a skew of a second shifts a window by a second.
 */
export class RedisWindowStore implements WindowStore {
  readonly #redis: Redis;
  readonly #prefix: string;
  /** After a failure the store is not asked again for a while, so a dead Redis costs requests no time. */
  #downUntil = 0;

  constructor(url: string, prefix = 'teahouse:rate:') {
    this.#redis = new Redis(url, { maxRetriesPerRequest: 1, commandTimeout: 500, connectTimeout: 2000 });
    this.#redis.defineCommand('teahouseHit', { numberOfKeys: 1, lua: HIT_SCRIPT });
    // ioredis reports connection trouble as events; requests still fail (and are answered) on their own.
    this.#redis.on('error', () => {});
    this.#prefix = prefix;
  }

  async hit(key: string, limit: number, windowMs: number, now: number): Promise<HitResult> {
    const id = `${now}:${randomBytes(6).toString('base64url')}`;
    if (Date.now() < this.#downUntil) throw new Error('the Redis rate limit store failed a moment ago');
    const run = (this.#redis as unknown as Record<string, (...args: unknown[]) => Promise<number>>).teahouseHit!;
    let wait: number;
    try {
      wait = Number(await run.call(this.#redis, this.#prefix + key, now, windowMs, limit, id));
    } catch (error) {
      this.#downUntil = Date.now() + RETRY_AFTER_FAILURE_MS;
      throw error;
    }
    return wait < 0 ? { ok: true, id } : { ok: false, retryAfterMs: Math.max(1, wait) };
  }

  async undo(key: string, id: string): Promise<void> {
    await this.#redis.zrem(this.#prefix + key, id);
  }

  async close(): Promise<void> {
    await this.#redis.quit().catch(() => this.#redis.disconnect());
  }
}
