import { SignJWT, decodeJwt, decodeProtectedHeader, jwtVerify, errors as joseErrors, type JWTPayload } from 'jose';
import { Email, Role, balanceBidi, isHttpUrl } from '@teahouse/protocol';
import { forbidden, tokenError, unauthorized } from '../errors.js';
import { validKeys, type SigningKey } from './keys.js';

/** What a host backend puts in the token it signs for a reader. */
export interface TokenClaims {
  /** The host's own user id. */
  sub: string;
  /** Display name. */
  name: string;
  /** Avatar URL (http or https). */
  avatar?: string;
  /** Only honoured where the site trusts it. */
  role?: Role;
  /** Where notices are mailed, if the reader wants mail (docs/notifications.md). */
  email?: string;
}

/** A verified reader, as the token describes them. */
export interface TokenUser {
  sub: string;
  name: string;
  avatar: string | null;
  /** The token's `role` claim, kept only where the site trusts token roles. */
  role?: Role;
  /** A guest of guest mode (server-signed token, `sub` = `guest:<id>`), not a reader of the host. */
  guest?: true;
  /** The token's optional `email` claim, when it is an address: where notices are mailed. */
  email?: string;
}

/** What verifying a host token needs of a site: its id, keys, issuer and whether it trusts token roles. */
export interface TokenSite {
  id: string;
  /** The primary secret; the only key of a site given without `keys`. */
  secret: string;
  keys?: readonly SigningKey[];
  settings?: { trustTokenRoles?: boolean | undefined; issuer?: string | undefined };
}

/** Seconds by which `exp`, `nbf` and `iat` may be off: the host's clock is not ours. */
export const CLOCK_SKEW_SECONDS = 30;
/** Host user ids starting with this are refused: guests' ids live there. */
export const GUEST_SUB_PREFIX = 'guest:';
const encoder = new TextEncoder();

/**
 * Signs a reader token the way a host backend does: HS256 with the site secret, `aud` = site id,
 * and the key's id in the `kid` header when one is given. Used by the demo and the tests.
 */
export async function signToken(
  site: { id: string; secret: string },
  claims: TokenClaims,
  ttlSeconds = 3600,
  options: { kid?: string; issuer?: string } = {},
): Promise<string> {
  const jwt = new SignJWT({
    name: claims.name, ...(claims.avatar ? { avatar: claims.avatar } : {}), ...(claims.role ? { role: claims.role } : {}),
    ...(claims.email ? { email: claims.email } : {}),
  })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT', ...(options.kid ? { kid: options.kid } : {}) });
  if (options.issuer !== undefined) jwt.setIssuer(options.issuer);
  return jwt
    .setSubject(claims.sub)
    .setAudience(site.id)
    .setIssuedAt()
    .setExpirationTime(Math.floor(Date.now() / 1000) + ttlSeconds)
    .sign(encoder.encode(site.secret));
}

/** Longest Authorization header read: tokens are a few hundred bytes; anything this long is refused unread. */
export const MAX_AUTHORIZATION_LENGTH = 8 * 1024;

/** Reads `Authorization: Bearer …`; `undefined` when the header is absent. */
export function bearerToken(header: string | undefined): string | undefined {
  if (header === undefined || header === '') return undefined;
  if (header.length > MAX_AUTHORIZATION_LENGTH) throw tokenError('token_malformed', `the Authorization header is over ${MAX_AUTHORIZATION_LENGTH / 1024} KB`);
  const match = /^Bearer[ \t]+([^\s]+)[ \t]*$/i.exec(header);
  if (!match?.[1]) throw unauthorized('the Authorization header must be "Bearer <token>"');
  return match[1];
}

export { tokenError };

/** A token's header and claims, decoded once (not verified) to tell its kind and pick its key. */
export interface PeekedToken {
  header: { alg?: unknown; kid?: unknown };
  /** `visitor` or `guest` for server-signed tokens; undefined for host tokens. */
  type: string | undefined;
}

/** Decodes a token's header and claims without verifying them; `token_malformed` unless it is a JWT. */
export function peekToken(token: string): PeekedToken {
  let type: unknown;
  let header: PeekedToken['header'];
  try {
    type = decodeJwt(token).type;
    header = decodeProtectedHeader(token);
  } catch {
    throw tokenError('token_malformed', 'the token is not a JWT');
  }
  return { header, type: typeof type === 'string' ? type : undefined };
}

/** The `type` claim of a server-signed token (`visitor`, `guest`), read without verifying; undefined for host tokens. */
export const tokenType = (token: string): string | undefined => peekToken(token).type;

/**
 * Verifies a reader token from the site's host. The algorithm is pinned to HS256; a `kid`
 * header picks that key alone, a token without one is tried against every key still valid
 * (the primary first). `exp` is required and `nbf`/`iat` are checked, each with
 * {@link CLOCK_SKEW_SECONDS}; `aud` must be the site. Every failure is a 401 with a `token_*` code.
 */
export async function verifyToken(site: TokenSite, token: string, peeked: PeekedToken = peekToken(token)): Promise<TokenUser> {
  return (await verifyTokenUntil(site, token, peeked)).user;
}

/**
 * {@link verifyToken}, and until when its answer holds (ms since the epoch): the token's `exp`
 * with the clock skew allowed, or the end of the first of the site's keys to expire if sooner.
 */
