import test from 'node:test';
import assert from 'node:assert/strict';
import { Hono } from 'hono';
import { ErrorBody } from '@teahouse/protocol';
import { SiteCache, type Site } from '../../sites/sites.js';
import { SITE, testApp } from '../../test/support.js';
import { siteCors } from '../cors/cors.js';
import { errorResponse } from '../errors/errors.js';
import { siteLoader } from './site.js';

class CountingSites extends SiteCache {
  finds = 0;
  override find(id: string): Promise<Site | null> {
    this.finds++;
    return super.find(id);
  }
}

test('should load the site once per request, for CORS and the route alike', async (t) => {
  const th = await testApp('sqlite');
  t.after(() => th.close());
  const sites = new CountingSites(th.db);
  const app = new Hono();
  app.onError(errorResponse);
  app.use('/v1/sites/:site/*', siteLoader(sites), siteCors);
  app.get('/v1/sites/:site/name', (c) => c.json({ name: c.var.site.name }));

  const res = await app.request(`/v1/sites/${SITE.id}/name`, { headers: { origin: SITE.origins[0]! } });
  assert.deepEqual(await res.json(), { name: SITE.name });
  assert.equal(res.headers.get('access-control-allow-origin'), SITE.origins[0]);
  assert.equal(sites.finds, 1);

  const bad = await app.request('/v1/sites/Not%20A%20Site/name');
  assert.equal(bad.status, 400);
  assert.equal(ErrorBody.parse(await bad.json()).error.code, 'validation_failed');
  const unknown = await app.request('/v1/sites/nosuch/name');
  assert.equal(unknown.status, 404);
  assert.equal(ErrorBody.parse(await unknown.json()).error.message, 'unknown site "nosuch"');
  const preflight = await app.request('/v1/sites/nosuch/name', { method: 'OPTIONS', headers: { origin: SITE.origins[0]! } });
  assert.equal(preflight.status, 404);
});
