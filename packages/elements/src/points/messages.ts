import type { ShareChannel } from '@teahouse/protocol';

/** Units of a length of time, for holds and interval cycles: "6 小时" / "6 hours". */
export interface DurationWords {
  day: (n: number) => string;
  hour: (n: number) => string;
  minute: (n: number) => string;
  second: (n: number) => string;
}

/**
 * Every string `<teahouse-points>` shows. A catalog of its own, loaded with the element, so the
 * main bundle does not carry it. Each locale must provide all of them.
 */
export interface PointsMessages {
  /** Accessible name of the whole element: "我的看点币". */
  title: (currency: string) => string;
  /** Label above the spendable balance. */
  available: string;
  /** "另有 7 看点币待到账". */
  pending: (amount: string) => string;
  /** After `pending` when the earliest release is known: "，最早 11-25 10:00 起可用". */
  pendingFrom: (time: string) => string;
  /** An amount in the site currency: "20 看点币". */
  amount: (amount: string, currency: string) => string;
  /** Login prompt around its link: "[登录] 后查看你的看点币和明细。". */
  loginPrompt: <T>(link: T, currency: string) => (string | T)[];
  login: string;
  loading: string;
  loadFailed: string;
  retry: string;
  loadMore: string;
  /** Tabs: their group's name and each tab. */
  sections: string;
  history: string;
  rules: string;
  leaderboard: string;
  /** Leaderboard periods: their group's name and each period. */
  periods: string;
  day: string;
  week: string;
  all: string;
  historyEmpty: string;
  /** A pending entry: "待到账，11-25 10:00 起可用". */
  entryPending: (time: string) => string;
  /** Channel names: 微信朋友圈, 微博… */
  channels: Record<ShareChannel, string>;
  /** Rule and entry names. */
  shareTo: (channel: string) => string;
  shareOther: string;
  reply: string;
  reactionReceived: string;
  dailyVisit: string;
  /** History entries. */
  shareVisited: (channel: string) => string;
  shareArticle: string;
  reversal: string;
  /** Why an award was taken back: the content was removed. */
  removed: string;
  debit: string;
  /** An entry's name with its detail: "兑换扣除：雨伞". */
  detail: (what: string, why: string) => string;
  /** 积分规则 table. */
  ruleAction: string;
  rulePoints: string;
  ruleCycle: string;
  ruleVerify: string;
  once: string;
  perDay: (limit: number) => string;
  perInterval: (limit: number, every: string) => string;
  unlimited: string;
  verifyVisit: string;
  verifyIntent: string;
  verifyAuto: string;
  /** A rule that earns nothing on this site now (a WeChat channel the site has not turned on). */
  inactive: (rule: string) => string;
  dailyCap: (amount: string) => string;
  noDailyCap: string;
  hold: (duration: string) => string;
  wechatOn: string;
  wechatOff: string;
  noRules: string;
  leaderboardEmpty: string;
  rank: (rank: number) => string;
  units: DurationWords;
}

