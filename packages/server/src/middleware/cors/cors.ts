import type { Context, MiddlewareHandler } from 'hono';
import { ApiError, forbidden } from '../../errors.js';
import type { Site } from '../../sites/sites.js';

const ALLOW_HEADERS = 'Authorization, Content-Type, If-None-Match, X-Request-Id';
const EXPOSE_HEADERS = 'ETag, Location, X-Request-Id';
const ALLOW_METHODS = 'GET, POST, PUT, PATCH, DELETE, OPTIONS';
/** (site, origin) pairs remembered for warning once; past this many, new pairs are not warned of. */
const MAX_WARNED = 10_000;

/** A page on the server's own host is not a cross-origin caller (the demo, a page served with `--static`). */
const sameHost = (c: Context, origin: string): boolean => {
  try {
    return new URL(origin).host === new URL(c.req.url).host;
  } catch {
    return false;
  }
};

/**
 * CORS for `/v1/sites/{site}/*`, after the site middleware: the request's Origin is reflected when
 * it is one of the site's origins. A request from another origin is refused with 403
 * `origin_not_allowed` before any work, and that answer is readable by the page (its origin
 * reflected, GET preflights let through) so the widget can say the site is not configured for the
 * page instead of failing as if offline; the first such request of each (site, origin) is logged
 * as a warning. Requests without an Origin (servers, curl) are answered as usual.
 */
export function siteCorsFor(warned = new Set<string>()): MiddlewareHandler {
  return async (c, next) => {
    const origin = c.req.header('origin');
    const site = c.var.site;
    const allowed = origin !== undefined && site.origins.has(origin);
    const refused = origin !== undefined && !allowed && !sameHost(c, origin);

    if (c.req.method === 'OPTIONS') {
      const method = c.req.header('access-control-request-method')?.toUpperCase();
      if (!allowed && !(refused && method === 'GET')) throw forbidden(`origin ${origin ?? '(none)'} is not allowed for site "${site.id}"`);
      return c.body(null, 204, {
        'Access-Control-Allow-Origin': origin!,
        'Access-Control-Allow-Methods': allowed ? ALLOW_METHODS : 'GET',
        'Access-Control-Allow-Headers': ALLOW_HEADERS,
        'Access-Control-Max-Age': '600',
        Vary: 'Origin',
      });
    }

    c.header('Vary', 'Origin', { append: true });
    if (allowed || refused) {
      c.header('Access-Control-Allow-Origin', origin);
      c.header('Access-Control-Expose-Headers', EXPOSE_HEADERS);
    }
    if (refused) {
      const key = `${site.id}\n${origin}`;
      if (!warned.has(key) && warned.size < MAX_WARNED) {
        warned.add(key);
        c.var.log?.warn(
          { site: site.id, origin, path: c.req.path },
          `a page on ${origin} calls site "${site.id}", which does not list that origin: add it with \`teahouse site add-origin ${site.id} ${origin}\` if it is yours`,
        );
      }
      throw new ApiError(403, 'origin_not_allowed', `site "${site.id}" is not configured for pages on ${origin}`);
    }
    await next();
  };
}

/** The site CORS of an app that logs nothing and warns of each pair once per process. */
export const siteCors: MiddlewareHandler = siteCorsFor();

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
