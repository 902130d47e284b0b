import { PostgresAdapter, type Kysely } from 'kysely';
import type { Migration } from 'kysely/migration';

/** Tables of share-for-points: the ledger, balances, counters for limits, tracked links, API keys, the webhook outbox. */
export const migration: Migration = {
  async up(db: Kysely<unknown>) {
    const postgres = db.getExecutor().adapter instanceof PostgresAdapter;
    const serial = postgres ? 'bigserial' : 'integer';

    // Announcement floors carry what was earned, so each reader's locale can word it.
    await db.schema.alterTable('floors').addColumn('award', 'text').execute();

    await db.schema
      .createTable('ledger_entries')
      .addColumn('id', serial, (c) => (postgres ? c.primaryKey() : c.primaryKey().autoIncrement()))
      .addColumn('site_id', 'varchar(64)', (c) => c.notNull().references('sites.id').onDelete('cascade'))
      .addColumn('user_id', 'varchar(32)', (c) => c.notNull().references('users.id').onDelete('cascade'))
      .addColumn('delta', 'integer', (c) => c.notNull())
      .addColumn('reason', 'varchar(32)', (c) => c.notNull())
      .addColumn('ref', 'text')
      .addColumn('idempotency_key', 'varchar(400)', (c) => c.notNull())
      .addColumn('status', 'varchar(16)', (c) => c.notNull())
      .addColumn('available_at', 'varchar(40)', (c) => c.notNull())
      .addColumn('created_at', 'varchar(40)', (c) => c.notNull())
      // The exactly-once guarantee: a second insert of the same key does nothing.
      .addUniqueConstraint('ledger_entries_site_key_unique', ['site_id', 'idempotency_key'])
      .execute();
    // A reader's history, newest first; pending entries to release.
    await db.schema.createIndex('ledger_entries_site_user_id').on('ledger_entries').columns(['site_id', 'user_id', 'id']).execute();
    // Leaderboards and exports walk a site's entries by time or id.
    await db.schema.createIndex('ledger_entries_site_created').on('ledger_entries').columns(['site_id', 'created_at']).execute();

    await db.schema
      .createTable('balances')
      .addColumn('site_id', 'varchar(64)', (c) => c.notNull().references('sites.id').onDelete('cascade'))
      .addColumn('user_id', 'varchar(32)', (c) => c.notNull().references('users.id').onDelete('cascade'))
      .addColumn('balance', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('pending', 'integer', (c) => c.notNull().defaultTo(0))
      .addPrimaryKeyConstraint('balances_pk', ['site_id', 'user_id'])
      .execute();

    // One row per limit and period: a rule's awards per reader, a reader's daily points, the
    // site's daily budget, awarded visits per IP. Raised only by a conditional UPDATE.
    await db.schema
      .createTable('reward_counters')
      .addColumn('site_id', 'varchar(64)', (c) => c.notNull().references('sites.id').onDelete('cascade'))
      .addColumn('subject', 'varchar(300)', (c) => c.notNull())
      .addColumn('bucket', 'varchar(40)', (c) => c.notNull())
      .addColumn('used', 'integer', (c) => c.notNull().defaultTo(0))
      .addPrimaryKeyConstraint('reward_counters_pk', ['site_id', 'subject', 'bucket'])
      .execute();

    await db.schema
      .createTable('shares')
      .addColumn('id', 'varchar(32)', (c) => c.primaryKey())
      .addColumn('site_id', 'varchar(64)', (c) => c.notNull().references('sites.id').onDelete('cascade'))
      .addColumn('code', 'varchar(16)', (c) => c.notNull().unique())
      .addColumn('user_id', 'varchar(32)', (c) => c.notNull().references('users.id').onDelete('cascade'))
      .addColumn('thread_id', 'varchar(32)', (c) => c.notNull().references('threads.id').onDelete('cascade'))
      .addColumn('channel', 'varchar(32)', (c) => c.notNull())
      .addColumn('url', 'text')
      .addColumn('sharer_visitor', 'varchar(64)')
      .addColumn('created_at', 'varchar(40)', (c) => c.notNull())
      // One tracked link per reader, article and channel: pressing again gives the same link.
      .addUniqueConstraint('shares_site_user_thread_channel_unique', ['site_id', 'user_id', 'thread_id', 'channel'])
      .execute();

    await db.schema
      .createTable('share_visits')
      .addColumn('share_id', 'varchar(32)', (c) => c.notNull().references('shares.id').onDelete('cascade'))
      .addColumn('visitor_key', 'varchar(100)', (c) => c.notNull())
      .addColumn('ip', 'varchar(64)', (c) => c.notNull())
      .addColumn('awarded', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('created_at', 'varchar(40)', (c) => c.notNull())
      .addPrimaryKeyConstraint('share_visits_pk', ['share_id', 'visitor_key'])
      .execute();

    await db.schema
      .createTable('site_api_keys')
      .addColumn('id', 'varchar(32)', (c) => c.primaryKey())
      .addColumn('site_id', 'varchar(64)', (c) => c.notNull().references('sites.id').onDelete('cascade'))
      .addColumn('key_hash', 'varchar(64)', (c) => c.notNull().unique())
      .addColumn('label', 'text')
      .addColumn('created_at', 'varchar(40)', (c) => c.notNull())
      .addColumn('revoked_at', 'varchar(40)')
      .execute();

    await db.schema
      .createTable('webhook_outbox')
      .addColumn('id', serial, (c) => (postgres ? c.primaryKey() : c.primaryKey().autoIncrement()))
      .addColumn('site_id', 'varchar(64)', (c) => c.notNull().references('sites.id').onDelete('cascade'))
      .addColumn('payload', 'text', (c) => c.notNull())
      .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('next_attempt_at', 'varchar(40)', (c) => c.notNull())
      .addColumn('delivered_at', 'varchar(40)')
      .addColumn('last_error', 'text')
      .execute();
    await db.schema.createIndex('webhook_outbox_due').on('webhook_outbox').columns(['delivered_at', 'next_attempt_at']).execute();
  },
};