export const en: PointsMessages = {
  title: (currency) => `My ${currency}`,
  available: 'Available',
  pending: (amount) => `${amount} pending`,
  pendingFrom: (time) => `, first available ${time}`,
  amount: (amount, currency) => `${amount} ${currency}`,
  loginPrompt: (link, currency) => [link, ` to see your ${currency} and history.`],
  login: 'Log in',
  loading: 'Loading…',
  loadFailed: 'This could not be loaded.',
  retry: 'Try again',
  loadMore: 'Load more',
  sections: 'Points',
  history: 'History',
  rules: 'Points rules',
  leaderboard: 'Leaderboard',
  periods: 'Period',
  day: 'Today',
  week: 'This week',
  all: 'All time',
  historyEmpty: 'Nothing yet: share an article, reply or check in to earn.',
  entryPending: (time) => `pending, available ${time}`,
  channels: {
    wechat_moments: 'WeChat Moments',
    wechat_group: 'a WeChat group',
    wechat_friend: 'a WeChat friend',
    weibo: 'Weibo',
    qq: 'QQ',
    qzone: 'QZone',
    link: 'a link',
    system: 'the share sheet',
    x: 'X',
    facebook: 'Facebook',
    linkedin: 'LinkedIn',
    email: 'email',
  },
  shareTo: (channel) => `Share via ${channel}`,
  shareOther: 'Share elsewhere',
  reply: 'Post a reply',
  reactionReceived: 'Your reply gets a reaction',
  dailyVisit: 'Daily check-in',
  shareVisited: (channel) => `Someone opened the link you shared via ${channel}`,
  shareArticle: 'Shared an article',
  reversal: 'Award reversed',
  removed: 'content removed',
  debit: 'Spent',
  detail: (what, why) => `${what}: ${why}`,
  ruleAction: 'Action',
  rulePoints: 'Earns',
  ruleCycle: 'How often',
  ruleVerify: 'Counted when',
  once: 'Once',
  perDay: (limit) => (limit === 1 ? 'Once a day' : `${limit} times a day`),
  perInterval: (limit, every) => (limit === 1 ? `Once every ${every}` : `${limit} times every ${every}`),
  unlimited: 'Unlimited',
  verifyVisit: 'someone opens your link',
  verifyIntent: 'you press share',
  verifyAuto: 'automatically',
  inactive: (rule) => `${rule} (not on this site)`,
  dailyCap: (amount) => `You can earn at most ${amount} a day.`,
  noDailyCap: 'There is no daily limit.',
  hold: (duration) => `New awards can be spent after ${duration}.`,
  wechatOn: 'Shares to WeChat earn points on this site (WeChat channels earn only where a site turns them on).',
  wechatOff: 'Shares to WeChat earn nothing on this site: WeChat channels earn only where a site turns them on.',
  noRules: 'This site has no points rules.',
  leaderboardEmpty: 'No one has earned anything in this period yet.',
  rank: (rank) => `#${rank}`,
  units: {
    day: (n) => `${n} ${n === 1 ? 'day' : 'days'}`,
    hour: (n) => `${n} ${n === 1 ? 'hour' : 'hours'}`,
    minute: (n) => `${n} ${n === 1 ? 'minute' : 'minutes'}`,
    second: (n) => `${n} ${n === 1 ? 'second' : 'seconds'}`,
  },
};

export const zhCN: PointsMessages = {
  title: (currency) => `我的${currency}`,
  available: '可用',
  pending: (amount) => `另有 ${amount}待到账`,
  pendingFrom: (time) => `，最早 ${time} 起可用`,
  amount: (amount, currency) => `${amount} ${currency}`,
  loginPrompt: (link, currency) => [link, ` 后查看你的${currency}和明细。`],
  login: '登录',
  loading: '加载中…',
  loadFailed: '加载失败。',
  retry: '重试',
  loadMore: '加载更多',
  sections: '积分',
  history: '明细',
  rules: '积分规则',
  leaderboard: '排行榜',
  periods: '时间范围',
  day: '今日',
  week: '本周',
  all: '总榜',
  historyEmpty: '还没有记录：分享文章、回帖或签到都能赚取。',
  entryPending: (time) => `待到账，${time} 起可用`,
  channels: {
    wechat_moments: '微信朋友圈',
    wechat_group: '微信群',
    wechat_friend: '微信好友',
    weibo: '微博',
    qq: 'QQ',
    qzone: 'QQ空间',
    link: '复制链接',
    system: '系统分享',
    x: 'X',
    facebook: 'Facebook',
    linkedin: 'LinkedIn',
    email: '邮件',
  },
  shareTo: (channel) => `分享到${channel}`,
  shareOther: '分享到其他渠道',
  reply: '发表回复',
  reactionReceived: '回复获得评价',
  dailyVisit: '每日签到',
  shareVisited: (channel) => `分享到${channel}的链接被好友打开`,
  shareArticle: '分享文章',
  reversal: '奖励撤销',
  removed: '内容已删除',
  debit: '兑换扣除',
  detail: (what, why) => `${what}：${why}`,
  ruleAction: '项目',
  rulePoints: '奖励',
  ruleCycle: '周期',
  ruleVerify: '计分方式',
  once: '仅一次',
  perDay: (limit) => `每天 ${limit} 次`,
  perInterval: (limit, every) => `每 ${every} ${limit} 次`,
  unlimited: '不限次数',
  verifyVisit: '好友打开链接后计分',
  verifyIntent: '点击分享即计分',
  verifyAuto: '自动计分',
  inactive: (rule) => `${rule}（本站未开启）`,
  dailyCap: (amount) => `每天最多获得 ${amount}。`,
  noDailyCap: '每日获得不设上限。',
  hold: (duration) => `新获得的奖励 ${duration}后才可使用。`,
  wechatOn: '本站已开启微信分享奖励（微信渠道仅在站点开启后计分）。',
  wechatOff: '分享到微信在本站不计分：微信渠道仅在站点开启后计分。',
  noRules: '本站暂无积分规则。',
  leaderboardEmpty: '这段时间还没有人获得奖励。',
  rank: (rank) => `第 ${rank} 名`,
  units: {
    day: (n) => `${n} 天`,
    hour: (n) => `${n} 小时`,
    minute: (n) => `${n} 分钟`,
    second: (n) => `${n} 秒`,
  },
};

