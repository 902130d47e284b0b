import type { Kysely } from 'kysely';
import type { Migration } from 'kysely/migration';

/** Reactions, their counts per target and key, and the score the hottest sort reads. */
export const migration: Migration = {
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
};
