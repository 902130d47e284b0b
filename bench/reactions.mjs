#!/usr/bin/env node
// Reactions per second on ONE floor: a real server on loopback (SQLite file and, when reachable,
// Postgres), many distinct readers toggling 牛逼 on the same floor through `PUT /reactions` with
// bounded concurrency (Node fetch), a few seconds per dialect. Every reaction on a floor passes
// through that thread's row lock, so this is the hottest path a viral floor takes. At the end the
// floor's count must equal the readers whose reaction is on. Writes its section of
// docs/performance.md. Needs a build first: `node scripts/build.mjs`.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';

const root = fileURLToPath(new URL('..', import.meta.url));
const { startServer, signToken, seedThread } = await import(`${root}packages/server/dist/index.js`);
// pg is the server package's dependency, not the workspace root's.
const pg = createRequire(`${root}packages/server/package.json`)('pg');
const DOC = `${root}docs/performance.md`;
const START = '<!-- bench:reactions:start -->';
const END = '<!-- bench:reactions:end -->';
const SECONDS = 4;
const CONCURRENCY = 32;
const READERS = 2000;
const POSTGRES = process.env.TEAHOUSE_TEST_POSTGRES_URL ?? 'postgres://root@127.0.0.1:5432/test';
const SITE = { id: 'bench', name: 'Bench', secret: 'bench-secret-that-is-long-enough-for-hs256', origins: [] };

const percentile = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];

async function run(label, database, tokens) {
  // Load from one address: the rate limits, which would refuse it, are off.
  const server = await startServer({ database, port: 0, sites: [SITE], limits: false });
  try {
    await seedThread(server.db, {
      site: 'bench', page: 'viral', author: { sub: 'editor', name: 'Editor' },
      floors: [{ author: { sub: 'writer', name: 'Writer' }, body: 'A floor everyone reacts to.' }],
    });
    const url = `${server.url}/v1/sites/bench/reactions`;
    const on = new Array(tokens.length).fill(false);
    const latencies = [];
    let requests = 0;
    const until = Date.now() + SECONDS * 1000;
    const started = performance.now();
    // Worker w owns readers w, w + CONCURRENCY, …: one request per reader at a time.
    await Promise.all(Array.from({ length: CONCURRENCY }, async (_, w) => {
      for (let i = w; Date.now() < until; i += CONCURRENCY) {
        const reader = i % tokens.length;
        const t0 = performance.now();
        const res = await fetch(url, {
          method: 'PUT',
          headers: { authorization: `Bearer ${tokens[reader]}`, 'content-type': 'application/json' },
          body: JSON.stringify({ page: 'viral', target: 2, key: 'up', on: !on[reader] }),
        });
        if (res.status !== 200) throw new Error(`HTTP ${res.status}: ${await res.text()}`);
        await res.arrayBuffer();
        latencies.push(performance.now() - t0);
        on[reader] = !on[reader];
        requests++;
      }
    }));
    const seconds = (performance.now() - started) / 1000;
    const floor = await (await fetch(`${server.url}/v1/sites/bench/floors/2?page=viral`)).json();
    const expected = on.filter(Boolean).length;
    const counted = floor.reactions?.up ?? 0;
    if (counted !== expected) throw new Error(`${label}: the floor counts ${counted}, ${expected} readers have it on`);
    latencies.sort((a, b) => a - b);
    return {
      label, requests, perSecond: Math.round(requests / seconds), counted,
      p50: percentile(latencies, 50).toFixed(1), p99: percentile(latencies, 99).toFixed(1),
    };
  } finally {
    await server.close();
  }
}

const tokens = await Promise.all(Array.from({ length: READERS }, (_, i) => signToken(SITE, { sub: `r${i}`, name: `R${i}` })));
const results = [];
const dir = mkdtempSync(join(tmpdir(), 'teahouse-reactions-'));
try {
  results.push(await run('SQLite (file, WAL)', `sqlite:${join(dir, 'bench.db')}`, tokens));
} finally {
  rmSync(dir, { recursive: true, force: true });
}
const schema = `bench_${Date.now().toString(36)}`;
try {
  const admin = new pg.Client({ connectionString: POSTGRES });
  await admin.connect();
  await admin.query(`CREATE SCHEMA ${schema}`);
  await admin.end();
  const url = new URL(POSTGRES);
  url.searchParams.set('options', `-c search_path=${schema}`);
  try {
    results.push(await run('Postgres (pool of 10)', url.toString(), tokens));
  } finally {
    const c = new pg.Client({ connectionString: POSTGRES });
    await c.connect();
    await c.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await c.end();
  }
} catch (error) {
  if (/the floor counts/.test(error.message)) throw error;
  console.log(`Postgres skipped: ${error.message}`);
}

for (const r of results) console.log(`${r.label}: ${r.perSecond} reactions/s (${r.requests} requests, p50 ${r.p50} ms, p99 ${r.p99} ms, count ${r.counted} exact)`);
const section = `${START}
## Reactions (one floor, loopback)

Measured by \`node bench/reactions.mjs\` on ${new Date().toISOString().slice(0, 10)} (${cpus().length} cores): ${CONCURRENCY} requests
in flight for ${SECONDS} s, ${READERS} distinct readers toggling 牛逼 on the same floor through
\`PUT /v1/sites/{site}/reactions\` (each change is the reaction row, its count, the floor's score and
a \`reactions.changed\` event, in one transaction under the thread's row lock). At the end the
floor's count equals the readers whose reaction is on.

| database | reactions / s | p50 | p99 | final count (exact) |
|---|---:|---:|---:|---:|
${results.map((r) => `| ${r.label} | ${r.perSecond} | ${r.p50} ms | ${r.p99} ms | ${r.counted} |`).join('\n')}
${END}`;
let doc = readFileSync(DOC, 'utf8');
doc = doc.includes(START) ? doc.replace(new RegExp(`${START}[\\s\\S]*?${END}`), section) : `${doc.trimEnd()}\n\n${section}\n`;
writeFileSync(DOC, doc);
