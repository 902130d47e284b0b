import { Kysely, PostgresDialect } from 'kysely';
import { GroupCommit, SqliteFile, routedKysely, writerKysely, type BatchLimits } from './sqlite.js';
import type { Tables } from './schema.js';

export type Dialect = 'sqlite' | 'postgres';

export const DEFAULT_DATABASE = 'sqlite:./data/teahouse.db';

/** Connections to one database and the way writes reach it, whatever the dialect. */
export interface Connection {
  readonly dialect: Dialect;
  /** Every query outside a unit of work (on SQLite selects run on a reader of their own). */
  readonly kysely: Kysely<Tables>;
  /**
   * Runs `fn` inside a transaction and resolves with its value once that transaction is
   * committed durably: on Postgres a transaction of its own from the pool, on SQLite a
   * savepoint in the next group commit. When `fn` throws, nothing it wrote remains.
   */
  transact<T>(fn: (trx: Kysely<Tables>) => Promise<T>): Promise<T>;
  /** Units of work committed, and the durable commits that held them (fewer on SQLite under load). */
  readonly stats: { readonly units: number; readonly commits: number };
  /** Calls `listener` with the number of units of work in each durable commit. */
  onCommit(listener: (units: number) => void): void;
  /** Postgres: the pool's connections now; null on SQLite (or before the pool's first use). */
  pool(): PoolState | null;
  /** Runs `fn` with the writer to itself, outside any batch (migrations). */
  exclusive<T>(fn: (trx: Kysely<Tables>) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

export interface PoolState {
  total: number;
  idle: number;
  /** Queries waiting for a connection. */
  waiting: number;
}

export interface ConnectOptions {
  /** SQLite: the bounds of one group commit. */
  batch?: BatchLimits;
  /** Postgres: connections in the pool. @default 10 */
  poolSize?: number;
}

/**
 * Connects to `sqlite:<path>`, `sqlite::memory:` or `postgres://…` (a bare path is a SQLite
 * file). Nothing is migrated here: `openDatabase` does that.
 */
export function connect(url: string = DEFAULT_DATABASE, options: ConnectOptions = {}): Connection {
  if (/^postgres(ql)?:\/\//i.test(url)) return postgres(url, options.poolSize ?? 10);
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(url)) {
    throw new Error(`unsupported database URL: ${url.replace(/\/\/[^@/]*@/, '//…@')} (use sqlite:<path> or postgres://…)`);
  }
  return sqlite(url.startsWith('sqlite:') ? url.slice('sqlite:'.length) : url, options.batch);
}

function postgres(url: string, max: number): Connection {
  // Loaded only when used: a SQLite server never pays pg's memory.
  let opened: import('pg').Pool | undefined;
  const pool = async () => {
    const { default: pg } = await import('pg');
    const created = new pg.Pool({ connectionString: url, max });
    // An idle client losing its connection must not take the process down; the pool replaces it.
    created.on('error', () => {});
    opened = created;
    return created;
  };
  const kysely = new Kysely<Tables>({ dialect: new PostgresDialect({ pool }) });
  const stats = { units: 0, commits: 0 };
  const listeners: ((units: number) => void)[] = [];
  return {
    dialect: 'postgres',
    kysely,
    stats,
    // Postgres commits concurrent transactions of the pool together already (its WAL flush).
    async transact(fn) {
      const value = await kysely.transaction().execute(fn);
      stats.units++;
      stats.commits++;
      for (const listener of listeners) listener(1);
      return value;
    },
    onCommit: (listener) => void listeners.push(listener),
    pool: () => (opened ? { total: opened.totalCount, idle: opened.idleCount, waiting: opened.waitingCount } : null),
    exclusive: (fn) => fn(kysely),
    close: () => kysely.destroy(),
  };
}

function sqlite(path: string, batch: BatchLimits | undefined): Connection {
  const file = new SqliteFile(path);
  const kysely = routedKysely<Tables>(file);
  const commits = new GroupCommit<Tables>(file, batch);
  let closed: Promise<void> | undefined;
  return {
    dialect: 'sqlite',
    kysely,
    stats: commits.stats,
    transact: (fn) => commits.submit(fn),
    onCommit: (listener) => commits.onCommit(listener),
    pool: () => null,
    async exclusive(fn) {
      await file.lock.acquire();
      try {
        // One transaction: a second process starting at the same moment waits, then finds the work done.
        file.exec('begin immediate');
        const value = await fn(writerKysely<Tables>(file));
        file.exec('commit');
        return value;
      } catch (error) {
        if (file.writer.inTransaction) file.exec('rollback');
        throw error;
      } finally {
        file.lock.release();
      }
    },
    close() {
      closed ??= commits.idle().then(() => kysely.destroy());
      return closed;
    },
  };
}
