import type { Context } from 'hono';
import { requireRole, resolveUser, type Identity } from '../auth/identity.js';
import type { Database } from '../db/database.js';
import { hashKey } from '../middleware/admin-key/admin-key.js';
import type { Site } from '../sites/sites.js';
import { PUBLIC, scopeOf, type Scope } from './visibility.js';

/** Who acts, as the audit log records it. */
export type Actor =
  | { kind: 'user'; userId: string }
  | { kind: 'key'; label: string }
  | { kind: 'system'; label: string };

/**
 * The view of whoever sent `Authorization` (the header, or undefined): a moderator's, a reader's
 * own, or the public one. Reading never fails over a token: a bad or visitor token reads as none.
 */
export async function readerScope(db: Database, site: Site, authorization: string | undefined): Promise<Scope> {
  if (!authorization) return PUBLIC;
  try {
    const identity = await resolveUser(db, site, authorization);
    return identity ? scopeOf({ id: identity.user.id, role: identity.role }) : PUBLIC;
  } catch {
    return PUBLIC;
  }
}

/** The caller, who must be a moderator or admin of the site: 401 without a sign-in, 403 for anyone else. */
export async function requireModerator(c: Context, db: Database, site: Site): Promise<Identity> {
  return requireRole(await resolveUser(db, site, c.req.header('authorization')), 'moderator', 'admin');
}

/**
 * The site API key behind an admin request (already checked by the admin-key middleware), named
 * by its label, or by the start of its hash when it has none.
 */
export async function keyActor(c: Context, db: Database, site: Site): Promise<Actor> {
  const key = /^Bearer[ \t]+(\S+)/i.exec(c.req.header('authorization') ?? '')?.[1] ?? '';
  const hash = hashKey(key);
  const row = await db.kysely.selectFrom('site_api_keys').select('label')
    .where('site_id', '=', site.id).where('key_hash', '=', hash).executeTakeFirst();
  return { kind: 'key', label: row?.label ?? `key ${hash.slice(0, 8)}` };
}
