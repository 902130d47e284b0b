#!/usr/bin/env node
// What a host page downloads for first paint: embed.js (raw, gzip, brotli 11), the bootstrap
// response of the demo thread, and which packages make up embed.js (from its source map); then
// the lazy chunks next to embed.js (dist/chunks/), fetched the first time an element needs them.
// Prints tables and rewrites the "Size" section of docs/performance.md.
// Needs a build first: `node scripts/build.mjs`.
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { get } from 'node:http';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

const root = fileURLToPath(new URL('..', import.meta.url));
const EMBED = `${root}packages/embed/dist/embed.js`;
const CHUNKS = `${root}packages/embed/dist/chunks`;
const DOC = `${root}docs/performance.md`;
const START = '<!-- bench:size:start -->';
const END = '<!-- bench:size:end -->';
const TARGET_KB = 25;
const CEILING_KB = 30;

const gzip = (buf) => gzipSync(buf, { level: 9 }).length;
const brotli = (buf) =>
  brotliCompressSync(buf, {
    params: {
      [constants.BROTLI_PARAM_QUALITY]: 11,
      [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
      [constants.BROTLI_PARAM_SIZE_HINT]: buf.length,
    },
  }).length;
const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
const sizes = (buf) => ({ raw: buf.length, gzip: gzip(buf), brotli: brotli(buf) });

/** Bytes a browser receives for `url` when it accepts brotli and gzip: what goes over the wire. */
function wireBytes(url, headers = {}) {
  return new Promise((resolve, reject) => {
    get(url, { headers: { 'accept-encoding': 'br, gzip', ...headers } }, (res) => {
      let bytes = 0;
      res.on('data', (chunk) => (bytes += chunk.length));
      res.on('end', () => resolve({ bytes, encoding: res.headers['content-encoding'] ?? 'none', status: res.statusCode }));
    }).on('error', reject);
  });
}

/**
 * The chunks next to embed.js: each with its size, the chunks it imports at once (fetched with it)
 * and the ones it imports later (`import()`, e.g. the QR encoder); entry chunks name their element.
 */
function lazyChunks() {
  if (!existsSync(CHUNKS)) return [];
  return readdirSync(CHUNKS).filter((file) => file.endsWith('.js')).sort().map((file) => {
    const code = readFileSync(`${CHUNKS}/${file}`);
    const text = code.toString('utf8');
    const names = (pattern) => [...new Set([...text.matchAll(pattern)].map((m) => m[1]))];
    return {
      file,
      tag: file.match(/^(teahouse-[a-z-]+)-[0-9a-f]{10}\.js$/)?.[1] ?? null,
      imports: names(/(?:\bfrom|\bimport)\s*["'`]\.\/([^"'`]+)["'`]/g),
      later: names(/\bimport\(\s*["'`]\.\/([^"'`]+)["'`]\s*\)/g),
      ...sizes(code),
    };
  });
}

/** An element's chunk and every chunk it imports at once, transitively: what its first use fetches. */
function firstUse(chunk, all) {
  const seen = new Set();
  const visit = (file) => {
    if (seen.has(file)) return;
    seen.add(file);
    for (const next of all.find((c) => c.file === file)?.imports ?? []) visit(next);
  };
  visit(chunk.file);
  return [...seen].map((file) => all.find((c) => c.file === file)).filter(Boolean);
}

/**
 * The demo thread's bootstrap as an anonymous reader's first request gets it, and what the
 * reference server actually sends for embed.js and that bootstrap.
 */
async function measureServer(chunkFile) {
  const { startServer, seedThread } = await import('../packages/server/dist/index.js');
  const { SITE, ARTICLE, THREAD_AUTHOR, SEED_FLOORS } = await import('../examples/news-site/content.mjs');
  const server = await startServer({
    port: 0,
    database: 'sqlite::memory:',
    staticDir: `${root}packages/embed/dist`,
    sites: [{ id: SITE.id, name: SITE.name, secret: 'bench-secret-0123456789abcdef', origins: ['http://127.0.0.1:8080'] }],
  });
  const base = server.url.replace(/\/$/, '');
  try {
    await seedThread(server.db, {
      site: SITE.id,
      page: ARTICLE.page,
      url: 'http://127.0.0.1:8080/',
      title: ARTICLE.title,
      author: THREAD_AUTHOR,
      floors: SEED_FLOORS,
    });
    const bootstrapUrl = `${base}/v1/sites/${SITE.id}/bootstrap?page=${ARTICLE.page}`;
    const res = await fetch(bootstrapUrl, {
      headers: { origin: 'http://127.0.0.1:8080', 'accept-encoding': 'identity' },
    });
    if (!res.ok) throw new Error(`bootstrap: ${res.status}`);
    const body = Buffer.from(await res.arrayBuffer());
    const wire = {
      embed: await wireBytes(`${base}/embed.js`),
      bootstrap: await wireBytes(bootstrapUrl, { origin: 'http://127.0.0.1:8080' }),
      chunk: chunkFile ? await wireBytes(`${base}/chunks/${chunkFile}`) : null,
    };
    return { ...sizes(body), floors: JSON.parse(body.toString('utf8')).page.floors.length, wire };
  } finally {
    await server.close();
  }
}

// Source map v3 "mappings" decoding, enough to attribute each output byte to a source file.
const B64 = Object.fromEntries([...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'].map((c, i) => [c, i]));
function decodeSegment(text) {
  const out = [];
  let value = 0;
  let shift = 0;
  for (const c of text) {
    const digit = B64[c];
    value += (digit & 31) << shift;
    if (digit & 32) shift += 5;
    else {
      out.push(value & 1 ? -(value >>> 1) : value >>> 1);
      value = 0;
      shift = 0;
    }
  }
  return out;
}

function packageOf(source) {
  const path = source.replace(/\\/g, '/');
  const dep = path.match(/node_modules\/(?:\.pnpm\/[^/]+\/node_modules\/)?((?:@[^/]+\/)?[^/]+)/);
  if (dep) return dep[1];
  // Sources are relative to packages/embed/dist: ../src/… is the embed, ../../<name>/dist/… a sibling.
  if (path.startsWith('../src/')) return '@teahouse/embed';
  const own = path.match(/(?:^|\/)(protocol|client|elements|embed|server)\/(?:src|dist)\/(?:([^/]+)\/)?/);
  if (own) return own[1] === 'elements' && own[2] ? `@teahouse/elements (${own[2]})` : `@teahouse/${own[1]}`;
  return path;
}

/** Output bytes per package, with each package's own brotli size (compressed on its own, so an upper bound). */
function composition(code, map) {
  const lines = code.split('\n');
  const chunks = new Map();
  const mappings = map.mappings.split(';');
  let source = 0;
  for (let line = 0; line < mappings.length && line < lines.length; line++) {
    const text = lines[line];
    const segments = mappings[line] ? mappings[line].split(',') : [];
    let column = 0;
    const points = [];
    for (const segment of segments) {
      const fields = decodeSegment(segment);
      column += fields[0];
      if (fields.length >= 4) source += fields[1];
      points.push([column, fields.length >= 4 ? source : -1]);
    }
    for (let i = 0; i < points.length; i++) {
      const [from, src] = points[i];
      const to = i + 1 < points.length ? points[i + 1][0] : text.length;
      const key = src >= 0 ? packageOf(map.sources[src]) : '(bundle glue)';
      chunks.set(key, (chunks.get(key) ?? '') + text.slice(from, to));
    }
  }
  return [...chunks]
    .map(([name, text]) => ({ name, raw: Buffer.byteLength(text), brotli: brotli(Buffer.from(text)) }))
    .sort((a, b) => b.raw - a.raw);
}

if (!existsSync(EMBED)) {
  console.error('packages/embed/dist/embed.js is missing: run `node scripts/build.mjs` first');
  process.exit(1);
}
const code = readFileSync(EMBED);
const embed = sizes(code);
const mapFile = `${EMBED}.map`;
const parts = existsSync(mapFile) ? composition(code.toString('utf8'), JSON.parse(readFileSync(mapFile, 'utf8'))) : [];
const chunks = lazyChunks();
const elements = chunks.filter((c) => c.tag);
const boot = await measureServer(elements.find((c) => c.tag === 'teahouse-share')?.file ?? elements[0]?.file);
const verdict =
  embed.brotli <= TARGET_KB * 1024 ? `within the ${TARGET_KB} KB target` : embed.brotli <= CEILING_KB * 1024 ? `over the ${TARGET_KB} KB target, under the ${CEILING_KB} KB ceiling` : `OVER the ${CEILING_KB} KB ceiling`;

const table = [
  '| what | raw | gzip -9 | brotli 11 |',
  '|---|---:|---:|---:|',
  `| \`embed.js\` (the elements of the thread, the client, styles) | ${kb(embed.raw)} | ${kb(embed.gzip)} | **${kb(embed.brotli)}** |`,
  `| bootstrap response, demo thread (${boot.floors} floors) | ${kb(boot.raw)} | ${kb(boot.gzip)} | ${kb(boot.brotli)} |`,
  `| **first paint total** (2 requests: script + bootstrap) | ${kb(embed.raw + boot.raw)} | ${kb(embed.gzip + boot.gzip)} | **${kb(embed.brotli + boot.brotli)}** |`,
];
const wire = boot.wire;
const wireTable = [
  '| served by the reference server (`Accept-Encoding: br, gzip`) | bytes on the wire | encoding |',
  '|---|---:|---|',
  `| \`GET /embed.js\` | ${kb(wire.embed.bytes)} | ${wire.embed.encoding} |`,
  `| \`GET /v1/sites/demo/bootstrap\` | ${kb(wire.bootstrap.bytes)} | ${wire.bootstrap.encoding} |`,
  ...(wire.chunk ? [`| \`GET /chunks/${elements.find((c) => c.tag === 'teahouse-share')?.file ?? elements[0].file}\` | ${kb(wire.chunk.bytes)} | ${wire.chunk.encoding} |`] : []),
];
const chunkTable = [
  '| chunk (`dist/chunks/`) | raw | gzip -9 | brotli 11 | imports at once | imports later |',
  '|---|---:|---:|---:|---|---|',
  ...chunks.map((c) => `| \`${c.file}\` | ${kb(c.raw)} | ${kb(c.gzip)} | ${kb(c.brotli)} | ${c.imports.join(', ') || '–'} | ${c.later.join(', ') || '–'} |`),
];
const elementTable = [
  '| lazy element | first use fetches | brotli 11 | later, on demand |',
  '|---|---|---:|---|',
  ...elements.map((c) => {
    const fetched = firstUse(c, chunks);
    const later = [...new Set(fetched.flatMap((f) => f.later))].map((file) => chunks.find((x) => x.file === file)).filter(Boolean);
    // Elements by their tag; modules (catalogs, live updates, the thread's tools, the press) by name.
    const name = /^teahouse-(locale-|live$|thread-tools$|reactions-press$)/.test(c.tag) ? `\`${c.tag}\`` : `\`<${c.tag}>\``;
    return `| ${name} | ${fetched.length} ${fetched.length === 1 ? 'chunk' : 'chunks'} | ${kb(fetched.reduce((sum, f) => sum + f.brotli, 0))} | ${later.map((l) => `${l.file} (${kb(l.brotli)})`).join(', ') || '–'} |`;
  }),
];
const breakdown = [
  '| package | raw in `embed.js` | brotli 11 on its own |',
  '|---|---:|---:|',
  ...parts.filter((p) => p.raw >= 200).map((p) => `| ${p.name} | ${kb(p.raw)} | ${kb(p.brotli)} |`),
];

const section = [
  START,
  `Measured by \`node bench/size.mjs\` on ${new Date().toISOString().slice(0, 10)} (Node ${process.versions.node}).`,
  '',
  ...table,
  '',
  ...wireTable,
  '',
  `KB here is 1024 bytes; \`embed.js\` brotli is ${embed.brotli.toLocaleString('en')} bytes. The build also writes`,
  '`embed.js.br` and `embed.js.gz` for servers and CDNs that send precompressed files.',
  '',
  `\`embed.js\` is ${verdict} (brotli, quality 11). First paint of a thread costs two requests: the script and`,
  'one bootstrap (thread, first page of floors, site config, and the viewer when a token is sent); the',
  'bootstrap size is measured uncompressed from an in-process server and compressed here.',
  '',
  ...(chunks.length ? [
    'What a thread does not need to paint its floors comes in chunks next to `embed.js`, from the same origin,',
    'fetched once the floors have painted (bench/render.mjs counts what starts before): the thread\'s pages,',
    'footer, nested view and jump, the composer, the code of a reaction press, live updates and the share',
    'bar (whose room is kept above the floors meanwhile); the en and zh-TW words come on pages in those',
    'languages (the bundle carries zh-CN, so a page in another language fetches its words beside the',
    'bootstrap); the edit and report forms, points and moderation on first use. They take lit, the',
    'base class, the contexts and the client from `embed.js` (through a global) instead of carrying their',
    'own; the response schemas they check, with the part of zod those need, come in a chunk they share,',
    'fetched once. Chunk names carry a content hash, so browsers may keep them for good; the build writes',
    '`.br` and `.gz` next to each.',
    '',
    'The client is on ky 1.7.5, measured with esbuild (minified, brotli 11) at 3.4 KB against 4.8 KB for',
    'ky 1.14 and 8.2 KB for ky 2.1, and has all it needs (Retry-After on 413/429/503, retries of GET and PUT).',
    '',
    ...elementTable,
    '',
    ...chunkTable,
    '',
  ] : []),
  parts.length ? 'What `embed.js` is made of (attributed through its source map; per-package brotli sizes are each compressed alone, so they add up to more than the whole):' : '',
  '',
  ...(parts.length ? breakdown : []),
  END,
].join('\n');

let doc = existsSync(DOC) ? readFileSync(DOC, 'utf8') : '# Performance\n\nNumbers measured by the scripts under `bench/` (`pnpm bench` runs them all).\n\n## Size of what a host page downloads\n\n';
if (doc.includes(START) && doc.includes(END)) {
  doc = doc.slice(0, doc.indexOf(START)) + section + doc.slice(doc.indexOf(END) + END.length);
} else {
  doc = `${doc.trimEnd()}\n\n${section}\n`;
}
writeFileSync(DOC, doc);

console.log(table.join('\n'));
console.log(`\n${wireTable.join('\n')}`);
console.log(`\nembed.js: ${verdict}`);
if (chunks.length) console.log(`\n${elementTable.join('\n')}\n\n${chunkTable.join('\n')}`);
if (parts.length) console.log(`\n${breakdown.join('\n')}`);
console.log(`\nupdated ${DOC.slice(root.length)}`);
