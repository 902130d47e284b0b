import test from 'node:test';
import assert from 'node:assert/strict';
import { Hono } from 'hono';
import { routeTable } from '@teahouse/protocol/routes';
import { createApp } from '../app.js';
import { errorResponse } from '../middleware/errors/errors.js';
import { honoPath, register } from './route.js';

const listed = new Set(Object.values(routeTable).map((route) => `${route.method} ${honoPath(route.path)}`));
/** Operational paths deliberately outside the JSON API and its document: Prometheus' text format, behind a token. */
const OUTSIDE_TABLE = ['GET /metrics'];

/** What an app answers besides its middleware (registered for every method). */
const answered = (app: Hono) => [...new Set(app.routes.filter((r) => r.method !== 'ALL').map((r) => `${r.method} ${r.path}`))];

test('should answer exactly the routes of the route table', async (t) => {
  const { app, close } = await createApp({ database: 'sqlite::memory:' });
  t.after(() => close());
  const routes = answered(app);
  assert.deepEqual(routes.filter((r) => !listed.has(r) && !OUTSIDE_TABLE.includes(r)), [], 'answered but not in the route table');
  assert.deepEqual([...listed].filter((r) => !routes.includes(r)), [], 'in the route table but not answered');
});

test('should see a route registered outside the table', () => {
  // The check above, against an app with one route of its own: it must not pass unnoticed.
  const app = new Hono();
  register(app, routeTable.health, (c) => c.json({ ok: true }));
  app.get('/v1/unlisted', (c) => c.json({}));
  assert.deepEqual(answered(app).filter((r) => !listed.has(r)), ['GET /v1/unlisted']);
});

test('should answer 500 for a status the route does not list when responses are checked', async () => {
  const app = new Hono();
  app.onError(errorResponse);
  register(app, routeTable.health, (c) => c.json({ ok: false }, 202 as 200), { checkResponses: true });
  const res = await app.request('/healthz');
  assert.equal(res.status, 500);
  assert.match((await res.json()).error.message, /answered 202, which its route table entry does not list/);
  const unchecked = new Hono();
  register(unchecked, routeTable.health, (c) => c.json({ ok: false }, 202 as 200));
  assert.equal((await unchecked.request('/healthz')).status, 202);
});
