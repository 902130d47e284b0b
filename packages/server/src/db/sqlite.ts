import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import BetterSqlite3 from 'better-sqlite3';
import {
  CompiledQuery, Kysely, SelectQueryNode, SqliteAdapter, SqliteIntrospector, SqliteQueryCompiler,
  type DatabaseConnection, type Dialect, type Driver, type QueryCompiler, type QueryResult,
} from 'kysely';

/**
 * A SQLite file served by two connections: one writer, which every write goes through in
 * order, and one reader, which in WAL mode sees the last committed state without waiting for
 * the writer. Concurrent units of work are group-committed on the writer: one transaction and
 * one durable commit (synchronous=FULL) for a batch, a savepoint per unit so that one unit's
 * failure never touches another's. An in-memory database has one connection for both.
 */
export class SqliteFile {
  readonly writer: BetterSqlite3.Database;
  readonly reader: BetterSqlite3.Database | null;
  /** Held by whoever uses the writer: a batch, a Kysely transaction, or one statement outside both. */
  readonly lock = new Lock();
  readonly #statements = new WeakMap<BetterSqlite3.Database, Map<string, BetterSqlite3.Statement>>();

  constructor(path: string) {
    const memory = path === ':memory:' || path === '';
    if (!memory) mkdirSync(dirname(resolve(path)), { recursive: true });
    this.writer = new BetterSqlite3(memory ? ':memory:' : path);
    if (!memory) this.writer.pragma('journal_mode = WAL');
    // Another process (the CLI, a second server) may hold the write lock for a moment.
    this.writer.pragma('busy_timeout = 5000');
    this.writer.pragma('foreign_keys = ON');
    // A write is acknowledged only after its commit. In WAL mode, synchronous=NORMAL already
    // survives a killed process, and only an OS crash or power cut could lose the last commits;
    // FULL syncs the WAL on every commit so that those are kept too, the promise Postgres makes.
    // Group commit is what makes that affordable: one sync per batch, not per write.
    this.writer.pragma('synchronous = FULL');
    this.reader = memory ? null : new BetterSqlite3(path, { readonly: true });
    this.reader?.pragma('busy_timeout = 5000');
  }

  /**
   * Runs one compiled query, synchronously. Kysely prepares every query anew, and preparing
   * costs SQLite more than running the small indexed queries of a thread page; the queries
   * come from a fixed set of builders, so the prepared statements are kept by SQL text.
   */
  run(connection: BetterSqlite3.Database, query: CompiledQuery): QueryResult<unknown> {
    const statement = this.prepare(connection, query.sql);
    const parameters = query.parameters as unknown[];
    if (statement.reader) return { rows: statement.all(parameters) };
    const { changes, lastInsertRowid } = statement.run(parameters);
    return {
      insertId: lastInsertRowid != null ? BigInt(lastInsertRowid) : undefined,
      numAffectedRows: changes != null ? BigInt(changes) : undefined,
      rows: [],
    };
  }

  prepare(connection: BetterSqlite3.Database, sql: string): BetterSqlite3.Statement {
    let statements = this.#statements.get(connection);
    if (!statements) this.#statements.set(connection, (statements = new Map()));
    let statement = statements.get(sql);
    if (statement) return statement;
    statement = connection.prepare(sql);
    if (statements.size >= MAX_CACHED_STATEMENTS) statements.delete(statements.keys().next().value!);
    statements.set(sql, statement);
    return statement;
  }

  /** Runs a statement without parameters on the writer (transaction control). */
  exec(sql: string): void {
    this.prepare(this.writer, sql).run();
  }

  close(): void {
    this.reader?.close();
    this.writer.close();
  }
}

const MAX_CACHED_STATEMENTS = 256;

/** A first-come, first-served lock; `acquire` resolves when the caller holds it. */
export class Lock {
  #held = false;
  #waiting: (() => void)[] = [];

  acquire(): Promise<void> {
    if (!this.#held) {
      this.#held = true;
      return Promise.resolve();
    }
    return new Promise((resolve) => this.#waiting.push(resolve));
  }

  release(): void {
    const next = this.#waiting.shift();
    if (next) next();
    else this.#held = false;
  }
}

/**
 * The connection Kysely gets for queries outside a unit of work: a select goes to the reader
 * (at once, whatever the writer is doing), anything else to the writer under its lock; inside a
 * Kysely transaction everything goes to the writer, which the transaction holds.
 */
class RoutedConnection implements DatabaseConnection {
  readonly #file: SqliteFile;
  inTransaction = false;

  constructor(file: SqliteFile) {
    this.#file = file;
  }

  async executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
    const file = this.#file;
    if (this.inTransaction) return file.run(file.writer, query) as QueryResult<R>;
    if (file.reader && SelectQueryNode.is(query.query)) return file.run(file.reader, query) as QueryResult<R>;
    await file.lock.acquire();
    try {
      return file.run(file.writer, query) as QueryResult<R>;
    } finally {
      file.lock.release();
    }
  }

