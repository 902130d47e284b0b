import test from 'node:test';
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { ErrorBody, Readiness } from '@teahouse/protocol';
import { createLogger } from './observe/log.js';
import { startServer } from './server.js';
import { seedThread } from './threads/seed.js';
import { DIALECTS, SITE, errorCode, testApp } from './test/support.js';

const REDIS_URL = process.env.TEAHOUSE_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const TOKEN = 'metrics-token-for-the-tests-0123456789';
const ANSI = new RegExp(String.fromCharCode(27) + '\\[');

/** A logger whose JSON lines land in `lines`. */
function capture() {
  const lines: Record<string, unknown>[] = [];
  const raw: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString('utf8').split('\n').filter(Boolean)) {
        raw.push(line);
        lines.push(JSON.parse(line) as Record<string, unknown>);
      }
      done();
    },
  });
  return { log: createLogger({ level: 'info', destination: stream }), lines, raw };
}

/** One sample of the metrics text: `name{labels} value`, labels in the order given. */
function sample(text: string, name: string, labels: Record<string, string> = {}): number | undefined {
  const wanted = Object.entries(labels).map(([k, v]) => `${k}="${v}"`);
  for (const line of text.split('\n')) {
    if (line.startsWith('#')) continue;
    const match = /^([a-z_:]+)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!match || match[1] !== name) continue;
    const have = (match[2] ?? '').split(',').filter(Boolean);
    if (wanted.every((w) => have.includes(w))) return Number(match[3]);
  }
  return undefined;
}

