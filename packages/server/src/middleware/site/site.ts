import type { MiddlewareHandler } from 'hono';
import { SITE_ID_PATTERN } from '@teahouse/protocol';
import { invalid, notFound } from '../../errors.js';
import type { Site, SiteCache } from '../../sites/sites.js';

declare module 'hono' {
  interface ContextVariableMap {
    /** The site of `/v1/sites/{site}/…` and `/v1/admin/sites/{site}/…`, loaded once per request. */
    site: Site;
  }
}

/**
 * Validates the `:site` of the path and loads that site into `c.var.site` (400 for an id that
 * cannot be one, 404 for an unknown site). Everything after it, CORS included, reads it there.
 */
export function siteLoader(sites: SiteCache): MiddlewareHandler {
  return async (c, next) => {
    const id = c.req.param('site') ?? '';
    if (!SITE_ID_PATTERN.test(id)) {
      throw invalid('invalid path: site ids are lowercase letters, digits, - and _', [{ path: ['site'], message: 'not a site id' }]);
    }
    const site = await sites.find(id);
    if (!site) throw notFound(`unknown site "${id}"`);
    c.set('site', site);
    await next();
  };
}
