#!/usr/bin/env node
/**
 * The news-site demo: a Teahouse server (comments API + embed.js) and a host news site
 * that embeds it with one script tag and signs reader tokens for its own logged-in users.
 *
 *   node examples/news-site/server.mjs      →  Demo: http://127.0.0.1:8080/
 *
 * Environment: PORT (host site, 8080), TEAHOUSE_PORT (8787), TEAHOUSE_DATABASE
 * (sqlite:./data/demo.db in this folder), TEAHOUSE_DEMO_SECRET, HOST (127.0.0.1),
 * TEAHOUSE_EXTRA_ORIGINS (more origins allowed to use the demo site, comma-separated),
 * TEAHOUSE_DEMO_LIMITS=off (no rate limits, flood control or duplicate checks: for scripted walkthroughs).
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { createServer } from 'node:http';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { seedThread, signToken, startServer } from '@teahouse/server';
import { ARTICLE, READERS, SEED_FLOORS, SITE, THREAD_AUTHOR } from './content.mjs';
import { renderAdmin } from './admin.mjs';
import { renderArticle } from './page.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const HOST = process.env.HOST || '127.0.0.1';
const PORT = Number(process.env.PORT ?? 8080);
const TEAHOUSE_PORT = Number(process.env.TEAHOUSE_PORT ?? 8787);
const DATABASE = process.env.TEAHOUSE_DATABASE || `sqlite:${join(here, 'data', 'demo.db')}`;
// Demo only: a real host keeps its site secret out of the source and shares it with nobody.
const SECRET = process.env.TEAHOUSE_DEMO_SECRET || 'demo-only-secret-do-not-use-in-production';
const STATIC_DIR = join(here, '..', '..', 'packages', 'embed', 'dist');
const COOKIE = 'demo_reader';
// The example single-page app (examples/vite-app) on Vite's dev and preview ports may use the demo site too.
const EXTRA_ORIGINS = (process.env.TEAHOUSE_EXTRA_ORIGINS ?? 'http://127.0.0.1:5173,http://127.0.0.1:4173')
  .split(',')
  .map((o) => o.trim())
  .filter(Boolean);

const ASSETS = {
  '/assets/site.css': { file: 'public/site.css', type: 'text/css; charset=utf-8' },
  '/assets/site.js': { file: 'public/site.js', type: 'text/javascript; charset=utf-8' },
  '/assets/admin.css': { file: 'public/admin.css', type: 'text/css; charset=utf-8' },
  '/assets/admin.js': { file: 'public/admin.js', type: 'text/javascript; charset=utf-8' },
  '/assets/laojie.svg': { file: 'public/laojie.svg', type: 'image/svg+xml' },
  '/favicon.svg': { file: 'public/favicon.svg', type: 'image/svg+xml' },
};

function readerFrom(req) {
  const cookies = Object.fromEntries(
    (req.headers.cookie ?? '').split(';').map((part) => {
      const i = part.indexOf('=');
      return [part.slice(0, i).trim(), decodeURIComponent(part.slice(i + 1).trim())];
    }),
  );
  return READERS.find((r) => r.sub === cookies[COOKIE]) ?? null;
}

async function readBody(req) {
  const chunks = [];
  let size = 0;
  for await (const chunk of req) {
    size += chunk.length;
    if (size > 4096) throw new Error('body too large');
    chunks.push(chunk);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  if ((req.headers['content-type'] ?? '').includes('application/json')) return JSON.parse(text || '{}');
  return Object.fromEntries(new URLSearchParams(text));
}

function send(res, status, body, headers = {}) {
  res.writeHead(status, { 'cache-control': 'no-store', ...headers });
  res.end(body);
}

const json = (res, status, value, headers = {}) =>
  send(res, status, JSON.stringify(value), { 'content-type': 'application/json; charset=utf-8', ...headers });

/** Headers of the host's HTML pages: a strict Content Security Policy that lets in Teahouse's origin only. */
/**
 * The article's thread as Teahouse renders it on the server (page `p`), for readers without
 * JavaScript and crawlers; embed.js hydrates it. Empty when Teahouse cannot answer: the embed
 * then loads the thread itself.
 */
