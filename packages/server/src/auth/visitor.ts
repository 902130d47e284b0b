import { randomBytes } from 'node:crypto';
import { unauthorized } from '../errors.js';
import type { Site } from '../sites/sites.js';
import { signServerToken, verifyServerToken } from './server-token.js';
import { tokenType, verifyToken, type TokenUser } from './token.js';
import { verifyGuest } from './guest.js';

/** A visitor keeps one id for a year; clearing the browser's storage makes a new visitor. */
export const VISITOR_TTL_SECONDS = 365 * 86400;
const VISITOR_ID = /^[A-Za-z0-9_-]{16,64}$/;

/** Who is acting: a signed-in reader or a guest (a `user`), or an anonymous visitor. */
export type Actor = { kind: 'user'; user: TokenUser } | { kind: 'visitor'; id: string };

/** Signs a visitor token: a random `sub` and `type: 'visitor'`, no name, so it never passes as a reader. */
export async function signVisitor(site: Site): Promise<{ token: string; expiresAt: string }> {
  return signServerToken(site, { type: 'visitor', sub: randomBytes(16).toString('base64url') }, VISITOR_TTL_SECONDS);
}

/** Verifies a visitor token, answering the visitor's id; a 401 when it does not verify. */
export async function verifyVisitor(site: Site, token: string): Promise<string> {
  const payload = await verifyServerToken(site, token, 'visitor');
  if (!payload || !VISITOR_ID.test(payload.sub!)) throw unauthorized('the visitor token is invalid or expired');
  return payload.sub!;
}

/**
 * Verifies a token given in a body rather than as the request's bearer (a visit's `visitor`):
 * a reader's, a guest's or a visitor's; every failure is a 401 (403 for guests where guest mode is off).
 */
export async function verifyActor(site: Site, token: string): Promise<Actor> {
  const type = tokenType(token);
  if (type === 'guest') return { kind: 'user', user: await verifyGuest(site, token) };
  if (type !== 'visitor') return { kind: 'user', user: await verifyToken(site, token) };
  return { kind: 'visitor', id: await verifyVisitor(site, token) };
}
