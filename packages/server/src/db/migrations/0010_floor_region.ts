import { PostgresAdapter, type Kysely } from 'kysely';
import type { Migration } from 'kysely/migration';

/**
 * IP属地 and 表情. Each floor may carry the region it was posted from, as a code (`CN-GX`, `US`):
 * never the address, which stays out of the database as before. Stickers are images the operator
 * installs (`teahouse stickers add`), kept in the database so that every instance serves the same
 * ones from its own origin; a body names a sticker by pack and name, never by URL.
 */
export const migration: Migration = {
  async up(db: Kysely<unknown>) {
    const postgres = db.getExecutor().adapter instanceof PostgresAdapter;
    await db.schema.alterTable('floors').addColumn('region', 'varchar(8)').execute();
    await db.schema
      .createTable('stickers')
      .addColumn('site_id', 'varchar(64)', (c) => c.notNull().references('sites.id').onDelete('cascade'))
      .addColumn('pack', 'varchar(32)', (c) => c.notNull())
      .addColumn('name', 'varchar(32)', (c) => c.notNull())
      // image/png, image/gif, image/webp or image/jpeg, from the file's first bytes.
      .addColumn('type', 'varchar(16)', (c) => c.notNull())
      .addColumn('bytes', postgres ? 'bytea' : 'blob', (c) => c.notNull())
      // A digest of the bytes: the image's ETag.
      .addColumn('hash', 'varchar(64)', (c) => c.notNull())
      // Order within the pack, as the panel shows it.
      .addColumn('position', 'integer', (c) => c.notNull())
      .addColumn('created_at', 'varchar(40)', (c) => c.notNull())
      .addPrimaryKeyConstraint('stickers_pk', ['site_id', 'pack', 'name'])
      .execute();
  },
};
