#!/usr/bin/env node
// Live readers and instances: how many SSE readers one process serves, how fast a change
// crosses instances, and what a caching proxy saves the origin.
//
// 1. Subscribers: `teahouse serve` (SQLite file) and, in a separate process (this script with
//    --clients), 1,000 / 5,000 / 10,000 raw-HTTP SSE readers of one thread. Connect time, then
//    five floors posted one at a time: delivery p50 / p99 / 100 % from the moment the POST is
//    sent, server RSS and CPU, memory per connection. Every wait is bounded (60 s to connect,
//    10 s per floor); what did not arrive is counted as missing.
// 2. Cross-instance: two instances on one Postgres with Redis; a reader on B, 250 floors posted
//    on A: delivery p50 / p99 / max. Then cache staleness: B's anonymous bootstrap is read in a
//    loop after each of 50 reactions on A is acknowledged, until it shows it.
// 3. Through nginx (proxy_cache, the test's configuration): 10,000 anonymous bootstraps with
//    100 at a time; origin requests counted in nginx's log.
//
// Needs a build (`node scripts/build.mjs`), Postgres (TEAHOUSE_TEST_POSTGRES_URL), Redis
// (TEAHOUSE_TEST_REDIS_URL) and nginx. BENCH_LIVE_SIZES=1000,5000 picks the subscriber rows;
// BENCH_LIVE_PORT (default 9021) is nginx's port. Prints the figures; docs/performance.md and
// docs/scaling.md quote them.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const SITE = { id: 'bench', name: 'Bench', secret: 'bench-secret-that-is-long-enough-for-hs256', origins: [] };
const now = () => performance.timeOrigin + performance.now();


/**
 * The readers' side: N sockets, each a raw GET of the event stream. Reports on stdout, one JSON
 * line per phase; reads commands (the posting is done here, so one clock times both ends).
 */
async function clients(n, base) {
  const url = new URL(base);
  const { tokens } = JSON.parse(process.env.BENCH_LIVE_TOKENS);
  const counts = new Int32Array(n);
  /** arrivals[k][i]: when socket i saw floor k. */
  const arrivals = [];
  const sockets = [];
  let connected = 0;
  const t0 = now();
  let connectedAt = 0;
  await new Promise((resolve) => {
    const deadline = setTimeout(resolve, 60_000);
    // Readers arrive 200 at a time at most, as a crowd does, rather than in one SYN flood that
    // overflows the listen queue and measures the kernel's retransmission timer.
    let opened = 0;
    let pending = 0;
    const more = () => {
      while (opened < n && pending < 200) {
        pending++;
        open(opened++);
      }
    };
    const open = (i) => {
      const socket = connect(Number(url.port), url.hostname);
      sockets.push(socket);
      let tail = '';
      let ready = false;
      socket.setNoDelay(true);
      socket.on('connect', () => socket.write(`GET /v1/sites/${SITE.id}/events?page=live HTTP/1.1\r\nHost: ${url.host}\r\n\r\n`));
      socket.on('data', (chunk) => {
        const text = tail + chunk.toString('latin1');
        if (!ready && text.includes('retry:')) {
          ready = true;
          pending--;
          more();
          if (++connected === n) {
            connectedAt = now();
            clearTimeout(deadline);
            resolve();
          }
        }
        let at = text.indexOf('event: floor.created');
        while (at >= 0) {
          const k = counts[i]++;
          (arrivals[k] ??= new Float64Array(n))[i] = now();
          at = text.indexOf('event: floor.created', at + 1);
        }
        tail = text.slice(-24);
      });
      socket.on('error', () => {});
    };
    more();
  });
  process.stdout.write(`${JSON.stringify({ phase: 'connected', connected, ms: (connectedAt || now()) - t0 })}\n`);
  // Wait for the parent's go (it samples the server's memory first).
  await new Promise((resolve) => process.stdin.once('data', resolve));
  const floors = [];
  for (let k = 0; k < tokens.length; k++) {
    const sent = now();
    const res = await fetch(`${base}/v1/sites/${SITE.id}/floors`, {
      method: 'POST',
      headers: { authorization: `Bearer ${tokens[k]}`, 'content-type': 'application/json', 'x-forwarded-for': `10.5.0.${k + 1}` },
      body: JSON.stringify({ page: 'live', body: `floor ${k} for ${n} readers` }),
    });
    if (res.status !== 201) throw new Error(`post: HTTP ${res.status} ${await res.text()}`);
    const answered = now() - sent;
    const deadline = now() + 10_000;
    while (now() < deadline) {
      let got = 0;
      for (let i = 0; i < n; i++) if (counts[i] > k) got++;
      if (got === connected) break;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    const times = [];
    for (let i = 0; i < n; i++) if (counts[i] > k) times.push(arrivals[k][i] - sent);
    floors.push({ received: times.length, answered, times: summary(times, n) });
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  process.stdout.write(`${JSON.stringify({ phase: 'delivered', floors })}\n`);
  for (const socket of sockets) socket.destroy();
  process.exit(0);
}

/** p50 / p99 / 100 % of `times` over `of` readers (a missing reader counts as never). */
function summary(times, of = times.length) {
  const sorted = [...times].sort((a, b) => a - b);
  const at = (q) => {
    const rank = Math.ceil(q * of) - 1;
    return rank < sorted.length ? sorted[rank] : Infinity;
  };
  return { p50: at(0.5), p99: at(0.99), max: at(1) };
}

const children = [];
const cleanups = [];

function serve(env, args = []) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [`${root}packages/server/dist/cli.js`, 'serve', '--port', '0', '--trust-proxy', 'loopback', ...args], {
      env: { ...process.env, DATABASE_URL: '', REDIS_URL: '', ...env },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    children.push(child);
    let out = '';
    child.stdout.on('data', (chunk) => {
      out += chunk;
      const url = /listening on (\S+)/.exec(out)?.[1];
      if (url) resolve({ child, url });
    });
    child.once('exit', (code) => reject(new Error(`teahouse serve exited with ${code}: ${out}`)));
  });
}

