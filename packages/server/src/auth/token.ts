import { SignJWT, jwtVerify, errors as joseErrors } from 'jose';
import type { Role } from '@teahouse/protocol';
import { unauthorized } from '../errors.js';

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
}

/** A verified reader, as the token describes them. */
export interface TokenUser {
  sub: string;
  name: string;
  avatar: string | null;
}

const CLOCK_TOLERANCE_SECONDS = 30;
const encoder = new TextEncoder();


const HTTP_URL = /^https?:\/\/[^\s]+$/i;

/**
 * Signs a reader token the way a host backend does: HS256 with the site secret, `aud` = site id.
 * Used by the demo and the tests.
 */
export async function signToken(
  site: { id: string; secret: string },
  claims: TokenClaims,
  ttlSeconds = 3600,
): Promise<string> {
  return new SignJWT({ name: claims.name, ...(claims.avatar ? { avatar: claims.avatar } : {}), ...(claims.role ? { role: claims.role } : {}) })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(claims.sub)
    .setAudience(site.id)
    .setIssuedAt()
    .setExpirationTime(Math.floor(Date.now() / 1000) + ttlSeconds)
    .sign(encoder.encode(site.secret));
}

/** Reads `Authorization: Bearer …`; `undefined` when the header is absent. */
export function bearerToken(header: string | undefined): string | undefined {
  if (header === undefined || header === '') return undefined;
  const match = /^Bearer[ \t]+([^\s]+)[ \t]*$/i.exec(header);
  if (!match?.[1]) throw unauthorized('the Authorization header must be "Bearer <token>"');
  return match[1];
}

/** Verifies a reader token against the site; every failure is a 401 with a reason. */
export async function verifyToken(site: { id: string; secret: string }, token: string): Promise<TokenUser> {
  let payload: Record<string, unknown>;
  try {
    ({ payload } = await jwtVerify(token, encoder.encode(site.secret), {
      algorithms: ['HS256'],
      audience: site.id,
      clockTolerance: CLOCK_TOLERANCE_SECONDS,
      requiredClaims: ['exp', 'sub'],
    }));
  } catch (error) {
    throw unauthorized(reason(error));
  }
  const { sub, name, avatar } = payload;
  if (typeof sub !== 'string' || sub.length < 1 || sub.length > 256 || sub.includes('\0')) {
    throw unauthorized('the token sub claim must be a user id of 1 to 256 characters');
  }
  if (typeof name !== 'string' || name.trim() === '' || name.includes('\0')) {
    throw unauthorized('the token must carry a name claim');
  }
  return {
    sub,
    name: Array.from(name.trim()).slice(0, 64).join(''),
    avatar: typeof avatar === 'string' && avatar.length <= 2048 && HTTP_URL.test(avatar) ? avatar : null,
  };
}

function reason(error: unknown): string {
  if (error instanceof joseErrors.JWTExpired) return 'the token has expired';
  if (error instanceof joseErrors.JWTClaimValidationFailed) {
    if (error.claim === 'aud') return 'the token was issued for another site';
    return `the token's ${error.claim} claim is invalid`;
  }
  if (error instanceof joseErrors.JOSEAlgNotAllowed) return 'the token must be signed with HS256';
  if (error instanceof joseErrors.JWSSignatureVerificationFailed) return 'the token signature is invalid';
  return 'the token is malformed';
}
