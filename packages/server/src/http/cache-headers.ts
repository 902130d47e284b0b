import { createHash } from 'node:crypto';
import type { Context } from 'hono';
import { encodedBody, matchesEtag } from '../threads/bootstrap.js';

/** What shared caches (a CDN, a caching proxy) may keep of the answers every anonymous reader gets. */
export interface CdnOptions {
  /**
   * Seconds a shared cache may serve an anonymous answer without asking again (`s-maxage`): the
   * longest a post can take to show to anonymous readers behind it. `teahouse serve --s-maxage`
   * and `TEAHOUSE_S_MAXAGE` set it. @default 5
   */
  sMaxAge?: number;
  /**
   * Seconds past that a cache may still answer with its copy while it fetches the next one
   * (`stale-while-revalidate`). @default 30
   */
  staleWhileRevalidate?: number;
}

export const DEFAULT_CDN = { sMaxAge: 5, staleWhileRevalidate: 30 } as const satisfies Required<CdnOptions>;

/**
 * The same for everyone: shared caches keep it for `s-maxage`, browsers (`max-age=0`) revalidate
 * with the ETag each time, and a copy is kept per encoding.
 */
export function sharedCache(c: Context, cdn: CdnOptions = {}): void {
  c.header('Cache-Control', sharedCacheControl(cdn));
  c.header('Vary', 'Accept-Encoding', { append: true });
}

/** The `Cache-Control` of an answer that is the same for everyone (see {@link sharedCache}). */
export function sharedCacheControl(cdn: CdnOptions = {}): string {
  const sMaxAge = cdn.sMaxAge ?? DEFAULT_CDN.sMaxAge;
  const swr = cdn.staleWhileRevalidate ?? DEFAULT_CDN.staleWhileRevalidate;
  return `public, max-age=0, s-maxage=${sMaxAge}, stale-while-revalidate=${swr}`;
}

/** Someone's own answer: no shared cache may keep it, and the browser asks again each time. */
export function privateCache(c: Context): void {
  c.header('Cache-Control', 'private, no-cache');
}

/** A strong validator of exactly these bytes (before any content coding). */
export function strongEtag(body: Buffer): string {
  return `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`;
}

/**
 * A JSON answer that shared caches keep: its strong ETag (a 304 when the request has it), and
 * the body encoded here rather than by the compress middleware, which would weaken the tag.
 */
export function sharedJson(c: Context, value: unknown, cdn: CdnOptions = {}): Response {
  return sharedBytes(c, Buffer.from(JSON.stringify(value)), cdn);
}

/** {@link sharedJson} of a body already serialised; an entry passed in keeps its compressed forms. */
export function sharedBytes(c: Context, body: Buffer | { etag: string; body: Buffer; br?: Buffer; gzip?: Buffer }, cdn: CdnOptions = {}): Response {
  const entry = Buffer.isBuffer(body) ? { etag: strongEtag(body), body } : body;
  const etag = entry.etag;
  sharedCache(c, cdn);
  c.header('ETag', etag);
  if (matchesEtag(c.req.header('if-none-match'), etag)) return c.body(null, 304);
  const { bytes, encoding } = encodedBody(entry, c.req.header('accept-encoding'));
  if (encoding) c.header('Content-Encoding', encoding);
  // With its length known, a small answer is left as it is by the compress middleware, whose
  // encoding would weaken the ETag, and matches what the held answers send (middleware/cached).
  else c.header('Content-Length', String(bytes.length));
  return c.body(bytes as Uint8Array<ArrayBuffer>, 200, { 'Content-Type': 'application/json; charset=UTF-8' });
}
