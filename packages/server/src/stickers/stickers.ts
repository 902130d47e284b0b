import { createHash } from 'node:crypto';
import { MAX_PACK_STICKERS, MAX_STICKER_BYTES, STICKER_NAME_PATTERN, type StickerList } from '@teahouse/protocol';
import type { Database } from '../db/database.js';
import { now } from '../db/ids.js';
import { STICKER_SOURCE } from '../rich-text/markdown.js';

/** What a sticker's first bytes say it is; anything else (SVG above all, which can carry script) is refused. */
export function imageType(bytes: Uint8Array): string | null {
  const starts = (...sig: number[]) => sig.every((b, i) => bytes[i] === b);
  if (starts(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a)) return 'image/png';
  if (starts(0x47, 0x49, 0x46, 0x38) && (bytes[4] === 0x37 || bytes[4] === 0x39) && bytes[5] === 0x61) return 'image/gif';
  if (starts(0xff, 0xd8, 0xff)) return 'image/jpeg';
  if (starts(0x52, 0x49, 0x46, 0x46) && bytes[8] === 0x57 && bytes[9] === 0x45 && bytes[10] === 0x42 && bytes[11] === 0x50) return 'image/webp';
  return null;
}

/** A file the operator hands `stickers add`: its name without the extension becomes the sticker's. */
export interface StickerFile {
  name: string;
  bytes: Uint8Array;
}

/** Why a pack cannot be installed, one line per file at fault. */
export class StickerError extends Error {}

/**
 * Installs a pack, or replaces it: its stickers become exactly `files`, in the order given. Every
 * file is checked first (name, size, type by its bytes) and nothing is written unless all pass.
 */
export async function installPack(db: Database, siteId: string, pack: string, files: readonly StickerFile[]): Promise<{ added: number }> {
  if (!STICKER_NAME_PATTERN.test(pack)) throw new StickerError(`pack name "${pack}": lowercase letters, digits, - and _, at most 32`);
  if (files.length === 0) throw new StickerError('no images to install');
  if (files.length > MAX_PACK_STICKERS) throw new StickerError(`${files.length} images: a pack holds at most ${MAX_PACK_STICKERS}`);
  const problems: string[] = [];
  const seen = new Set<string>();
  const at = now();
  const rows = files.map((file, position) => {
    const type = imageType(file.bytes);
    if (!STICKER_NAME_PATTERN.test(file.name)) problems.push(`${file.name}: a sticker name is lowercase letters, digits, - and _, at most 32`);
    else if (seen.has(file.name)) problems.push(`${file.name}: two files give this name`);
    if (file.bytes.length > MAX_STICKER_BYTES) problems.push(`${file.name}: ${file.bytes.length} bytes, more than ${MAX_STICKER_BYTES}`);
    if (type === null) problems.push(`${file.name}: not a PNG, GIF, WebP or JPEG image`);
    seen.add(file.name);
    return {
      site_id: siteId, pack, name: file.name, type: type ?? '', bytes: file.bytes, position, created_at: at,
      hash: createHash('sha256').update(file.bytes).digest('hex'),
    };
  });
  if (problems.length > 0) throw new StickerError(problems.join('\n'));
  const site = await db.kysely.selectFrom('sites').select('id').where('id', '=', siteId).executeTakeFirst();
  if (!site) throw new StickerError(`no site "${siteId}"`);
  await db.write(async ({ trx }) => {
    await trx.deleteFrom('stickers').where('site_id', '=', siteId).where('pack', '=', pack).execute();
    await trx.insertInto('stickers').values(rows).execute();
  });
  return { added: rows.length };
}

/** Removes a pack: floors that used its stickers keep them by name, but their images are no longer served. */
export async function removePack(db: Database, siteId: string, pack: string): Promise<number> {
  const removed = await db.write(({ trx }) => trx.deleteFrom('stickers').where('site_id', '=', siteId).where('pack', '=', pack).executeTakeFirst());
  return Number(removed.numDeletedRows);
}

/** The site's packs, each sticker by name, in the order installed. */
export async function listStickers(db: Database, siteId: string): Promise<StickerList> {
  const rows = await db.kysely.selectFrom('stickers').select(['pack', 'name', 'position', 'created_at'])
    .where('site_id', '=', siteId).orderBy('created_at').orderBy('pack').orderBy('position').execute();
  const packs = new Map<string, { name: string }[]>();
  for (const row of rows) {
    let list = packs.get(row.pack);
    if (!list) packs.set(row.pack, (list = []));
    list.push({ name: row.name });
  }
  return { packs: [...packs].map(([name, stickers]) => ({ name, stickers })) };
}

/** One sticker's image, or undefined. */
export async function getSticker(db: Database, siteId: string, pack: string, name: string) {
  return db.kysely.selectFrom('stickers').select(['type', 'bytes', 'hash'])
    .where('site_id', '=', siteId).where('pack', '=', pack).where('name', '=', name).executeTakeFirst();
}

/**
 * The stickers a body's source names that the site has, as `pack/name`, for `parseBody`. Bodies
 * without a `:pack/name:` (nearly all) cost no query.
 */
export async function installedStickers(db: Database, siteId: string, source: string): Promise<ReadonlySet<string>> {
  const named = new Set<string>();
  const pattern = new RegExp(STICKER_SOURCE);
  for (let match = pattern.exec(source); match; match = pattern.exec(source)) {
    named.add(`${match[1]}/${match[2]}`);
    // `:a/b:c/d:` names both.
    pattern.lastIndex = match.index + match[0].length - 1;
    if (named.size > 100) break;
  }
  if (named.size === 0) return named;
  const packs = [...new Set([...named].map((key) => key.split('/')[0]!))];
  const rows = await db.kysely.selectFrom('stickers').select(['pack', 'name'])
    .where('site_id', '=', siteId).where('pack', 'in', packs).execute();
  return new Set(rows.map((row) => `${row.pack}/${row.name}`).filter((key) => named.has(key)));
}