for (const dialect of DIALECTS) {
  test(`${dialect}: health and readiness`, async (t) => {
    await t.test('should answer /healthz and /readyz with the database checked and no Redis configured', async () => {
      const th = await testApp(dialect);
      t.after(() => th.close());
      const health = await th.getJson('/healthz');
      assert.equal(health.status, 200);
      assert.deepEqual(health.body, { ok: true });
      const ready = await th.getJson('/readyz');
      assert.equal(ready.status, 200);
      assert.deepEqual(Readiness.parse(ready.body), { ok: true, checks: { database: 'ok', redis: 'absent' } });
      assert.equal(ready.res.headers.get('cache-control'), 'private, no-store');
    });

    await t.test('should check Redis when one is configured', async () => {
      const th = await testApp(dialect, { redis: REDIS_URL });
      t.after(() => th.close());
      const ready = await th.getJson('/readyz');
      assert.equal(ready.status, 200, JSON.stringify(ready.body));
      assert.deepEqual(ready.body.checks, { database: 'ok', redis: 'ok' });
    });

    await t.test('should answer 503 not_ready naming Redis when it does not answer', async () => {
      const th = await testApp(dialect, { redis: 'redis://127.0.0.1:1' });
      t.after(() => th.close());
      const ready = await th.getJson('/readyz');
      assert.equal(ready.status, 503);
      const body = ErrorBody.parse(ready.body);
      assert.equal(body.error.code, 'not_ready');
      assert.deepEqual(body.error.details?.issues?.map((i) => i.path), [['redis']]);
      // Liveness is about the process, not its dependencies.
      assert.equal((await th.getJson('/healthz')).status, 200);
    });

    // A SQLite file opened in the process keeps answering; a Postgres server can go away.
    if (dialect === 'postgres') await t.test('should answer 503 not_ready naming the database once it is gone', async () => {
      const th = await testApp(dialect);
      await th.db.close();
      try {
        const ready = await th.getJson('/readyz');
        assert.equal(ready.status, 503);
        assert.equal(errorCode(ready.body), 'not_ready');
        assert.deepEqual(ready.body.error.details.issues.map((i: { path: string[] }) => i.path), [['database']]);
      } finally {
        await th.close();
      }
    });
  });

  test(`${dialect}: Prometheus metrics`, async (t) => {
    await t.test('should not serve /metrics without a configured token', async () => {
      const th = await testApp(dialect);
      t.after(() => th.close());
      const res = await th.getJson('/metrics', { headers: { authorization: 'Bearer anything' } });
      assert.equal(res.status, 404);
      assert.equal(errorCode(res.body), 'not_found');
    });

    await t.test('should refuse a wrong token and count requests, bootstraps, commits and outboxes for the right one', async () => {
      const th = await testApp(dialect, { metricsToken: TOKEN });
      t.after(() => th.close());
      assert.equal((await th.getJson('/metrics')).status, 401);
      assert.equal((await th.getJson('/metrics', { headers: { authorization: `Bearer ${TOKEN}x` } })).status, 401);

      await seedThread(th.db, { site: 'demo', page: 'm', author: { sub: 'op', name: 'OP' }, floors: [] });
      for (let i = 0; i < 3; i++) assert.equal((await th.app.request('/v1/sites/demo/bootstrap?page=m')).status, 200);
      assert.equal((await th.post({ page: 'm', body: 'counted' })).status, 201);
      assert.equal((await th.app.request('/v1/sites/demo/floors/999?page=m')).status, 404);
      assert.equal((await th.app.request('/no/such/path')).status, 404);

      const res = await th.app.request('/metrics', { headers: { authorization: `Bearer ${TOKEN}` } });
      assert.equal(res.status, 200);
      assert.match(res.headers.get('content-type') ?? '', /^text\/plain; version=0\.0\.4/);
      const text = await res.text();
      const bootstrap = { method: 'GET', route: '/v1/sites/:site/bootstrap' };
      assert.equal(sample(text, 'teahouse_http_requests_total', { ...bootstrap, status: '200' }), 3);
      assert.equal(sample(text, 'teahouse_http_requests_total', { method: 'POST', route: '/v1/sites/:site/floors', status: '201' }), 1);
      assert.equal(sample(text, 'teahouse_http_requests_total', { method: 'GET', route: '/v1/sites/:site/floors/:number', status: '404' }), 1);
      assert.equal(sample(text, 'teahouse_http_requests_total', { method: 'GET', route: 'other', status: '404' }), 1);
      assert.equal(sample(text, 'teahouse_http_requests_total', { method: 'GET', route: '/metrics', status: '401' }), 2);
      assert.equal(sample(text, 'teahouse_http_request_duration_seconds_count', bootstrap), 3);
      assert.equal(sample(text, 'teahouse_http_request_duration_seconds_bucket', { ...bootstrap, le: '+Inf' }), 3);
      // The first anonymous bootstrap builds, the next two are served from memory.
      assert.equal(sample(text, 'teahouse_bootstrap_cache_total', { result: 'miss' }), 1);
      assert.equal(sample(text, 'teahouse_bootstrap_cache_total', { result: 'hit' }), 2);
      assert.ok((sample(text, 'teahouse_db_commit_batch_units_count') ?? 0) >= 1, 'the post was committed');
      assert.equal(sample(text, 'teahouse_event_streams_open'), 0);
      assert.equal(sample(text, 'teahouse_outbox_pending', { outbox: 'webhooks' }), 0);
      assert.equal(sample(text, 'teahouse_outbox_lag_seconds', { outbox: 'webhooks' }), 0);
      assert.ok(sample(text, 'teahouse_process_resident_memory_bytes')! > 0);
      if (dialect === 'postgres') assert.ok(sample(text, 'teahouse_db_pool_connections', { state: 'total' })! >= 1);
      else assert.equal(sample(text, 'teahouse_db_pool_connections', { state: 'total' }), undefined);
    });

    await t.test('should report the webhook outbox lag of a delivery that is overdue', async () => {
      const th = await testApp(dialect, { metricsToken: TOKEN });
      t.after(() => th.close());
      const due = new Date(Date.now() - 90_000).toISOString();
      await th.db.kysely.insertInto('webhook_outbox').values({ site_id: 'demo', payload: '{}', next_attempt_at: '9999-12-31T00:00:00.000Z', delivered_at: null, last_error: 'parked' }).execute();
      await th.db.kysely.insertInto('webhook_outbox').values({ site_id: 'demo', payload: '{}', next_attempt_at: due, delivered_at: null, last_error: null }).execute();
      const text = await (await th.app.request('/metrics', { headers: { authorization: `Bearer ${TOKEN}` } })).text();
      assert.equal(sample(text, 'teahouse_outbox_pending', { outbox: 'webhooks' }), 1, 'the parked delivery waits for no one');
      const lag = sample(text, 'teahouse_outbox_lag_seconds', { outbox: 'webhooks' })!;
      assert.ok(lag >= 90 && lag < 3600, `lag ${lag}`);
    });
  });
}

