import type { ReportReason } from '@teahouse/protocol';

/**
 * Every string the report form (`<teahouse-report>`) shows, in a catalog of its own that loads with
 * the form, so the main bundle carries none of it. Each locale must provide all of them.
 */
export interface ReportMessages {
  /** Accessible name of the form: "举报 沙发". */
  title: (floor: string) => string;
  /** The reason list's legend. */
  reason: string;
  /** Report reasons (举报理由), also used by `<teahouse-moderation>`. */
  reasons: Record<ReportReason, string>;
  note: string;
  submit: string;
  sending: string;
  /** Shown once the report is in, also when the reader had reported the floor before. */
  done: string;
  /** Why a report was refused. */
  banned: (until: string | null) => string;
  /** 403 without a ban: the reader's own floor, or a visitor without a login. */
  forbidden: string;
  unauthorized: string;
  /** 404: the floor is gone from the reader's view; 409: it was deleted. */
  gone: string;
  rateLimited: string;
  failed: string;
}

export const en: ReportMessages = {
  title: (floor) => `Report ${floor}`,
  reason: 'Why are you reporting this?',
  reasons: {
    spam: 'Spam or advertising',
    abuse: 'Abuse or harassment',
    illegal: 'Illegal content',
    porn: 'Pornographic or vulgar',
    privacy: 'Reveals private information',
    other: 'Something else',
  },
  note: 'Details (optional)',
  submit: 'Send report',
  sending: 'Sending…',
  done: 'Reported. Thank you for letting us know.',
  banned: (until) => (until ? `You may not report anything until ${until}.` : 'You may no longer report anything here.'),
  forbidden: 'You cannot report this reply.',
  unauthorized: 'Your login has expired. Please log in again.',
  gone: 'This reply is no longer there.',
  rateLimited: 'You are reporting too fast. Please wait a moment.',
  failed: 'The report was not sent. Please try again.',
};

export const zhCN: ReportMessages = {
  title: (floor) => `举报 ${floor}`,
  reason: '举报理由',
  reasons: {
    spam: '垃圾广告',
    abuse: '辱骂攻击',
    illegal: '违法信息',
    porn: '色情低俗',
    privacy: '侵犯隐私',
    other: '其他',
  },
  note: '补充说明（选填）',
  submit: '提交举报',
  sending: '提交中…',
  done: '已举报，感谢反馈',
  banned: (until) => (until ? `你已被禁言至 ${until}，暂时不能举报` : '你已被永久禁言，不能举报'),
  forbidden: '不能举报这条回复。',
  unauthorized: '登录已过期，请重新登录。',
  gone: '这条回复已不存在。',
  rateLimited: '举报太频繁了，请稍后再试。',
  failed: '举报没有提交成功，请重试。',
};

export const zhTW: ReportMessages = {
  title: (floor) => `檢舉 ${floor}`,
  reason: '檢舉理由',
  reasons: {
    spam: '垃圾廣告',
    abuse: '辱罵攻擊',
    illegal: '違法資訊',
    porn: '色情低俗',
    privacy: '侵犯隱私',
    other: '其他',
  },
  note: '補充說明（選填）',
  submit: '送出檢舉',
  sending: '送出中…',
  done: '已檢舉，感謝回饋',
  banned: (until) => (until ? `你已被禁言至 ${until}，暫時不能檢舉` : '你已被永久禁言，不能檢舉'),
  forbidden: '不能檢舉這則回覆。',
  unauthorized: '登入已過期，請重新登入。',
  gone: '這則回覆已不存在。',
  rateLimited: '檢舉太頻繁了，請稍後再試。',
  failed: '檢舉沒有送出成功，請重試。',
};

/** Locales shipped, by tag (the same as the main catalog's). */
export const catalogs = { en, 'zh-CN': zhCN, 'zh-TW': zhTW } as const satisfies Record<string, ReportMessages>;
