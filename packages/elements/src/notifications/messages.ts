import type { ModerationOutcome } from '@teahouse/protocol';

/**
 * Every string `<teahouse-notifications>` (消息) shows. Only that element's lazily loaded chunk
 * imports this catalog, so the main bundle does not carry it. Each locale must provide all of them.
 */
export interface NotificationMessages {
  /** The entry's label. */
  title: string;
  /** Accessible name of the entry with its count, starting with its visible text: "消息 3 条未读". */
  unreadLabel: (count: number) => string;
  /** The list's heading and its empty state. */
  heading: string;
  empty: string;
  loading: string;
  loadFailed: string;
  retry: string;
  loadMore: string;
  markAll: string;
  /** A notice's line; `names` are the newest actors, `count` how many events it groups. */
  reply: (names: string, count: number) => string;
  quote: (names: string, count: number) => string;
  mention: (names: string) => string;
  /** Points earned: a share's visits, or reactions received. */
  award: (points: number, reason: string) => string;
  share: string;
  reactions: string;
  outcome: Record<ModerationOutcome, string>;
  someone: string;
  /** Between names. */
  and: string;
  /** The article a notice is on, when it is another page. */
  onPage: (title: string) => string;
  unread: string;
  /** Mail settings. */
  mail: string;
  immediate: string;
  digest: string;
  none: string;
}

export const en: NotificationMessages = {
  title: 'Notifications',
  unreadLabel: (n) => (n === 0 ? 'Notifications' : `Notifications ${n} unread`),
  heading: 'Notifications',
  empty: 'No notifications yet.',
  loading: 'Loading…',
  loadFailed: 'Could not load your notifications.',
  retry: 'Retry',
  loadMore: 'Older',
  markAll: 'Mark all read',
  reply: (names, count) => (count > 1 ? `${count} people replied to you` : `${names} replied to you`),
  quote: (names, count) => (count > 1 ? `${count} people quoted you` : `${names} quoted you`),
  mention: (names) => `${names} mentioned you`,
  award: (points, reason) => `You earned ${points} points (${reason})`,
  share: 'your share was opened',
  reactions: 'reactions to your comment',
  outcome: { hidden: 'Your comment was hidden by a moderator', restored: 'Your comment was restored', pinned: 'Your comment was pinned' },
  someone: 'Someone',
  and: ', ',
  onPage: (title) => `on “${title}”`,
  unread: 'Unread',
  mail: 'Email me',
  immediate: 'at once',
  digest: 'once a day',
  none: 'never',
};

export const zhCN: NotificationMessages = {
  title: '消息',
  unreadLabel: (n) => (n === 0 ? '消息' : `消息 ${n} 条未读`),
  heading: '消息',
  empty: '还没有消息。',
  loading: '加载中…',
  loadFailed: '消息加载失败。',
  retry: '重试',
  loadMore: '更早的消息',
  markAll: '全部标为已读',
  reply: (names, count) => (count > 1 ? `${count} 人回复了你` : `${names} 回复了你`),
  quote: (names, count) => (count > 1 ? `${count} 人引用了你的回复` : `${names} 引用了你的回复`),
  mention: (names) => `${names} 提到了你`,
  award: (points, reason) => `你获得了 ${points} 积分（${reason}）`,
  share: '你的分享被打开',
  reactions: '你的回复获得表态',
  outcome: { hidden: '你的回复被管理员隐藏', restored: '你的回复已恢复', pinned: '你的回复被置顶' },
  someone: '有人',
  and: '、',
  onPage: (title) => `在《${title}》`,
  unread: '未读',
  mail: '邮件提醒',
  immediate: '即时',
  digest: '每日汇总',
  none: '不发送',
};

export const zhTW: NotificationMessages = {
  title: '訊息',
  unreadLabel: (n) => (n === 0 ? '訊息' : `訊息 ${n} 則未讀`),
  heading: '訊息',
  empty: '還沒有訊息。',
  loading: '載入中…',
  loadFailed: '訊息載入失敗。',
  retry: '重試',
  loadMore: '更早的訊息',
  markAll: '全部標為已讀',
  reply: (names, count) => (count > 1 ? `${count} 人回覆了你` : `${names} 回覆了你`),
  quote: (names, count) => (count > 1 ? `${count} 人引用了你的回覆` : `${names} 引用了你的回覆`),
  mention: (names) => `${names} 提到了你`,
  award: (points, reason) => `你獲得了 ${points} 積分（${reason}）`,
  share: '你的分享被開啟',
  reactions: '你的回覆獲得表態',
  outcome: { hidden: '你的回覆被管理員隱藏', restored: '你的回覆已恢復', pinned: '你的回覆被置頂' },
  someone: '有人',
  and: '、',
  onPage: (title) => `在《${title}》`,
  unread: '未讀',
  mail: '郵件提醒',
  immediate: '即時',
  digest: '每日彙整',
  none: '不寄送',
};

export const catalogs = { en, 'zh-CN': zhCN, 'zh-TW': zhTW } as const satisfies Record<string, NotificationMessages>;
