#!/usr/bin/env node
// Imports a generated Disqus export (1 GB by default) into a fresh SQLite database through the
// `teahouse import disqus` command and records its peak resident memory, as the kernel counts
// it (getrusage of the child), next to the file's size: an import streams, so memory stays flat
// whatever the size. Prints a table and rewrites the "Import" section of docs/performance.md.
//   node bench/import.mjs [--mb 1024] [--keep]
// Needs a build first: `node scripts/build.mjs`.
import { spawn } from 'node:child_process';
import { createWriteStream, existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const CLI = `${root}packages/server/dist/cli.js`;
const DOC = `${root}docs/performance.md`;
const START = '<!-- bench:import:start -->';
const END = '<!-- bench:import:end -->';

const arg = (name, fallback) => {
  const at = process.argv.indexOf(`--${name}`);
  return at > 0 ? process.argv[at + 1] : fallback;
};
const megabytes = Number(arg('mb', '1024'));
const keep = process.argv.includes('--keep');
if (!existsSync(CLI)) {
  console.error('build first: node scripts/build.mjs');
  process.exit(1);
}

// A deterministic pseudo-random sequence, so that every run imports the same file.
let seed = 42;
const random = () => {
  // mulberry32
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};
const pick = (list) => list[Math.floor(random() * list.length)];
const WORDS = ['the', 'old', 'street', 'reopens', 'arcade', 'market', 'night', 'food', 'finally', 'great', 'traffic', 'bus', 'river',
  'bridge', 'weekend', 'festival', 'neighbours', 'rain', 'lantern', 'tea', 'house', 'noodles', 'east', 'gate', 'seven', 'o’clock', '老街', '骑楼', '夜市', '终于'];
const sentence = () => Array.from({ length: 6 + Math.floor(random() * 14) }, () => pick(WORDS)).join(' ');
// Long comments, as news comments go (2 to 12 paragraphs): the file reaches its size in fewer posts.
const message = () => Array.from({ length: 2 + Math.floor(random() * 11) }, () => `<p>${sentence()}, <b>${pick(WORDS)}</b> ${sentence()}.</p>`).join('');

async function generate(file, bytes) {
  const out = createWriteStream(file);
  const write = async (text) => {
    if (!out.write(text)) await once(out, 'drain');
  };
  const threads = Math.max(10, Math.round(bytes / 50_000));
  await write('<?xml version="1.0" encoding="utf-8"?>\n<disqus xmlns="http://disqus.com" xmlns:dsq="http://disqus.com/disqus-internals">\n');
  for (let t = 1; t <= threads; t++) {
    await write(`  <thread dsq:id="${t}">\n    <id>article-${t}</id>\n    <link>https://news.example.com/a/${t}</link>\n    <title>Article ${t}</title>\n` +
      `    <createdAt>2020-01-01T00:00:00Z</createdAt>\n    <author><name>Editor</name><isAnonymous>false</isAnonymous><username>editor</username></author>\n  </thread>\n`);
  }
  let written = 0;
  let post = 0;
  const last = new Array(threads + 1).fill(0);
  const started = Date.UTC(2020, 0, 1);
  while (written < bytes) {
    post++;
    const thread = 1 + Math.floor(random() * threads);
    const user = Math.floor(random() * 50_000);
    const parent = last[thread] && random() < 0.3 ? `\n    <parent dsq:id="${last[thread]}"/>` : '';
    last[thread] = post;
    const text = `  <post dsq:id="${post}">\n    <message><![CDATA[${message()}]]></message>\n    <createdAt>${new Date(started + post * 1000).toISOString()}</createdAt>\n` +
      `    <isDeleted>false</isDeleted>\n    <isSpam>false</isSpam>\n    <author><email>u${user}@example.com</email><name>Reader ${user}</name>` +
      `<isAnonymous>false</isAnonymous><username>reader${user}</username></author>\n    <thread dsq:id="${thread}"/>${parent}\n  </post>\n`;
    await write(text);
    written += Buffer.byteLength(text);
  }
  await write('</disqus>\n');
  out.end();
  await once(out, 'close');
  return { threads, posts: post };
}

function run(args) {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    // /usr/bin/time reports the child's peak resident set in KB (%M) and its CPU seconds (%U user,
    // %S system): on a shared machine the CPU time is the figure that does not depend on the load.
    const child = spawn('/usr/bin/time', ['-f', 'maxrss_kb=%M cpu_s=%U+%S', process.execPath, CLI, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => {
      stderr += d;
      process.stderr.write(d);
    });
    child.on('error', reject);
    child.on('close', (code) => {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      if (code !== 0) return reject(new Error(`teahouse ${args.join(' ')} exited ${code}: ${stderr.slice(-2000)}`));
      const cpu = /cpu_s=([\d.]+)\+([\d.]+)/.exec(stderr);
      resolve({ stdout, maxRssMb: Number(/maxrss_kb=(\d+)/.exec(stderr)?.[1] ?? 0) / 1024, seconds, cpuSeconds: cpu ? Number(cpu[1]) + Number(cpu[2]) : NaN });
    });
  });
}

