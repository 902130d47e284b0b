// Every locale's words together, for code that serves all readers (the server, share and points
// chunks). Code that shows one locale at a time imports that locale's words alone.
import type { FloorAward, ShareChannel } from '../award.js';
import { WECHAT_CHANNELS } from '../award.js';
import type { Locale } from '../locale.js';
import { enWords } from './en.js';
import type { LocaleWords } from './words.js';
import { zhCNWords } from './zh-CN.js';
import { zhTWWords } from './zh-TW.js';

export type { LocaleWords };
export { enWords, zhCNWords, zhTWWords };

export const WORDS: Record<Locale, LocaleWords> = { 'zh-CN': zhCNWords, 'zh-TW': zhTWWords, en: enWords };

/** Every channel, in the order a share bar shows them. */
export const SHARE_CHANNELS = [
  'wechat_moments', 'wechat_group', 'wechat_friend', 'weibo', 'qq', 'qzone', 'x', 'facebook', 'linkedin', 'email', 'link', 'system',
] as const satisfies readonly ShareChannel[];

/** Channel names by locale. */
export const CHANNEL_NAMES: Record<Locale, Record<ShareChannel, string>> = {
  'zh-CN': zhCNWords.channels, 'zh-TW': zhTWWords.channels, en: enWords.channels,
};

/** The channels of WeChat, whose external-link rules forbid rewarding shares unless a site opts in. */
export const isWechatChannel = (channel: ShareChannel): boolean => WECHAT_CHANNELS.includes(channel);

/** A floor's label in `locale`: 沙发, 板凳, 地板, N楼; 沙發, 板凳, 地板, N樓; #N. */
export const floorLabel = (number: number, locale: Locale): string => WORDS[locale].floor(number);

/** The announcement of `award` in `locale`, with `name` as its own part. */
export const awardText = <T>(award: FloorAward, name: T, locale: Locale): (string | T)[] => WORDS[locale].award(award, name);
