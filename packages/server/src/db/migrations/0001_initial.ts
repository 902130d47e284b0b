import type { Kysely } from 'kysely';
import type { Migration } from 'kysely/migration';

/** Sites, readers, threads and their floors. */
export const migration: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('sites')
      .addColumn('id', 'varchar(64)', (c) => c.primaryKey())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('secret', 'text', (c) => c.notNull())
      .addColumn('origins', 'text', (c) => c.notNull().defaultTo('[]'))
      .addColumn('settings', 'text', (c) => c.notNull().defaultTo('{}'))
      .addColumn('created_at', 'varchar(40)', (c) => c.notNull())
      .execute();

    await db.schema
      .createTable('users')
      .addColumn('id', 'varchar(32)', (c) => c.primaryKey())
      .addColumn('site_id', 'varchar(64)', (c) => c.notNull().references('sites.id').onDelete('cascade'))
      .addColumn('external_id', 'varchar(256)', (c) => c.notNull())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('avatar', 'text')
      .addColumn('role', 'varchar(16)', (c) => c.notNull().defaultTo('reader'))
      .addColumn('created_at', 'varchar(40)', (c) => c.notNull())
      .addUniqueConstraint('users_site_external_unique', ['site_id', 'external_id'])
      .execute();

    await db.schema
      .createTable('threads')
      .addColumn('id', 'varchar(32)', (c) => c.primaryKey())
      .addColumn('site_id', 'varchar(64)', (c) => c.notNull().references('sites.id').onDelete('cascade'))
      .addColumn('page_key', 'varchar(512)', (c) => c.notNull())
      .addColumn('url', 'text')
      .addColumn('title', 'text')
      .addColumn('author_user_id', 'varchar(32)', (c) => c.references('users.id').onDelete('set null'))
      .addColumn('last_floor', 'integer', (c) => c.notNull().defaultTo(1))
      .addColumn('reply_count', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('version', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('created_at', 'varchar(40)', (c) => c.notNull())
      .addUniqueConstraint('threads_site_page_unique', ['site_id', 'page_key'])
      .execute();

    await db.schema
      .createTable('floors')
      .addColumn('id', 'varchar(32)', (c) => c.primaryKey())
      .addColumn('thread_id', 'varchar(32)', (c) => c.notNull().references('threads.id').onDelete('cascade'))
      .addColumn('number', 'integer', (c) => c.notNull())
      .addColumn('kind', 'varchar(16)', (c) => c.notNull())
      .addColumn('author_user_id', 'varchar(32)', (c) => c.references('users.id').onDelete('set null'))
      .addColumn('parent_number', 'integer')
      .addColumn('quote_number', 'integer')
      .addColumn('body_source', 'text', (c) => c.notNull())
      .addColumn('body_json', 'text', (c) => c.notNull())
      .addColumn('status', 'varchar(16)', (c) => c.notNull())
      .addColumn('created_at', 'varchar(40)', (c) => c.notNull())
      .addColumn('edited_at', 'varchar(40)')
      // Also the keyset index every page of floors walks.
      .addUniqueConstraint('floors_thread_number_unique', ['thread_id', 'number'])
      .execute();

    // "Only this author" filters walk this one.
    await db.schema
      .createIndex('floors_thread_author_number')
      .on('floors')
      .columns(['thread_id', 'author_user_id', 'number'])
      .execute();
  },
};
