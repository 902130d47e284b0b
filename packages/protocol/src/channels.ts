// The names of the share channels in every locale, written once: the share bar, the points rules
// and history, and the award floors ("会员X转发了该文章到微信朋友圈") all say them.
import { WECHAT_CHANNELS, type ShareChannel } from './award.js';
import type { Locale } from './locale.js';

/** Every channel, in the order a share bar shows them. */
export const SHARE_CHANNELS = [
  'wechat_moments', 'wechat_group', 'wechat_friend', 'weibo', 'qq', 'qzone', 'link', 'system',
] as const satisfies readonly ShareChannel[];

/** A channel's name, on its share button and in sentences: "转发了该文章到微信朋友圈", "shared via WeChat Moments". */
export const CHANNEL_NAMES: Record<Locale, Record<ShareChannel, string>> = {
  'zh-CN': {
    wechat_moments: '微信朋友圈', wechat_group: '微信群', wechat_friend: '微信好友', weibo: '微博',
    qq: 'QQ', qzone: 'QQ空间', link: '链接', system: '其他应用',
  },
  'zh-TW': {
    wechat_moments: '微信朋友圈', wechat_group: '微信群組', wechat_friend: '微信好友', weibo: '微博',
    qq: 'QQ', qzone: 'QQ空間', link: '連結', system: '其他應用程式',
  },
  en: {
    wechat_moments: 'WeChat Moments', wechat_group: 'WeChat group', wechat_friend: 'WeChat friend', weibo: 'Weibo',
    qq: 'QQ', qzone: 'QZone', link: 'link', system: 'another app',
  },
};

/** The channels of WeChat, whose external-link rules forbid rewarding shares unless a site opts in. */
export const isWechatChannel = (channel: ShareChannel): boolean => WECHAT_CHANNELS.includes(channel);
