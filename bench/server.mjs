#!/usr/bin/env node
// Server throughput on loopback, as ratios to a bare baseline measured in the same run.
//
// Starts `teahouse serve` (the CLI, as an operator runs it; SQLite file, and Postgres for one row)
// and bench/bare-server.mjs (minimal Hono + better-sqlite3 and pg, doing the least each request
// needs), then runs `wrk --latency` against both, alternating which goes first, for every row:
// reads with 50 connections, writes with 32 (each write a distinct reader, from an address of its
// own through `--trust-proxy loopback`, so the server's rate limits stay on and never refuse).
// Prints each row as Teahouse / bare with the p99 of both, and the peak RSS (VmHWM) of each server
// over the whole bench; rewrites the "Server" section of docs/performance.md after a full run.
//
// Needs a build first (`node scripts/build.mjs`) and wrk. BENCH_DURATION (default 10s) and
// BENCH_ROUNDS (default 3; medians are reported) shorten it, BENCH_ROWS=replies,awards picks rows;
// the document is left as it is then. Postgres rows need TEAHOUSE_TEST_POSTGRES_URL or a local one.
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const DOC = `${root}docs/performance.md`;
const START = '<!-- bench:server:start -->';
const END = '<!-- bench:server:end -->';
const DURATION = process.env.BENCH_DURATION ?? '10s';
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const ONLY = process.env.BENCH_ROWS ? new Set(process.env.BENCH_ROWS.split(',')) : null;
const FULL = DURATION === '10s' && ROUNDS >= 3 && !ONLY;
const POSTGRES = process.env.TEAHOUSE_TEST_POSTGRES_URL ?? 'postgres://root@127.0.0.1:5432/test';
const CLI = `${root}packages/server/dist/cli.js`;
const WRITERS = 40_000;
const VIEWERS = 200;
const SITE = {
  id: 'bench', name: 'Bench', secret: 'bench-secret-that-is-long-enough-for-hs256', origins: [],
  rewards: {
    rules: [{ action: 'share', channel: 'link', points: 1, cycle: 'unlimited', limit: 1, verify: 'intent' }],
    dailyCap: 0, announce: true,
  },
};

if (spawnSync('wrk', ['--version']).error) {
  console.error('bench/server.mjs needs wrk (apt-get install wrk)');
  process.exit(1);
}

const { openDatabase, seedThread, signToken } = await import(`${root}packages/server/dist/index.js`);
const { upsertSites } = await import(`${root}packages/server/dist/sites/sites.js`);
const { DEFAULT_PAGE_SIZE } = await import(`${root}packages/protocol/dist/index.js`);
const pg = createRequire(`${root}packages/server/package.json`)('pg');
const dir = mkdtempSync(join(tmpdir(), 'teahouse-bench-'));
const sqliteFile = join(dir, 'teahouse.db');
const children = [];
const cleanups = [() => rmSync(dir, { recursive: true, force: true })];

async function seed(database, full) {
  const db = await openDatabase(database);
  try {
    await upsertSites(db, [SITE]);
    const people = Array.from({ length: 12 }, (_, i) => ({ sub: `reader-${i}`, name: `读者${i + 1}` }));
    if (full) {
      await seedThread(db, {
        site: SITE.id, page: 'thread-200', title: 'thread-200', author: people[0],
        floors: Array.from({ length: 200 }, (_, i) => ({
          author: people[i % people.length],
          body: `第 ${i + 2} 条回复:老街改造之后**晚上**更热闹了。 https://example.com/${i}`,
          ...(i > 3 && i % 7 === 0 ? { quote: i } : {}),
        })),
      });
    }
    await seedThread(db, { site: SITE.id, page: 'hot', author: people[0], floors: [{ author: people[1], body: 'A floor everyone reacts to.' }] });
    const thread = await db.kysely.selectFrom('threads').select('id').where('page_key', '=', 'thread-200').executeTakeFirst();
    return thread?.id;
  } finally {
    await db.close();
  }
}

/** A child process that prints its URL; its peak RSS is read from /proc while it runs. */
function start(args, env, pattern) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'inherit'] });
    children.push(child);
    let out = '';
    child.stdout.on('data', (chunk) => {
      out += chunk;
      const url = pattern.exec(out)?.[1];
      if (url) resolve({ child, url });
    });
    child.once('exit', (code) => reject(new Error(`${args.join(' ')} exited with ${code}: ${out}`)));
  });
}

