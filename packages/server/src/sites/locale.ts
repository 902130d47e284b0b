import {
  DEFAULT_REACTIONS, EMOJI_REACTIONS, NEUTRAL_REACTIONS,
  type Currency, type Locale, type ReactionOption, type ReactionSetName, type RewardRule,
} from '@teahouse/protocol';

// What a site gets for what it does not configure depends on who reads it: a Chinese local
// portal expects the forum it knows (牛逼 / 垃圾, 看点币, WeChat, Weibo, QQ); an English site
// neutral wording, points, and the networks its readers use. Rewards stay on for both.

export const DEFAULT_LOCALE: Locale = 'zh-CN';

/** The reference page's rules: Moments 20, a WeChat group 10, a WeChat friend 5, the rest small. */
export const FORUM_RULES: readonly RewardRule[] = [
  { action: 'share', channel: 'wechat_moments', points: 20, cycle: 'day', limit: 3, verify: 'visit' },
  { action: 'share', channel: 'wechat_group', points: 10, cycle: 'day', limit: 3, verify: 'visit' },
  { action: 'share', channel: 'wechat_friend', points: 5, cycle: 'day', limit: 3, verify: 'visit' },
  { action: 'share', channel: 'weibo', points: 5, cycle: 'day', limit: 3, verify: 'visit' },
  { action: 'share', channel: 'qq', points: 5, cycle: 'day', limit: 3, verify: 'visit' },
  { action: 'share', channel: 'qzone', points: 5, cycle: 'day', limit: 3, verify: 'visit' },
  { action: 'share', channel: 'link', points: 2, cycle: 'day', limit: 5, verify: 'visit' },
  { action: 'share', channel: 'system', points: 2, cycle: 'day', limit: 5, verify: 'visit' },
  { action: 'reply', points: 2, cycle: 'day', limit: 10, verify: 'intent' },
  { action: 'reaction_received', points: 1, cycle: 'day', limit: 20, verify: 'intent' },
  { action: 'daily_visit', points: 5, cycle: 'day', limit: 1, verify: 'intent' },
];

/** The same shape for sites read in English: X, Facebook, LinkedIn, email, a copied link, the system share sheet. */
export const NEUTRAL_RULES: readonly RewardRule[] = [
  { action: 'share', channel: 'x', points: 5, cycle: 'day', limit: 3, verify: 'visit' },
  { action: 'share', channel: 'facebook', points: 5, cycle: 'day', limit: 3, verify: 'visit' },
  { action: 'share', channel: 'linkedin', points: 5, cycle: 'day', limit: 3, verify: 'visit' },
  { action: 'share', channel: 'email', points: 2, cycle: 'day', limit: 5, verify: 'visit' },
  { action: 'share', channel: 'link', points: 2, cycle: 'day', limit: 5, verify: 'visit' },
  { action: 'share', channel: 'system', points: 2, cycle: 'day', limit: 5, verify: 'visit' },
  { action: 'reply', points: 2, cycle: 'day', limit: 10, verify: 'intent' },
  { action: 'reaction_received', points: 1, cycle: 'day', limit: 20, verify: 'intent' },
  { action: 'daily_visit', points: 5, cycle: 'day', limit: 1, verify: 'intent' },
];

export interface LocaleDefaults {
  reactions: readonly ReactionOption[];
  currency: Currency;
  rules: readonly RewardRule[];
}

const DEFAULTS: Record<Locale, LocaleDefaults> = {
  'zh-CN': { reactions: DEFAULT_REACTIONS, currency: { name: '看点币' }, rules: FORUM_RULES },
  'zh-TW': { reactions: DEFAULT_REACTIONS, currency: { name: '看點幣' }, rules: FORUM_RULES },
  en: { reactions: NEUTRAL_REACTIONS, currency: { name: 'points' }, rules: NEUTRAL_RULES },
};

/** The site's locale; anything unknown (a hand-edited row) means the default. */
export function localeOf(settings: { locale?: unknown }): Locale {
  const locale = settings.locale;
  return locale === 'zh-CN' || locale === 'zh-TW' || locale === 'en' ? locale : DEFAULT_LOCALE;
}

export const localeDefaults = (settings: { locale?: unknown }): LocaleDefaults => DEFAULTS[localeOf(settings)];

/** The options of a named reaction set; `default` is the locale's. */
export function namedReactionSet(name: ReactionSetName, settings: { locale?: unknown }): readonly ReactionOption[] {
  if (name === 'forum') return DEFAULT_REACTIONS;
  if (name === 'neutral') return NEUTRAL_REACTIONS;
  if (name === 'emoji') return EMOJI_REACTIONS;
  return localeDefaults(settings).reactions;
}
