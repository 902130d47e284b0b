import type { Database } from '../../db/database.js';
import type { Fanout } from './fanout.js';
import { RedisFanout } from './redis.js';

export type { Fanout, FanoutChange, FanoutState } from './fanout.js';

export interface FanoutOptions {
  /** `redis://…`: changes travel between instances by pub/sub. @default undefined (the poll only) */
  redis?: string | undefined;
  /** Prefix of Redis keys and channels. @default 'teahouse:' */
  redisPrefix?: string | undefined;
}

/** Connects the database's event hub to the other instances, when there is a way to; returns it for closing. */
export function startFanout(db: Database, options: FanoutOptions): Fanout | undefined {
  if (!options.redis) return undefined;
  const fanout = new RedisFanout(options.redis, options.redisPrefix ? { prefix: options.redisPrefix } : {});
  db.events.attach(fanout);
  return fanout;
}
