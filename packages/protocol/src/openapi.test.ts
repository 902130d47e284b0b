import test from 'node:test';
import assert from 'node:assert/strict';
import { buildOpenApi } from './openapi.js';
import { routes } from './routes.js';

type Doc = {
  openapi: string;
  paths: Record<string, Record<string, { responses: Record<string, { content?: Record<string, { schema: { $ref?: string } }> }> }>>;
  components: { schemas: Record<string, unknown> };
};

test('should list every route of the protocol', () => {
  const doc = buildOpenApi() as Doc;
  assert.equal(doc.openapi, '3.1.0');
  for (const path of Object.values(routes)) assert.ok(doc.paths[path], `missing ${path}`);
  assert.deepEqual(Object.keys(doc.paths[routes.floors] ?? {}).sort(), ['get', 'post']);
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
  for (const name of ['RootNode', 'BlockNode', 'InlineNode', 'Floor', 'Bootstrap', 'CreateFloor']) {
    assert.ok(doc.components.schemas[name], `missing schema ${name}`);
  }
  const blockquote = JSON.stringify(doc.components.schemas.BlockquoteNode);
  assert.match(blockquote, /#\/components\/schemas\/BlockNode/);
});
