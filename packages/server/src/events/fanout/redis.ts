import { randomBytes } from 'node:crypto';
import { Redis, type RedisOptions } from 'ioredis';
import type { Fanout, FanoutChange, FanoutState } from './fanout.js';

/** What goes over the channel: the change and its origin, so an instance skips its own. */
interface Message {
  o: string;
  s: string;
  p: string;
  t?: string;
}

export interface RedisFanoutOptions {
  /** Keys and channels start with this, so deployments (or test runs) can share one Redis. @default 'teahouse:' */
  prefix?: string;
  /** Told once per switch between pub/sub and polling. @default console.error */
  log?: (line: string) => void;
}

const CONNECTION: RedisOptions = {
  // A command to a Redis that is away fails at once instead of queueing: the poll covers it.
  enableOfflineQueue: false,
  maxRetriesPerRequest: 1,
  connectTimeout: 2000,
  // Reconnects keep trying, a little slower each time, at most once a second.
  retryStrategy: (times) => Math.min(100 * times, 1000),
  autoResubscribe: false,
  lazyConnect: true,
};

/**
 * Redis pub/sub between instances: one connection publishes, one listens on the channel
 * `<prefix>changes`. Pub/sub keeps nothing for a listener that is away, so whenever either
 * connection is down the state is `polling`, and on the way back the hub re-reads every
 * thread it serves (anything published meanwhile is in the database).
 */
export class RedisFanout implements Fanout {
  readonly #origin = randomBytes(8).toString('base64url');
  readonly #channel: string;
  readonly #pub: Redis;
  readonly #sub: Redis;
  readonly #log: (line: string) => void;
  #subscribed = false;
  #state: FanoutState = 'polling';
  #reported: FanoutState | undefined;
  #changeListeners: ((change: FanoutChange) => void)[] = [];
  #stateListeners: ((state: FanoutState) => void)[] = [];
  #closed = false;

  constructor(url: string, options: RedisFanoutOptions = {}) {
    this.#channel = `${options.prefix ?? 'teahouse:'}changes`;
    this.#log = options.log ?? ((line) => console.error(line));
    this.#pub = new Redis(url, CONNECTION);
    this.#sub = new Redis(url, CONNECTION);
    for (const redis of [this.#pub, this.#sub]) {
      // Connection trouble shows as state changes below; ioredis would otherwise print every retry.
      redis.on('error', () => {});
      redis.on('close', () => this.#update());
    }
    this.#pub.on('ready', () => this.#update());
    this.#sub.on('ready', () => void this.#subscribe());
    this.#sub.on('message', (channel: string, text: string) => {
      if (channel === this.#channel) this.#receive(text);
    });
    // A first connection that fails is retried like any other; serving starts meanwhile.
    this.#pub.connect().catch(() => {});
    this.#sub.connect().catch(() => {});
    // Reported even if Redis never answers, so a deployment starting without it says so.
    this.#timer = setTimeout(() => this.#report(), CONNECTION.connectTimeout);
    this.#timer.unref();
  }

  readonly #timer: ReturnType<typeof setTimeout>;

  get state(): FanoutState {
    return this.#state;
  }

  publish(change: FanoutChange): void {
    if (this.#pub.status !== 'ready') return;
    const message: Message = { o: this.#origin, s: change.site, p: change.page, ...(change.id !== undefined ? { t: change.id } : {}) };
    // A lost message is made up for: its instance polls, or re-reads on reconnecting.
    this.#pub.publish(this.#channel, JSON.stringify(message)).catch(() => {});
  }

  onChange(listener: (change: FanoutChange) => void): void {
    this.#changeListeners.push(listener);
  }

  onState(listener: (state: FanoutState) => void): void {
    this.#stateListeners.push(listener);
  }

  async #subscribe(): Promise<void> {
    try {
      await this.#sub.subscribe(this.#channel);
      this.#subscribed = true;
    } catch {
      // The connection went again; its next 'ready' tries again.
    }
    this.#update();
  }

  #receive(text: string): void {
    let message: Message;
    try {
      message = JSON.parse(text) as Message;
    } catch {
      return;
    }
    if (message.o === this.#origin || typeof message.s !== 'string' || typeof message.p !== 'string') return;
    const change: FanoutChange = { site: message.s, page: message.p, ...(typeof message.t === 'string' ? { id: message.t } : {}) };
    for (const listener of this.#changeListeners) listener(change);
  }

  #update(): void {
    if (this.#sub.status !== 'ready') this.#subscribed = false;
    const state: FanoutState = !this.#closed && this.#subscribed && this.#pub.status === 'ready' ? 'pubsub' : 'polling';
    if (state === this.#state) return;
    this.#state = state;
    this.#report();
    for (const listener of this.#stateListeners) listener(state);
  }

  /** One line per switch, not one per reconnection attempt. */
  #report(): void {
    if (this.#closed || this.#reported === this.#state) return;
    const first = this.#reported === undefined;
    this.#reported = this.#state;
    if (this.#state === 'pubsub') {
      this.#log(first
        ? 'teahouse: live events and cache invalidations between instances go through Redis pub/sub'
        : 'teahouse: Redis is reachable again; live events and cache invalidations between instances go through pub/sub');
    } else {
      this.#log('teahouse: Redis is unreachable; instances poll the database for each other\'s changes until it is back');
    }
  }

  async close(): Promise<void> {
    this.#closed = true;
    clearTimeout(this.#timer);
    await Promise.all([this.#pub, this.#sub].map((redis) => redis.quit().catch(() => redis.disconnect())));
  }
}
