import test from 'node:test';
import assert from 'node:assert/strict';
import { Hono } from 'hono';
import { CountsQuery, ErrorBody, FloorParams, FloorQuery } from '@teahouse/protocol';
import { errorResponse } from '../errors/errors.js';
import { validate } from './validate.js';

const app = new Hono();
app.onError(errorResponse);
app.get('/v1/sites/:site/floors/:number', validate('param', FloorParams), validate('query', FloorQuery), (c) => {
  const { number } = c.req.valid('param');
  return c.json({ next: number + 1, page: c.req.valid('query').page });
});
app.get('/v1/sites/:site/counts', validate('query', CountsQuery), (c) => c.json({ pages: c.req.valid('query').page }));

const get = async (path: string) => {
  const res = await app.request(path);
  return { status: res.status, body: await res.json() };
};

test('should hand the route the schemas\' output, typed', async () => {
  assert.deepEqual((await get('/v1/sites/demo/floors/7?page=p')).body, { next: 8, page: 'p' });
});

test('should read a query key the schema lists as a list, repeated or not', async () => {
  assert.deepEqual((await get('/v1/sites/demo/counts?page=a')).body, { pages: ['a'] });
  assert.deepEqual((await get('/v1/sites/demo/counts?page=a&page=b')).body, { pages: ['a', 'b'] });
  // A key that takes one value, repeated, is ambiguous: refused rather than guessed.
  assert.equal((await get('/v1/sites/demo/floors/7?page=a&page=b')).status, 400);
});

test('should refuse with every issue and its path, as the protocol error body', async () => {
  const { status, body } = await get('/v1/sites/Demo/floors/x');
  assert.equal(status, 400);
  const { error } = ErrorBody.parse(body);
  assert.equal(error.code, 'validation_failed');
  assert.match(error.message, /^invalid path: /);
  assert.deepEqual(error.details?.issues?.map((i) => i.path).sort(), [['number'], ['site']]);
});

test('should refuse NUL and lone surrogates in any string before the schema sees them', async () => {
  // A query cannot carry a lone surrogate (its percent-encoding is not UTF-8); a JSON body can.
  for (const page of ['a%00b', 'ok%00']) {
    const { status, body } = await get(`/v1/sites/demo/floors/7?page=${page}`);
    assert.equal(status, 400, page);
    assert.equal(ErrorBody.parse(body).error.code, 'validation_failed');
  }
  const surrogate = new Hono();
  surrogate.onError(errorResponse);
  surrogate.post('/x', async (c, next) => { c.set('jsonBody', JSON.parse('{"page":"x\\udfffy"}')); await next(); }, validate('json', FloorQuery), (c) => c.json({}));
  const res = await surrogate.request('/x', { method: 'POST' });
  assert.equal(res.status, 400);
  assert.deepEqual(ErrorBody.parse(await res.json()).error.details?.issues, [{ path: ['page'], message: 'contains a lone surrogate (not UTF-16 text)' }]);
});
