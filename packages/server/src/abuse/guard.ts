import type { Context, MiddlewareHandler } from 'hono';
import type { ErrorIssue } from '@teahouse/protocol';
import { ApiError } from '../errors.js';
import { addressKey } from '../net/addresses.js';
import type { Site } from '../sites/sites.js';
import { MemoryWindowStore, RedisWindowStore, type WindowStore } from './limiter.js';
import {
  DEFAULT_LIMITS, NO_LIMITS, checkLimitSettings, resolveLimits,
  type LimitSettings, type LimitedAction, type RateWindow, type ResolvedLimits,
} from './settings.js';

/** The server options of abuse control; `AppOptions` carries them. */
export interface AbuseOptions {
  /**
   * The reverse proxies in front of the server, whose `X-Forwarded-For` / `X-Real-IP` are
   * believed: IP addresses, CIDR ranges (`10.0.0.0/8`, `fd00::/8`) and the names `loopback`,
   * `linklocal`, `uniquelocal`. Anyone else's forwarding headers are ignored. `teahouse serve
   * --trust-proxy` and `TEAHOUSE_TRUST_PROXY` (comma-separated) set it. @default [] (the socket's
   * address is the client's)
   */
  trustProxy?: string[];
  /**
   * `redis://…`: rate limits live in this Redis and are shared by every instance using it.
   * `teahouse serve --redis` and `REDIS_URL` set it. @default undefined (held in the process)
   */
  redis?: string;
  /**
   * Prefix of every Redis key and channel, so deployments (or test runs) can share one Redis.
   * `TEAHOUSE_REDIS_PREFIX` sets it. @default 'teahouse:'
   */
  redisPrefix?: string;
  /**
   * Limits for sites that do not set their own (a site's `limits` overrides these field by field);
   * `false` turns rate limits, flood control and duplicate checks off for such sites (test and
   * benchmark servers). @default the built-in limits (docs/abuse.md)
   */
  limits?: LimitSettings | false;
}

/** What the middleware hands the routes through the context. */
export interface AbuseState {
  ip: string;
  store: WindowStore;
  defaults: ResolvedLimits;
  /** Hits to take back should the request fail (a post's flood slot). */
  provisional: { key: string; id: string }[];
}

declare module 'hono' {
  interface ContextVariableMap {
    abuse: AbuseState;
  }
}

export interface AbuseControl {
  /**
   * Runs on every request, after the client address is known: hands the limits to the routes and
   * takes back provisional hits of requests that failed.
   */
  middleware: MiddlewareHandler;
  /** The rate limit store's Redis answers (`/readyz`); undefined when limits are held in the process. */
  ping?: () => Promise<void>;
  close(): Promise<void>;
}

let warnedAt = 0;

/** A store that cannot be reached lets requests through (the database-backed checks still hold) and says so, once a minute. */
async function tryHit(state: AbuseState, key: string, window: RateWindow) {
  try {
    return await state.store.hit(key, window[0], window[1] * 1000);
  } catch (error) {
    if (Date.now() - warnedAt > 60_000) {
      warnedAt = Date.now();
      console.error('teahouse: the rate limit store failed; letting requests through', error);
    }
    return null;
  }
}

/** Builds the abuse control of one app; `close()` ends its Redis connection. */
export function abuseControl(options: AbuseOptions = {}): AbuseControl {
  const defaults = options.limits === false ? NO_LIMITS : resolveLimits(DEFAULT_LIMITS, options.limits && checkLimitSettings('limits', options.limits));
  const redis = options.redis ? new RedisWindowStore(options.redis, `${options.redisPrefix ?? 'teahouse:'}rate:`) : undefined;
  const store: WindowStore = redis ?? new MemoryWindowStore();

  const middleware: MiddlewareHandler = async (c, next) => {
    const state: AbuseState = { ip: c.var.clientAddress, store, defaults, provisional: [] };
    c.set('abuse', state);
    await next();
    if (state.provisional.length > 0 && (c.error || c.res.status >= 400)) {
      await Promise.all(state.provisional.map((p) => store.undo(p.key, p.id).catch(() => {})));
    }
  };
  return { middleware, ...(redis ? { ping: () => redis.ping() } : {}), close: () => store.close() };
}

function stateOf(c: Context): AbuseState {
  const state = c.get('abuse');
  if (!state) throw new Error('abuse control is not installed on this app (createApp installs it)');
  return state;
}

