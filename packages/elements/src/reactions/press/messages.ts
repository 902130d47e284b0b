import type { Locale } from '../../i18n/messages.js';

/**
 * The strings of a press on a reaction button and of the list of who reacted, in a catalog of their
 * own that loads with them. Each locale must provide all of them.
 */
export interface PressMessages {
  /** A reader who is not signed in pressed a reaction. */
  reactLogin: string;
  /** The server refused a reaction (e.g. to one's own floor). */
  reactRefused: string;
  reactFailed: string;
  whoFailed: string;
}

export const en: PressMessages = {
  reactLogin: 'Log in to react.',
  reactRefused: 'You cannot react to your own post.',
  reactFailed: 'Your reaction was not saved. Please try again.',
  whoFailed: 'The names could not be loaded.',
};

export const zhCN: PressMessages = {
  reactLogin: '登录后才可以评价。',
  reactRefused: '不能评价自己发的内容。',
  reactFailed: '评价没有保存，请重试。',
  whoFailed: '名单加载失败。',
};

export const zhTW: PressMessages = {
  reactLogin: '登入後才可以評價。',
  reactRefused: '不能評價自己發的內容。',
  reactFailed: '評價沒有儲存，請重試。',
  whoFailed: '名單載入失敗。',
};

/** Locales shipped, by tag: the main catalog's. */
export const catalogs: Record<Locale, PressMessages> = { en, 'zh-CN': zhCN, 'zh-TW': zhTW };
