import test from 'node:test';
import assert from 'node:assert/strict';
import * as z from 'zod/mini';
import * as endpoints from './endpoints.js';
import { routeTable } from './table.js';
import { MAX_BODY_DEPTH, errorsOf, type Route } from './route.js';

type Json = { type?: string | string[]; properties?: Record<string, Json>; additionalProperties?: Json | boolean; items?: Json; prefixItems?: Json[]; anyOf?: Json[]; oneOf?: Json[]; allOf?: Json[]; $ref?: string; $defs?: Record<string, Json> };

/** Levels of objects and arrays a value of the schema can nest; Infinity for a recursive one. */
function depth(schema: Json, defs: Record<string, Json>, seen: Set<string> = new Set()): number {
  if (schema.$ref) {
    const name = schema.$ref.split('/').pop()!;
    if (seen.has(name)) return Infinity;
    return depth(defs[name]!, defs, new Set([...seen, name]));
  }
  const inner = [
    ...Object.values(schema.properties ?? {}),
    ...(typeof schema.additionalProperties === 'object' ? [schema.additionalProperties] : []),
    ...(schema.items ? [schema.items] : []), ...(schema.prefixItems ?? []),
  ].map((s) => depth(s, defs, seen));
  const alternatives = [...(schema.anyOf ?? []), ...(schema.oneOf ?? []), ...(schema.allOf ?? [])].map((s) => depth(s, defs, seen));
  const types = [schema.type].flat();
  const own = types.includes('object') || types.includes('array') ? 1 : 0;
  return Math.max(own + Math.max(0, ...inner), ...alternatives, 0);
}

test('should fit every request body of the protocol within the nesting the server reads', () => {
  const depths: Record<string, number> = {};
  for (const [name, route] of Object.entries(routeTable) as [string, Route][]) {
    if (!route.body) continue;
    const schema = z.toJSONSchema(route.body.schema, { io: 'input', unrepresentable: 'any' }) as Json;
    depths[name] = depth(schema, schema.$defs ?? {});
  }
  const tooDeep = Object.entries(depths).filter(([, d]) => d > MAX_BODY_DEPTH);
  assert.deepEqual(tooDeep, [], `bodies deeper than MAX_BODY_DEPTH (${MAX_BODY_DEPTH})`);
  assert.ok(Object.keys(depths).length >= 15, 'every route with a body was measured');
});

test('should give every endpoint one entry with its own address', () => {
  assert.deepEqual(Object.keys(routeTable).sort(), Object.keys(endpoints).sort());
  for (const [name, route] of Object.entries(routeTable) as [keyof typeof endpoints, Route][]) {
    assert.deepEqual({ method: route.method, path: route.path }, endpoints[name], name);
  }
  const addresses = Object.values(routeTable).map((r) => `${r.method} ${r.path}`);
  assert.equal(new Set(addresses).size, addresses.length, 'no two entries share a method and path');
});

test('should derive the failures every route shares from its parameters, body and authentication', () => {
  const post = errorsOf(routeTable.createFloor);
  assert.deepEqual(Object.keys(post).map(Number), [400, 401, 403, 404, 409, 413, 415, 422, 429, 500]);
  assert.deepEqual(Object.keys(errorsOf(routeTable.health)).map(Number), [413, 500]);
  assert.deepEqual(Object.keys(errorsOf(routeTable.adminDebit)).map(Number), [400, 401, 403, 404, 409, 413, 415, 500]);
  assert.match(errorsOf(routeTable.setReaction)[413]!, /over 4 KB/);
});
