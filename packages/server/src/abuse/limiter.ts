import { Redis } from 'ioredis';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';

/** What a hit came to. */
export type HitResult =
  | { ok: true; /** Names the recorded hit, for `undo`. */ id: string }
  | { ok: false; /** Milliseconds until the key's window has room again. */ retryAfterMs: number };

/**
 * Counters in windows (rate-limiter-flexible): at most `limit` hits per key in a window of
 * `windowMs`, the window starting at the key's first hit and ending `windowMs` later.
 */
export interface WindowStore {
  /** Records a hit unless the key's window is full. */
  hit(key: string, limit: number, windowMs: number): Promise<HitResult>;
  /** Takes back a recorded hit (an attempt that turned out not to count). */
  undo(key: string, id: string): Promise<void>;
  close(): Promise<void>;
}

/** One rate-limiter-flexible limiter per (limit, window) pair in use; the key is the caller's. */
abstract class FlexibleStore implements WindowStore {
  readonly #limiters = new Map<string, RateLimiterAbstract>();

  protected abstract create(points: number, duration: number, name: string): RateLimiterAbstract;

  #limiter(name: string): RateLimiterAbstract {
    let limiter = this.#limiters.get(name);
    if (!limiter) {
      const [points, duration] = name.split('/').map(Number) as [number, number];
      limiter = this.create(points, duration, name);
      this.#limiters.set(name, limiter);
    }
    return limiter;
  }

  async hit(key: string, limit: number, windowMs: number): Promise<HitResult> {
    const name = `${limit}/${Math.max(1, Math.ceil(windowMs / 1000))}`;
    const limiter = this.#limiter(name);
    try {
      const res = await limiter.consume(key);
      // The window's end goes with the hit: taking it back after that would credit the next window.
      return { ok: true, id: `${name}/${Date.now() + res.msBeforeNext}` };
    } catch (error) {
      if (!(error instanceof RateLimiterRes)) throw error;
      // A refused attempt counts nowhere: the limiter counted it, so it is given back.
      await limiter.reward(key, 1);
      return { ok: false, retryAfterMs: Math.max(1, error.msBeforeNext) };
    }
  }

  async undo(key: string, id: string): Promise<void> {
    const [points, duration, end] = id.split('/');
    if (!(Date.now() < Number(end))) return;
    await this.#limiter(`${points}/${duration}`).reward(key, 1);
  }

  abstract close(): Promise<void>;
}

/** The store of a single process (SQLite deployments, or any server without Redis). Keys go when their window ends. */
export class MemoryWindowStore extends FlexibleStore {
  protected create(points: number, duration: number): RateLimiterAbstract {
    return new RateLimiterMemory({ points, duration });
  }

  async close(): Promise<void> {}
}

/** After a failure the store is not asked again for a while, so a dead Redis costs requests no time. */
const RETRY_AFTER_FAILURE_MS = 5000;

/**
 * The store shared by every instance that points at the same Redis: one counter per key, which
 * expires with its window (Redis keeps the time, so instances need no common clock).
 */
export class RedisWindowStore extends FlexibleStore {
  readonly #redis: Redis;
  readonly #prefix: string;
  #downUntil = 0;

  constructor(url: string, prefix = 'teahouse:rate:') {
    super();
    this.#redis = new Redis(url, { maxRetriesPerRequest: 1, commandTimeout: 500, connectTimeout: 2000 });
    // ioredis reports connection trouble as events; requests still fail (and are answered) on their own.
    this.#redis.on('error', () => {});
    this.#prefix = prefix;
  }

  protected create(points: number, duration: number, name: string): RateLimiterAbstract {
    return new RateLimiterRedis({ storeClient: this.#redis, points, duration, keyPrefix: `${this.#prefix}${name}` });
  }

  override async hit(key: string, limit: number, windowMs: number): Promise<HitResult> {
    if (Date.now() < this.#downUntil) throw new Error('the Redis rate limit store failed a moment ago');
    try {
      return await super.hit(key, limit, windowMs);
    } catch (error) {
      this.#downUntil = Date.now() + RETRY_AFTER_FAILURE_MS;
      throw error;
    }
  }

  /** One round trip to Redis, failing on an error or no answer. */
  async ping(): Promise<void> {
    await this.#redis.ping();
  }

  async close(): Promise<void> {
    await this.#redis.quit().catch(() => this.#redis.disconnect());
  }
}