const peakRss = (child) => Number(/^VmHWM:\s+(\d+) kB/m.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'))?.[1] ?? NaN) / 1024;

async function postgresDatabase() {
  const schema = `bench_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: POSTGRES });
  try {
    await admin.connect();
    await admin.query(`create schema ${schema}`);
  } catch (error) {
    console.log(`Postgres unreachable (${error.message}): its row is skipped`);
    return null;
  } finally {
    await admin.end().catch(() => {});
  }
  cleanups.push(async () => {
    const c = new pg.Client({ connectionString: POSTGRES });
    await c.connect();
    await c.query(`drop schema if exists ${schema} cascade`);
    await c.end();
  });
  const url = new URL(POSTGRES);
  url.searchParams.set('options', `-c search_path=${schema}`);
  return url.toString();
}

const luaList = (values) => `return {\n${values.map((v) => JSON.stringify(v)).join(',\n')}\n}\n`;

/**
 * A wrk script: request n of thread t is number i = n * threads + t; writes give every i its own
 * reader (token), address and text, starting at `offset` so that runs never repeat a reader.
 */
function script(name, spec, offset, salt) {
  const lines = [
    spec.tokens ? `local tokens = dofile(${JSON.stringify(join(dir, `${spec.tokens}.lua`))})` : 'local tokens = nil',
    'local threads = 0',
    'function setup(thread) thread:set("tid", threads); threads = threads + 1 end',
    'local count = 0',
    'request = function()',
    '  count = count + 1',
    `  local i = count * 2 + tid + ${offset}`,
    `  local headers = ${JSON.stringify(spec.headers ?? {}).replace(/"([^"]+)":/g, '["$1"]=')}`,
    '  if tokens then headers["Authorization"] = "Bearer " .. tokens[(i % #tokens) + 1] end',
    '  headers["X-Forwarded-For"] = "10." .. (i % 250) .. "." .. (math.floor(i / 250) % 250) .. "." .. (math.floor(i / 62500) % 250 + 1)',
    '  local body = nil',
    // Replies go to 16 articles, as on a news site at a busy hour (one article's writers take turns on its row).
    `  if ${JSON.stringify(spec.kind ?? '')} == "reply" then body = '{"page":"replies-' .. (i % 16) .. '","body":"第 ' .. i .. ' 条回复 ${salt}"}' end`,
    `  if ${JSON.stringify(spec.kind ?? '')} == "react" then body = '{"page":"hot","target":2,"key":"up","on":true}' end`,
    `  if ${JSON.stringify(spec.kind ?? '')} == "share" then body = '{"page":"awards","channel":"link","url":"https://news.example.com/awards"}' end`,
    '  if body then headers["Content-Type"] = "application/json" end',
    `  return wrk.format(${JSON.stringify(spec.method ?? 'GET')}, ${JSON.stringify(spec.path)}, headers, body)`,
    'end',
  ];
  const file = join(dir, `${name}.lua`);
  writeFileSync(file, `${lines.join('\n')}\n`);
  return file;
}

/** wrk's latency units to milliseconds. */
const ms = (text) => {
  const match = /^([\d.]+)(us|ms|s|m)$/.exec(text ?? '');
  return match ? Number(match[1]) * { us: 0.001, ms: 1, s: 1000, m: 60_000 }[match[2]] : NaN;
};

const TICKS = Number(spawnSync('getconf', ['CLK_TCK']).stdout?.toString().trim()) || 100;
/** CPU time (user and system) a process has used, in microseconds. */
const cpuTime = (pid) => {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return ((Number(fields[11]) + Number(fields[12])) / TICKS) * 1e6;
};

/**
 * One wrk run against the server of process `pid`: throughput, p99, failures, and the server's
 * CPU time per request, which other work on the machine changes far less than its throughput.
 */
