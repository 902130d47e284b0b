import { SignJWT, jwtVerify, type JWTPayload } from 'jose';
import type { Site } from '../sites/sites.js';
import { validKeys } from './keys.js';

const encoder = new TextEncoder();

/** Signs a token only the server issues: HS256 with the site's server secret, `aud` = site id, `type`. */
export async function signServerToken(
  site: Pick<Site, 'id' | 'serverSecret'>,
  claims: { type: 'visitor' | 'guest'; sub: string; [claim: string]: unknown },
  ttlSeconds: number,
): Promise<{ token: string; expiresAt: string }> {
  const exp = Math.floor(Date.now() / 1000) + ttlSeconds;
  const { sub, ...rest } = claims;
  const token = await new SignJWT(rest)
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(sub)
    .setAudience(site.id)
    .setIssuedAt()
    .setExpirationTime(exp)
    .sign(encoder.encode(site.serverSecret));
  return { token, expiresAt: new Date(exp * 1000).toISOString() };
}

/**
 * Verifies a token the server issued; undefined when it does not verify. Visitor tokens from
 * before server secrets were signed with the site's own key, so those keys verify them too.
 */
export async function verifyServerToken(site: Site, token: string, type: 'visitor' | 'guest'): Promise<JWTPayload | undefined> {
  const secrets = [site.serverSecret, ...(type === 'visitor' ? validKeys(site).map((key) => key.secret) : [])];
  for (const secret of secrets) {
    if (secret === '') continue;
    try {
      const { payload } = await jwtVerify(token, encoder.encode(secret), {
        algorithms: ['HS256'],
        audience: site.id,
        requiredClaims: ['exp', 'sub'],
      });
      return payload.type === type && typeof payload.sub === 'string' ? payload : undefined;
    } catch {
      // The next secret, if any.
    }
  }
  return undefined;
}
