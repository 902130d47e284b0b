#!/usr/bin/env node
// Server throughput on loopback: seeds a 200-floor and a 100,000-floor thread into a SQLite
// file, starts the server (`startServer`) in a child process and runs `wrk -t2 -c50 -d10s`
// against the anonymous bootstrap of each thread and a deep page of floors of the big one
// (and its first page, to compare).
// Reports requests/s, latency and the server's peak RSS (VmHWM), and rewrites the "Server"
// section of docs/performance.md. Needs a build first: `node scripts/build.mjs`.
// BENCH_DURATION=3s shortens each run; nothing is written then (numbers of a short run mislead).
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const DOC = `${root}docs/performance.md`;
const START = '<!-- bench:server:start -->';
const END = '<!-- bench:server:end -->';
const DURATION = process.env.BENCH_DURATION ?? '10s';
const SITE = { id: 'bench', name: 'Bench', secret: 'bench-secret-0123456789abcdef', origins: [] };
const BIG = 100_000;
const PAGE_SIZE = 30;
const DEEP_PAGE = 3000;

if (spawnSync('wrk', ['--version']).error) {
  console.error('bench/server.mjs needs wrk (apt-get install wrk)');
  process.exit(1);
}

const serverEntry = new URL('../packages/server/dist/index.js', import.meta.url).href;
const { createApp, seedThread } = await import(serverEntry);
const dir = mkdtempSync(join(tmpdir(), 'teahouse-bench-'));
const database = `sqlite:${join(dir, 'bench.db')}`;

/** The 100,000 floors go straight into the tables in batches; posting them one by one takes minutes. */
async function seedBig(db, page, count) {
  const id = () => randomBytes(12).toString('base64url');
  const now = new Date().toISOString();
  const authors = [id(), id(), id(), id()];
  await db.kysely.insertInto('users').values(authors.map((a, i) => ({
    id: a, site_id: SITE.id, external_id: `big-${i}`, name: `读者${i + 1}`, avatar: null, role: 'reader', created_at: now,
  }))).execute();
  const threadId = id();
  await db.kysely.insertInto('threads').values({
    id: threadId, site_id: SITE.id, page_key: page, url: null, title: page, author_user_id: authors[0],
    last_floor: count + 1, reply_count: count, created_at: now,
  }).execute();
  await db.kysely.transaction().execute(async (trx) => {
    for (let start = 2; start <= count + 1; start += 1000) {
      const rows = [];
      for (let number = start; number < Math.min(start + 1000, count + 2); number++) {
        const text = `第 ${number} 条回复:老街改造之后晚上更热闹了,周末一定去看看。`;
        rows.push({
          id: id(), thread_id: threadId, number, kind: 'reply', author_user_id: authors[number % authors.length],
          parent_number: null, quote_number: null, body_source: text,
          body_json: JSON.stringify({ type: 'root', children: [{ type: 'paragraph', children: [{ type: 'text', value: text }] }] }),
          status: 'published', created_at: now, edited_at: null, root_number: number, depth: 0, descendants: 0,
        });
      }
      await trx.insertInto('floors').values(rows).execute();
    }
  });
}

let started = Date.now();
{
  const seeding = await createApp({ database, sites: [SITE] });
  const people = Array.from({ length: 12 }, (_, i) => ({ sub: `reader-${i}`, name: `读者${i + 1}` }));
  await seedThread(seeding.db, {
    site: SITE.id, page: 'thread-200', title: 'thread-200', author: people[0],
    floors: Array.from({ length: 200 }, (_, i) => ({
      author: people[i % people.length],
      body: `第 ${i + 2} 条回复:老街改造之后**晚上**更热闹了。 https://example.com/${i}`,
      ...(i > 3 && i % 7 === 0 ? { quote: i } : {}),
    })),
  });
  await seedBig(seeding.db, 'thread-100k', BIG);
  await seeding.close();
}
console.log(`seeded 200 + ${BIG.toLocaleString('en')} floors in ${((Date.now() - started) / 1000).toFixed(1)} s`);

const child = spawn(process.execPath, ['--input-type=module', '-e', `
  const { startServer } = await import(${JSON.stringify(serverEntry)});
  const server = await startServer({ port: 0, database: ${JSON.stringify(database)}, sites: [${JSON.stringify(SITE)}] });
  console.log('LISTENING ' + server.url);
  process.on('SIGTERM', () => server.close().then(() => process.exit(0)));
`], { stdio: ['ignore', 'pipe', 'inherit'] });
const url = await new Promise((resolve, reject) => {
  let out = '';
  child.stdout.on('data', (chunk) => {
    out += chunk;
    const match = /LISTENING (\S+)/.exec(out);
    if (match) resolve(match[1]);
  });
  child.once('exit', (code) => reject(new Error(`server exited with ${code}`)));
});

const status = (field) => {
  const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'));
  return match ? Number(match[1]) : NaN;
};
const rssAfterStart = status('VmRSS');