function wrk(url, file, connections, pid) {
  const cpuBefore = cpuTime(pid);
  return new Promise((resolve, reject) => {
    const run = spawn('wrk', ['-t2', `-c${connections}`, `-d${DURATION}`, '--timeout', '10s', '--latency', '-s', file, url]);
    let out = '';
    run.stdout.on('data', (chunk) => (out += chunk));
    run.once('error', reject);
    run.once('close', () => {
      const pick = (re) => re.exec(out)?.[1];
      resolve({
        rps: Number(pick(/Requests\/sec:\s+([\d.]+)/)),
        p99: ms(pick(/99%\s+(\S+)/)),
        errors: Number(pick(/Non-2xx or 3xx responses: (\d+)/) ?? 0) + Number(pick(/Socket errors: connect (\d+), read (\d+)/) ?? 0),
        cpu: (cpuTime(pid) - cpuBefore) / Number(pick(/(\d+) requests in/)),
        raw: out,
      });
    });
  });
}

const HEAD = '| request | Teahouse | p99 | bare | p99 | ratio: median (each round) | load average (each round) | target | CPU per request: Teahouse / bare |\n|---|---:|---:|---|---:|---:|---|---|---:|';

const median = (values) => {
  // wrk leaves out a percentile it could not measure (every request of a run timed out): NaN, skipped.
  const sorted = values.filter((v) => !Number.isNaN(v)).sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

let exitCode = 0;
try {
  const started = Date.now();
  const threadId = await seed(`sqlite:${sqliteFile}`, true);
  const pgUrl = !ONLY || ONLY.has('pg-replies') ? await postgresDatabase() : null;
  if (pgUrl) await seed(pgUrl, false);
  const writers = await Promise.all(Array.from({ length: WRITERS }, (_, i) => signToken(SITE, { sub: `writer-${i}`, name: `写手${i}` })));
  const viewers = await Promise.all(Array.from({ length: VIEWERS }, (_, i) => signToken(SITE, { sub: `viewer-${i}`, name: `看客${i}` })));
  writeFileSync(join(dir, 'writers.lua'), luaList(writers));
  writeFileSync(join(dir, 'viewers.lua'), luaList(viewers));
  console.log(`seeded and signed ${WRITERS + VIEWERS} tokens in ${((Date.now() - started) / 1000).toFixed(1)} s`);

  // Node's flags from the CLI's first line, as the `teahouse` command starts it (the heap ceiling).
  const flags = /^#!\S*env -S node(.*)$/m.exec(readFileSync(CLI, 'utf8').split('\n')[0])?.[1].trim().split(/\s+/).filter(Boolean) ?? [];
  const serveArgs = (database) => [...flags, CLI, 'serve', '--port', '0', '--database', database, '--trust-proxy', 'loopback'];
  const teahouse = await start(serveArgs(`sqlite:${sqliteFile}`), { DATABASE_URL: '', REDIS_URL: '' }, /listening on (\S+)/);
  const teahousePg = pgUrl ? await start(serveArgs(pgUrl), { DATABASE_URL: '', REDIS_URL: '' }, /listening on (\S+)/) : null;

  // Readers the signed-in rows use exist already, as a returning reader does.
  for (const token of viewers) {
    const res = await fetch(`${teahouse.url}/v1/sites/bench/bootstrap?page=thread-200`, { headers: { authorization: `Bearer ${token}` } });
    if (!res.ok) throw new Error(`signed-in bootstrap answered ${res.status}`);
    await res.arrayBuffer();
  }
  // fetch decodes the body: the bytes on the wire are the Content-Length.
  const cached = await fetch(`${teahouse.url}/v1/sites/bench/bootstrap?page=thread-200`, { headers: { 'accept-encoding': 'br' } });
  await cached.arrayBuffer();
  const fixedBytes = Number(cached.headers.get('content-length'));
  if (cached.headers.get('content-encoding') !== 'br' || !(fixedBytes > 0)) throw new Error('the cached bootstrap did not come as br with a length');
  const first = await (await fetch(`${teahouse.url}/v1/sites/bench/floors?page=thread-200`)).json();
  const bare = await start([`${root}bench/bare-server.mjs`], {
    // The bare page is as long as Teahouse's first page (the server's default page size).
    BARE: JSON.stringify({ pages: sqliteFile, thread: threadId, limit: DEFAULT_PAGE_SIZE, fixedBytes, commits: join(dir, 'bare.db'), postgres: pgUrl }),
  }, /LISTENING (\S+)/);

  const rows = [
    { key: 'signed', label: 'signed-in bootstrap (a reader with a token)', target: 0.7, versus: `keyset page (${DEFAULT_PAGE_SIZE} rows)`,
      th: { path: '/v1/sites/bench/bootstrap?page=thread-200', tokens: 'viewers', headers: { 'Accept-Encoding': 'br' } }, bare: { path: '/keyset' } },
    { key: 'page2', label: 'floors page 2 (uncached)', target: 0.9, versus: `keyset page (${DEFAULT_PAGE_SIZE} rows)`,
      th: { path: `/v1/sites/bench/floors?page=thread-200&cursor=${first.next}`, headers: { 'Accept-Encoding': 'br' } }, bare: { path: '/keyset' } },
    { key: 'anon', label: 'anonymous bootstrap (cached bytes, br)', target: 0.8, versus: `fixed ${(fixedBytes / 1024).toFixed(1)} KB body`,
      th: { path: '/v1/sites/bench/bootstrap?page=thread-200', headers: { 'Accept-Encoding': 'br' } }, bare: { path: '/fixed' } },
    { key: 'counts', label: 'counts of one page', target: 0.8, versus: 'fixed body',
      th: { path: '/v1/sites/bench/counts?page=thread-200' }, bare: { path: '/fixed' } },
    { key: 'replies', label: 'replies posted, 32 writers, distinct readers, 16 articles', target: 0.4, versus: 'one-row insert + commit', connections: 32,
      th: { method: 'POST', path: '/v1/sites/bench/floors', tokens: 'writers', kind: 'reply' }, bare: { method: 'POST', path: '/commit', kind: 'reply' } },
    { key: 'reactions', label: 'reactions on one hot floor, 32 writers', target: 0.6, versus: 'one-row insert + commit', connections: 32,
      th: { method: 'PUT', path: '/v1/sites/bench/reactions', tokens: 'writers', kind: 'react' }, bare: { method: 'POST', path: '/commit', kind: 'react' } },
    { key: 'awards', label: 'share awards (entry, balance, announcement floor), 32 writers', target: 0.3, versus: 'one-row insert + commit', connections: 32,
      th: { method: 'POST', path: '/v1/sites/bench/shares', tokens: 'writers', kind: 'share' }, bare: { method: 'POST', path: '/commit', kind: 'share' } },
    { key: 'pg-replies', label: 'replies posted on Postgres, 32 writers, 16 articles', target: 0.4, versus: 'pg insert + commit (pool of 10)', connections: 32, postgres: true,
      th: { method: 'POST', path: '/v1/sites/bench/floors', tokens: 'writers', kind: 'reply' }, bare: { method: 'POST', path: '/commit-pg', kind: 'reply' } },
  ].filter((row) => (!ONLY || ONLY.has(row.key)) && (!row.postgres || teahousePg));

  const results = new Map(rows.map((row) => [row.key, []]));
  let offset = 0;
  for (let round = 0; round < ROUNDS; round++) {
    for (const row of rows) {
      const runs = {};
      const order = round % 2 === 0 ? ['bare', 'th'] : ['th', 'bare'];
      for (const side of order) {
        const server = side === 'bare' ? bare : row.postgres ? teahousePg : teahouse;
        const url = server.url;
        const salt = randomBytes(3).toString('hex');
        runs[side] = await wrk(url, script(`${row.key}-${side}`, row[side], offset, salt), row.connections ?? 50, server.child.pid);
        // Every write of every run is a reader of its own.
        offset += 200_000;
        if (runs[side].errors > 0 || !(runs[side].rps > 0)) {
          console.error(runs[side].raw);
          throw new Error(`${row.label} (${side === 'bare' ? 'bare' : 'Teahouse'}): ${runs[side].errors} errors`);
        }
      }
      // The machine's 1-minute load average as the pair ends: other work on it is part of what the ratio saw.
      const load = loadavg()[0];
      results.get(row.key).push({ th: runs.th, bare: runs.bare, ratio: runs.th.rps / runs.bare.rps, load });
      console.log(`${row.label}: Teahouse ${runs.th.rps.toFixed(0)}/s (p99 ${runs.th.p99} ms), bare ${runs.bare.rps.toFixed(0)}/s (p99 ${runs.bare.p99} ms): ${(runs.th.rps / runs.bare.rps).toFixed(2)} (load ${load.toFixed(1)})`);
    }
  }

  const rss = { teahouse: peakRss(teahouse.child), bare: peakRss(bare.child), postgres: teahousePg ? peakRss(teahousePg.child) : NaN };
  const fmt = (n) => (n >= 100 ? n.toFixed(0) : n.toFixed(1));
  const table = rows.map((row) => {
    const runs = results.get(row.key);
    const ratio = median(runs.map((r) => r.ratio));
    const ratios = runs.map((r) => r.ratio.toFixed(2)).join(', ');
    const loads = runs.map((r) => r.load.toFixed(1)).join(', ');
    return `| ${row.label} | ${fmt(median(runs.map((r) => r.th.rps)))} /s | ${fmt(median(runs.map((r) => r.th.p99)))} ms | ${row.versus}: ${fmt(median(runs.map((r) => r.bare.rps)))} /s | ${fmt(median(runs.map((r) => r.bare.p99)))} ms | **${ratio.toFixed(2)}** (${ratios}) | ${loads} | ≥ ${row.target} ${ratio >= row.target ? '✓' : '✗'} | ${fmt(median(runs.map((r) => r.th.cpu)))} / ${fmt(median(runs.map((r) => r.bare.cpu)))} µs |`;
  });
  const rssRatio = rss.teahouse / rss.bare;
  const summary = `Peak RSS (VmHWM) over the whole bench: Teahouse ${rss.teahouse.toFixed(0)} MB, bare ${rss.bare.toFixed(0)} MB: **${rssRatio.toFixed(2)} ×** (target ≤ 1.5 ${rssRatio <= 1.5 ? '✓' : '✗'})${teahousePg ? `; the Postgres server ${rss.postgres.toFixed(0)} MB` : ''}.`;
  console.log(`\n${HEAD}\n${table.join('\n')}\n\n${summary}`);

  if (!FULL) {
    console.log(`\nBENCH_DURATION=${DURATION} BENCH_ROUNDS=${ROUNDS}${ONLY ? ` BENCH_ROWS=${[...ONLY]}` : ''}: docs/performance.md left as it is`);
  } else {
    const section = `${START}
## Server (wrk on loopback, against a bare baseline)

Measured by \`node bench/server.mjs\` on ${new Date().toISOString().slice(0, 10)} (Node ${process.versions.node}, ${cpus().length} cores shared by
wrk and the servers, and with other work on the machine: the ratios are what to read). Teahouse is \`teahouse serve\` on a
SQLite file (WAL, \`synchronous=FULL\`; Postgres for its row), rate limits on; the bare baseline is
\`bench/bare-server.mjs\`, Hono + better-sqlite3 (and pg) doing the least each request needs. Each row is
\`wrk -t2 --latency\` for ${DURATION}, 50 connections for reads and 32 for writes (every write a distinct reader
from an address of its own), Teahouse and bare alternated, ${ROUNDS} rounds; medians, with each round's ratio and the
machine's 1-minute load average as that round's pair ended (\`uptime\`), and the CPU time (user and system, from
\`/proc\`) each server spent per request, which other work on the machine moves far less than throughput (the bare
Postgres row's figure leaves out Postgres's own work, as Teahouse's does).

${HEAD}
${table.join('\n')}

${summary}
The CLI starts the server with the heap ceiling described in [server.md](server.md#memory).
${END}`;
    const doc = readFileSync(DOC, 'utf8');
    const at = doc.indexOf(START);
    writeFileSync(DOC, at === -1 ? `${doc.trimEnd()}\n\n${section}\n` : `${doc.slice(0, at)}${section}${doc.slice(doc.indexOf(END) + END.length)}`);
    console.log('docs/performance.md updated');
  }
} catch (error) {
  console.error(error);
  exitCode = 1;
} finally {
  for (const child of children) child.kill('SIGTERM');
  await Promise.all(children.map((child) => (child.exitCode === null ? new Promise((resolve) => child.once('exit', resolve)) : null)));
  for (const cleanup of cleanups.reverse()) await cleanup();
}
process.exit(exitCode);
