import type { AuthorRole, GrantedRole, Role, UserRole } from '@teahouse/protocol';
import type { Database } from '../db/database.js';
import type { Site } from '../sites/sites.js';
import type { TokenUser } from './token.js';

const RANK: Record<Role, number> = { reader: 0, moderator: 1, admin: 2 };
const higher = (a: Role, b: Role | undefined): Role => (b !== undefined && RANK[b] > RANK[a] ? b : a);

/**
 * The role of a host user on a site: the highest of the site configuration's `roles`, the admin
 * API's grant, and the token's `role` claim (present on `user` only where the site trusts it).
 */
export function siteRole(site: Pick<Site, 'settings' | 'grants'>, sub: string, claim?: Role): Role {
  return higher(higher(higher('reader', site.settings.roles?.[sub]), site.grants.get(sub)), claim);
}

/** The role a verified user acts and shows with: `guest` for guests, else {@link siteRole}. */
export function roleOf(site: Pick<Site, 'settings' | 'grants'>, user: TokenUser): AuthorRole {
  return user.guest ? 'guest' : siteRole(site, user.sub, user.role);
}

/** One user's role, with where it comes from (a token claim is not known here). */
export function userRole(site: Pick<Site, 'settings' | 'grants'>, sub: string): UserRole {
  return {
    user: sub,
    role: siteRole(site, sub),
    granted: site.grants.get(sub) ?? null,
    configured: site.settings.roles?.[sub] ?? null,
  };
}

/** Every user with a role above reader from the configuration or a grant, by user id. */
export function listRoles(site: Pick<Site, 'settings' | 'grants'>): UserRole[] {
  const subs = new Set([...Object.keys(site.settings.roles ?? {}), ...site.grants.keys()]);
  return [...subs].sort().map((sub) => userRole(site, sub)).filter((entry) => entry.role !== 'reader');
}

/** Grants (or, with `null`, revokes) a role through the admin API; the user's stored role follows. */
export async function setGrant(db: Database, site: Site, sub: string, role: GrantedRole | null): Promise<UserRole> {
  const grants = new Map(site.grants);
  if (role === null) grants.delete(sub);
  else grants.set(sub, role);
  const after = userRole({ settings: site.settings, grants }, sub);
  await db.write(async ({ trx }) => {
    if (role === null) {
      await trx.deleteFrom('site_roles').where('site_id', '=', site.id).where('external_id', '=', sub).execute();
    } else {
      await trx.insertInto('site_roles')
        .values({ site_id: site.id, external_id: sub, role, created_at: new Date().toISOString() })
        .onConflict((oc) => oc.columns(['site_id', 'external_id']).doUpdateSet({ role }))
        .execute();
    }
    // Floors show the role stored with the user; a guest row is never a host user's.
    await trx.updateTable('users').set({ role: after.role })
      .where('site_id', '=', site.id).where('external_id', '=', sub).where('role', '<>', 'guest').execute();
  });
  return after;
}

/** The admin API's grants of a site. */
export async function loadGrants(db: Database, siteId: string): Promise<Map<string, GrantedRole>> {
  const rows = await db.kysely.selectFrom('site_roles').select(['external_id', 'role']).where('site_id', '=', siteId).execute();
  return new Map(rows.map((row) => [row.external_id, row.role]));
}