export const zhTW: PointsMessages = {
  title: (currency) => `我的${currency}`,
  available: '可用',
  pending: (amount) => `另有 ${amount}待入帳`,
  pendingFrom: (time) => `，最早 ${time} 起可用`,
  amount: (amount, currency) => `${amount} ${currency}`,
  loginPrompt: (link, currency) => [link, ` 後查看你的${currency}和明細。`],
  login: '登入',
  loading: '載入中…',
  loadFailed: '載入失敗。',
  retry: '重試',
  loadMore: '載入更多',
  sections: '積分',
  history: '明細',
  rules: '積分規則',
  leaderboard: '排行榜',
  periods: '時間範圍',
  day: '今日',
  week: '本週',
  all: '總榜',
  historyEmpty: '還沒有紀錄：分享文章、回覆或簽到都能賺取。',
  entryPending: (time) => `待入帳，${time} 起可用`,
  channels: {
    wechat_moments: '微信朋友圈',
    wechat_group: '微信群組',
    wechat_friend: '微信好友',
    weibo: '微博',
    qq: 'QQ',
    qzone: 'QQ空間',
    link: '複製連結',
    system: '系統分享',
    x: 'X',
    facebook: 'Facebook',
    linkedin: 'LinkedIn',
    email: '郵件',
  },
  shareTo: (channel) => `分享到${channel}`,
  shareOther: '分享到其他管道',
  reply: '發表回覆',
  reactionReceived: '回覆獲得評價',
  dailyVisit: '每日簽到',
  shareVisited: (channel) => `分享到${channel}的連結被好友開啟`,
  shareArticle: '分享文章',
  reversal: '獎勵撤銷',
  removed: '內容已刪除',
  debit: '兌換扣除',
  detail: (what, why) => `${what}：${why}`,
  ruleAction: '項目',
  rulePoints: '獎勵',
  ruleCycle: '週期',
  ruleVerify: '計分方式',
  once: '僅一次',
  perDay: (limit) => `每天 ${limit} 次`,
  perInterval: (limit, every) => `每 ${every} ${limit} 次`,
  unlimited: '不限次數',
  verifyVisit: '好友開啟連結後計分',
  verifyIntent: '點擊分享即計分',
  verifyAuto: '自動計分',
  inactive: (rule) => `${rule}（本站未開啟）`,
  dailyCap: (amount) => `每天最多獲得 ${amount}。`,
  noDailyCap: '每日獲得不設上限。',
  hold: (duration) => `新獲得的獎勵 ${duration}後才可使用。`,
  wechatOn: '本站已開啟微信分享獎勵（微信管道僅在站點開啟後計分）。',
  wechatOff: '分享到微信在本站不計分：微信管道僅在站點開啟後計分。',
  noRules: '本站暫無積分規則。',
  leaderboardEmpty: '這段時間還沒有人獲得獎勵。',
  rank: (rank) => `第 ${rank} 名`,
  units: {
    day: (n) => `${n} 天`,
    hour: (n) => `${n} 小時`,
    minute: (n) => `${n} 分鐘`,
    second: (n) => `${n} 秒`,
  },
};

/** The catalogs, by the locale tags the main catalog uses. */
export const catalogs = { en, 'zh-CN': zhCN, 'zh-TW': zhTW } as const satisfies Record<string, PointsMessages>;
