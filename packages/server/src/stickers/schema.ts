export interface StickersTable {
  site_id: string;
  pack: string;
  name: string;
  /** The image's media type, read from its first bytes. */
  type: string;
  bytes: Uint8Array;
  /** sha256 of the bytes, hex: the ETag. */
  hash: string;
  position: number;
  created_at: string;
}

export interface StickerTables {
  stickers: StickersTable;
}
