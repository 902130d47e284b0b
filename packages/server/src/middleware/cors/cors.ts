import type { MiddlewareHandler } from 'hono';
import { forbidden } from '../../errors.js';
import type { Site } from '../../sites/sites.js';

const ALLOW_HEADERS = 'Authorization, Content-Type, If-None-Match';
const EXPOSE_HEADERS = 'ETag, Location';
const ALLOW_METHODS = 'GET, POST, PUT, PATCH, DELETE, OPTIONS';

/**
 * CORS for `/v1/sites/{site}/*`, after the site middleware: the request's Origin is reflected only
 * when it is one of the site's origins. A disallowed origin still gets its answer; the browser
 * then withholds it.
 */
export const siteCors: MiddlewareHandler = async (c, next) => {
  const origin = c.req.header('origin');
  const site = c.var.site;
  const allowed = origin !== undefined && site.origins.has(origin);

  if (c.req.method === 'OPTIONS') {
    if (!allowed) throw forbidden(`origin ${origin ?? '(none)'} is not allowed for site "${site.id}"`);
    return c.body(null, 204, {
      'Access-Control-Allow-Origin': origin,
      'Access-Control-Allow-Methods': ALLOW_METHODS,
      'Access-Control-Allow-Headers': ALLOW_HEADERS,
      'Access-Control-Max-Age': '600',
      Vary: 'Origin',
    });
  }

  c.header('Vary', 'Origin', { append: true });
  if (allowed) {
    c.header('Access-Control-Allow-Origin', origin);
    c.header('Access-Control-Expose-Headers', EXPOSE_HEADERS);
  }
  await next();
};

/** What {@link siteCors} adds to an answer other than a preflight's, besides `Vary: Origin`. */
export function corsHeaders(site: Site, origin: string | undefined, headers: Record<string, string>): void {
  if (origin !== undefined && site.origins.has(origin)) {
    headers['Access-Control-Allow-Origin'] = origin;
    headers['Access-Control-Expose-Headers'] = EXPOSE_HEADERS;
  }
}

/** Public resources (the OpenAPI document, the embed script) may be read from any page. */
export const publicCors: MiddlewareHandler = async (c, next) => {
  await next();
  c.res.headers.set('Access-Control-Allow-Origin', '*');
};