  // eslint-disable-next-line require-yield -- streaming is not used; Kysely's interface asks for it
  async *streamQuery<R>(): AsyncIterableIterator<QueryResult<R>> {
    throw new Error('streaming queries are not supported');
  }
}

/** The connection of a batch's units of work: the writer, whose lock the batch holds. */
class WriterConnection implements DatabaseConnection {
  readonly #file: SqliteFile;

  constructor(file: SqliteFile) {
    this.#file = file;
  }

  async executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
    return this.#file.run(this.#file.writer, query) as QueryResult<R>;
  }

  // eslint-disable-next-line require-yield -- see RoutedConnection
  async *streamQuery<R>(): AsyncIterableIterator<QueryResult<R>> {
    throw new Error('streaming queries are not supported');
  }
}

/** Several connections, as far as Kysely knows: the drivers below do the locking themselves. */
class ManyConnectionsAdapter extends SqliteAdapter {
  override get supportsMultipleConnections(): boolean {
    return true;
  }
}

const savepointSql = (command: string, name: string) => `${command} "${name.replace(/"/g, '""')}"`;

class RoutedDriver implements Driver {
  readonly #file: SqliteFile;

  constructor(file: SqliteFile) {
    this.#file = file;
  }

  async init(): Promise<void> {}

  async acquireConnection(): Promise<DatabaseConnection> {
    return new RoutedConnection(this.#file);
  }

  async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await this.#file.lock.acquire();
    try {
      // IMMEDIATE: the write lock now, not at the first write, so another process's commit in
      // between cannot make this transaction's snapshot stale (SQLITE_BUSY_SNAPSHOT).
      this.#file.exec('begin immediate');
    } catch (error) {
      this.#file.lock.release();
      throw error;
    }
    (connection as RoutedConnection).inTransaction = true;
  }

  async commitTransaction(connection: DatabaseConnection): Promise<void> {
    this.#end(connection, 'commit');
  }

  async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    this.#end(connection, 'rollback');
  }

  #end(connection: DatabaseConnection, command: 'commit' | 'rollback'): void {
    const routed = connection as RoutedConnection;
    // Kysely rolls back after a failed commit: the lock was given back then already.
    if (!routed.inTransaction) return;
    try {
      if (this.#file.writer.inTransaction) this.#file.exec(command);
    } catch (error) {
      // A commit that failed (SQLITE_BUSY, I/O) leaves the transaction open: undo it, so the writer is usable again.
      if (this.#file.writer.inTransaction) this.#file.exec('rollback');
      throw error;
    } finally {
      routed.inTransaction = false;
      this.#file.lock.release();
    }
  }

  async savepoint(connection: DatabaseConnection, name: string): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw(savepointSql('savepoint', name)));
  }

  async rollbackToSavepoint(connection: DatabaseConnection, name: string): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw(savepointSql('rollback to', name)));
  }

  async releaseSavepoint(connection: DatabaseConnection, name: string): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw(savepointSql('release', name)));
  }

  async releaseConnection(): Promise<void> {}

  async destroy(): Promise<void> {
    this.#file.close();
  }
}

/** Kysely over the writer alone, for units of work inside a batch (which holds the lock). */
class WriterDriver implements Driver {
  readonly #connection: WriterConnection;

  constructor(file: SqliteFile) {
    this.#connection = new WriterConnection(file);
  }

  async init(): Promise<void> {}

  async acquireConnection(): Promise<DatabaseConnection> {
    return this.#connection;
  }

  async beginTransaction(): Promise<void> {
    throw new Error('a unit of work is a transaction already: use its queries directly');
  }

  async commitTransaction(): Promise<void> {}

  async rollbackTransaction(): Promise<void> {}

  async releaseConnection(): Promise<void> {}

  async destroy(): Promise<void> {}
}

function dialect(driver: () => Driver): Dialect {
  return {
    createDriver: driver,
    createQueryCompiler: (): QueryCompiler => new SqliteQueryCompiler(),
    createAdapter: () => new ManyConnectionsAdapter(),
    createIntrospector: (db) => new SqliteIntrospector(db),
  };
}

/** Kysely for every query of the app: selects on the reader, the rest on the writer. */
export const routedKysely = <T>(file: SqliteFile): Kysely<T> => new Kysely<T>({ dialect: dialect(() => new RoutedDriver(file)) });

/** Kysely on the writer without locking: only for code that holds the file's lock. */
export const writerKysely = <T>(file: SqliteFile): Kysely<T> => new Kysely<T>({ dialect: dialect(() => new WriterDriver(file)) });

/** Bounds of one batch: its units wait for one commit, so a batch stays short. */
export interface BatchLimits {
  /** Units of work in one transaction at most. @default 128 */
  maxUnits?: number;
  /**
   * Milliseconds a batch waits for more units, at most, while writes keep coming (a lone write
   * does not wait). @default 10
   */
  maxWaitMs?: number;
}

interface Job {
  run(trx: unknown): Promise<unknown>;
  resolve(value: unknown): void;
  reject(error: unknown): void;
}

type Outcome = { job: Job; ok: true; value: unknown } | { job: Job; ok: false; error: unknown };