const dir = mkdtempSync(join(tmpdir(), 'teahouse-bench-import-'));
try {
  const file = join(dir, 'disqus.xml');
  const database = `sqlite:${join(dir, 'teahouse.db')}`;
  console.log(`generating a ${megabytes} MB Disqus export…`);
  const shape = await generate(file, megabytes * 1024 * 1024);
  const size = statSync(file).size;
  await run(['site', 'add', 'bench', '--locale', 'en', '--origin', 'https://news.example.com', '--database', database]);
  const imported = await run(['import', 'disqus', file, '--site', 'bench', '--database', database]);
  const again = await run(['import', 'disqus', file, '--site', 'bench', '--database', database]);
  const rows = [
    ['file', `${(size / 1024 / 1024).toFixed(0)} MB (${shape.threads} threads, ${shape.posts} posts)`],
    ['import: time', `${imported.seconds.toFixed(0)} s (${Math.round(shape.posts / imported.seconds)} posts/s)`],
    ['import: CPU time (user + system)', `${imported.cpuSeconds.toFixed(0)} s (${Math.round(shape.posts / imported.cpuSeconds)} posts per CPU-second)`],
    ['import: peak RSS', `${imported.maxRssMb.toFixed(0)} MB`],
    ['second run (imports nothing): time', `${again.seconds.toFixed(0)} s (CPU ${again.cpuSeconds.toFixed(0)} s)`],
    ['second run: peak RSS', `${again.maxRssMb.toFixed(0)} MB`],
  ];
  console.log(imported.stdout.trim());
  console.log(again.stdout.trim());
  console.log(rows.map(([k, v]) => `${k.padEnd(38)} ${v}`).join('\n'));
  if (megabytes >= 1024 && existsSync(DOC)) {
    const table = [
      START,
      `Measured with \`node bench/import.mjs\` (a generated ${(size / 1024 / 1024 / 1024).toFixed(2)} GB Disqus export into a fresh SQLite`,
      'database through `teahouse import disqus`; peak resident memory of the importing process as the kernel counts it):',
      '',
      '| | |',
      '|---|---|',
      ...rows.map(([k, v]) => `| ${k} | ${v} |`),
      END,
    ].join('\n');
    const doc = readFileSync(DOC, 'utf8');
    const next = doc.includes(START) ? doc.replace(new RegExp(`${START}[\\s\\S]*?${END}`), table) : `${doc.trimEnd()}\n\n## Import\n\n${table}\n`;
    writeFileSync(DOC, next);
    console.log('docs/performance.md updated');
  }
} finally {
  if (!keep) rmSync(dir, { recursive: true, force: true });
}
