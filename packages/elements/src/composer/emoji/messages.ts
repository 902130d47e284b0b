import type { Locale } from '../../i18n/messages.js';

/** The strings of the 表情 panel, loaded with it. Each locale must provide all of them. */
export interface EmojiMessages {
  /** The panel's accessible name. */
  title: string;
  /** Heading of the Unicode emoji. */
  unicode: string;
  /** Accessible name of a sticker button: the pack and the sticker. */
  sticker: (pack: string, name: string) => string;
}

export const en: EmojiMessages = {
  title: 'Emoji and stickers',
  unicode: 'Emoji',
  sticker: (pack, name) => `Sticker ${name} (${pack})`,
};

export const zhCN: EmojiMessages = {
  title: '表情',
  unicode: '表情符号',
  sticker: (pack, name) => `表情 ${name}（${pack}）`,
};

export const zhTW: EmojiMessages = {
  title: '表情',
  unicode: '表情符號',
  sticker: (pack, name) => `表情 ${name}（${pack}）`,
};

export const catalogs: Record<Locale, EmojiMessages> = { en, 'zh-CN': zhCN, 'zh-TW': zhTW };
