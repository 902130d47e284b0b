import test from 'node:test';
import assert from 'node:assert/strict';
import { SignJWT, UnsecuredJWT } from 'jose';
import { Floor } from '@teahouse/protocol';
import { signToken } from './auth/token.js';
import { DIALECTS, OTHER_SITE, SITE, errorCode, testApp } from './test/support.js';

const enc = new TextEncoder();

for (const dialect of DIALECTS) {
  test(`${dialect}: bad input`, async (t) => {
    const th = await testApp(dialect);
    t.after(() => th.close());
    await th.post({ page: 'p', body: 'first' });

    await t.test('should answer 400 validation_failed with issues for bad parameters', async () => {
      const cases = [
        '/v1/sites/Bad%20Site/bootstrap?page=p',
        '/v1/sites/demo/bootstrap',
        '/v1/sites/demo/bootstrap?page=',
        `/v1/sites/demo/bootstrap?page=${'x'.repeat(513)}`,
        '/v1/sites/demo/bootstrap?page=p&limit=1000',
        '/v1/sites/demo/bootstrap?page=p&limit=0',
        '/v1/sites/demo/bootstrap?page=p&limit=-1',
        '/v1/sites/demo/bootstrap?page=p&limit=ten',
        '/v1/sites/demo/bootstrap?page=p&sort=random',
        '/v1/sites/demo/bootstrap?page=a%00b',
        '/v1/sites/demo/floors?page=p&cursor=not-a-cursor',
        '/v1/sites/demo/floors?page=p&cursor=%F0%9F%98%80',
        `/v1/sites/demo/floors?page=p&cursor=${'A'.repeat(201)}`,
        `/v1/sites/demo/floors?page=p&cursor=${Buffer.from('v1.o.99999999999').toString('base64url')}`,
        `/v1/sites/demo/floors?page=p&sort=newest&cursor=${Buffer.from('v1.o.5').toString('base64url')}`,
        '/v1/sites/demo/floors/abc?page=p',
        '/v1/sites/demo/floors/0?page=p',
        '/v1/sites/demo/floors/99999999999?page=p',
        '/v1/sites/demo/floors/2',
      ];
      for (const path of cases) {
        const { status, body } = await th.getJson(path);
        assert.equal(status, 400, path);
        assert.equal(errorCode(body), 'validation_failed', path);
        assert.ok(Array.isArray(body.error.details.issues) && body.error.details.issues.length > 0, path);
      }
      const { body } = await th.getJson('/v1/sites/demo/bootstrap?page=p&limit=1000');
      assert.deepEqual(body.error.details.issues[0].path, ['limit']);
    });

    await t.test('should answer 404 not_found for unknown sites and routes', async () => {
      for (const path of ['/v1/sites/nosuch/bootstrap?page=p', '/v1/sites/nosuch/floors?page=p', '/v1/nothing', '/', '/v1/sites/demo/unknown']) {
        const { status, body } = await th.getJson(path);
        assert.equal(status, 404, path);
        assert.equal(errorCode(body), 'not_found');
      }
      const res = await th.app.request('/v1/sites/nosuch/floors', {
        method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}',
      });
      assert.equal(res.status, 404);
    });

    await t.test('should reject bad post bodies', async () => {
      const token = await th.token();
      const send = (body: string, type = 'application/json') =>
        th.app.request('/v1/sites/demo/floors', {
          method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': type }, body,
        });
      const cases: [string, number][] = [
        ['not json', 400],
        ['{"page":"p"', 400],
        ['', 400],
        ['null', 400],
        ['[]', 400],
        ['"a string"', 400],
        ['{}', 400],
        ['{"page":"p"}', 400],
        ['{"page":"p","body":""}', 400],
        ['{"page":"p","body":"   "}', 400],
        ['{"page":"p","body":"***"}', 400],
        ['{"page":"p","body":"[x]: https://example.com"}', 400],
        [JSON.stringify({ page: 'p', body: 'x'.repeat(10_001) }), 400],
        ['{"page":"p","body":42}', 400],
        ['{"page":"p","body":"x","quote":"2"}', 400],
        ['{"page":"p","body":"x","quote":2.5}', 400],
        ['{"page":"p","body":"x","parent":0}', 400],
        ['{"page":"p","body":"x","url":"javascript:alert(1)"}', 400],
        ['{"page":"p","body":"a\\u0000b"}', 400],
      ];
      for (const [body, status] of cases) {
        const res = await send(body);
        assert.equal(res.status, status, body.slice(0, 80));
        assert.equal(errorCode(await res.json()), 'validation_failed', body.slice(0, 80));
      }
      const wrongType = await send('{"page":"p","body":"x"}', 'text/plain');
      assert.equal(wrongType.status, 415);
      assert.equal(errorCode(await wrongType.json()), 'validation_failed');
      const big = await send(JSON.stringify({ page: 'p', body: 'x'.repeat(70 * 1024) }));
      assert.equal(big.status, 413);
      assert.equal(errorCode(await big.json()), 'payload_too_large');
      const bigBinary = await send('\u0001'.repeat(65 * 1024), 'application/octet-stream');
      assert.equal(bigBinary.status, 413);
    });

    await t.test('should ignore unknown fields in a post body', async () => {
      const res = await th.post({ page: 'p', body: 'extra fields', isOp: true, number: 99, author: { name: 'x' } });
      assert.equal(res.status, 201);
      const floor = Floor.parse(await res.json());
      assert.equal(floor.number, 3);
      assert.equal(floor.isOp, false);
      assert.equal(floor.author?.name, 'Reader One');
    });

    await t.test('should answer 401 for missing, expired, tampered, foreign and unsigned tokens', async () => {
      const now = Math.floor(Date.now() / 1000);
      const valid = await th.token();
      const [h, p] = valid.split('.') as [string, string, string];
      const tamperedPayload = Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(p, 'base64url').toString()), sub: 'admin' })).toString('base64url');
      const tokens: Record<string, string | undefined> = {
        missing: undefined,
        expired: await signToken(SITE, { sub: 'a', name: 'A' }, -120),
        tampered: `${h}.${tamperedPayload}.${valid.split('.')[2]}`,
        'wrong audience': await signToken({ id: OTHER_SITE.id, secret: SITE.secret }, { sub: 'a', name: 'A' }),
        'wrong secret': await signToken({ id: SITE.id, secret: OTHER_SITE.secret }, { sub: 'a', name: 'A' }),
        'alg none': new UnsecuredJWT({ sub: 'a', name: 'A' }).setAudience(SITE.id).setExpirationTime(now + 600).encode(),
        'HS512': await new SignJWT({ name: 'A' }).setProtectedHeader({ alg: 'HS512' }).setSubject('a').setAudience(SITE.id)
          .setExpirationTime(now + 600).sign(enc.encode(SITE.secret)),
        'no exp': await new SignJWT({ name: 'A' }).setProtectedHeader({ alg: 'HS256' }).setSubject('a').setAudience(SITE.id)
          .sign(enc.encode(SITE.secret)),
        'no sub': await new SignJWT({ name: 'A' }).setProtectedHeader({ alg: 'HS256' }).setAudience(SITE.id)
          .setExpirationTime(now + 600).sign(enc.encode(SITE.secret)),
        'no name': await new SignJWT({}).setProtectedHeader({ alg: 'HS256' }).setSubject('a').setAudience(SITE.id)
          .setExpirationTime(now + 600).sign(enc.encode(SITE.secret)),
        'not before in future': await new SignJWT({ name: 'A' }).setProtectedHeader({ alg: 'HS256' }).setSubject('a').setAudience(SITE.id)
          .setNotBefore(now + 3600).setExpirationTime(now + 7200).sign(enc.encode(SITE.secret)),
        garbage: 'abc.def.ghi',
        empty: '',
      };
      for (const [name, token] of Object.entries(tokens)) {
        const headers: Record<string, string> = { 'content-type': 'application/json' };
        if (token !== undefined) headers.authorization = `Bearer ${token}`;
        const res = await th.app.request('/v1/sites/demo/floors', { method: 'POST', headers, body: '{"page":"p","body":"x"}' });
        assert.equal(res.status, 401, name);
        const body = await res.json();
        assert.match(errorCode(body), name === 'missing' || name === 'empty' ? /^unauthorized$/ : /^token_/, name);
        if (name === 'expired') assert.match(body.error.message, /expired/);
        if (name === 'wrong audience') assert.match(body.error.message, /another site/);
        if (token !== undefined && token !== '') {
          const boot = await th.app.request('/v1/sites/demo/bootstrap?page=p', { headers: { authorization: `Bearer ${token}` } });
          assert.equal(boot.status, 401, `bootstrap ${name}`);
        }
      }
      for (const header of ['Basic abc', 'Bearer', 'Bearer a b', 'token']) {
        const res = await th.app.request('/v1/sites/demo/floors', { method: 'POST', headers: { authorization: header, 'content-type': 'application/json' }, body: '{"page":"p","body":"x"}' });
        assert.equal(res.status, 401, header);
      }
    });

    await t.test('should accept a token that expired within the clock tolerance', async () => {
      const res = await th.app.request('/v1/sites/demo/floors', {
        method: 'POST',
        headers: { authorization: `Bearer ${await signToken(SITE, { sub: 'late', name: 'Late' }, -10)}`, 'content-type': 'application/json' },
        body: '{"page":"p","body":"just in time"}',
      });
      assert.equal(res.status, 201);
    });
  });
}
