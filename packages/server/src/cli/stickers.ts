import { readdir, readFile, stat } from 'node:fs/promises';
import { extname, join } from 'node:path';
import { Command } from 'commander';
import { MAX_STICKER_BYTES } from '@teahouse/protocol';
import { installPack, listStickers, removePack, StickerError, type StickerFile } from '../stickers/stickers.js';
import { UsageError, action, databaseOption, withDatabase } from './common.js';

interface DatabaseOptions { database?: string }

const IMAGE_EXTENSIONS = new Set(['.png', '.gif', '.webp', '.jpg', '.jpeg']);

/** The images of a folder, by file name; what they are is decided by their bytes, not their extension. */
async function readPack(dir: string): Promise<StickerFile[]> {
  let entries: string[];
  try {
    entries = await readdir(dir);
  } catch {
    throw new UsageError(`cannot read the folder ${dir}`);
  }
  const files: StickerFile[] = [];
  for (const entry of entries.sort()) {
    const ext = extname(entry).toLowerCase();
    if (!IMAGE_EXTENSIONS.has(ext)) continue;
    const path = join(dir, entry);
    const info = await stat(path);
    if (!info.isFile()) continue;
    // Too large a file is named without being read whole.
    const bytes = info.size > MAX_STICKER_BYTES ? new Uint8Array(info.size) : await readFile(path);
    files.push({ name: entry.slice(0, entry.length - ext.length), bytes });
  }
  if (files.length === 0) throw new UsageError(`${dir} has no .png, .gif, .webp or .jpg files`);
  return files;
}

/** `teahouse stickers …`: the sticker packs (表情) a site's readers pick from in the composer. */
export function stickersCommand(): Command {
  const stickers = new Command('stickers').description("install and remove a site's sticker packs (表情)");

  stickers.command('add')
    .description(`install a pack from the images in a folder (PNG, GIF, WebP or JPEG, at most ${MAX_STICKER_BYTES / 1024} KB each); a pack of that name is replaced`)
    .argument('<site>', 'the site')
    .argument('<pack>', 'the pack name, as readers write it: :pack/name:')
    .argument('<dir>', 'a folder of images; each file name (without extension) becomes a sticker name')
    .addOption(databaseOption())
    .action(action(async (site: string, pack: string, dir: string, options: DatabaseOptions) => {
      const files = await readPack(dir);
      const { added } = await withDatabase(options.database, (db) => installPack(db, site, pack, files)).catch((error: unknown) => {
        throw error instanceof StickerError ? new UsageError(error.message) : error;
      });
      process.stdout.write(`site ${site}: pack ${pack} installed with ${added} sticker${added === 1 ? '' : 's'}\n`);
    }));

  stickers.command('list')
    .description("list a site's packs and their stickers")
    .argument('<site>', 'the site')
    .addOption(databaseOption())
    .action(action(async (site: string, options: DatabaseOptions) => {
      const { packs } = await withDatabase(options.database, (db) => listStickers(db, site));
      if (packs.length === 0) process.stdout.write(`site ${site} has no stickers\n`);
      for (const pack of packs) process.stdout.write(`${pack.name}: ${pack.stickers.map((s) => s.name).join(' ')}\n`);
    }));

  stickers.command('remove')
    .description('remove a pack; floors that used its stickers keep their names, and their images are no longer served')
    .argument('<site>', 'the site')
    .argument('<pack>', 'the pack name')
    .addOption(databaseOption())
    .action(action(async (site: string, pack: string, options: DatabaseOptions) => {
      const removed = await withDatabase(options.database, (db) => removePack(db, site, pack));
      if (removed === 0) throw new UsageError(`site ${site} has no pack ${pack}`);
      process.stdout.write(`site ${site}: pack ${pack} removed (${removed} sticker${removed === 1 ? '' : 's'})\n`);
    }));

  return stickers;
}
