import type { Locale } from '../i18n/messages.js';

/**
 * The strings of a thread's live updates (`<teahouse-live>`), in a catalog of their own that loads
 * with them, so the main bundle carries none of them.
 */
export interface LiveMessages {
  /** Button revealing floors that arrived live: "3 条新回复". */
  newReplies: (count: number) => string;
}

export const en: LiveMessages = {
  newReplies: (count) => `${count} new ${count === 1 ? 'reply' : 'replies'}`,
};

export const zhCN: LiveMessages = {
  newReplies: (count) => `${count} 条新回复`,
};

export const zhTW: LiveMessages = {
  newReplies: (count) => `${count} 則新回覆`,
};

/** Locales shipped, by tag: the main catalog's. */
export const catalogs: Record<Locale, LiveMessages> = { en, 'zh-CN': zhCN, 'zh-TW': zhTW };
