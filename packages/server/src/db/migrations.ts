import { PostgresAdapter, sql, type Kysely } from 'kysely';
import type { Migration, MigrationProvider } from 'kysely/migration';
import { rewardsMigration } from '../rewards/migration.js';
import { identityMigration } from '../auth/migration.js';
import { moderationMigration } from '../moderation/migration.js';
import { abuseMigration } from '../abuse/migration.js';
import { importMigration } from '../import/migration.js';

/** Migrations live in code so that a published package carries its own schema; names sort in order. */
const migrations: Record<string, Migration> = {
  '0001_initial': {
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
  },
  '0002_events': {
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
  },
  '0003_reactions': {
    async up(db: Kysely<unknown>) {
      // One row per reaction: the primary key is the "one reaction per reader per key" rule,
      // and its prefix (thread, actor) finds a reader's own reactions on a page of floors.
      await db.schema
        .createTable('reactions')
        .addColumn('site_id', 'varchar(64)', (c) => c.notNull().references('sites.id').onDelete('cascade'))
        .addColumn('thread_id', 'varchar(32)', (c) => c.notNull().references('threads.id').onDelete('cascade'))
        .addColumn('floor_number', 'integer', (c) => c.notNull())
        // 'u:<user id>' or 'v:<visitor id>'.
        .addColumn('actor', 'varchar(80)', (c) => c.notNull())
        .addColumn('user_id', 'varchar(32)', (c) => c.references('users.id').onDelete('set null'))
        .addColumn('key', 'varchar(32)', (c) => c.notNull())
        .addColumn('created_at', 'varchar(40)', (c) => c.notNull())
        .addPrimaryKeyConstraint('reactions_pk', ['thread_id', 'actor', 'floor_number', 'key'])
        .execute();
      // "Who reacted": newest first for one target and key.
      await db.schema
        .createIndex('reactions_target_key_created')
        .on('reactions')
        .columns(['thread_id', 'floor_number', 'key', 'created_at'])
        .execute();
      // Counts are kept per key, so a site that changes its set keeps the counts of keys that remain.
      await db.schema
        .createTable('reaction_counts')
        .addColumn('thread_id', 'varchar(32)', (c) => c.notNull().references('threads.id').onDelete('cascade'))
        .addColumn('floor_number', 'integer', (c) => c.notNull())
        .addColumn('key', 'varchar(32)', (c) => c.notNull())
        .addColumn('count', 'integer', (c) => c.notNull().defaultTo(0))
        .addPrimaryKeyConstraint('reaction_counts_pk', ['thread_id', 'floor_number', 'key'])
        .execute();
      await db.schema.alterTable('floors').addColumn('score', 'integer', (c) => c.notNull().defaultTo(0)).execute();
      // The hottest sort and 热门回复: score high to low, then floor order.
      await db.schema
        .createIndex('floors_thread_score_number')
        .on('floors')
        .columns(['thread_id', 'score desc', 'number'])
        .execute();
    },
  },
  '0004_nested': {
    async up(db: Kysely<unknown>) {
      // root_number: the top-level floor a reply sits under (its own number for a top-level floor);
      // depth: 0 for top-level floors; descendants: replies under a top-level floor, so the nested
      // view can say how many are not shown without counting them per request.
      await db.schema.alterTable('floors').addColumn('root_number', 'integer').execute();
      await db.schema.alterTable('floors').addColumn('depth', 'integer', (c) => c.notNull().defaultTo(0)).execute();
      await db.schema.alterTable('floors').addColumn('descendants', 'integer', (c) => c.notNull().defaultTo(0)).execute();
      await sql`update floors set root_number = number where parent_number is null`.execute(db);
      // Parents always have lower numbers, so each pass places one more level of replies.
      for (;;) {
        const placed = await sql`
          update floors set
            root_number = (select p.root_number from floors p where p.thread_id = floors.thread_id and p.number = floors.parent_number),
            depth = (select p.depth + 1 from floors p where p.thread_id = floors.thread_id and p.number = floors.parent_number)
          where root_number is null and exists (
            select 1 from floors p where p.thread_id = floors.thread_id and p.number = floors.parent_number and p.root_number is not null)
        `.execute(db);
        if (!placed.numAffectedRows) break;
      }
      await sql`update floors set root_number = number, depth = 0 where root_number is null`.execute(db);
      await sql`
        update floors set descendants = (
          select count(*) from floors r where r.thread_id = floors.thread_id and r.root_number = floors.number and r.number <> floors.number)
        where depth = 0
      `.execute(db);
      // The replies of a top-level floor, in order.
      await db.schema.createIndex('floors_thread_root_number').on('floors').columns(['thread_id', 'root_number', 'number']).execute();
      // Top-level floors only (depth 0), in order: the nested view's pages.
      await db.schema.createIndex('floors_thread_depth_number').on('floors').columns(['thread_id', 'depth', 'number']).execute();
    },
  },
  '0005_rewards': rewardsMigration,
  '0006_identity': identityMigration,
  '0007_moderation': moderationMigration,
  '0008_abuse': abuseMigration,
  '0009_import': importMigration,
};

export const migrationProvider: MigrationProvider = {
  async getMigrations() {
    return migrations;
  },
};
