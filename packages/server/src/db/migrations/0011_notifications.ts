import { PostgresAdapter, type Kysely } from 'kysely';
import type { Migration } from 'kysely/migration';

/** Notices for readers, their mail settings and the mail outbox. */
export const migration: Migration = {
  async up(db: Kysely<unknown>) {
    const postgres = db.getExecutor().adapter instanceof PostgresAdapter;
    const serial = postgres ? 'bigserial' : 'integer';

    await db.schema
      .createTable('notices')
      .addColumn('id', serial, (c) => (postgres ? c.primaryKey() : c.primaryKey().autoIncrement()))
      .addColumn('site_id', 'varchar(64)', (c) => c.notNull().references('sites.id').onDelete('cascade'))
      .addColumn('user_id', 'varchar(32)', (c) => c.notNull().references('users.id').onDelete('cascade'))
      .addColumn('kind', 'varchar(16)', (c) => c.notNull())
      // Events with the same key join one notice while it is unread; a read one starts a new one.
      .addColumn('group_key', 'varchar(200)', (c) => c.notNull())
      .addColumn('thread_id', 'varchar(32)', (c) => c.notNull().references('threads.id').onDelete('cascade'))
      .addColumn('floor_number', 'integer')
      .addColumn('actors', 'text', (c) => c.notNull())
      .addColumn('count', 'integer', (c) => c.notNull().defaultTo(1))
      .addColumn('excerpt', 'text', (c) => c.notNull())
      .addColumn('data', 'text', (c) => c.notNull())
      .addColumn('read_at', 'varchar(40)')
      .addColumn('mailed_at', 'varchar(40)')
      .addColumn('created_at', 'varchar(40)', (c) => c.notNull())
      .addColumn('updated_at', 'varchar(40)', (c) => c.notNull())
      .execute();
    // The reader's list, newest activity first, and their unread ones.
    await db.schema.createIndex('notices_user_updated').on('notices').columns(['site_id', 'user_id', 'updated_at', 'id']).execute();
    await db.schema.createIndex('notices_user_group').on('notices').columns(['site_id', 'user_id', 'group_key', 'read_at']).execute();
    // Daily digests walk unread, unmailed notices.
    await db.schema.createIndex('notices_unmailed').on('notices').columns(['mailed_at', 'read_at']).execute();

    await db.schema
      .createTable('notify_prefs')
      .addColumn('site_id', 'varchar(64)', (c) => c.notNull().references('sites.id').onDelete('cascade'))
      .addColumn('user_id', 'varchar(32)', (c) => c.notNull().references('users.id').onDelete('cascade'))
      .addColumn('email', 'varchar(254)')
      .addColumn('mode', 'varchar(16)', (c) => c.notNull())
      .addColumn('locale', 'varchar(8)')
      .addColumn('digest_at', 'varchar(40)')
      .addColumn('updated_at', 'varchar(40)', (c) => c.notNull())
      .addPrimaryKeyConstraint('notify_prefs_pk', ['site_id', 'user_id'])
      .execute();

    await db.schema
      .createTable('mail_outbox')
      .addColumn('id', serial, (c) => (postgres ? c.primaryKey() : c.primaryKey().autoIncrement()))
      .addColumn('site_id', 'varchar(64)', (c) => c.notNull().references('sites.id').onDelete('cascade'))
      .addColumn('user_id', 'varchar(32)', (c) => c.notNull().references('users.id').onDelete('cascade'))
      .addColumn('to_address', 'varchar(254)', (c) => c.notNull())
      .addColumn('message', 'text', (c) => c.notNull())
      .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('next_attempt_at', 'varchar(40)', (c) => c.notNull())
      .addColumn('delivered_at', 'varchar(40)')
      .addColumn('last_error', 'text')
      .addColumn('created_at', 'varchar(40)', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('mail_outbox_due').on('mail_outbox').columns(['delivered_at', 'next_attempt_at']).execute();
    // The per-reader and per-site daily caps count what was queued today.
    await db.schema.createIndex('mail_outbox_user_created').on('mail_outbox').columns(['site_id', 'user_id', 'created_at']).execute();
    await db.schema.createIndex('mail_outbox_site_created').on('mail_outbox').columns(['site_id', 'created_at']).execute();
  },
};
