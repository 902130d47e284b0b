import { readFile, stat } from 'node:fs/promises';
import { basename, extname, resolve, sep } from 'node:path';
import type { Context } from 'hono';

const TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.html': 'text/html; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
  '.wasm': 'application/wasm',
};

/** Build output names its chunks with a content hash (`chunk-3f9a1c2b.js`); those never change. */
const HASHED = /[.-](?=[A-Za-z_]*\d)[A-Za-z0-9_]{8,}\.[a-z0-9]+$/;

/**
 * Serves files under `root` for GET and HEAD; anything outside it, hidden or missing is
 * left to the next handler (a 404 body). `embed.js` keeps a fixed name so host pages need
 * not change, hence a short cache lifetime plus revalidation for unhashed names.
 */
export function serveStatic(root: string) {
  const base = resolve(root);
  return async (c: Context, next: () => Promise<void>): Promise<Response | void> => {
    if (c.req.method !== 'GET' && c.req.method !== 'HEAD') return next();
    let path: string;
    try {
      path = decodeURIComponent(c.req.path);
    } catch {
      return next();
    }
    if (path.includes('\0') || path.split('/').some((part) => part.startsWith('.'))) return next();
    if (path.endsWith('/')) path += 'index.html';
    const file = resolve(base, `.${path}`);
    if (file !== base && !file.startsWith(base + sep)) return next();
    let info;
    try {
      info = await stat(file);
    } catch {
      return next();
    }
    if (!info.isFile()) return next();
    // The embed build writes `.br` and `.gz` next to each file; sending those saves the
    // host page most of the bytes without compressing on every request.
    const accepted = c.req.header('accept-encoding') ?? '';
    let sent = file;
    let encoding: string | undefined;
    for (const [name, suffix] of [['br', '.br'], ['gzip', '.gz']] as const) {
      if (!new RegExp(`\\b${name}\\b`).test(accepted)) continue;
      const candidate = await stat(file + suffix).catch(() => undefined);
      if (candidate?.isFile()) {
        sent = file + suffix;
        encoding = name;
        info = candidate;
        break;
      }
    }
    const etag = `"${info.size.toString(36)}-${Math.floor(info.mtimeMs).toString(36)}${encoding ? `-${encoding}` : ''}"`;
    const headers: Record<string, string> = {
      'Content-Type': TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream',
      'Cache-Control': HASHED.test(basename(file)) ? 'public, max-age=31536000, immutable' : 'public, max-age=300, must-revalidate',
      ETag: etag,
      Vary: 'Accept-Encoding',
      'X-Content-Type-Options': 'nosniff',
      ...(encoding ? { 'Content-Encoding': encoding } : {}),
    };
    if (c.req.header('if-none-match') === etag) return c.body(null, 304, headers);
    if (c.req.method === 'HEAD') return c.body(null, 200, { ...headers, 'Content-Length': String(info.size) });
    return c.body(await readFile(sent), 200, headers);
  };
}
