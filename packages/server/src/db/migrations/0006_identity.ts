import { randomBytes } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import type { Migration } from 'kysely/migration';

// Copies of what the live code made on this migration's day (auth/keys.ts): a migration must
// keep doing what it did, whatever the live code becomes.
const newSecret = (): string => randomBytes(32).toString('base64url');
const newKid = (): string => `k${new Date().toISOString().slice(0, 10).replace(/-/g, '')}-${randomBytes(3).toString('base64url')}`;

/**
 * Signing keys with ids (rotation without downtime), a server-only secret per site (guest and
 * visitor tokens), roles granted through the admin API, and an index for guest nicknames.
 */
export const migration: Migration = {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations run against the schema of their day, not today's types
  async up(db: Kysely<any>) {
    // Signs what only the server issues: a host holding the site secret cannot forge these.
    await db.schema.alterTable('sites').addColumn('server_secret', 'text', (c) => c.notNull().defaultTo('')).execute();

    await db.schema
      .createTable('site_keys')
      .addColumn('site_id', 'varchar(64)', (c) => c.notNull().references('sites.id').onDelete('cascade'))
      .addColumn('kid', 'varchar(64)', (c) => c.notNull())
      .addColumn('secret', 'text', (c) => c.notNull())
      .addColumn('created_at', 'varchar(40)', (c) => c.notNull())
      .addColumn('expires_at', 'varchar(40)')
      .addPrimaryKeyConstraint('site_keys_pk', ['site_id', 'kid'])
      .execute();

    await db.schema
      .createTable('site_roles')
      .addColumn('site_id', 'varchar(64)', (c) => c.notNull().references('sites.id').onDelete('cascade'))
      .addColumn('external_id', 'varchar(256)', (c) => c.notNull())
      .addColumn('role', 'varchar(16)', (c) => c.notNull())
      .addColumn('created_at', 'varchar(40)', (c) => c.notNull())
      .addPrimaryKeyConstraint('site_roles_pk', ['site_id', 'external_id'])
      .execute();

    // A guest nickname may not be a signed-in reader's name: looked up case-insensitively per site.
    await sql`create index users_site_lower_name on users (site_id, lower(name))`.execute(db);

    // Each existing site's secret becomes its first key, so its host's tokens keep verifying.
    const sites: { id: string; secret: string; created_at: string }[] = await db.selectFrom('sites').select(['id', 'secret', 'created_at']).execute();
    for (const site of sites) {
      await db.insertInto('site_keys').values({ site_id: site.id, kid: newKid(), secret: site.secret, created_at: site.created_at, expires_at: null }).execute();
      await db.updateTable('sites').set({ server_secret: newSecret() }).where('id', '=', site.id).execute();
    }
  },
};
