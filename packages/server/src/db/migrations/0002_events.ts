import { PostgresAdapter, type Kysely } from 'kysely';
import type { Migration } from 'kysely/migration';

/** Each thread's live events, read by id after the last one a client saw. */
export const migration: Migration = {
  async up(db: Kysely<unknown>) {
    // Ids must grow in commit order within a thread so that "after id N" never skips a row:
    // every writer locks the thread's row (the version bump) before taking an id.
    const postgres = db.getExecutor().adapter instanceof PostgresAdapter;
    await db.schema
      .createTable('thread_events')
      .addColumn('id', postgres ? 'bigserial' : 'integer', (c) => (postgres ? c.primaryKey() : c.primaryKey().autoIncrement()))
      .addColumn('thread_id', 'varchar(32)', (c) => c.notNull().references('threads.id').onDelete('cascade'))
      .addColumn('type', 'varchar(32)', (c) => c.notNull())
      .addColumn('payload', 'text', (c) => c.notNull())
      .addColumn('created_at', 'varchar(40)', (c) => c.notNull())
      .execute();
    // Every subscriber reads "this thread, after id N".
    await db.schema.createIndex('thread_events_thread_id').on('thread_events').columns(['thread_id', 'id']).execute();
  },
};
