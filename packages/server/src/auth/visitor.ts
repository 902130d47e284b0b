import { randomBytes } from 'node:crypto';
import { SignJWT, decodeJwt, jwtVerify } from 'jose';
import { unauthorized } from '../errors.js';
import { verifyToken, type TokenUser } from './token.js';

/** A visitor keeps one id for a year; clearing the browser's storage makes a new visitor. */
export const VISITOR_TTL_SECONDS = 365 * 86400;
const VISITOR_ID = /^[A-Za-z0-9_-]{16,64}$/;
const encoder = new TextEncoder();

/** Who is acting: a signed-in reader (host token) or an anonymous visitor (server-signed token). */
export type Actor = { kind: 'user'; user: TokenUser } | { kind: 'visitor'; id: string };

/**
 * Signs a visitor token: HS256 with the site secret, `aud` = site id, `type: 'visitor'` and a
 * random `sub`. It has no `name`, so it can never pass as a reader token.
 */
export async function signVisitor(site: { id: string; secret: string }): Promise<{ token: string; expiresAt: string }> {
  const exp = Math.floor(Date.now() / 1000) + VISITOR_TTL_SECONDS;
  const token = await new SignJWT({ type: 'visitor' })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(randomBytes(16).toString('base64url'))
    .setAudience(site.id)
    .setIssuedAt()
    .setExpirationTime(exp)
    .sign(encoder.encode(site.secret));
  return { token, expiresAt: new Date(exp * 1000).toISOString() };
}

/** Verifies a Bearer token that may be a reader's or a visitor's; every failure is a 401. */
export async function verifyActor(site: { id: string; secret: string }, token: string): Promise<Actor> {
  let type: unknown;
  try {
    type = decodeJwt(token).type;
  } catch {
    throw unauthorized('the token is malformed');
  }
  if (type !== 'visitor') return { kind: 'user', user: await verifyToken(site, token) };
  try {
    const { payload } = await jwtVerify(token, encoder.encode(site.secret), {
      algorithms: ['HS256'],
      audience: site.id,
      requiredClaims: ['exp', 'sub'],
    });
    if (typeof payload.sub !== 'string' || !VISITOR_ID.test(payload.sub)) throw new Error('bad sub');
    return { kind: 'visitor', id: payload.sub };
  } catch {
    throw unauthorized('the visitor token is invalid or expired');
  }
}

/**
 * The actor behind a bootstrap's token. A visitor token that no longer verifies (expired, or
 * the site secret changed) reads as no token at all: the page still loads, and the widget gets
 * a new visitor token when the reader next reacts. A bad reader token is still a 401.
 */
export async function bootstrapActor(site: { id: string; secret: string }, token: string): Promise<Actor | null> {
  try {
    return await verifyActor(site, token);
  } catch (error) {
    let visitor = false;
    try {
      visitor = decodeJwt(token).type === 'visitor';
    } catch {
      // Not a JWT at all: the 401 stands.
    }
    if (visitor) return null;
    throw error;
  }
}
