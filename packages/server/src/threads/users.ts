import type { Author } from '@teahouse/protocol';
import type { Kysely } from 'kysely';
import type { TokenUser } from '../auth/token.js';
import { roleOf } from '../auth/roles.js';
import type { Database } from '../db/database.js';
import { newId, now } from '../db/ids.js';
import { prepared } from '../db/prepared.js';
import type { Tables, UsersTable } from '../db/schema.js';
import type { Site } from '../sites/sites.js';

/** A stored reader as floors show them. */
export type UserRow = Pick<UsersTable, 'id' | 'name' | 'avatar' | 'role'>;

const USER_COLUMNS = ['id', 'name', 'avatar', 'role'] as const;

const sameAs = (row: UserRow, site: Site, user: TokenUser) =>
  row.name === user.name && row.avatar === user.avatar && row.role === roleOf(site, user);

const storedUser = prepared((k: Kysely<Tables>, siteId: string, sub: string) => k
  .selectFrom('users').select(USER_COLUMNS).where('site_id', '=', siteId).where('external_id', '=', sub), 2);

/**
 * Creates or refreshes, inside a unit of work, the reader a verified token describes: read
 * first, written only when new or changed (a name, avatar or role the host changed).
 */
export async function upsertUser(trx: Kysely<Tables>, site: Site, user: TokenUser): Promise<UserRow> {
  const [row] = await storedUser(trx, site.id, user.sub);
  if (row && sameAs(row, site, user)) return row;
  const [written] = await writeUser(trx, newId(), site.id, user.sub, user.name, user.avatar, roleOf(site, user), now());
  if (!written) throw new Error(`the reader "${user.sub}" could not be stored`);
  return written;
}

const writeUser = prepared((
  k: Kysely<Tables>, id: string, siteId: string, sub: string, name: string, avatar: string | null, role: UserRow['role'], createdAt: string,
) => k
  .insertInto('users')
  .values({ id, site_id: siteId, external_id: sub, name, avatar, role, created_at: createdAt })
  .onConflict((oc) => oc.columns(['site_id', 'external_id']).doUpdateSet((eb) => ({
    name: eb.ref('excluded.name'), avatar: eb.ref('excluded.avatar'), role: eb.ref('excluded.role'),
  })))
  .returning(USER_COLUMNS), 7);

/** The stored reader behind a verified token, if they have posted or reacted before; never writes. */
export async function findUser(db: Database, site: Site, user: TokenUser): Promise<UserRow | null> {
  const [row] = await storedUser(db.kysely, site.id, user.sub);
  return row ?? null;
}

/**
 * The stored reader for a verified token, outside a unit of work: one read on the hot path, a
 * write of its own only when the reader is new or changed.
 */
export async function viewerUser(db: Database, site: Site, user: TokenUser): Promise<UserRow> {
  const [row] = await storedUser(db.kysely, site.id, user.sub);
  if (row && sameAs(row, site, user)) return row;
  return db.write((work) => upsertUser(work.trx, site, user));
}

export function toAuthor(user: UserRow): Author {
  return { id: user.id, name: user.name, avatar: user.avatar, role: user.role };
}
