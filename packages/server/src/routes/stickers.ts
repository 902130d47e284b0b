import type { Hono } from 'hono';
import { routeTable } from '@teahouse/protocol/routes';
import type { Database } from '../db/database.js';
import { notFound } from '../errors.js';
import { getSticker, listStickers } from '../stickers/stickers.js';
import { register, type RouteOptions } from './route.js';

/** 表情: the site's sticker packs and their images, served from this origin only. */
export function stickerRoutes(app: Hono, db: Database, options: RouteOptions): void {
  register(app, routeTable.stickers, async (c) => {
    c.header('Cache-Control', 'public, max-age=60');
    return c.json(await listStickers(db, c.var.site.id));
  }, options);

  register(app, routeTable.sticker, async (c) => {
    const { pack, name } = c.req.valid('param');
    const sticker = await getSticker(db, c.var.site.id, pack, name);
    if (!sticker) throw notFound(`no sticker ${pack}/${name} on this site`);
    const etag = `"${sticker.hash.slice(0, 32)}"`;
    // A reinstalled pack may change an image under the same name: a week, then a revalidation by ETag.
    const headers = {
      'Cache-Control': 'public, max-age=604800, stale-while-revalidate=86400',
      ETag: etag,
      'X-Content-Type-Options': 'nosniff',
      'Content-Security-Policy': "default-src 'none'",
      'Cross-Origin-Resource-Policy': 'cross-origin',
    };
    if (c.req.header('if-none-match')?.split(',').some((tag) => tag.trim().replace(/^W\//, '') === etag)) return c.body(null, 304, headers);
    return c.body(new Uint8Array(sticker.bytes), 200, { ...headers, 'Content-Type': sticker.type });
  }, options);
}
