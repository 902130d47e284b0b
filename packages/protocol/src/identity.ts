import * as z from 'zod/mini';
import { Author, Role, SiteId } from './schemas.js';

/** Paths of the site admin API for roles (guest mode's `routes.guests` is with the reader routes). */
export const identityRoutes = {
  adminRoles: '/v1/admin/sites/{site}/roles',
  adminRole: '/v1/admin/sites/{site}/roles/{user}',
} as const;

/**
 * Why a reader token was refused (always with status 401). A client that gets `token_expired`
 * fetches a fresh token from the host and tries again; the others mean the host signs wrongly:
 * - `token_not_yet_valid`: `nbf` later than now, or `iat` in the future (beyond the clock skew);
 * - `token_bad_signature`: signed with another secret, an empty one, or not signed at all;
 * - `token_wrong_audience`: `aud` is missing or names another site;
 * - `token_wrong_issuer`: the site declares an issuer and `iss` is missing or another;
 * - `token_bad_algorithm`: anything but HS256, `none` included;
 * - `token_malformed`: not a JWT, or a required claim (`exp`, `sub`, `name`) missing or invalid;
 * - `token_unknown_key`: the `kid` header names no key of the site, or one whose overlap has ended.
 */
export const TOKEN_ERROR_CODES = [
  'token_expired', 'token_not_yet_valid', 'token_bad_signature', 'token_wrong_audience', 'token_wrong_issuer', 'token_bad_algorithm',
  'token_malformed', 'token_unknown_key',
] as const;
export type TokenErrorCode = (typeof TOKEN_ERROR_CODES)[number];

/** Longest guest nickname, in characters (code points), after trimming. */
export const MAX_GUEST_NAME = 24;

/**
 * `POST /v1/sites/{site}/guests`: a nickname for guest mode. The server trims it, refuses control
 * and invisible characters, and refuses names of the site's signed-in readers and reserved words.
 */
export const CreateGuest = z.object({
  name: z.string().check(z.minLength(1), z.maxLength(200)),
});
export type CreateGuest = z.infer<typeof CreateGuest>;

/** A server-signed guest token: send it as `Authorization: Bearer` to post under the nickname. */
export const GuestToken = z.object({
  token: z.string(),
  /** ISO time after which the token is refused; ask for a new one with the same nickname. */
  expiresAt: z.string(),
  /** The guest as their floors will show them (`role: 'guest'`). */
  author: Author,
});
export type GuestToken = z.infer<typeof GuestToken>;

/** Roles the admin API grants; `reader` is what remains when a grant is revoked. */
export const GrantedRole = z.enum(['moderator', 'admin']);
export type GrantedRole = z.infer<typeof GrantedRole>;

/** `PUT /v1/admin/sites/{site}/roles/{user}`. */
export const SetRole = z.object({ role: GrantedRole });
export type SetRole = z.infer<typeof SetRole>;

/** `{user}` is the host's own user id (the token's `sub`), URL-encoded. */
export const RoleParams = z.object({ site: SiteId, user: z.string().check(z.minLength(1), z.maxLength(256)) });

/** One user's role on a site, as the admin API reports it. */
export const UserRole = z.object({
  /** The host's user id (`sub`). */
  user: z.string(),
  /** The role that counts: the higher of the site configuration's and the admin API's grant. */
  role: Role,
  /** Granted through the admin API; null when none. */
  granted: z.nullable(GrantedRole),
  /** Set by the site configuration (`roles` of the site seed); null when none. */
  configured: z.nullable(Role),
});
export type UserRole = z.infer<typeof UserRole>;

/** `GET /v1/admin/sites/{site}/roles`: every user with a role above reader, by user id. */
export const SiteRoles = z.object({ roles: z.array(UserRole) });
export type SiteRoles = z.infer<typeof SiteRoles>;
