import type { LocaleWords } from './words.js';

const channels: LocaleWords['channels'] = {
  wechat_moments: '微信朋友圈', wechat_group: '微信群組', wechat_friend: '微信好友', weibo: '微博',
  qq: 'QQ', qzone: 'QQ空間', link: '連結', system: '其他應用程式',
  x: 'X', facebook: 'Facebook', linkedin: 'LinkedIn', email: '郵件',
};
// Written in traditional characters, not converted from the simplified ones.
const NAMED: Record<number, string> = { 2: '沙發', 3: '板凳', 4: '地板' };

export const zhTWWords: LocaleWords = {
  floor: (n) => NAMED[n] ?? `${n}樓`,
  channels,
  award: (a, name) => {
    const earned = `，獲得${a.points}${a.currency}`;
    if (a.action === 'share') return ['會員', name, `轉發了這篇文章到${channels[a.channel ?? 'system']}${earned}`];
    if (a.action === 'reply') return ['會員', name, `回覆了這篇文章${earned}`];
    if (a.action === 'reaction_received') return ['會員', name, `的回覆獲得了讚${earned}`];
    return ['會員', name, `簽到${earned}`];
  },
};
