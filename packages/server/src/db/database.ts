import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect, sql } from 'kysely';
import { Migrator } from 'kysely/migration';
import { EventHub } from '../events/events.js';
import { migrationProvider } from './migrations.js';
import type { Tables } from './schema.js';

export type Dialect = 'sqlite' | 'postgres';

/** What changed, so in-process caches can drop what they hold for that thread. */
export interface ThreadChange {
  site: string;
  page: string;
}

export const DEFAULT_DATABASE = 'sqlite:./data/teahouse.db';

/**
 * A migrated database plus the change notifications that keep in-process caches honest.
 * Everything that writes a thread goes through `notifyThreadChange`, whichever app or script
 * holds this object.
 */
export class Database {
  readonly kysely: Kysely<Tables>;
  readonly dialect: Dialect;
  /** Resolves once migrations have run; every query path awaits it. */
  readonly ready: Promise<void>;
  /** Wakes live event streams of a thread: `db.events.notify(threadId)` after a commit that recorded events. */
  readonly events: EventHub;
  #listeners = new Set<(change: ThreadChange) => void>();
  #closed: Promise<void> | undefined;

  constructor(kysely: Kysely<Tables>, dialect: Dialect) {
    this.kysely = kysely;
    this.dialect = dialect;
    this.ready = migrate(kysely, dialect);
    // Callers that never await `ready` (a failed start being closed) must not crash the process.
    this.ready.catch(() => {});
    this.events = new EventHub(this);
  }

  onThreadChange(listener: (change: ThreadChange) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  notifyThreadChange(change: ThreadChange): void {
    for (const listener of this.#listeners) listener(change);
  }

  close(): Promise<void> {
    this.events.close();
    this.#closed ??= this.ready.catch(() => {}).then(() => this.kysely.destroy());
    return this.#closed;
  }
}

async function migrate(db: Kysely<Tables>, dialect: Dialect): Promise<void> {
  // The migrator looks for its own tables across every schema it can see; naming the schema
  // in use keeps databases that share a server (one schema each) from seeing each other's.
  const schema = dialect === 'postgres'
    ? (await sql<{ schema: string | null }>`select current_schema() as schema`.execute(db)).rows[0]?.schema
    : undefined;
  if (dialect === 'postgres' && !schema) throw new Error('no current schema: check search_path in the database URL');
  const migrator = new Migrator({ db, provider: migrationProvider, ...(schema ? { migrationTableSchema: schema } : {}) });
  const { error, results } = await migrator.migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === 'Error')?.migrationName;
    throw new Error(`database migration ${failed ?? ''} failed: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/**
 * Opens `sqlite:<path>`, `sqlite::memory:` or `postgres://…` and starts migrating it.
 * A bare path is taken as a SQLite file.
 */
export function openDatabase(url: string = DEFAULT_DATABASE): Database {
  if (/^postgres(ql)?:\/\//i.test(url)) {
    // Loaded only when used: a SQLite server never pays pg's memory.
    const pool = async () => {
      const { default: pg } = await import('pg');
      const created = new pg.Pool({ connectionString: url, max: 10 });
      // An idle client losing its connection must not take the process down; the pool replaces it.
      created.on('error', () => {});
      return created;
    };
    return new Database(new Kysely<Tables>({ dialect: new PostgresDialect({ pool }) }), 'postgres');
  }
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(url)) {
    throw new Error(`unsupported database URL: ${url.replace(/\/\/[^@/]*@/, '//…@')} (use sqlite:<path> or postgres://…)`);
  }
  const path = url.startsWith('sqlite:') ? url.slice('sqlite:'.length) : url;
  const memory = path === ':memory:' || path === '';
  if (!memory) mkdirSync(dirname(resolve(path)), { recursive: true });
  const sqlite = new BetterSqlite3(memory ? ':memory:' : path);
  if (!memory) sqlite.pragma('journal_mode = WAL');
  // Another process (the CLI, a second server) may hold the write lock for a moment.
  sqlite.pragma('busy_timeout = 5000');
  sqlite.pragma('foreign_keys = ON');
  // A reply is acknowledged only after its commit. In WAL mode, synchronous=NORMAL already
  // survives a killed process (the commit is in the WAL file, the OS writes it out), and only
  // an OS crash or power cut could lose the last commits. FULL syncs the WAL on every commit
  // so that those are kept too, the same promise Postgres makes; writes are rare next to reads.
  sqlite.pragma('synchronous = FULL');
  return new Database(new Kysely<Tables>({ dialect: new SqliteDialect({ database: withStatementCache(sqlite) }) }), 'sqlite');
}

const MAX_CACHED_STATEMENTS = 256;

/**
 * Kysely prepares every query anew, and preparing costs SQLite more than running the small
 * indexed queries of a thread page. The queries come from a fixed set of builders, so their
 * SQL texts repeat: keep the prepared statements (better-sqlite3 statements are reusable).
 */
function withStatementCache(sqlite: BetterSqlite3.Database): BetterSqlite3.Database {
  const statements = new Map<string, BetterSqlite3.Statement>();
  const prepare = sqlite.prepare.bind(sqlite);
  return new Proxy(sqlite, {
    get(target, key) {
      if (key !== 'prepare') {
        const value = Reflect.get(target, key, target) as unknown;
        return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
      }
      return (source: string) => {
        let statement = statements.get(source);
        if (statement) return statement;
        statement = prepare(source);
        if (statements.size >= MAX_CACHED_STATEMENTS) statements.delete(statements.keys().next().value!);
        statements.set(source, statement);
        return statement;
      };
    },
  });
}

