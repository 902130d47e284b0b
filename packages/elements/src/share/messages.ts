import { CHANNEL_NAMES, type ShareChannel } from '@teahouse/protocol';

/**
 * Every string `<teahouse-share>` shows. A catalog of its own, loaded with the element, so the main
 * bundle does not carry it. Each locale must provide all of them.
 */
export interface ShareMessages {
  /** Accessible name of the bar. */
  title: string;
  /** Before the buttons: "分享到". */
  shareTo: string;
  /** Button names: the protocol's channel names, with what the link and system buttons do. */
  channels: Record<ShareChannel, string>;
  /** What a share earns: "+20 看点币". */
  earns: (points: number, currency: string) => string;
  /** Already earned through this channel for this article, this cycle: "已得 20". */
  earned: (points: number, currency: string) => string;
  /** The rule's limit (or the reader's daily cap) is used up for now. */
  exhausted: string;
  /** Under the bar when shares earn: how they do. */
  howItEarns: (currency: string) => string;
  /** Anonymous readers, around the login link: "[登录] 后分享，好友打开链接你可获得看点币。". */
  loginPrompt: <T>(link: T, currency: string) => (string | T)[];
  login: string;
  /** While the tracked link is made. */
  preparing: string;
  copied: string;
  /** Clipboard refused: the link is selected in its field. */
  copyByHand: string;
  copy: string;
  /** Label of the field showing the link. */
  link: string;
  close: string;
  failed: string;
  /** A blocked pop-up: a link to open the share page by hand. */
  openSharePage: (channel: string) => string;
  /** The QR dialog. */
  qrTitle: (channel: string) => string;
  qrLabel: string;
  /** Steps under the QR code, for each WeChat channel. */
  qrSteps: (channel: ShareChannel) => string[];
  /** Inside WeChat's browser. */
  wechatTitle: (channel: string) => string;
  wechatGuide: (channel: ShareChannel) => string;
}

const zhCN: ShareMessages = {
  title: '分享',
  shareTo: '分享到',
  channels: { ...CHANNEL_NAMES['zh-CN'], link: '复制链接', system: '更多' },
  earns: (points, currency) => `+${points} ${currency}`,
  earned: (points) => `已得 ${points}`,
  exhausted: '已达上限',
  howItEarns: (currency) => `好友通过你分享的链接打开文章，你即可获得${currency}。`,
  loginPrompt: (link, currency) => [link, `后分享，好友打开链接你可获得${currency}。`],
  login: '登录',
  preparing: '正在生成分享链接…',
  copied: '链接已复制，粘贴给好友即可。',
  copyByHand: '无法自动复制，请手动复制下面的链接。',
  copy: '复制',
  link: '分享链接',
  close: '关闭',
  failed: '分享链接生成失败，请稍后再试。',
  openSharePage: (channel) => `打开${channel}分享页`,
  qrTitle: (channel) => `分享到${channel}`,
  qrLabel: '文章链接的二维码',
  qrSteps: (channel) => [
    '打开手机微信，点击右上角「+」→「扫一扫」。',
    '扫描上方二维码，打开这篇文章。',
    channel === 'wechat_moments' ? '点击右上角「•••」，选择「分享到朋友圈」。'
      : channel === 'wechat_group' ? '点击右上角「•••」，选择「发送给朋友」，再选一个群聊。'
        : '点击右上角「•••」，选择「发送给朋友」。',
  ],
  wechatTitle: (channel) => `分享到${channel}`,
  wechatGuide: (channel) => channel === 'wechat_moments'
    ? '点击右上角「•••」，选择「分享到朋友圈」。'
    : channel === 'wechat_group' ? '点击右上角「•••」，选择「发送给朋友」，再选一个群聊。' : '点击右上角「•••」，选择「发送给朋友」。',
};

const zhTW: ShareMessages = {
  title: '分享',
  shareTo: '分享到',
  channels: { ...CHANNEL_NAMES['zh-TW'], link: '複製連結', system: '更多' },
  earns: (points, currency) => `+${points} ${currency}`,
  earned: (points) => `已得 ${points}`,
  exhausted: '已達上限',
  howItEarns: (currency) => `好友透過你分享的連結打開文章，你即可獲得${currency}。`,
  loginPrompt: (link, currency) => [link, `後分享，好友打開連結你可獲得${currency}。`],
  login: '登入',
  preparing: '正在產生分享連結…',
  copied: '連結已複製，貼給好友即可。',
  copyByHand: '無法自動複製，請手動複製下面的連結。',
  copy: '複製',
  link: '分享連結',
  close: '關閉',
  failed: '分享連結產生失敗，請稍後再試。',
  openSharePage: (channel) => `打開${channel}分享頁`,
  qrTitle: (channel) => `分享到${channel}`,
  qrLabel: '文章連結的 QR 碼',
  qrSteps: (channel) => [
    '打開手機微信，點擊右上角「+」→「掃一掃」。',
    '掃描上方 QR 碼，打開這篇文章。',
    channel === 'wechat_moments' ? '點擊右上角「•••」，選擇「分享到朋友圈」。'
      : channel === 'wechat_group' ? '點擊右上角「•••」，選擇「發送給朋友」，再選一個群聊。'
        : '點擊右上角「•••」，選擇「發送給朋友」。',
  ],
  wechatTitle: (channel) => `分享到${channel}`,
  wechatGuide: (channel) => channel === 'wechat_moments'
    ? '點擊右上角「•••」，選擇「分享到朋友圈」。'
    : channel === 'wechat_group' ? '點擊右上角「•••」，選擇「發送給朋友」，再選一個群聊。' : '點擊右上角「•••」，選擇「發送給朋友」。',
};

export const en: ShareMessages = {
  title: 'Share',
  shareTo: 'Share to',
  channels: { ...CHANNEL_NAMES.en, link: 'Copy link', system: 'More', email: 'Email' },
  earns: (points, currency) => `+${points} ${currency}`,
  earned: (points) => `${points} earned`,
  exhausted: 'Limit reached',
  howItEarns: (currency) => `You earn ${currency} when friends open the article through your link.`,
  loginPrompt: (link, currency) => [link, ` to earn ${currency} when friends open your link.`],
  login: 'Log in',
  preparing: 'Making your share link…',
  copied: 'Link copied. Paste it to your friends.',
  copyByHand: 'Could not copy by itself: copy the link below.',
  copy: 'Copy',
  link: 'Share link',
  close: 'Close',
  failed: 'Could not make a share link. Please try again later.',
  openSharePage: (channel) => `Open the ${channel} share page`,
  qrTitle: (channel) => `Share to ${channel}`,
  qrLabel: 'QR code of the article link',
  qrSteps: (channel) => [
    'Open WeChat on your phone and tap + then Scan.',
    'Scan the QR code above to open this article.',
    channel === 'wechat_moments' ? 'Tap ••• at the top right and choose Share to Moments.'
      : channel === 'wechat_group' ? 'Tap ••• at the top right, choose Send to Chat and pick a group.'
        : 'Tap ••• at the top right and choose Send to Chat.',
  ],
  wechatTitle: (channel) => `Share to ${channel}`,
  wechatGuide: (channel) => channel === 'wechat_moments'
    ? 'Tap ••• at the top right and choose Share to Moments.'
    : channel === 'wechat_group' ? 'Tap ••• at the top right, choose Send to Chat and pick a group.' : 'Tap ••• at the top right and choose Send to Chat.',
};

export const catalogs: Record<'zh-CN' | 'zh-TW' | 'en', ShareMessages> = { 'zh-CN': zhCN, 'zh-TW': zhTW, en };
