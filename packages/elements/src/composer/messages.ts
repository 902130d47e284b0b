import type { Locale } from '../i18n/messages.js';

/**
 * The strings of the composer (`<teahouse-composer>`), in a catalog of their own that loads with
 * it, so the main bundle carries none of them. Errors come from the main catalog. Each locale must
 * provide all of them.
 */
export interface ComposerMessages {
  composerLabel: string;
  composerPlaceholder: string;
  submit: string;
  sending: string;
  /** Composer chip: "回复 沙发" / "Replying to #2". */
  replyingTo: (floor: string) => string;
  quoting: (floor: string) => string;
  cancelReply: string;
  /** Length counter. */
  counter: (length: number, max: number) => string;
  tooLong: (max: number) => string;
  /** Composer toggle between writing and the formatted preview. */
  preview: string;
  /** The button that opens the emoji and sticker panel. */
  emoji: string;
  /** Login prompt: "您需要 [登录] 后才可以回帖 · [立即注册]". */
  loginBefore: string;
  login: string;
  loginAfter: string;
  register: string;
  guestName: string;
}

export const en: ComposerMessages = {
  composerLabel: 'Your reply',
  composerPlaceholder: 'Write a reply…',
  submit: 'Post',
  sending: 'Posting…',
  replyingTo: (floor) => `Replying to ${floor}`,
  quoting: (floor) => `Quoting ${floor}`,
  cancelReply: 'Cancel reply',
  counter: (length, max) => `${length} / ${max}`,
  tooLong: (max) => `Replies can be at most ${max} characters.`,
  preview: 'Preview',
  emoji: 'Emoji',
  loginBefore: 'You need to',
  login: 'log in',
  loginAfter: 'to reply',
  register: 'Sign up',
  guestName: 'Nickname',
};

export const zhCN: ComposerMessages = {
  composerLabel: '回帖内容',
  composerPlaceholder: '说点什么…',
  submit: '发表回复',
  sending: '发送中…',
  replyingTo: (floor) => `回复 ${floor}`,
  quoting: (floor) => `引用 ${floor}`,
  cancelReply: '取消回复',
  counter: (length, max) => `${length} / ${max}`,
  tooLong: (max) => `回复最多 ${max} 个字。`,
  preview: '预览',
  emoji: '表情',
  loginBefore: '您需要',
  login: '登录',
  loginAfter: '后才可以回帖',
  register: '立即注册',
  guestName: '昵称',
};

export const zhTW: ComposerMessages = {
  composerLabel: '回覆內容',
  composerPlaceholder: '說點什麼…',
  submit: '發表回覆',
  sending: '傳送中…',
  replyingTo: (floor) => `回覆 ${floor}`,
  quoting: (floor) => `引用 ${floor}`,
  cancelReply: '取消回覆',
  counter: (length, max) => `${length} / ${max}`,
  tooLong: (max) => `回覆最多 ${max} 個字。`,
  preview: '預覽',
  emoji: '表情',
  loginBefore: '您需要',
  login: '登入',
  loginAfter: '後才可以回覆',
  register: '立即註冊',
  guestName: '暱稱',
};

/** Locales shipped, by tag: the main catalog's. */
export const catalogs: Record<Locale, ComposerMessages> = { en, 'zh-CN': zhCN, 'zh-TW': zhTW };
