import test from 'node:test';
import assert from 'node:assert/strict';
import { buildOpenApi } from './openapi.js';
import { routes } from './routes.js';
import { rewardRoutes } from './rewards.js';
import { identityRoutes } from './identity.js';
import { moderationRoutes } from './moderation.js';
import { routeTable } from './api/table.js';
import { statusesOf, type Route } from './api/route.js';

type Operation = {
  operationId: string;
  security?: Record<string, string[]>[];
  responses: Record<string, { content?: Record<string, { schema: { $ref?: string } }> }>;
};
type Doc = {
  openapi: string;
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, unknown>; securitySchemes: Record<string, unknown> };
};

/** Every route object of the protocol: one added here must be described by the document too. */
const ROUTE_SETS: Record<string, Record<string, string>> = { routes, rewardRoutes, identityRoutes, moderationRoutes };

const protocolPaths = () =>
  Object.entries(ROUTE_SETS).flatMap(([set, paths]) => Object.entries(paths).map(([name, path]) => ({ set, name, path })));

test('should list every route of the protocol', () => {
  const doc = buildOpenApi() as Doc;
  assert.equal(doc.openapi, '3.1.0');
  const missing = protocolPaths()
    .filter(({ path }) => !doc.paths[path])
    .map(({ set, name, path }) => `${set}.${name} (${path})`);
  assert.deepEqual(missing, [], `routes missing from the OpenAPI document: ${missing.join(', ')}`);
  assert.deepEqual(Object.keys(doc.paths[routes.floors] ?? {}).sort(), ['get', 'post']);
});

test('should describe exactly the operations of the route table, named by their keys', () => {
  const doc = buildOpenApi() as Doc;
  const described = Object.entries(doc.paths).flatMap(([path, ops]) => Object.entries(ops).map(([method, op]) => `${op.operationId} ${method.toUpperCase()} ${path}`));
  const listed = Object.entries(routeTable).map(([name, route]) => `${name} ${route.method} ${route.path}`);
  assert.deepEqual(described.sort(), listed.sort());
});

test('should list every failure the table gives a route, 429 and 422 included', () => {
  const doc = buildOpenApi() as Doc;
  for (const [name, route] of Object.entries(routeTable) as [string, Route][]) {
    const op = doc.paths[route.path]?.[route.method.toLowerCase()];
    assert.deepEqual(Object.keys(op?.responses ?? {}).map(Number).sort(), statusesOf(route).sort(), name);
  }
  assert.ok(doc.paths[routes.guests]?.post?.responses['429'], 'guests are rate limited');
  assert.ok(doc.paths[moderationRoutes.report]?.post?.responses['429'], 'reports are rate limited');
  assert.ok(doc.paths[routes.floors]?.post?.responses['422'], 'a banned word is a 422');
  assert.ok(doc.paths[routes.floor]?.patch?.responses['422'], 'an edit with a banned word is a 422');
});

test('should give every operation a unique id and only declared security schemes', () => {
  const doc = buildOpenApi() as Doc;
  const ids = Object.values(doc.paths).flatMap((ops) => Object.values(ops).map((op) => op.operationId));
  assert.equal(new Set(ids).size, ids.length, `duplicate operationId in ${ids.join(', ')}`);
  for (const [path, ops] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(ops)) {
      for (const requirement of op.security ?? []) {
        for (const scheme of Object.keys(requirement)) {
          assert.ok(doc.components.securitySchemes[scheme], `${method} ${path}: undeclared scheme ${scheme}`);
        }
      }
    }
  }
});

test('should guard admin routes with the site API key and reader routes with the reader token', () => {
  const doc = buildOpenApi() as Doc;
  assert.deepEqual(doc.paths[rewardRoutes.adminDebit]?.post?.security, [{ adminKey: [] }]);
  assert.deepEqual(doc.paths[rewardRoutes.adminReverse]?.post?.security, [{ adminKey: [] }]);
  assert.deepEqual(doc.paths[rewardRoutes.pointsMe]?.get?.security, [{ bearer: [] }]);
  assert.deepEqual(doc.paths[rewardRoutes.shares]?.post?.security, [{ bearer: [] }]);
  assert.deepEqual(doc.paths[rewardRoutes.pointsRules]?.get?.security, []);
  assert.deepEqual(doc.paths[routes.bootstrap]?.get?.security, [{}, { bearer: [] }]);
  const debit = doc.paths[rewardRoutes.adminDebit]?.post;
  assert.equal(debit?.responses['201']?.content?.['application/json']?.schema.$ref, '#/components/schemas/AdminLedgerEntry');
  assert.equal(debit?.responses['409']?.content?.['application/json']?.schema.$ref, '#/components/schemas/ErrorBody');
});

test('should survive a JSON round trip unchanged', () => {
  const doc = buildOpenApi();
  assert.deepEqual(JSON.parse(JSON.stringify(doc)), doc);
});

test('should reference the error body from error responses', () => {
  const doc = buildOpenApi() as Doc;
  assert.ok(doc.components.schemas.ErrorBody);
  const post = doc.paths[routes.floors]?.post;
  assert.equal(post?.responses['401']?.content?.['application/json']?.schema.$ref, '#/components/schemas/ErrorBody');
});

test('should resolve every $ref to a component', () => {
  const doc = buildOpenApi() as Doc;
  const text = JSON.stringify(doc);
  const refs = [...text.matchAll(/"\$ref":"([^"]+)"/g)].map((m) => m[1] ?? '');
  assert.ok(refs.length > 10);
  for (const ref of refs) {
    assert.match(ref, /^#\/components\/schemas\/[A-Za-z_0-9]+$/);
    assert.ok(doc.components.schemas[ref.slice('#/components/schemas/'.length)], `dangling ${ref}`);
  }
});

test('should describe the recursive rich text tree', () => {
  const doc = buildOpenApi() as Doc;
  for (const name of ['RootNode', 'BlockNode', 'InlineNode', 'Floor', 'Bootstrap', 'CreateFloor', 'Share', 'LedgerEntry', 'DebitRequest']) {
    assert.ok(doc.components.schemas[name], `missing schema ${name}`);
  }
  const blockquote = JSON.stringify(doc.components.schemas.BlockquoteNode);
  assert.match(blockquote, /#\/components\/schemas\/BlockNode/);
});
