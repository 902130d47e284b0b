import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import { MAX_GUEST_NAME, type GuestToken } from '@teahouse/protocol';
import type { Database } from '../db/database.js';
import { ApiError, invalid, unauthorized } from '../errors.js';
import type { Site } from '../sites/sites.js';
import { toAuthor, upsertUser } from '../threads/users.js';
import { GUEST_SUB_PREFIX, type TokenUser } from './token.js';
import { signServerToken, verifyServerToken } from './server-token.js';

/** A guest keeps a nickname for 30 days; then the widget asks for one again. */
export const GUEST_TTL_SECONDS = 30 * 86400;
const GUEST_ID = /^[A-Za-z0-9_-]{16,64}$/;
/** Control, format (zero-width, bidi overrides), line/paragraph separators and blank-looking fillers. */
const INVISIBLE = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\u115F\u1160\u3164\uFFA0]/u;
/** Names that would pass for the site's staff or for the forum's own labels, in any case. */
const RESERVED = new Set([
  'admin', 'administrator', 'moderator', 'mod', 'guest', 'system', 'root', 'teahouse', 'anonymous',
  '管理员', '管理員', '版主', '楼主', '樓主', '游客', '遊客', '站长', '站長', '系统', '系統', '官方', '匿名',
]);

const guestsOff = () => new ApiError(403, 'forbidden', 'guest mode is off on this site: sign in to post');

/**
 * A nickname as it will be shown: NFKC-normalised, runs of white space made one space, trimmed,
 * 1 to {@link MAX_GUEST_NAME} characters, no control or invisible characters. Throws a 400 otherwise.
 */
export function guestName(input: string): string {
  const name = input.normalize('NFKC').replace(/\s+/gu, ' ').trim();
  const issue = (message: string) => invalid(message, [{ path: ['name'], message }]);
  if (INVISIBLE.test(name)) throw issue('a nickname cannot contain control or invisible characters');
  const length = Array.from(name).length;
  if (length < 1 || length > MAX_GUEST_NAME) throw issue(`a nickname has 1 to ${MAX_GUEST_NAME} characters`);
  return name;
}

/**
 * Guest mode: checks the nickname and answers a guest token signed with the site's server secret
 * (never a host key, so a host cannot mint guests nor a guest pass for a host's reader).
 * Refuses reserved words, the site's name and names of the site's signed-in readers (409).
 */
export async function createGuest(db: Database, site: Site, input: string): Promise<GuestToken> {
  if (!site.settings.guests) throw guestsOff();
  const name = guestName(input);
  const lowered = name.toLowerCase();
  if (RESERVED.has(lowered) || lowered === site.name.toLowerCase()) throw new ApiError(409, 'name_taken', `the nickname "${name}" is reserved`);
  // SQLite's lower() folds ASCII only: comparing with its own lower() of the name too catches the rest exactly.
  const taken = await db.kysely.selectFrom('users').select('id')
    .where('site_id', '=', site.id)
    .where(sql<boolean>`lower(name) in (lower(${name}), ${lowered})`)
    .where('role', '<>', 'guest')
    .limit(1)
    .executeTakeFirst();
  if (taken) throw new ApiError(409, 'name_taken', `"${name}" is the name of a reader of this site: choose another nickname`);
  const id = randomBytes(16).toString('base64url');
  const { token, expiresAt } = await signServerToken(site, { type: 'guest', sub: id, name }, GUEST_TTL_SECONDS);
  const user = await db.write((work) => upsertUser(work.trx, site, guestUser(id, name)));
  return { token, expiresAt, author: toAuthor(user) };
}

/** Verifies a guest token; a 401 when it does not verify, a 403 while the site has guest mode off. */
export async function verifyGuest(site: Site, token: string): Promise<TokenUser> {
  const payload = await verifyServerToken(site, token, 'guest');
  if (!payload || !GUEST_ID.test(payload.sub!) || typeof payload.name !== 'string') {
    throw unauthorized('the guest token is invalid or expired: choose a nickname again');
  }
  if (!site.settings.guests) throw guestsOff();
  return guestUser(payload.sub!, payload.name);
}

const guestUser = (id: string, name: string): TokenUser => ({ sub: `${GUEST_SUB_PREFIX}${id}`, name, avatar: null, guest: true });