const stop = async (child) => {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;
};

const procStatus = (pid, field) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? NaN) / 1024;
/** CPU seconds (user + system) the process has used. */
const cpuSeconds = (pid) => {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
};
const ms = (v) => (Number.isFinite(v) ? `${Math.round(v).toLocaleString('en-US')} ms` : 'not all');

async function main() {
  const { openDatabase, seedThread, signToken } = await import(`${root}packages/server/dist/index.js`);
  const { upsertSites } = await import(`${root}packages/server/dist/sites/sites.js`);
  const dir = mkdtempSync(join(tmpdir(), 'teahouse-live-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  const seed = async (database) => {
    const db = await openDatabase(database);
    await upsertSites(db, [SITE]);
    await seedThread(db, { site: SITE.id, page: 'live', author: { sub: 'op', name: 'OP' }, floors: [{ author: { sub: 'r', name: 'R' }, body: 'first' }] });
    await db.close();
  };
  try {
    const sizes = (process.env.BENCH_LIVE_SIZES ?? '1000,5000,10000').split(',').map(Number);
    console.log('Subscribers of one thread in one process (SQLite), raw HTTP clients in another process:');
    console.log('| readers | connect | POST answered | delivery p50 | p99 | 100 % | server RSS | RSS per reader | server CPU per floor |');
    console.log('|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
    for (const n of sizes) {
      const database = `sqlite:${join(dir, `live-${n}.db`)}`;
      await seed(database);
      const server = await serve({ DATABASE_URL: database });
      const idle = procStatus(server.child.pid, 'VmRSS');
      const tokens = await Promise.all(Array.from({ length: 5 }, (_, k) => signToken(SITE, { sub: `poster-${n}-${k}`, name: 'Poster' })));
      const client = spawn(process.execPath, [fileURLToPath(import.meta.url), '--clients', String(n), server.url], {
        env: { ...process.env, BENCH_LIVE_TOKENS: JSON.stringify({ tokens }) },
        stdio: ['pipe', 'pipe', 'inherit'],
      });
      children.push(client);
      const lines = [];
      let buffer = '';
      const waitLine = () => new Promise((resolve, reject) => {
        const check = () => {
          const end = buffer.indexOf('\n');
          if (end < 0) return false;
          lines.push(JSON.parse(buffer.slice(0, end)));
          buffer = buffer.slice(end + 1);
          resolve(lines.at(-1));
          return true;
        };
        if (check()) return;
        const onData = (chunk) => {
          buffer += chunk;
          if (check()) client.stdout.off('data', onData);
        };
        client.stdout.on('data', onData);
        client.once('exit', (code) => reject(new Error(`clients exited with ${code}`)));
      });
      const connected = await waitLine();
      const rss = procStatus(server.child.pid, 'VmRSS');
      const cpu = cpuSeconds(server.child.pid);
      client.stdin.write('go\n');
      const delivered = await waitLine();
      const cpuPerFloor = (cpuSeconds(server.child.pid) - cpu) / delivered.floors.length;
      const peak = procStatus(server.child.pid, 'VmHWM');
      // The median floor of the five, by its p99.
      const floors = [...delivered.floors].sort((a, b) => a.times.p99 - b.times.p99);
      const mid = floors[Math.floor(floors.length / 2)];
      const worst = floors.at(-1);
      console.log(`| ${n.toLocaleString('en-US')} | ${ms(connected.ms)}${connected.connected < n ? ` (${connected.connected} connected)` : ''} | ${ms(mid.answered)} | ${ms(mid.times.p50)} | ${ms(mid.times.p99)} | ${ms(mid.times.max)} (worst of 5: ${ms(worst.times.max)}) | ${Math.round(rss)} MB (peak ${Math.round(peak)} MB) | ${((rss - idle) * 1024 / n).toFixed(1)} KB | ${(cpuPerFloor * 1000).toFixed(0)} ms |`);
      await stop(client);
      await stop(server.child);
    }

    await crossInstance(openDatabase, upsertSites, seedThread, signToken);
    await throughNginx(dir, seed);
  } finally {
    for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    for (const cleanup of cleanups.reverse()) await cleanup();
  }
}

async function crossInstance(openDatabase, upsertSites, seedThread, signToken) {
  const pgModule = (await import('node:module')).createRequire(`${root}packages/server/package.json`)('pg');
  const POSTGRES = process.env.TEAHOUSE_TEST_POSTGRES_URL ?? 'postgres://root@127.0.0.1:5432/test';
  const REDIS = process.env.TEAHOUSE_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
  const schema = `bench_${randomBytes(4).toString('hex')}`;
  const admin = new pgModule.Client({ connectionString: POSTGRES });
  await admin.connect();
  await admin.query(`create schema ${schema}`);
  await admin.end();
  cleanups.push(async () => {
    const c = new pgModule.Client({ connectionString: POSTGRES });
    await c.connect();
    await c.query(`drop schema if exists ${schema} cascade`);
    await c.end();
  });
  const url = new URL(POSTGRES);
  url.searchParams.set('options', `-c search_path=${schema}`);
  const database = url.toString();
  const db = await openDatabase(database);
  await upsertSites(db, [SITE]);
  await seedThread(db, { site: SITE.id, page: 'cross', author: { sub: 'op', name: 'OP' }, floors: [{ author: { sub: 'r', name: 'R' }, body: 'first' }] });
  await db.close();
  const env = { DATABASE_URL: database, REDIS_URL: REDIS, TEAHOUSE_REDIS_PREFIX: `bench:${randomBytes(4).toString('hex')}:` };
  const a = await serve(env);
  const b = await serve(env);
  // Both subscribed: wait for the first change to cross.
  await new Promise((resolve) => setTimeout(resolve, 1000));

  const boot = await (await fetch(`${b.url}/v1/sites/${SITE.id}/bootstrap?page=cross`)).json();
  const controller = new AbortController();
  const res = await fetch(`${b.url}/v1/sites/${SITE.id}/events?page=cross&lastEventId=${boot.lastEventId}`, { signal: controller.signal });
  const reader = res.body.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  const arrived = new Map();
  const pump = (async () => {
    for (;;) {
      const { done, value } = await reader.read().catch(() => ({ done: true }));
      if (done) return;
      buffer += decoder.decode(value, { stream: true });
      let end;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const data = /^data: (.*)$/m.exec(block)?.[1];
        if (data) {
          const event = JSON.parse(data);
          if (event.type === 'floor.created') arrived.set(event.floor.number, now());
        }
      }
    }
  })();
  const FLOORS = 250;
  const latencies = [];
  for (let k = 0; k < FLOORS; k++) {
    const token = await signToken(SITE, { sub: `cross-${k}`, name: 'Cross' });
    const sent = now();
    const r = await fetch(`${a.url}/v1/sites/${SITE.id}/floors`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'x-forwarded-for': `10.6.${k % 250}.1` },
      body: JSON.stringify({ page: 'cross', body: `cross ${k}` }),
    });
    if (r.status !== 201) throw new Error(`post: HTTP ${r.status}`);
    const { number } = await r.json();
    const deadline = now() + 10_000;
    while (!arrived.has(number) && now() < deadline) await new Promise((resolve) => setImmediate(resolve));
    latencies.push(arrived.has(number) ? arrived.get(number) - sent : Infinity);
  }
  controller.abort();
  await pump;
  const d = summary(latencies);
  console.log(`\nCross-instance delivery (post on A, SSE reader on B; Postgres + Redis), ${FLOORS} floors: p50 ${ms(d.p50)}, p99 ${ms(d.p99)}, max ${ms(d.max)}`);

  // Staleness of B's anonymous bootstrap after a change on A is acknowledged.
  const stale = [];
  const boots = (base) => fetch(`${base}/v1/sites/${SITE.id}/bootstrap?page=cross`).then((r) => r.json());
  for (let k = 0; k < 50; k++) {
    const before = await boots(b.url);
    await boots(b.url);
    const token = await signToken(SITE, { sub: `stale-${k}`, name: 'Stale' });
    const r = await fetch(`${a.url}/v1/sites/${SITE.id}/reactions`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'x-forwarded-for': `10.7.${k}.1` },
      body: JSON.stringify({ page: 'cross', target: 2, key: 'up', on: true }),
    });
    if (r.status !== 200) throw new Error(`react: HTTP ${r.status}`);
    const acked = now();
    let seen = null;
    while (now() - acked < 10_000) {
      const body = await boots(b.url);
      if (body.lastEventId !== before.lastEventId) {
        seen = now();
        break;
      }
    }
    stale.push(seen === null ? Infinity : seen - acked);
  }
  const s = summary(stale);
  console.log(`Cross-instance cache staleness (B's anonymous bootstrap after a reaction on A is acknowledged), 50 changes: p50 ${ms(s.p50)}, p99 ${ms(s.p99)}, max ${ms(s.max)}`);
  await stop(a.child);
  await stop(b.child);
}

