import * as z from 'zod/mini';
import { SiteId } from './schemas.js';

/**
 * 表情: a site's sticker packs, images its operator installs on the Teahouse server
 * (`teahouse stickers add <site> <pack> <dir>`). A body names a sticker as `:pack/name:` in its
 * source and carries a `sticker` node in its tree; the image is only ever fetched from the
 * Teahouse server's own origin, at the path `sticker` below.
 */

/** A pack's or a sticker's name: lowercase letters, digits, `-` and `_`, 1 to 32, starting with a letter or digit. */
export const STICKER_NAME_PATTERN = /^[a-z0-9][a-z0-9_-]{0,31}$/;
/** Largest image `stickers add` accepts, in bytes. */
export const MAX_STICKER_BYTES = 256 * 1024;
/** Most stickers one pack holds. */
export const MAX_PACK_STICKERS = 200;

export const StickerName = z.string().check(z.regex(STICKER_NAME_PATTERN, 'lowercase letters, digits, - and _, at most 32'));

export const StickerParams = z.object({ site: SiteId, pack: StickerName, name: StickerName });

export const StickerPack = z.object({
  /** As written in a body: `:pack/name:`. */
  name: StickerName,
  stickers: z.array(z.object({ name: StickerName })),
});
export type StickerPack = z.infer<typeof StickerPack>;

export const StickerList = z.object({ packs: z.array(StickerPack) });
export type StickerList = z.infer<typeof StickerList>;
