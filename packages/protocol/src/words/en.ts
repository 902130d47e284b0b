import type { LocaleWords } from './words.js';

const channels: LocaleWords['channels'] = {
  wechat_moments: 'WeChat Moments', wechat_group: 'WeChat group', wechat_friend: 'WeChat friend', weibo: 'Weibo',
  qq: 'QQ', qzone: 'QZone', link: 'link', system: 'another app',
  x: 'X', facebook: 'Facebook', linkedin: 'LinkedIn', email: 'email',
};

export const enWords: LocaleWords = {
  floor: (n) => `#${n}`,
  channels,
  award: (a, name) => {
    const earned = ` and earned ${a.points} ${a.currency}`;
    if (a.action === 'share') return [name, ` shared this article via ${channels[a.channel ?? 'system']}${earned}`];
    if (a.action === 'reply') return [name, ` replied to this article${earned}`];
    if (a.action === 'reaction_received') return [name, `’s reply got a reaction, earning ${a.points} ${a.currency}`];
    return [name, ` checked in${earned}`];
  },
};