test('should count an event stream while it is open', async (t) => {
  const server = await startServer({ database: 'sqlite::memory:', port: 0, sites: [SITE], metricsToken: TOKEN, limits: false });
  t.after(() => server.close());
  const scrape = async () => sample(await (await fetch(`${server.url}/metrics`, { headers: { authorization: `Bearer ${TOKEN}` } })).text(), 'teahouse_event_streams_open');
  const controller = new AbortController();
  const res = await fetch(`${server.url}/v1/sites/demo/events?page=live`, { signal: controller.signal });
  assert.equal(res.status, 200);
  const reader = res.body!.getReader();
  await reader.read(); // the stream's first bytes: it is open
  assert.equal(await scrape(), 1);
  controller.abort();
  await reader.read().catch(() => {});
  // The server learns of the disconnect when the socket closes; no timing is assumed, only that it does.
  let open = await scrape();
  while (open !== 0) {
    await new Promise((resolve) => setTimeout(resolve, 20));
    open = await scrape();
  }
  assert.equal(open, 0);
});

test('logs: request ids, JSON lines without colour, one warning per unlisted origin', async (t) => {
  const { log, lines, raw } = capture();
  const th = await testApp('sqlite', { log, logger: true });
  t.after(() => th.close());

  await t.test('should keep a sane X-Request-Id, answer it and log the request under it', async () => {
    const res = await th.app.request('/healthz', { headers: { 'x-request-id': 'edge-42.a' } });
    assert.equal(res.headers.get('x-request-id'), 'edge-42.a');
    const line = lines.find((l) => l.reqId === 'edge-42.a');
    assert.ok(line, 'logged under the id it came with');
    assert.equal(line.msg, 'request');
    assert.equal(line.status, 200);
    assert.equal(line.path, '/healthz');
    assert.equal(line.level, 30);
  });

  await t.test('should make up an id when none or an unfit one is sent', async () => {
    for (const sent of [undefined, 'a b', 'x'.repeat(200), 'line\u0007']) {
      const res = await th.app.request('/healthz', sent === undefined ? {} : { headers: { 'x-request-id': sent } });
      const id = res.headers.get('x-request-id') ?? '';
      assert.match(id, /^[0-9a-f-]{36}$/, String(sent));
      assert.ok(lines.some((l) => l.reqId === id));
    }
  });

  await t.test('should warn once per site and origin when a page on an unlisted origin calls', async () => {
    const warnings = () => lines.filter((l) => l.level === 40 && typeof l.origin === 'string');
    for (let i = 0; i < 3; i++) {
      const res = await th.app.request('/v1/sites/demo/bootstrap?page=w', { headers: { origin: 'https://unlisted.example.org' } });
      assert.equal(res.status, 403);
      assert.equal(errorCode(await res.json()), 'origin_not_allowed');
    }
    await th.app.request('/v1/sites/other/bootstrap?page=w', { headers: { origin: 'https://unlisted.example.org' } });
    await th.app.request('/v1/sites/demo/bootstrap?page=w', { headers: { origin: 'https://news.example.com' } });
    assert.deepEqual(warnings().map((w) => [w.site, w.origin]), [['demo', 'https://unlisted.example.org'], ['other', 'https://unlisted.example.org']]);
    assert.match(String(warnings()[0]!.msg), /teahouse site add-origin demo https:\/\/unlisted\.example\.org/);
  });

  await t.test('should write plain JSON lines, no colour codes', () => {
    assert.ok(raw.length > 0);
    for (const line of raw) assert.doesNotMatch(line, ANSI);
  });
});
