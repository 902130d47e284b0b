import test from 'node:test';
import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { ErrorBody } from '@teahouse/protocol';
import { MAX_BODY_DEPTH, MAX_REQUEST_BYTES } from '@teahouse/protocol/routes';
import { signToken } from './auth/token.js';
import { startServer } from './server.js';
import { DIALECTS, SITE, testApp } from './test/support.js';

const GUESTS = { id: 'guests', name: 'Guests', secret: 'guests-secret-long-enough-for-hs256-00', origins: [], guests: true };
const ISSUED = { id: 'issued', name: 'Issued', secret: 'issued-secret-long-enough-for-hs256-00', origins: [], issuer: 'https://login.example.com' };

const nested = (depth: number) => `${'['.repeat(depth)}${']'.repeat(depth)}`;
const json = (body: string, token?: string) => ({
  method: 'POST', body, headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
});

async function refusal(res: Response): Promise<{ status: number; code: string; message: string }> {
  const { error } = ErrorBody.parse(await res.json());
  return { status: res.status, code: error.code, message: error.message };
}

/** One raw HTTP/1.1 exchange, for what `fetch` cannot send: huge headers, bytes that are not HTTP, GET bodies. */
function raw(port: number, request: string | Buffer): Promise<{ status: number; headers: string; body: string }> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    let text = '';
    socket.on('data', (chunk) => (text += chunk.toString('latin1')));
    socket.on('error', reject);
    socket.on('close', () => {
      const [head = '', body = ''] = text.split('\r\n\r\n');
      resolve({ status: Number(/^HTTP\/1\.1 (\d{3})/.exec(head)?.[1] ?? 0), headers: head, body });
    });
    socket.end(request);
  });
}

