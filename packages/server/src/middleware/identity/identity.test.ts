import test from 'node:test';
import assert from 'node:assert/strict';
import { Hono, type Context } from 'hono';
import { ErrorBody } from '@teahouse/protocol';
import { Auth } from '@teahouse/protocol/routes';
import { createApiKey } from '../../auth/api-keys.js';
import { signVisitor } from '../../auth/visitor.js';
import { loadSite, SiteCache } from '../../sites/sites.js';
import { OTHER_SITE, SITE, testApp } from '../../test/support.js';
import { errorResponse } from '../errors/errors.js';
import { siteLoader } from '../site/site.js';
import { anyoneOf, identity, requireAuth, viewerOf, type Caller } from './identity.js';

const GUESTS = { id: 'guests', name: 'Guests', secret: 'guests-secret-long-enough-for-hs256-00', origins: [], guests: true };

const describe = async (caller: Caller) => ({
  kind: caller.kind,
  ...('role' in caller ? { role: caller.role, sub: caller.token.sub, user: (await caller.user()).name } : {}),
  ...(caller.kind === 'key' ? { label: caller.label } : {}),
});

test('should resolve every kind of caller once, and only when asked', async (t) => {
  const th = await testApp('sqlite', { sites: [SITE, OTHER_SITE, GUESTS] });
  t.after(() => th.close());
  const sites = new SiteCache(th.db);
  const app = new Hono();
  app.onError(errorResponse);
  app.use('/v1/sites/:site/*', siteLoader(sites), identity(th.db, 'token'));
  app.use('/v1/admin/sites/:site/*', siteLoader(sites), identity(th.db, 'key'));
  const who = async (c: Context) => {
    const first = c.var.caller();
    assert.equal(c.var.caller(), first, 'one resolution per request');
    return c.json(await describe(await first));
  };
  app.get('/v1/sites/:site/who', who);
  app.get('/v1/admin/sites/:site/who', who);
  app.get('/v1/sites/:site/free', (c) => c.json({ ok: true }));
  app.get('/v1/sites/:site/viewer', async (c) => c.json(await describe(await viewerOf(c))));
  app.get('/v1/sites/:site/anyone', async (c) => c.json(await describe(await anyoneOf(c))));
  for (const auth of Object.values(Auth)) {
    const gate = requireAuth(auth);
    for (const path of [`/v1/sites/:site/gate/${auth}`, `/v1/admin/sites/:site/gate/${auth}`]) {
      if (gate) app.get(path, gate, (c) => c.json({ passed: auth }));
      else app.get(path, (c) => c.json({ passed: auth }));
    }
  }
  const get = async (path: string, token?: string) => {
    const res = await app.request(path, token ? { headers: { authorization: `Bearer ${token}` } } : {});
    return { status: res.status, body: await res.json() };
  };

  const guest = (await (await th.app.request(`/v1/sites/${GUESTS.id}/guests`, {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name: '路人甲' }),
  })).json()).token as string;
  const demo = await loadSite(th.db, SITE.id);
  const tokens = {
    none: undefined,
    reader: await th.token({ sub: 'plain', name: 'Plain' }),
    moderator: await th.token({ sub: 'mod-1', name: 'Mod' }),
    visitor: (await signVisitor(demo)).token,
    key: await createApiKey(th.db, SITE.id, 'host backend'),
  };

  assert.deepEqual((await get('/v1/sites/demo/who')).body, { kind: 'none' });
  assert.deepEqual((await get('/v1/sites/demo/who', tokens.reader)).body, { kind: 'reader', role: 'reader', sub: 'plain', user: 'Plain' });
  assert.deepEqual((await get('/v1/sites/demo/who', tokens.moderator)).body, { kind: 'reader', role: 'moderator', sub: 'mod-1', user: 'Mod' });
  assert.equal((await get('/v1/sites/demo/who', tokens.visitor)).body.kind, 'visitor');
  const asGuest = (await get(`/v1/sites/${GUESTS.id}/who`, guest)).body;
  assert.deepEqual([asGuest.kind, asGuest.role, asGuest.user], ['guest', 'guest', '路人甲']);
  assert.deepEqual((await get('/v1/admin/sites/demo/who', tokens.key)).body, { kind: 'key', label: 'host backend' });
  assert.equal((await get('/v1/admin/sites/other/who', tokens.key)).status, 403, "another site's key");
  assert.equal((await get('/v1/admin/sites/demo/who', tokens.reader)).status, 401, 'a token is no key');

  // Nothing is verified for a route that never asks: a broken token costs nothing there.
  assert.equal((await get('/v1/sites/demo/free', 'not.a.token')).status, 200);
  const broken = await get('/v1/sites/demo/who', 'not.a.token');
  assert.deepEqual([broken.status, ErrorBody.parse(broken.body).error.code], [401, 'token_malformed']);
  // A page load reads a stale visitor token as none, a bad reader token not; a read forgives both.
  const otherSiteVisitor = (await signVisitor(await loadSite(th.db, OTHER_SITE.id))).token;
  assert.deepEqual((await get('/v1/sites/demo/viewer', otherSiteVisitor)).body, { kind: 'none' });
  assert.equal((await get('/v1/sites/demo/viewer', `${tokens.reader}x`)).status, 401);
  assert.deepEqual((await get('/v1/sites/demo/anyone', `${tokens.reader}x`)).body, { kind: 'none' });

  const passes: Record<string, string[]> = {};
  for (const auth of Object.values(Auth)) {
    for (const [name, token] of [...Object.entries(tokens), ['guest', guest]] as [string, string | undefined][]) {
      const site = name === 'guest' ? GUESTS.id : SITE.id;
      const path = name === 'key' ? `/v1/admin/sites/${site}/gate/${auth}` : `/v1/sites/${site}/gate/${auth}`;
      const res = await get(path, token);
      if (res.status === 200) (passes[auth] ??= []).push(name);
      else assert.ok([401, 403].includes(res.status), `${auth} ${name}: ${res.status}`);
    }
  }
  assert.deepEqual(passes, {
    none: ['none', 'reader', 'moderator', 'visitor', 'key', 'guest'],
    optional: ['none', 'reader', 'moderator', 'visitor', 'key', 'guest'],
    signedIn: ['reader', 'moderator', 'guest'],
    reader: ['reader', 'moderator'],
    actor: ['reader', 'moderator', 'visitor', 'guest'],
    moderator: ['moderator'],
    adminKey: ['key'],
  });
});
