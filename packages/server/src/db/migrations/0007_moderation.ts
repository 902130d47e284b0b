import { PostgresAdapter, sql, type Kysely } from 'kysely';
import type { Migration } from 'kysely/migration';

/**
 * Reports, the moderation queue, bans, the audit log and word lists; and on floors, whether the
 * author is shadow-banned and when a moderator pinned the floor.
 */
export const migration: Migration = {
  async up(db: Kysely<unknown>) {
    const postgres = db.getExecutor().adapter instanceof PostgresAdapter;
    const serial = postgres ? 'bigserial' : 'integer';

    // 1 while the author is shadow-banned: readers' queries leave such floors out.
    await db.schema.alterTable('floors').addColumn('shadow', 'integer', (c) => c.notNull().defaultTo(0)).execute();
    await db.schema.alterTable('floors').addColumn('pinned_at', 'varchar(40)').execute();
    // Every bootstrap asks for a thread's pinned floors: a small partial index answers without walking the thread.
    await db.schema.createIndex('floors_thread_pinned').on('floors').columns(['thread_id', 'pinned_at'])
      .where(sql.ref('pinned_at'), 'is not', null).execute();
    // A commenter's floors: shadow-bans flip them all, and "first posts" looks for a published one.
    await db.schema.createIndex('floors_author_status').on('floors').columns(['author_user_id', 'status']).execute();

    await db.schema
      .createTable('reports')
      .addColumn('id', 'varchar(32)', (c) => c.primaryKey())
      .addColumn('site_id', 'varchar(64)', (c) => c.notNull().references('sites.id').onDelete('cascade'))
      .addColumn('thread_id', 'varchar(32)', (c) => c.notNull().references('threads.id').onDelete('cascade'))
      .addColumn('floor_id', 'varchar(32)', (c) => c.notNull().references('floors.id').onDelete('cascade'))
      .addColumn('user_id', 'varchar(32)', (c) => c.notNull().references('users.id').onDelete('cascade'))
      .addColumn('reason', 'varchar(16)', (c) => c.notNull())
      .addColumn('note', 'text')
      .addColumn('created_at', 'varchar(40)', (c) => c.notNull())
      .addColumn('resolved_at', 'varchar(40)')
      .addUniqueConstraint('reports_floor_user_unique', ['floor_id', 'user_id'])
      .execute();

    await db.schema
      .createTable('moderation_queue')
      .addColumn('floor_id', 'varchar(32)', (c) => c.primaryKey().references('floors.id').onDelete('cascade'))
      .addColumn('site_id', 'varchar(64)', (c) => c.notNull().references('sites.id').onDelete('cascade'))
      .addColumn('thread_id', 'varchar(32)', (c) => c.notNull().references('threads.id').onDelete('cascade'))
      .addColumn('kind', 'varchar(16)', (c) => c.notNull())
      .addColumn('cause', 'text')
      .addColumn('queued_at', 'varchar(40)', (c) => c.notNull())
      .execute();
    // The queue, oldest first, by keyset.
    await db.schema.createIndex('moderation_queue_site_queued').on('moderation_queue').columns(['site_id', 'queued_at', 'floor_id']).execute();

    await db.schema
      .createTable('bans')
      .addColumn('id', serial, (c) => (postgres ? c.primaryKey() : c.primaryKey().autoIncrement()))
      .addColumn('site_id', 'varchar(64)', (c) => c.notNull().references('sites.id').onDelete('cascade'))
      .addColumn('user_id', 'varchar(32)', (c) => c.notNull().references('users.id').onDelete('cascade'))
      .addColumn('kind', 'varchar(16)', (c) => c.notNull())
      .addColumn('until', 'varchar(40)')
      .addColumn('reason', 'text')
      .addColumn('actor_kind', 'varchar(16)', (c) => c.notNull())
      .addColumn('actor_user_id', 'varchar(32)', (c) => c.references('users.id').onDelete('set null'))
      .addColumn('actor_label', 'text')
      .addColumn('created_at', 'varchar(40)', (c) => c.notNull())
      // One ban of each kind per commenter; banning again updates it.
      .addUniqueConstraint('bans_site_user_kind_unique', ['site_id', 'user_id', 'kind'])
      .execute();
    await db.schema.createIndex('bans_site_id').on('bans').columns(['site_id', 'id']).execute();

    await db.schema
      .createTable('moderation_audit')
      .addColumn('id', serial, (c) => (postgres ? c.primaryKey() : c.primaryKey().autoIncrement()))
      .addColumn('site_id', 'varchar(64)', (c) => c.notNull().references('sites.id').onDelete('cascade'))
      .addColumn('actor_kind', 'varchar(16)', (c) => c.notNull())
      .addColumn('actor_user_id', 'varchar(32)', (c) => c.references('users.id').onDelete('set null'))
      .addColumn('actor_label', 'text')
      .addColumn('action', 'varchar(16)', (c) => c.notNull())
      .addColumn('reason', 'text')
      .addColumn('floor_id', 'varchar(32)', (c) => c.references('floors.id').onDelete('set null'))
      .addColumn('thread_id', 'varchar(32)', (c) => c.references('threads.id').onDelete('set null'))
      .addColumn('page_key', 'varchar(512)')
      .addColumn('floor_number', 'integer')
      .addColumn('user_id', 'varchar(32)', (c) => c.references('users.id').onDelete('set null'))
      .addColumn('status_from', 'varchar(16)')
      .addColumn('status_to', 'varchar(16)')
      .addColumn('ban_kind', 'varchar(16)')
      .addColumn('ban_until', 'varchar(40)')
      .addColumn('details', 'text')
      .addColumn('created_at', 'varchar(40)', (c) => c.notNull())
      .execute();
    // The log, newest first.
    await db.schema.createIndex('moderation_audit_site_id').on('moderation_audit').columns(['site_id', 'id']).execute();

    await db.schema
      .createTable('moderation_words')
      .addColumn('site_id', 'varchar(64)', (c) => c.primaryKey().references('sites.id').onDelete('cascade'))
      .addColumn('banned', 'text', (c) => c.notNull().defaultTo('[]'))
      .addColumn('suspect', 'text', (c) => c.notNull().defaultTo('[]'))
      .addColumn('updated_at', 'varchar(40)', (c) => c.notNull())
      .execute();
  },
};
