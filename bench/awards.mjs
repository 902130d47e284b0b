#!/usr/bin/env node
// Awards per second under concurrent share claims: a real server on loopback (SQLite file and,
// when reachable, Postgres), readers claiming `intent` shares on distinct articles at once, plus
// duplicate claims that must earn nothing. Bounded to a few seconds per dialect. Writes its
// section of docs/performance.md. Needs a build first: `node scripts/build.mjs`.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';

const root = fileURLToPath(new URL('..', import.meta.url));
const { startServer, signToken } = await import(`${root}packages/server/dist/index.js`);
// pg is the server package's dependency, not the workspace root's.
const pg = createRequire(`${root}packages/server/package.json`)('pg');
const DOC = `${root}docs/performance.md`;
const START = '<!-- bench:awards:start -->';
const END = '<!-- bench:awards:end -->';
const SECONDS = 4;
const CONCURRENCY = 32;
const POSTGRES = process.env.TEAHOUSE_TEST_POSTGRES_URL ?? 'postgres://root@127.0.0.1:5432/test';

const SITE = {
  id: 'bench', name: 'Bench', secret: 'bench-secret-that-is-long-enough-for-hs256', origins: [],
  rewards: {
    rules: [{ action: 'share', channel: 'link', points: 1, cycle: 'unlimited', limit: 1, verify: 'intent' }],
    dailyCap: 0, announce: true,
  },
};

async function run(label, database) {
  // Load from one address: the rate limits, which would refuse it, are off.
  const server = await startServer({ database, port: 0, sites: [SITE], limits: false });
  try {
    const tokens = await Promise.all(Array.from({ length: CONCURRENCY }, (_, i) => signToken(SITE, { sub: `r${i}`, name: `R${i}` })));
    const claim = (token, page) => fetch(`${server.url}/v1/sites/bench/shares`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ page, channel: 'link', url: `https://news.example.com/${page}` }),
    }).then(async (res) => {
      if (res.status !== 201) throw new Error(`HTTP ${res.status}: ${await res.text()}`);
      return (await res.json()).earned;
    });
    let awards = 0;
    let claims = 0;
    let repeats = 0;
    const until = Date.now() + SECONDS * 1000;
    const started = performance.now();
    await Promise.all(tokens.map(async (token, w) => {
      for (let n = 0; Date.now() < until; n++) {
        // Every fourth claim repeats the worker's previous one: it must not earn.
        const repeat = n % 4 === 3;
        const page = repeat ? `p${w}-${n - 1}` : `p${w}-${n}`;
        if (repeat) repeats++;
        claims++;
        if (await claim(token, page)) awards++;
      }
    }));
    const seconds = (performance.now() - started) / 1000;
    if (awards !== claims - repeats) throw new Error(`${awards} awards for ${claims - repeats} distinct claims`);
    return { label, claims, awards, perSecond: Math.round(awards / seconds), claimsPerSecond: Math.round(claims / seconds) };
  } finally {
    await server.close();
  }
}

const results = [];
const dir = mkdtempSync(join(tmpdir(), 'teahouse-awards-'));
try {
  results.push(await run('SQLite (file, WAL)', `sqlite:${join(dir, 'bench.db')}`));
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
    results.push(await run('Postgres (pool of 10)', url.toString()));
  } finally {
    const c = new pg.Client({ connectionString: POSTGRES });
    await c.connect();
    await c.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await c.end();
  }
} catch (error) {
  console.log(`Postgres skipped: ${error.message}`);
}

for (const r of results) console.log(`${r.label}: ${r.perSecond} awards/s (${r.claimsPerSecond} claims/s, ${r.awards} awards of ${r.claims} claims)`);
const section = `${START}
## Awards (share claims, loopback)

Measured by \`node bench/awards.mjs\` on ${new Date().toISOString().slice(0, 10)} (${cpus().length} cores): ${CONCURRENCY} readers
claiming \`intent\` shares at once for ${SECONDS} s through the HTTP API; each award is a ledger
entry, a balance update, its counters and an announcement floor with its event, in one
transaction. Every fourth claim repeats an earlier one and must earn nothing.

| database | awards / s | claims / s | awards of claims |
|---|---:|---:|---:|
${results.map((r) => `| ${r.label} | ${r.perSecond} | ${r.claimsPerSecond} | ${r.awards} of ${r.claims} |`).join('\n')}
${END}`;
let doc = readFileSync(DOC, 'utf8');
doc = doc.includes(START) ? doc.replace(new RegExp(`${START}[\\s\\S]*?${END}`), section) : `${doc.trimEnd()}\n\n${section}\n`;
writeFileSync(DOC, doc);