/**
 * Coalesces concurrent units of work into one transaction on the writer. Each unit runs in a
 * savepoint of its own, one after another (their queries see the units before them); a unit
 * that throws is rolled back to its savepoint and gets its error, the others go on. Every unit
 * is answered only after the COMMIT that holds it returned, so an acknowledged write is durable.
 *
 * better-sqlite3 is synchronous: while a batch runs and syncs its commit, no other request
 * moves. So under load a batch first waits a moment, as long as the last commit took (bounded
 * by `maxWaitMs`) or until `maxUnits` are queued, letting requests reach their writes meanwhile:
 * one sync then serves all of them. A write after a quiet spell starts at once.
 */
export class GroupCommit<T> {
  readonly #file: SqliteFile;
  readonly #trx: Kysely<T>;
  readonly #maxUnits: number;
  readonly #maxWaitMs: number;
  #queue: Job[] = [];
  #running: Promise<void> | null = null;
  /** Ends a wait early once a batch is full. */
  #full: (() => void) | null = null;
  #lastCommitMs = 0;
  #lastEnd = -Infinity;
  /** Units committed and the commits that held them, since the start. */
  readonly stats = { units: 0, commits: 0 };
  #listeners: ((units: number) => void)[] = [];

  constructor(file: SqliteFile, limits: BatchLimits = {}) {
    this.#file = file;
    this.#trx = writerKysely<T>(file);
    this.#maxUnits = limits.maxUnits ?? 128;
    this.#maxWaitMs = limits.maxWaitMs ?? 10;
  }

  /** Runs `fn` in the next batch; resolves with its value once that batch is committed. */
  submit<R>(fn: (trx: Kysely<T>) => Promise<R>): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      this.#queue.push({ run: fn as Job['run'], resolve: resolve as Job['resolve'], reject });
      if (this.#queue.length >= this.#maxUnits) this.#full?.();
      this.#running ??= this.#drain();
    });
  }

  /** Calls `listener` after each commit with the number of units it held. */
  onCommit(listener: (units: number) => void): void {
    this.#listeners.push(listener);
  }

  /** Resolves once every unit submitted so far is answered. */
  async idle(): Promise<void> {
    while (this.#running) await this.#running;
  }

  async #drain(): Promise<void> {
    try {
      do {
        await this.#gather();
        await this.#batch();
      } while (this.#queue.length > 0);
    } finally {
      // In the same turn as the last look at the queue: a unit submitted from now on starts a drain.
      this.#running = null;
    }
  }

  /** Waits before a batch: one turn of the event loop, and under load as long as the last commit took. */
  async #gather(): Promise<void> {
    const busy = performance.now() - this.#lastEnd < this.#maxWaitMs;
    const wait = busy ? Math.min(this.#maxWaitMs, this.#lastCommitMs) : 0;
    if (wait < 1 || this.#queue.length >= this.#maxUnits) {
      await new Promise<void>((resolve) => setImmediate(resolve));
      return;
    }
    await new Promise<void>((resolve) => {
      const timer = setTimeout(done, wait);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.#full = done;
    });
    this.#full = null;
  }

  async #batch(): Promise<void> {
    const file = this.#file;
    const outcomes: Outcome[] = [];
    await file.lock.acquire();
    try {
      file.exec('begin immediate');
      while (this.#queue.length > 0 && outcomes.length < this.#maxUnits) {
        const job = this.#queue.shift()!;
        file.exec('savepoint unit');
        try {
          const value = await job.run(this.#trx);
          file.exec('release unit');
          outcomes.push({ job, ok: true, value });
        } catch (error) {
          outcomes.push({ job, ok: false, error });
          // Some errors (a full disk, I/O) end the whole transaction; the units before are gone too.
          if (!file.writer.inTransaction) throw error;
          file.exec('rollback to unit');
          file.exec('release unit');
        }
      }
      const started = performance.now();
      file.exec('commit');
      this.#lastCommitMs = performance.now() - started;
      this.stats.commits++;
      let units = 0;
      for (const outcome of outcomes) if (outcome.ok) units++;
      this.stats.units += units;
      for (const listener of this.#listeners) listener(units);
    } catch (error) {
      try {
        if (file.writer.inTransaction) file.exec('rollback');
      } catch {
        // The connection is unusable; the next batch fails at BEGIN and says why.
      }
      // Nothing of this batch was committed: every unit that had succeeded fails with the cause.
      for (let i = 0; i < outcomes.length; i++) {
        const outcome = outcomes[i]!;
        if (outcome.ok) outcomes[i] = { job: outcome.job, ok: false, error };
      }
      // A failure before the first unit ran (BEGIN) fails the unit that would have come next.
      if (outcomes.length === 0) {
        const job = this.#queue.shift();
        if (job) outcomes.push({ job, ok: false, error });
      }
    } finally {
      file.lock.release();
      this.#lastEnd = performance.now();
    }
    for (const outcome of outcomes) {
      if (outcome.ok) outcome.job.resolve(outcome.value);
      else outcome.job.reject(outcome.error);
    }
  }
}
