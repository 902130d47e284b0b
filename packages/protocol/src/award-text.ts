// What an award floor (`kind: 'share_award'`) says, in each reader's locale, from its `award`
// data. The server stores the zh-CN sentence as the floor's body for readers that do not word
// `award` themselves (feeds, exports); the elements word `award` in the reader's locale.
import type { FloorAward } from './award.js';
import { CHANNEL_NAMES } from './channels.js';
import type { Locale } from './locale.js';

type Words = (award: FloorAward) => [before: string, after: string];

const WORDS: Record<Locale, Words> = {
  'zh-CN': (a) => {
    const earned = `,获得${a.points}${a.currency}`;
    if (a.action === 'share') return ['会员', `转发了该文章到${CHANNEL_NAMES['zh-CN'][a.channel ?? 'system']}${earned}`];
    if (a.action === 'reply') return ['会员', `回复了该文章${earned}`];
    if (a.action === 'reaction_received') return ['会员', `的回复获得了点赞${earned}`];
    return ['会员', `签到${earned}`];
  },
  'zh-TW': (a) => {
    const earned = `，獲得${a.points}${a.currency}`;
    if (a.action === 'share') return ['會員', `轉發了這篇文章到${CHANNEL_NAMES['zh-TW'][a.channel ?? 'system']}${earned}`];
    if (a.action === 'reply') return ['會員', `回覆了這篇文章${earned}`];
    if (a.action === 'reaction_received') return ['會員', `的回覆獲得了讚${earned}`];
    return ['會員', `簽到${earned}`];
  },
  en: (a) => {
    const earned = ` and earned ${a.points} ${a.currency}`;
    if (a.action === 'share') return ['', ` shared this article via ${CHANNEL_NAMES.en[a.channel ?? 'system']}${earned}`];
    if (a.action === 'reply') return ['', ` replied to this article${earned}`];
    if (a.action === 'reaction_received') {
      return ['', `’s reply got a reaction, earning ${a.points} ${a.currency}`];
    }
    return ['', ` checked in${earned}`];
  },
};

/**
 * The announcement of `award` with the member's `name` in its place, as parts, so that a renderer
 * can isolate the name (`<bdi>`): `awardText(award, name, 'zh-CN').join('')` is the plain sentence.
 */
export function awardText<T>(award: FloorAward, name: T, locale: Locale): (string | T)[] {
  const [before, after] = WORDS[locale](award);
  return [before, name, after].filter((part) => part !== '');
}