async function throughNginx(dir, seed) {
  const { startNginx } = await import(`${root}packages/server/dist/test/processes.js`);
  const database = `sqlite:${join(dir, 'cdn.db')}`;
  await seed(database);
  const origin = await serve({ DATABASE_URL: database });
  const nginx = await startNginx(Number(process.env.BENCH_LIVE_PORT ?? 9021), origin.url);
  cleanups.push(() => nginx.stop());
  const TOTAL = 10_000;
  let next = 0;
  const started = now();
  const worker = async () => {
    while (next < TOTAL) {
      next++;
      const res = await fetch(`${nginx.url}/v1/sites/${SITE.id}/bootstrap?page=live`, { headers: { 'accept-encoding': 'br, gzip' } });
      await res.arrayBuffer();
      if (res.status !== 200) throw new Error(`bootstrap through nginx: HTTP ${res.status}`);
    }
  };
  await Promise.all(Array.from({ length: 100 }, worker));
  const seconds = (now() - started) / 1000;
  const statuses = (await nginx.log()).map((line) => line.split(' ')[1]).filter((status) => status !== '-');
  const bodies = statuses.filter((status) => status === '200').length;
  console.log(`\nThrough nginx (proxy_cache, s-maxage 5): ${TOTAL.toLocaleString('en-US')} anonymous bootstraps in ${seconds.toFixed(1)} s, 100 at a time: ${statuses.length} origin requests (${bodies} with a body, ${statuses.length - bodies} revalidations answered 304)`);
  await stop(origin.child);
}

if (process.argv[2] === '--clients') await clients(Number(process.argv[3]), process.argv[4]);
else await main();
