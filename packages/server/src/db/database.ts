import { sql, type Kysely } from 'kysely';
import { Migrator } from 'kysely/migration';
import { EventHub } from '../events/hub.js';
import { connect, DEFAULT_DATABASE, type Connection, type ConnectOptions, type Dialect, type PoolState } from './connection.js';
import { migrationProvider } from './migrations/index.js';
import type { Tables } from './schema.js';
import { Work } from './work.js';

export { DEFAULT_DATABASE, type Dialect } from './connection.js';

/**
 * A connected, migrated database: queries through `kysely`, writes through `write`, and the
 * event hub that tells live streams and caches what changed.
 */
export class Database {
  /**
   * Queries outside a unit of work: reads, and bulk loads by scripts and importers (which then
   * tell `events.changed` what they touched). On SQLite a select here reads the last commit.
   */
  readonly kysely: Kysely<Tables>;
  readonly dialect: Dialect;
  /** Live streams subscribe here; caches listen for changed threads. */
  readonly events: EventHub;
  readonly #connection: Connection;
  #closed: Promise<void> | undefined;

  constructor(connection: Connection) {
    this.#connection = connection;
    this.kysely = connection.kysely;
    this.dialect = connection.dialect;
    this.events = new EventHub(connection.kysely);
  }

  /** Units of work committed and the durable commits that held them, for monitoring and benchmarks. */
  get writes(): { readonly units: number; readonly commits: number } {
    return this.#connection.stats;
  }

  /** Calls `listener` with the units of work of each durable commit (metrics). */
  onCommit(listener: (units: number) => void): void {
    this.#connection.onCommit(listener);
  }

  /** Postgres: the pool's connections now (metrics); null on SQLite. */
  pool(): PoolState | null {
    return this.#connection.pool();
  }

  /**
   * Runs one unit of work: `fn` reads and writes through `work.trx` inside a transaction and
   * registers what must follow the commit (`work.touch`, `work.afterCommit`). Resolves with its
   * value once the commit is durable, after those effects ran; when `fn` throws, nothing it
   * wrote remains, no effect runs and the error comes back as thrown. On SQLite concurrent units
   * share one group commit, each in a savepoint of its own. Never call `write` inside `fn`.
   */
  async write<T>(fn: (work: Work) => Promise<T>): Promise<T> {
    let work!: Work;
    const value = await this.#connection.transact((trx) => {
      work = new Work(trx);
      return fn(work);
    });
    work.committed(this);
    return value;
  }

  /** Ends live streams, waits for writes in flight, then closes the connections. */
  close(): Promise<void> {
    this.events.close();
    this.#closed ??= this.#connection.close();
    return this.#closed;
  }
}

/**
 * Opens `sqlite:<path>` (a file, created with its directory when missing), `sqlite::memory:` or
 * `postgres://…` (a bare path is a SQLite file), brings its schema up to date and resolves with
 * the ready database.
 */
export async function openDatabase(url: string = DEFAULT_DATABASE, options: ConnectOptions = {}): Promise<Database> {
  const connection = connect(url, options);
  try {
    await connection.exclusive((kysely) => migrate(kysely, connection.dialect));
  } catch (error) {
    await connection.close().catch(() => {});
    throw error;
  }
  return new Database(connection);
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
