import type { Context, MiddlewareHandler } from 'hono';
import type { SiteCache } from '../../sites/sites.js';
import { cachedBootstrap, type BootstrapCache } from '../../threads/bootstrap.js';
import type { CountsCache } from '../../threads/counts.js';
import { sharedCacheControl, type CdnOptions } from '../../http/cache-headers.js';
import { corsHeaders } from '../cors/cors.js';

/** Bodies from this size on may be compressed by the pipeline (hono/compress's threshold). */
const COMPRESS_THRESHOLD = 1024;

/** The request's query string as sent (without `?`), the key of answers held by query. */
export function rawQuery(c: Context): string {
  const url = incoming(c)?.url ?? c.req.url;
  const at = url.indexOf('?');
  return at === -1 ? '' : url.slice(at + 1);
}

type NodeRequest = { url?: string; headers?: Record<string, string | string[] | undefined> };
const incoming = (c: Context) => (c.env as { incoming?: NodeRequest } | undefined)?.incoming;

/**
 * A request header, from Node's own request where there is one: reading `c.req.header()` makes
 * @hono/node-server build a whole fetch Request (every header validated and copied), which costs
 * more than the rest of a held answer.
 */
function header(c: Context, name: string): string | undefined {
  const headers = incoming(c)?.headers;
  if (!headers) return c.req.header(name);
  const value = headers[name];
  return Array.isArray(value) ? value.join(', ') : value;
}

/**
 * Requests a held answer can serve: no token and no body (the pipeline refuses or reads those),
 * on a site held in memory.
 */
function plain(c: Context, sites: SiteCache) {
  if (header(c, 'authorization') !== undefined) return undefined;
  const length = header(c, 'content-length');
  if ((length !== undefined && length !== '0') || header(c, 'transfer-encoding') !== undefined) return undefined;
  const site = sites.peek(c.req.param('site') ?? '');
  // A page on an origin the site does not list is the pipeline's to refuse (and to warn of).
  const origin = header(c, 'origin');
  if (!site || (origin !== undefined && !site.origins.has(origin))) return undefined;
  return site;
}

/**
 * Answers from memory, ahead of the rest of the pipeline, the anonymous reads every visitor of
 * an article makes: the bootstrap of a thread (`BootstrapCache`) and the counts of an article
 * list (`CountsCache`). Only a query string the full pipeline validated and answered before is
 * served here, with the same headers and bytes; anything else goes on to the pipeline. Nothing
 * these answers skip applies to them: no rate limit counts reads, and they carry no token or body.
 */
export function cachedAnswers(
  sites: SiteCache, bootstraps: BootstrapCache, counts: CountsCache, cdn?: CdnOptions,
  metrics?: { bootstrap(result: 'hit' | 'miss'): void },
): {
  bootstrap: MiddlewareHandler;
  counts: MiddlewareHandler;
} {
  const cacheControl = sharedCacheControl(cdn);
  return {
    bootstrap: (c, next) => {
      const site = plain(c, sites);
      const entry = site && bootstraps.byQuery(site, rawQuery(c));
      if (!site || !entry) return next();
      metrics?.bootstrap('hit');
      const accepted = header(c, 'accept-encoding');
      const answer = cachedBootstrap(entry, header(c, 'if-none-match'), accepted, cacheControl);
      // An encoding only the pipeline's compressor speaks (deflate): it answers.
      if (accepted && answer.bytes && answer.bytes.length >= COMPRESS_THRESHOLD && !answer.headers['Content-Encoding']) return next();
      const headers = { ...answer.headers, Vary: `Origin, Authorization, ${answer.headers.Vary}` };
      corsHeaders(site, header(c, 'origin'), headers);
      return Promise.resolve(answer.bytes ? c.body(answer.bytes as Uint8Array<ArrayBuffer>, 200, headers) : c.body(null, 304, headers));
    },
    counts: (c, next) => {
      const site = plain(c, sites);
      const entry = site && counts.get(site, rawQuery(c));
      if (!site || !entry) return next();
      // The same answer as the route's (sharedBytes): its ETag, a 304 for it, the encoding chosen alike.
      const answer = cachedBootstrap(entry, header(c, 'if-none-match'), header(c, 'accept-encoding'), cacheControl);
      const headers = { ...answer.headers, Vary: `Origin, ${answer.headers.Vary}` };
      corsHeaders(site, header(c, 'origin'), headers);
      return Promise.resolve(answer.bytes ? c.body(answer.bytes as Uint8Array<ArrayBuffer>, 200, headers) : c.body(null, 304, headers));
    },
  };
}
