import test from 'node:test';
import assert from 'node:assert/strict';
import { DIALECTS, errorCode, testApp } from './test/support.js';

/** Deterministic, so a failure can be replayed: same seed, same requests. */
function rng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const PIECES = [
  'v1', 'sites', 'demo', 'other', 'nosuch', 'bootstrap', 'floors', '2', '1', '0', '-1', '99999999999', 'openapi.json',
  '%00', '%ZZ', '%E0%A4%A', '..', '.', '', '%2F', '😀', '{site}', ':site', 'embed.js', 'healthz', 'A'.repeat(300),
];
const QUERY_KEYS = ['page', 'sort', 'limit', 'cursor', 'x', 'page[]', ''];
const QUERY_VALUES = ['p', '', 'oldest', 'newest', 'hot', '30', '0', '101', '-5', '1e3', '%00', '%ZZ', 'djEuby4z', 'djEubi40', 'A'.repeat(600), '😀', 'a&b', '__proto__'];
const BODIES = [
  '', 'null', '{}', '[]', '"x"', '1', 'true', '{"page":"p","body":"hi"}', '{"page":"p","body":"hi","quote":2}',
  '{"page":"p","body":"hi","parent":-1}', '{"page":"p","body":"hi","quote":1e308}', '{"page":{"$gt":""},"body":"x"}',
  '{"__proto__":{"admin":true},"page":"p","body":"x"}', '{"page":"p","body":"' + '>'.repeat(3000) + ' deep"}',
  '{"page":"p","body":"' + '*'.repeat(5000) + '"}', '{"page":"p","body":"' + '['.repeat(4000) + '"}',
  '{"page":"p","body":"' + '- '.repeat(2000) + 'x"}', '{"page":"p","body":"<script>alert(1)</script> [x](javascript:alert(1)) ![i](http://x/y.png)"}',
  '{"page":"p","body":"\\ud800 lone surrogate"}', '\u0000\u0001', '{"page":"p","body":"x"', '{"a":' + '['.repeat(5000),
];
const METHODS = ['GET', 'GET', 'GET', 'POST', 'POST', 'OPTIONS', 'PUT', 'DELETE', 'HEAD', 'PATCH'];
const TYPES = ['application/json', 'application/json; charset=utf-8', 'text/plain', 'multipart/form-data; boundary=x', '', 'application/JSON'];

for (const dialect of DIALECTS) {
  test(`${dialect}: should never answer 500 to 300 random requests`, async (t) => {
    const th = await testApp(dialect);
    t.after(() => th.close());
    const token = await th.token();
    await th.post({ page: 'p', body: 'seed floor' });
    const random = rng(dialect === 'sqlite' ? 1234 : 5678);
    const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;

    for (let i = 0; i < 300; i++) {
      const structured = random() < 0.7;
      const segments = structured
        ? ['v1', 'sites', pick(['demo', 'demo', 'other', 'nosuch', 'BAD', '%00', '😀']), pick(['bootstrap', 'floors', 'floors/2', 'floors/x', 'floors/1', 'nope'])]
        : Array.from({ length: Math.floor(random() * 6) }, () => pick(PIECES));
      const query = Array.from({ length: Math.floor(random() * 5) }, () => `${pick(QUERY_KEYS)}=${pick(QUERY_VALUES)}`).join('&');
      const path = `/${segments.join('/')}${query ? `?${query}` : ''}`;
      const method = pick(METHODS);
      const headers: Record<string, string> = {};
      if (random() < 0.5) headers.authorization = pick([`Bearer ${token}`, 'Bearer x.y.z', 'Basic Zm9v', `Bearer ${token}x`, 'Bearer']);
      if (random() < 0.6) headers['content-type'] = pick(TYPES);
      if (random() < 0.3) headers.origin = pick(['https://news.example.com', 'https://evil.example.com', 'null']);
      if (random() < 0.2) headers['if-none-match'] = pick(['*', '"x"', 'W/"y"', '']);
      const body = method === 'GET' || method === 'HEAD' ? undefined : pick(BODIES);
      const res = await th.app.request(path, { method, headers, ...(body !== undefined ? { body } : {}) });
      assert.ok(res.status < 500, `${method} ${path} ${JSON.stringify(headers)} ${body?.slice(0, 80)} -> ${res.status} ${await res.clone().text()}`);
      if (res.status >= 400 && method !== 'HEAD') errorCode(await res.json());
    }
  });
}
