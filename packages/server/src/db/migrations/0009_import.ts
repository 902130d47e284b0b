import type { Kysely } from 'kysely';
import type { Migration } from 'kysely/migration';

/**
 * What each import brought in, by the source's own id: running an import again (or resuming one
 * that was interrupted) finds what is already there and writes nothing twice. A row is written in
 * the same transaction as what it records.
 */
export const migration: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('import_records')
      .addColumn('site_id', 'varchar(64)', (c) => c.notNull().references('sites.id').onDelete('cascade'))
      // `disqus`, `wordpress`, `artrans`, `discuz`.
      .addColumn('source', 'varchar(32)', (c) => c.notNull())
      // `reader`, `thread`, `floor`, `balance`, `reaction`.
      .addColumn('kind', 'varchar(16)', (c) => c.notNull())
      .addColumn('source_id', 'varchar(300)', (c) => c.notNull())
      // The id of what it became here: a user, thread or floor id.
      .addColumn('target', 'varchar(64)', (c) => c.notNull())
      .addPrimaryKeyConstraint('import_records_pk', ['site_id', 'source', 'kind', 'source_id'])
      .execute();
  },
};