for (const dialect of DIALECTS) {
  test(`${dialect}: bad input`, async (t) => {
    const th = await testApp(dialect, { sites: [SITE, GUESTS, ISSUED] });
    t.after(() => th.close());
    const reader = await th.token();

    await t.test('should refuse nesting deeper than the protocol needs on every body, signed in or not', async () => {
      const deep = `{"page":"p","body":"x","deep":${nested(5000)}}`;
      for (const [path, token] of [
        [`/v1/sites/${SITE.id}/preview`, undefined], [`/v1/sites/${SITE.id}/visits`, undefined],
        [`/v1/sites/${GUESTS.id}/guests`, undefined], [`/v1/sites/${SITE.id}/floors`, reader],
      ] as const) {
        const answer = await refusal(await th.app.request(path, json(deep, token)));
        assert.deepEqual([answer.status, answer.code], [400, 'validation_failed'], path);
        assert.match(answer.message, new RegExp(`deeper than ${MAX_BODY_DEPTH} levels`));
      }
    });

    await t.test('should refuse a body of nothing but brackets, the whole 64 KB of it, with the same 400', async () => {
      const brackets = '['.repeat(MAX_REQUEST_BYTES - 10);
      const answer = await refusal(await th.app.request(`/v1/sites/${SITE.id}/preview`, json(brackets)));
      assert.deepEqual([answer.status, answer.code], [400, 'validation_failed']);
    });

    await t.test('should count brackets only outside strings, escapes included', async () => {
      const body = JSON.stringify({ body: `a [[[[[[[[[[ {{{{{{{{{{ \\" ]]]] "quoted" ${'['.repeat(50)}` });
      const res = await th.app.request(`/v1/sites/${SITE.id}/preview`, json(body));
      assert.equal(res.status, 200, await res.clone().text());
      const within = await th.app.request(`/v1/sites/${SITE.id}/preview`, json(`{"body":"x","extra":${nested(MAX_BODY_DEPTH - 1)}}`));
      assert.equal(within.status, 200, 'nesting within the limit reaches the schema, which ignores unknown keys');
    });

    await t.test('should refuse a lone surrogate before writing anything, award included', async () => {
      const count = async () => Number((await th.db.kysely.selectFrom('floors').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
      const ledger = async () => Number((await th.db.kysely.selectFrom('ledger_entries').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
      const [floors, entries] = [await count(), await ledger()];
      for (const body of ['{"page":"x\\udfffy","body":"hi"}', '{"page":"ok","body":"a\\ud800"}', '{"page":"ok","body":"nul \\u0000 here"}']) {
        const answer = await refusal(await th.app.request(`/v1/sites/${SITE.id}/floors`, json(body, reader)));
        assert.deepEqual([answer.status, answer.code], [400, 'validation_failed'], body);
      }
      assert.equal(await count(), floors, 'no floor written');
      assert.equal(await ledger(), entries, 'no reply award paid');
      const thread = await th.db.kysely.selectFrom('threads').select('id').where('page_key', 'like', 'x%').executeTakeFirst();
      assert.equal(thread, undefined, 'no thread created');
    });

    await t.test('should answer a page key that needs encoding with a Location that has it encoded', async () => {
      const res = await th.app.request(`/v1/sites/${SITE.id}/floors`, json(JSON.stringify({ page: 'a/b c?d😀', body: 'hi' }), reader));
      assert.equal(res.status, 201);
      assert.match(res.headers.get('location') ?? '', /\?page=a%2Fb%20c%3Fd%F0%9F%98%80$/);
    });

    await t.test('should refuse a token from another issuer, or none, where the site declares one', async () => {
      const sign = (issuer?: string) => signToken(ISSUED, { sub: 'r', name: 'R' }, 600, issuer === undefined ? {} : { issuer });
      const post = (token: string) => th.app.request(`/v1/sites/${ISSUED.id}/floors`, json(JSON.stringify({ page: 'iss', body: 'hi' }), token));
      assert.equal((await post(await sign(ISSUED.issuer))).status, 201);
      for (const issuer of ['https://evil.example.com', undefined, `${ISSUED.issuer}/`]) {
        const answer = await refusal(await post(await sign(issuer)));
        assert.deepEqual([answer.status, answer.code], [401, 'token_wrong_issuer'], String(issuer));
      }
      const boot = await th.app.request(`/v1/sites/${ISSUED.id}/bootstrap?page=iss`, { headers: { authorization: `Bearer ${await sign('https://evil.example.com')}` } });
      assert.equal((await refusal(boot)).code, 'token_wrong_issuer');
      // A site that declares none takes any issuer, as before.
      const other = await th.app.request(`/v1/sites/${SITE.id}/floors`, json(JSON.stringify({ page: 'iss', body: 'hi' }), await signToken(SITE, { sub: 'r', name: 'R' }, 600, { issuer: 'anyone' })));
      assert.equal(other.status, 201);
    });

    await t.test('should refuse an Authorization header too long to be a token without decoding it', async () => {
      const res = await th.app.request(`/v1/sites/${SITE.id}/floors`, json('{}', `${'a'.repeat(9000)}.b.c`));
      assert.deepEqual(Object.values(await refusal(res)).slice(0, 2), [401, 'token_malformed']);
    });
  });
}

test('should answer what Node refuses itself with the protocol error body', async (t) => {
  const server = await startServer({ port: 0, database: 'sqlite::memory:', sites: [SITE], limits: false });
  t.after(() => server.close());

  const huge = await raw(server.port, `GET /v1/sites/demo/bootstrap?page=p HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${'a'.repeat(20_000)}\r\n\r\n`);
  assert.equal(huge.status, 431);
  assert.equal(ErrorBody.parse(JSON.parse(huge.body)).error.code, 'payload_too_large');

  const bytes = await raw(server.port, Buffer.concat([Buffer.from('GET /v1/\x00\xff\x01 HTTP/1.1\r\nHost: x\r\n\r\n', 'latin1')]));
  assert.equal(bytes.status, 400);
  assert.equal(ErrorBody.parse(JSON.parse(bytes.body)).error.code, 'validation_failed');

  const getBody = await raw(server.port, `GET /v1/sites/demo/bootstrap?page=p HTTP/1.1\r\nHost: x\r\nContent-Length: ${1024 * 1024}\r\nConnection: close\r\n\r\n${'x'.repeat(1024)}`);
  assert.equal(getBody.status, 413);
  assert.equal(ErrorBody.parse(JSON.parse(getBody.body)).error.code, 'payload_too_large');
  assert.match(getBody.headers, /connection: close/i);

  const chunked = await raw(server.port, 'GET /v1/sites/demo/bootstrap?page=p HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n5\r\nhello\r\n0\r\n\r\n');
  assert.equal(chunked.status, 413);

  const fine = await raw(server.port, 'GET /v1/sites/demo/bootstrap?page=p HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');
  assert.equal(fine.status, 200, 'the server still answers');
});