/** The limits in force for a site: its own `limits` over the server's. */
export function limitsFor(c: Context, site: Site): ResolvedLimits {
  return resolveLimits(stateOf(c).defaults, site.settings.limits);
}

const seconds = (ms: number) => Math.max(1, Math.ceil(ms / 1000));

function span(s: number): string {
  if (s % 3600 === 0) return s === 3600 ? 'an hour' : `${s / 3600} hours`;
  if (s % 60 === 0) return s === 60 ? 'a minute' : `${s / 60} minutes`;
  return `${s} seconds`;
}

/** 429 with `Retry-After` (seconds) and `details.retryAfter`, which the composer shows. */
export class RateLimitedError extends ApiError {
  readonly retryAfter: number;

  constructor(retryAfterMs: number, message: string) {
    const retryAfter = seconds(retryAfterMs);
    super(429, 'rate_limited', `${message}; try again in ${retryAfter} s`);
    this.retryAfter = retryAfter;
  }

  override toBody(): { error: { code: 'rate_limited'; message: string; details: { issues?: ErrorIssue[]; retryAfter: number } } } {
    return { error: { code: 'rate_limited', message: this.message, details: { retryAfter: this.retryAfter } } };
  }
}

function refuse(c: Context, retryAfterMs: number, message: string): never {
  const error = new RateLimitedError(retryAfterMs, message);
  c.header('Retry-After', String(error.retryAfter));
  throw error;
}

const NOUNS: Record<LimitedAction, string> = {
  posts: 'posts', edits: 'edits', reactions: 'reactions', reports: 'reports', shares: 'shares', visits: 'visits',
  visitor: 'visitor tokens', guests: 'guest nicknames',
};

/**
 * Counts a request against the site's windows for `action`, per user (when `user` is
 * given: a reader's `sub`, or `v:<id>` for a visitor) and per client address, and refuses it with
 * 429 once either is full. One line in a route, after the site and the actor are known:
 * `await limitRate(c, site, 'reports', user.sub);`. Every attempt counts, unless `provisional`:
 * then the hits are given back when the request fails (a refused post is not a post).
 */
export async function limitRate(
  c: Context, site: Site, action: LimitedAction, user?: string | null, options: { provisional?: boolean } = {},
): Promise<void> {
  const state = stateOf(c);
  const { perUser, perIp } = limitsFor(c, site).actions[action];
  const taken: { key: string; id: string }[] = [];
  const take = async (key: string, window: RateWindow, message: string) => {
    const result = await tryHit(state, key, window);
    if (result && !result.ok) {
      // The request is refused, so it counts nowhere.
      await Promise.all(taken.map((h) => state.store.undo(h.key, h.id).catch(() => {})));
      refuse(c, result.retryAfterMs, message);
    }
    if (result?.ok) taken.push({ key, id: result.id });
  };
  if (perUser && user) {
    await take(`${site.id}:${action}:u:${user}`, perUser, `too many ${NOUNS[action]}: at most ${perUser[0]} in ${span(perUser[1])} per reader`);
  }
  if (perIp) {
    await take(`${site.id}:${action}:ip:${addressKey(state.ip)}`, perIp, `too many ${NOUNS[action]} from this address: at most ${perIp[0]} in ${span(perIp[1])}`);
  }
  if (options.provisional) state.provisional.push(...taken);
}

/**
 * Takes the flood slot of `key` for `floodSeconds` or refuses with 429. The slot is provisional:
 * the middleware gives it back when the request fails, so a rejected post does not make the
 * reader wait.
 */
export async function takeFloodSlot(c: Context, key: string, floodSeconds: number, who: string): Promise<void> {
  const state = stateOf(c);
  const result = await tryHit(state, key, [1, floodSeconds]);
  if (result && !result.ok) refuseFlood(c, result.retryAfterMs, floodSeconds, who);
  if (result?.ok) state.provisional.push({ key, id: result.id });
}

/** 429 for a post sent within `floodSeconds` of the previous one. */
export function refuseFlood(c: Context, retryAfterMs: number, floodSeconds: number, who: string): never {
  refuse(c, retryAfterMs, `${who} must wait ${span(floodSeconds)} between two posts`);
}

/** The key a client address is limited by. */
export const ipKey = (c: Context): string => addressKey(stateOf(c).ip);