/** wrk's latency units to milliseconds. */
const ms = (text) => {
  const match = /^([\d.]+)(us|ms|s|m)$/.exec(text);
  if (!match) return NaN;
  return Number(match[1]) * { us: 0.001, ms: 1, s: 1000, m: 60_000 }[match[2]];
};

function wrk(path) {
  return new Promise((resolve, reject) => {
    const run = spawn('wrk', ['-t2', '-c50', `-d${DURATION}`, '--latency', `${url}${path}`]);
    let out = '';
    run.stdout.on('data', (chunk) => (out += chunk));
    run.once('error', reject);
    run.once('close', () => {
      const pick = (re) => re.exec(out)?.[1];
      resolve({
        rps: Number(pick(/Requests\/sec:\s+([\d.]+)/)),
        avg: ms(pick(/Latency\s+(\S+)/)),
        p50: ms(pick(/50%\s+(\S+)/)),
        p99: ms(pick(/99%\s+(\S+)/)),
        max: ms(pick(/Latency\s+\S+\s+\S+\s+(\S+)/)),
        errors: Number(pick(/Non-2xx or 3xx responses: (\d+)/) ?? 0) + Number(pick(/Socket errors: connect (\d+)/) ?? 0),
        raw: out,
      });
    });
  });
}

const targets = [
  ['anonymous bootstrap, 200-floor thread', '/v1/sites/bench/bootstrap?page=thread-200'],
  ['anonymous bootstrap, 100,000-floor thread', '/v1/sites/bench/bootstrap?page=thread-100k'],
  ['floors page 1 of the 100,000-floor thread (for comparison)', '/v1/sites/bench/floors?page=thread-100k'],
  [`floors page ${DEEP_PAGE} of the 100,000-floor thread (\`from=${2 + (DEEP_PAGE - 1) * PAGE_SIZE}\`)`,
    `/v1/sites/bench/floors?page=thread-100k&from=${2 + (DEEP_PAGE - 1) * PAGE_SIZE}`],
];
const results = [];
let peak = NaN;
try {
  for (const [label, path] of targets) {
    // One request first: a wrong path should fail here, not as 10 s of 404s.
    const probe = await fetch(`${url}${path}`);
    if (!probe.ok) throw new Error(`${path} answered ${probe.status}`);
    await probe.arrayBuffer();
    started = Date.now();
    const result = await wrk(path);
    results.push({ label, path, ...result });
    console.log(`${label}: ${result.rps.toFixed(0)} req/s, avg ${result.avg} ms, p99 ${result.p99} ms, errors ${result.errors}`);
  }
} finally {
  peak = status('VmHWM');
  child.kill('SIGTERM');
  await new Promise((resolve) => child.once('exit', resolve));
  rmSync(dir, { recursive: true, force: true });
}
console.log(`server RSS after start ${(rssAfterStart / 1024).toFixed(0)} MB, peak ${(peak / 1024).toFixed(0)} MB`);

if (results.some((r) => r.errors > 0 || !(r.rps > 0))) {
  for (const r of results) console.error(r.raw);
  console.error('some runs had errors; docs/performance.md left as it is');
  process.exit(1);
}
if (DURATION !== '10s') {
  console.log(`BENCH_DURATION=${DURATION}: docs/performance.md left as it is`);
  process.exit(0);
}

const fmt = (n) => (n >= 100 ? n.toFixed(0) : n.toFixed(2));
const section = `${START}
## Server (wrk on loopback)

Measured by \`node bench/server.mjs\` on ${new Date().toISOString().slice(0, 10)} (Node ${process.versions.node},
${cpus().length} cores shared by wrk and the server; SQLite file, WAL). One server process; \`wrk -t2 -c50 -d10s --latency\`
per row, anonymous readers (no token), so bootstraps come from the in-process cache after the first.

| what | requests/s | latency avg | p50 | p99 | max |
|---|---:|---:|---:|---:|---:|
${results.map((r) => `| ${r.label} | ${r.rps.toFixed(0)} | ${fmt(r.avg)} ms | ${fmt(r.p50)} ms | ${fmt(r.p99)} ms | ${fmt(r.max)} ms |`).join('\n')}

Server peak RSS (VmHWM) over all runs: **${(peak / 1024).toFixed(0)} MB** (${(rssAfterStart / 1024).toFixed(0)} MB after start).
The deep page is a keyset range (\`number >= N\` on the \`(thread_id, number)\` index), so it costs what the
first page costs; the node tests (\`reading.test.ts\`) time first, deep and last pages of a 100,000-floor thread on
both dialects.
${END}`;

const doc = readFileSync(DOC, 'utf8');
const at = doc.indexOf(START);
const next = at === -1 ? `${doc.trimEnd()}\n\n${section}\n` : `${doc.slice(0, at)}${section}${doc.slice(doc.indexOf(END) + END.length)}`;
writeFileSync(DOC, next);
console.log('docs/performance.md updated');
