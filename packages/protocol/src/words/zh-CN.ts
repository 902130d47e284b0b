import type { LocaleWords } from './words.js';

const channels: LocaleWords['channels'] = {
  wechat_moments: '微信朋友圈', wechat_group: '微信群', wechat_friend: '微信好友', weibo: '微博',
  qq: 'QQ', qzone: 'QQ空间', link: '链接', system: '其他应用',
  x: 'X', facebook: 'Facebook', linkedin: 'LinkedIn', email: '邮件',
};
const NAMED: Record<number, string> = { 2: '沙发', 3: '板凳', 4: '地板' };

export const zhCNWords: LocaleWords = {
  floor: (n) => NAMED[n] ?? `${n}楼`,
  channels,
  award: (a, name) => {
    const earned = `,获得${a.points}${a.currency}`;
    if (a.action === 'share') return ['会员', name, `转发了该文章到${channels[a.channel ?? 'system']}${earned}`];
    if (a.action === 'reply') return ['会员', name, `回复了该文章${earned}`];
    if (a.action === 'reaction_received') return ['会员', name, `的回复获得了点赞${earned}`];
    return ['会员', name, `签到${earned}`];
  },
};
