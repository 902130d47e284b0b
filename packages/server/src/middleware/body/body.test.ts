import test from 'node:test';
import assert from 'node:assert/strict';
import { Hono } from 'hono';
import { ErrorBody } from '@teahouse/protocol';
import { MAX_BODY_DEPTH } from '@teahouse/protocol/routes';
import { ApiError } from '../../errors.js';
import { errorResponse } from '../errors/errors.js';
import { jsonBody, limitBody, parseJson } from './body.js';

const refusedAs = (status: number) => (error: unknown) => error instanceof ApiError && error.status === status && error.code === 'validation_failed';

test('should parse JSON nested up to the limit and refuse one level more', () => {
  const nest = (depth: number) => `${'{"a":'.repeat(depth - 1)}[]${'}'.repeat(depth - 1)}`;
  assert.ok(parseJson(nest(MAX_BODY_DEPTH)));
  assert.throws(() => parseJson(nest(MAX_BODY_DEPTH + 1)), refusedAs(400));
  assert.throws(() => parseJson('['.repeat(1_000_000)), refusedAs(400));
});

test('should not count brackets inside strings', () => {
  assert.deepEqual(parseJson(JSON.stringify({ s: '[[[[[[[[[[[[{{{{{{{{{{\\"[[[[' })), { s: '[[[[[[[[[[[[{{{{{{{{{{\\"[[[[' });
  assert.deepEqual(parseJson('{"s":"\\\\"}'), { s: '\\' });
  assert.throws(() => parseJson('{"s":"x"'), refusedAs(400));
});

test('should read a JSON body for the validator: 415 for another type, {} for an optional empty one', async () => {
  const app = new Hono();
  app.onError(errorResponse);
  app.post('/required', jsonBody(), (c) => c.json({ got: c.var.jsonBody }));
  app.post('/optional', jsonBody({ required: false }), (c) => c.json({ got: c.var.jsonBody }));
  app.post('/small', jsonBody({ maxBytes: 16 }), (c) => c.json({ got: c.var.jsonBody }));
  const post = (path: string, body: string, type = 'application/json') => app.request(path, { method: 'POST', body, headers: { 'content-type': type } });
  assert.deepEqual(await (await post('/required', '{"a":1}')).json(), { got: { a: 1 } });
  assert.equal((await post('/required', '{"a":1}', 'text/plain')).status, 415);
  assert.equal((await post('/required', '')).status, 400);
  assert.deepEqual(await (await post('/optional', '', 'text/plain')).json(), { got: {} });
  const small = await post('/small', JSON.stringify({ a: 'x'.repeat(20) }));
  assert.equal(small.status, 413);
  assert.equal(ErrorBody.parse(await small.json()).error.code, 'payload_too_large');
});

test('should refuse a GET declaring a body over the limit, or of undeclared length', async () => {
  const app = new Hono();
  app.onError(errorResponse);
  app.use(limitBody(1024));
  app.get('/', (c) => c.json({ ok: true }));
  // Requests built here may carry these headers; Node's server hands them to the app the same way.
  const get = (headers: Record<string, string>) => app.fetch(new Request('http://x/', { headers }));
  assert.equal((await get({ 'content-length': '10' })).status, 200);
  assert.equal((await get({ 'content-length': String(1024 * 1024) })).status, 413);
  assert.equal((await get({ 'transfer-encoding': 'chunked' })).status, 413);
});