export async function verifyTokenUntil(site: TokenSite, token: string, peeked: PeekedToken = peekToken(token)): Promise<{ user: TokenUser; until: number }> {
  const header = headerOf(token, peeked.header);
  const { type } = peeked;
  const issuer = site.settings?.issuer;
  if (type === 'guest') throw forbidden('guests cannot do this: sign in with the site\'s login');
  if (type === 'visitor') throw unauthorized('a visitor token is not a sign-in: sign in with the site\'s login');
  const keys = keysFor(site, header);
  let payload: JWTPayload | undefined;
  for (const [index, key] of keys.entries()) {
    try {
      ({ payload } = await jwtVerify(token, encoder.encode(key.secret), {
        algorithms: ['HS256'],
        audience: site.id,
        clockTolerance: CLOCK_SKEW_SECONDS,
        requiredClaims: issuer === undefined ? ['exp', 'sub'] : ['exp', 'sub', 'iss'],
        ...(issuer === undefined ? {} : { issuer }),
      }));
      break;
    } catch (error) {
      if (error instanceof joseErrors.JWSSignatureVerificationFailed && index < keys.length - 1) continue;
      throw reason(error);
    }
  }
  if (!payload) throw tokenError('token_unknown_key', 'the site has no valid key to verify the token with');
  if (typeof payload.iat === 'number' && payload.iat > Date.now() / 1000 + CLOCK_SKEW_SECONDS) {
    throw tokenError('token_not_yet_valid', 'the token was issued in the future (iat): check the host clock');
  }
  let until = typeof payload.exp === 'number' ? (payload.exp + CLOCK_SKEW_SECONDS) * 1000 : Date.now();
  for (const key of site.keys ?? []) if (key.expiresAt !== null) until = Math.min(until, Date.parse(key.expiresAt));
  return { user: readerOf(site, payload), until };
}

/** The header, refused unless it is HS256 with a signature. */
function headerOf(token: string, header: PeekedToken['header']): { kid?: unknown } {
  const parts = token.split('.');
  if (parts.length !== 3) throw tokenError('token_malformed', 'the token is not a JWT (three dot-separated parts)');
  if (header.alg !== 'HS256') {
    throw tokenError('token_bad_algorithm', `tokens must be signed with HS256, not ${JSON.stringify(header.alg ?? null).slice(0, 40)}`);
  }
  if (parts[2] === '') throw tokenError('token_bad_signature', 'the token has no signature');
  return header;
}

function keysFor(site: TokenSite, header: { kid?: unknown }): SigningKey[] {
  const valid = validKeys({ secret: site.secret, keys: site.keys ?? [{ kid: '', secret: site.secret, createdAt: '', expiresAt: null }] });
  if (header.kid === undefined) {
    if (valid.length === 0) throw tokenError('token_unknown_key', 'the site has no valid key');
    return valid;
  }
  if (typeof header.kid !== 'string') throw tokenError('token_malformed', 'the kid header must be a string');
  const key = valid.find((k) => k.kid === header.kid);
  if (!key) {
    const ended = site.keys?.some((k) => k.kid === header.kid);
    throw tokenError('token_unknown_key', ended
      ? `the key "${header.kid}" has expired: sign with the site's current key`
      : `the site has no key "${header.kid.slice(0, 64)}"`);
  }
  return [key];
}

function readerOf(site: TokenSite, payload: JWTPayload): TokenUser {
  const { sub, name, avatar, role, email } = payload;
  if (typeof sub !== 'string' || sub.length < 1 || sub.length > 256 || sub.includes('\0')) {
    throw tokenError('token_malformed', 'the token sub claim must be a user id of 1 to 256 characters');
  }
  if (sub.startsWith(GUEST_SUB_PREFIX)) throw tokenError('token_malformed', `host user ids may not start with "${GUEST_SUB_PREFIX}"`);
  if (typeof name !== 'string' || name.trim() === '' || name.includes('\0')) {
    throw tokenError('token_malformed', 'the token must carry a name claim');
  }
  const trusted = site.settings?.trustTokenRoles === true && Role.safeParse(role).success;
  return {
    sub,
    // Shown next to other text: a name cannot leave a bidi override open over what follows it.
    name: balanceBidi(Array.from(name.trim()).slice(0, 64).join('')),
    avatar: typeof avatar === 'string' && avatar.length <= 2048 && isHttpUrl(avatar) ? avatar : null,
    ...(trusted ? { role: role as Role } : {}),
    // A claim that is no address is ignored rather than refusing the reader.
    ...(typeof email === 'string' && Email.safeParse(email).success ? { email } : {}),
  };
}

function reason(error: unknown) {
  if (error instanceof joseErrors.JWTExpired) return tokenError('token_expired', 'the token has expired');
  if (error instanceof joseErrors.JWTClaimValidationFailed) {
    if (error.claim === 'aud') return tokenError('token_wrong_audience', 'the token was issued for another site (aud)');
    if (error.claim === 'nbf') return tokenError('token_not_yet_valid', 'the token is not valid yet (nbf)');
    if (error.claim === 'iss') return tokenError('token_wrong_issuer', "the token's issuer (iss) is not the one the site declares");
    return tokenError('token_malformed', `the token's ${error.claim} claim is missing or invalid`);
  }
  if (error instanceof joseErrors.JOSEAlgNotAllowed) return tokenError('token_bad_algorithm', 'the token must be signed with HS256');
  if (error instanceof joseErrors.JWSSignatureVerificationFailed) {
    return tokenError('token_bad_signature', "the token signature does not match the site's key");
  }
  return tokenError('token_malformed', 'the token is malformed');
}