async function serverThread(teahouse, page, p) {
  const query = new URLSearchParams({ page });
  if (p && /^\d{1,6}$/.test(p)) query.set('p', p);
  try {
    const res = await fetch(`${teahouse}/v1/sites/${SITE.id}/threads/html?${query}`, { signal: AbortSignal.timeout(2000) });
    return res.ok ? await res.text() : '';
  } catch {
    return '';
  }
}

/** The CSP hashes of the fragment's <style> elements (its elements' shadow styles): the page allows no other inline style. */
const styleHashes = (html) =>
  [...new Set([...html.matchAll(/<style>([^<]*)<\/style>/g)].map(([, css]) => `'sha256-${createHash('sha256').update(css).digest('base64')}'`))];

const pageHeaders = (teahouse, styles = []) => ({
  'content-type': 'text/html; charset=utf-8',
  'content-security-policy': [
    "default-src 'self'",
    `script-src 'self' ${teahouse}`,
    `connect-src 'self' ${teahouse}`,
    ["style-src 'self'", ...styles].join(' '),
    'img-src * data:',
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    "object-src 'none'",
  ].join('; '),
  'referrer-policy': 'strict-origin-when-cross-origin',
  'x-content-type-options': 'nosniff',
});

function sessionCookie(sub) {
  const attrs = 'Path=/; HttpOnly; SameSite=Lax';
  return sub ? `${COOKIE}=${encodeURIComponent(sub)}; ${attrs}; Max-Age=604800` : `${COOKIE}=; ${attrs}; Max-Age=0`;
}

/** The host site. `teahouse` is filled in once the Teahouse server listens. */
function hostSite(state) {
  return async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://host');
    const wantsJson = (req.headers.accept ?? '').includes('application/json');
    try {
      if (req.method === 'GET' && (url.pathname === '/' || url.pathname === '/index.html')) {
        const teahouse = state.teahouse;
        if (!teahouse) return send(res, 503, 'starting', { 'retry-after': '1' });
        const thread = await serverThread(teahouse, ARTICLE.page, url.searchParams.get('p'));
        return send(res, 200, renderArticle({ article: ARTICLE, site: SITE, readers: READERS, reader: readerFrom(req), teahouse, origin: state.origin, thread }),
          pageHeaders(teahouse, styleHashes(thread)));
      }
      // The host's admin page: <teahouse-moderation> for the site's moderators (the element refuses anyone else).
      if (req.method === 'GET' && (url.pathname === '/admin.html' || url.pathname === '/admin')) {
        const teahouse = state.teahouse;
        if (!teahouse) return send(res, 503, 'starting', { 'retry-after': '1' });
        return send(res, 200, renderAdmin({ site: SITE, readers: READERS, reader: readerFrom(req), teahouse }), pageHeaders(teahouse));
      }
      // Stands in for the host's sign-up page; the page script opens the login menu instead.
      if (req.method === 'GET' && url.pathname === '/register') return send(res, 303, '', { location: '/' });
      const asset = req.method === 'GET' ? ASSETS[url.pathname] : undefined;
      if (asset) return send(res, 200, readFileSync(join(here, asset.file)), { 'content-type': asset.type });

      // The host's own session: which of its users is logged in. Teahouse never sees this cookie.
      if (req.method === 'POST' && url.pathname === '/login') {
        const body = await readBody(req);
        const reader = READERS.find((r) => r.sub === body.user);
        if (!reader) return json(res, 400, { error: 'unknown reader' });
        const cookie = { 'set-cookie': sessionCookie(reader.sub) };
        return wantsJson ? json(res, 200, { reader }, cookie) : send(res, 303, '', { ...cookie, location: '/' });
      }
      if (req.method === 'POST' && url.pathname === '/logout') {
        const cookie = { 'set-cookie': sessionCookie(null) };
        return wantsJson ? json(res, 200, { reader: null }, cookie) : send(res, 303, '', { ...cookie, location: '/' });
      }
      // What a host backend adds to embed Teahouse: sign a short-lived token for its logged-in user.
      if (req.method === 'GET' && url.pathname === '/api/teahouse-token') {
        const reader = readerFrom(req);
        if (!reader) return json(res, 200, { reader: null, token: null });
        const token = await signToken({ id: SITE.id, secret: SECRET }, { sub: reader.sub, name: reader.name }, 3600);
        return json(res, 200, { reader, token, expiresIn: 3600 });
      }
      return send(res, 404, 'not found', { 'content-type': 'text/plain; charset=utf-8' });
    } catch (error) {
      console.error(error);
      return send(res, 500, 'internal error', { 'content-type': 'text/plain; charset=utf-8' });
    }
  };
}

