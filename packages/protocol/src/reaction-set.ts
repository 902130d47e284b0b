import * as z from 'zod/mini';

/** Lowercase letters, digits, `-` and `_`: a key is stored with every reaction and count. */
export const REACTION_KEY_PATTERN = /^[a-z0-9][a-z0-9_-]{0,31}$/;
export const ReactionKey = z.string().check(z.regex(REACTION_KEY_PATTERN, 'a reaction key: lowercase letters, digits, - and _'));

/** One button of a site's reaction set. */
export const ReactionOption = z.object({
  key: z.string(),
  /** Shown before the label, when the set is an emoji set. */
  emoji: z.nullable(z.string()),
  /** Label by locale tag (`zh-CN`, `zh-TW`, `en`); `en` is the fallback. */
  labels: z.record(z.string(), z.string()),
  /** Keys sharing a group exclude each other (牛逼 / 垃圾); null means independent. */
  group: z.nullable(z.string()),
  /** What one reaction adds to the target's score (hottest sort, 热门回复). */
  score: z.int(),
});
export type ReactionOption = z.infer<typeof ReactionOption>;

/** The site's reactions as the widget needs them. */
export const ReactionConfig = z.object({
  options: z.array(ReactionOption),
  /** Readers may react without signing in (de-duplicated by a server-signed visitor token). */
  anonymous: z.boolean(),
  /** `GET …/reactions/who` lists who reacted. */
  showWho: z.boolean(),
});
export type ReactionConfig = z.infer<typeof ReactionConfig>;

/** Reaction counts of one target by key; keys without reactions may be absent. */
export const ReactionCounts = z.record(z.string(), z.int());
export type ReactionCounts = z.infer<typeof ReactionCounts>;

/** The viewer's own reactions by target floor number (`"1"` is the article). */
export const MyReactions = z.record(z.string(), z.array(z.string()));
export type MyReactions = z.infer<typeof MyReactions>;

/** The set a site gets unless it chooses another: the exclusive pair 牛逼 / 垃圾. */
export const DEFAULT_REACTIONS: readonly ReactionOption[] = [
  { key: 'up', emoji: null, labels: { 'zh-CN': '牛逼', 'zh-TW': '牛逼', en: 'Great' }, group: 'vote', score: 1 },
  { key: 'down', emoji: null, labels: { 'zh-CN': '垃圾', 'zh-TW': '垃圾', en: 'Rubbish' }, group: 'vote', score: -1 },
];

/** The same keys worded neutrally (Upvote / Downvote): the default of sites whose locale is not Chinese. */
export const NEUTRAL_REACTIONS: readonly ReactionOption[] = [
  { key: 'up', emoji: null, labels: { 'zh-CN': '赞同', 'zh-TW': '贊同', en: 'Upvote' }, group: 'vote', score: 1 },
  { key: 'down', emoji: null, labels: { 'zh-CN': '反对', 'zh-TW': '反對', en: 'Downvote' }, group: 'vote', score: -1 },
];

/** The emoji set a site can pick by name: independent keys, each worth +1. */
export const EMOJI_REACTIONS: readonly ReactionOption[] = [
  { key: 'like', emoji: '👍', labels: { 'zh-CN': '赞', 'zh-TW': '讚', en: 'Like' }, group: null, score: 1 },
  { key: 'love', emoji: '❤️', labels: { 'zh-CN': '喜欢', 'zh-TW': '喜歡', en: 'Love' }, group: null, score: 1 },
  { key: 'haha', emoji: '😂', labels: { 'zh-CN': '哈哈', 'zh-TW': '哈哈', en: 'Haha' }, group: null, score: 1 },
  { key: 'wow', emoji: '😮', labels: { 'zh-CN': '惊讶', 'zh-TW': '驚訝', en: 'Wow' }, group: null, score: 1 },
  { key: 'sad', emoji: '😢', labels: { 'zh-CN': '难过', 'zh-TW': '難過', en: 'Sad' }, group: null, score: 1 },
  { key: 'angry', emoji: '😡', labels: { 'zh-CN': '生气', 'zh-TW': '生氣', en: 'Angry' }, group: null, score: 1 },
];
