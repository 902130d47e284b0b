import type { AuthorRole, Role } from '@teahouse/protocol';
import type { Database } from '../db/database.js';
import { ApiError, unauthorized } from '../errors.js';
import type { Site } from '../sites/sites.js';
import { viewerUser, type UserRow } from '../threads/users.js';
import { verifyGuest } from './guest.js';
import { roleOf } from './roles.js';
import { bearerToken, tokenType, verifyToken, type TokenUser } from './token.js';

/** The caller as the request path sees them. */
export interface Identity {
  /** The stored user: `id` is the public `Author.id`; `role` as last stored (shown on floors). */
  user: UserRow;
  /** The role that counts now, resolved from the site configuration, grants and trusted claims. */
  role: AuthorRole;
  /** What the token said: `sub` is the host's user id (`guest:<id>` for guests). */
  token: TokenUser;
}

/**
 * Verifies a token that signs a person in: a host token, or a guest token where the site has
 * guest mode on. Visitor tokens and bad tokens are a 401; a guest token on a site with guest
 * mode off is a 403.
 */
export async function authenticate(site: Site, token: string): Promise<TokenUser> {
  return tokenType(token) === 'guest' ? verifyGuest(site, token) : verifyToken(site, token);
}

/**
 * The caller behind `Authorization: Bearer …` (pass the header, or the token itself), stored or
 * refreshed as a user of the site, with the role that counts; null when no token was sent.
 */
export async function resolveUser(db: Database, site: Site, authorization: string | undefined): Promise<Identity | null> {
  const token = authorization !== undefined && /^bearer[ \t]/i.test(authorization) ? bearerToken(authorization) : authorization;
  if (token === undefined || token === '') return null;
  const verified = await authenticate(site, token);
  return { user: await viewerUser(db, site, verified), role: roleOf(site, verified), token: verified };
}

/**
 * Asserts the caller holds one of `roles`: a 401 without a caller, a 403 with another role.
 * `requireRole(await resolveUser(db, site, c.req.header('authorization')), 'moderator', 'admin')`.
 */
export function requireRole(identity: Identity | null, ...roles: Role[]): Identity {
  if (!identity) throw unauthorized('this needs a sign-in: send Authorization: Bearer <token>');
  if (!(roles as AuthorRole[]).includes(identity.role)) {
    throw new ApiError(403, 'forbidden', `this needs the role ${roles.join(' or ')}; the caller is ${identity.role}`);
  }
  return identity;
}