async function seedIfEmpty(teahouse, origin) {
  const res = await teahouse.app.request(`/v1/sites/${SITE.id}/bootstrap?page=${encodeURIComponent(ARTICLE.page)}&limit=1`);
  if (!res.ok) throw new Error(`bootstrap failed: ${res.status} ${await res.text()}`);
  const { thread } = await res.json();
  if (thread.replyCount > 0) return false;
  await seedThread(teahouse.db, {
    site: SITE.id,
    page: ARTICLE.page,
    url: `${origin}${ARTICLE.path}`,
    title: ARTICLE.title,
    author: THREAD_AUTHOR,
    floors: SEED_FLOORS,
  });
  return true;
}

async function main() {
  const state = { teahouse: null, origin: null };
  const http = createServer(hostSite(state));
  await new Promise((resolve, reject) => {
    http.once('error', reject);
    http.listen(PORT, HOST, resolve);
  });
  const address = http.address();
  state.origin = `http://${HOST}:${address.port}`;

  if (DATABASE.startsWith('sqlite:') && !DATABASE.includes(':memory:')) {
    mkdirSync(dirname(DATABASE.slice('sqlite:'.length)), { recursive: true });
  }
  const teahouse = await startServer({
    port: TEAHOUSE_PORT,
    host: HOST,
    database: DATABASE,
    staticDir: STATIC_DIR,
    ...(process.env.TEAHOUSE_DEMO_LIMITS === 'off' ? { limits: false } : {}),
    sites: [{
      id: SITE.id, name: SITE.name, secret: SECRET, origins: [state.origin, ...EXTRA_ORIGINS], registerUrl: `${state.origin}/register`,
      // The demo's moderators (版主) moderate on /admin.html.
      roles: Object.fromEntries(READERS.filter((r) => r.moderator).map((r) => [r.sub, 'moderator'])),
      // Like the reference page, the demo rewards WeChat shares too; a new site starts with them off (see docs/rewards.md).
      rewards: { wechatRewards: true },
    }],
  });
  const seeded = await seedIfEmpty(teahouse, state.origin);
  state.teahouse = teahouse.url.replace(/\/$/, '');
  // The first thread Teahouse renders loads its renderer (Lit and the elements): done before the first reader comes.
  await serverThread(state.teahouse, ARTICLE.page);

  console.log(`Teahouse: ${state.teahouse}/ (site "${SITE.id}"${seeded ? ', demo thread seeded' : ''})`);
  console.log(`Demo: ${state.origin}/`);

  let closing = false;
  const shutdown = async (signal) => {
    if (closing) return;
    closing = true;
    console.log(`${signal}: shutting down`);
    const timer = setTimeout(() => process.exit(1), 5000);
    timer.unref();
    http.closeAllConnections?.();
    await new Promise((resolve) => http.close(() => resolve()));
    await teahouse.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
