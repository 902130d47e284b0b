import type { GrantedRole } from '@teahouse/protocol';

/** One HS256 key a site's host signs reader tokens with; several are valid while a rotation overlaps. */
export interface SiteKeysTable {
  site_id: string;
  /** Named in the token's `kid` header. */
  kid: string;
  secret: string;
  created_at: string;
  /** When the key stops verifying; null while it has no end (the primary key and keys listed in the seed). */
  expires_at: string | null;
}

/** Roles granted through the site admin API, by the host's user id. */
export interface SiteRolesTable {
  site_id: string;
  /** The host's user id (`sub`). */
  external_id: string;
  role: GrantedRole;
  created_at: string;
}

export interface IdentityTables {
  site_keys: SiteKeysTable;
  site_roles: SiteRolesTable;
}
