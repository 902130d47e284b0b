import type { AuditAction, BanKind, FloorActionName, FloorStatus, HoldCause, Premoderation, QueueKind, ReportReason } from '@teahouse/protocol';
import * as report from './report-messages.js';

/** The sections of `<teahouse-moderation>`, each behind a tab. */
export type ModerationTab = QueueKind | 'bans' | 'audit' | 'words';

/** Ban lengths offered, in hours; null: permanent. */
export const BAN_HOURS = [1, 24, 72, 168, 720, null] as const;

/**
 * Every string `<teahouse-moderation>` shows. A catalog of its own, loaded with the element, so the
 * main bundle does not carry it. Each locale must provide all of them.
 */
export interface ModerationMessages {
  /** Accessible name of the whole element. */
  title: string;
  loading: string;
  loadFailed: string;
  retry: string;
  loadMore: string;
  refresh: string;
  /** The token's reader is not a moderator or admin of the site (403). */
  notModerator: string;
  /** No token, or an expired one (401). */
  signIn: string;
  /** The site's policy: "举报满 2 人自动隐藏 · 先审后发：新用户首帖". */
  policy: (threshold: number, premoderation: string) => string;
  /** A report threshold of 0. */
  policyNoThreshold: (premoderation: string) => string;
  premoderation: Record<Premoderation, string>;
  /** The tab list's name, and each tab. */
  sections: string;
  tabs: Record<ModerationTab, string>;
  emptyQueue: Record<QueueKind, string>;
  /** A floor's status, and its pinned and shadow-banned marks. */
  status: Record<FloorStatus, string>;
  pinned: string;
  shadowed: string;
  deletedAuthor: string;
  /** Where a floor is: "城东老街改造完工 · 沙发". */
  place: (thread: string, floor: string) => string;
  /** Why a floor waits for review. */
  cause: Record<HoldCause['rule'], string>;
  suspectWord: (word: string) => string;
  /** "举报 2 人" and each reason with its count. */
  reports: (count: number) => string;
  reasonCount: (reason: string, count: number) => string;
  reasons: Record<ReportReason, string>;
  /** Floor actions: their buttons, the accessible names ("隐藏 沙发"), and what is announced once done. */
  actions: Record<FloorActionName, string>;
  actionOn: (action: string, floor: string) => string;
  acted: Record<FloorActionName, (floor: string) => string>;
  /** The floor already was as asked: nothing was recorded. */
  unchanged: (floor: string) => string;
  /** The reason field of hide, delete and bans (required), and of the other actions (optional). */
  reason: string;
  reasonOptional: string;
  /** Confirmation buttons of hide and delete. */
  confirm: Record<'hide' | 'delete', string>;
  cancel: string;
  /** The floor in its thread. */
  context: string;
  contextOf: (floor: string) => string;
  /** The floor a floor replies to. */
  parent: string;
  /** The floor being judged, among those around it. */
  current: string;
  /** Ban form. */
  banAuthor: string;
  banOf: (name: string) => string;
  banKind: string;
  banKinds: Record<BanKind, string>;
  /** What each kind does to the commenter. */
  banHelp: Record<BanKind, string>;
  duration: string;
  hours: (count: number) => string;
  days: (count: number) => string;
  permanent: string;
  banConfirm: string;
  /** Announced: "已禁言 林晓雨 至 …" / "已永久禁言 林晓雨" / "已隐身屏蔽 林晓雨". */
  banned: (name: string, until: string | null) => string;
  shadowBanned: (name: string) => string;
  /** Bans list. */
  bansEmpty: string;
  until: (time: string) => string;
  by: <T>(who: T) => (string | T)[];
  since: (time: string) => string;
  unban: string;
  unbanOf: (name: string, kind: string) => string;
  unbanConfirm: string;
  unbanned: (name: string, kind: string) => string;
  /** Audit log. */
  auditFilter: string;
  allActions: string;
  auditActions: Record<AuditAction, string>;
  system: string;
  apiKey: (label: string) => string;
  statusChange: (from: string, to: string) => string;
  wordSizes: (banned: number, suspect: number) => string;
  auditEmpty: string;
  /** Word lists. */
  bannedWords: string;
  bannedHelp: string;
  suspectWords: string;
  suspectHelp: string;
  wordCount: (count: number) => string;
  save: string;
  saved: string;
  /** Why an action failed. */
  errors: {
    forbidden: string;
    notFound: string;
    conflict: string;
    invalid: (message: string) => string;
    rateLimited: string;
    network: string;
    unknown: string;
  };
}

export const en: ModerationMessages = {
  title: 'Moderation',
  loading: 'Loading…',
  loadFailed: 'This could not be loaded.',
  retry: 'Try again',
  loadMore: 'Load more',
  refresh: 'Refresh',
  notModerator: 'Only moderators and admins of this site can moderate. Your account is neither.',
  signIn: 'Log in as a moderator of this site to moderate.',
  policy: (threshold, premoderation) => `Reports from ${threshold} ${threshold === 1 ? 'reader hide' : 'readers hide'} a reply · Held for review: ${premoderation}`,
  policyNoThreshold: (premoderation) => `Reports never hide a reply · Held for review: ${premoderation}`,
  premoderation: { none: 'none', all: 'every new reply', first: 'first replies of new commenters', links: 'replies with links' },
  sections: 'Moderation sections',
  tabs: { pending: 'Awaiting review', reported: 'Reported', bans: 'Bans', audit: 'Audit log', words: 'Word lists' },
  emptyQueue: { pending: 'Nothing is waiting for review.', reported: 'Nothing has been reported.' },
  status: { published: 'Published', hidden: 'Hidden', pending: 'Awaiting review', deleted: 'Deleted' },
  pinned: 'Pinned',
  shadowed: 'Shadow-banned',
  deletedAuthor: 'Deleted user',
  place: (thread, floor) => `${thread} · ${floor}`,
  cause: { all: 'Every reply is reviewed', first: 'First reply of a new commenter', links: 'Contains a link', suspect: 'Contains a suspect word' },
  suspectWord: (word) => `Contains the suspect word “${word}”`,
  reports: (count) => `Reported by ${count} ${count === 1 ? 'reader' : 'readers'}`,
  reasonCount: (reason, count) => `${reason} ×${count}`,
  reasons: report.en.reasons,
  actions: { approve: 'Approve', hide: 'Hide', delete: 'Delete', restore: 'Restore', pin: 'Pin', unpin: 'Unpin' },
  actionOn: (action, floor) => `${action} ${floor}`,
  acted: {
    approve: (floor) => `${floor} approved.`,
    hide: (floor) => `${floor} hidden.`,
    delete: (floor) => `${floor} deleted.`,
    restore: (floor) => `${floor} restored.`,
    pin: (floor) => `${floor} pinned.`,
    unpin: (floor) => `${floor} unpinned.`,
  },
  unchanged: (floor) => `${floor} already was like that.`,
  reason: 'Reason (required)',
  reasonOptional: 'Reason (optional)',
  confirm: { hide: 'Hide it', delete: 'Delete it' },
  cancel: 'Cancel',
  context: 'Context',
  contextOf: (floor) => `Context of ${floor}`,
  parent: 'Replies to',
  current: 'This reply',
  banAuthor: 'Ban author',
  banOf: (name) => `Ban author ${name}`,
  banKind: 'Kind',
  banKinds: { ban: 'Ban', shadow: 'Shadow-ban' },
  banHelp: {
    ban: 'They cannot post, edit or report until the ban ends.',
    shadow: 'They post as usual, but only they and moderators see their replies.',
  },
  duration: 'For',
  hours: (count) => `${count} ${count === 1 ? 'hour' : 'hours'}`,
  days: (count) => `${count} ${count === 1 ? 'day' : 'days'}`,
  permanent: 'Permanently',
  banConfirm: 'Ban',
  banned: (name, until) => (until ? `${name} is banned until ${until}.` : `${name} is banned permanently.`),
  shadowBanned: (name) => `${name} is shadow-banned.`,
  bansEmpty: 'No one is banned.',
  until: (time) => `until ${time}`,
  by: (who) => ['by ', who],
  since: (time) => `since ${time}`,
  unban: 'Lift',
  unbanOf: (name, kind) => `Lift ${name}'s ${kind}`,
  unbanConfirm: 'Yes, lift it',
  unbanned: (name, kind) => `${kind} of ${name} lifted.`,
  auditFilter: 'Action',
  allActions: 'All actions',
  auditActions: {
    approve: 'Approved', hide: 'Hid', delete: 'Deleted', restore: 'Restored', pin: 'Pinned', unpin: 'Unpinned',
    ban: 'Banned', unban: 'Lifted a ban', words: 'Changed the word lists', auto_hide: 'Hid after reports',
  },
  system: 'System',
  apiKey: (label) => `API key “${label}”`,
  statusChange: (from, to) => `${from} → ${to}`,
  wordSizes: (banned, suspect) => `${banned} banned, ${suspect} suspect`,
  auditEmpty: 'Nothing has been recorded yet.',
  bannedWords: 'Banned words',
  bannedHelp: 'A reply with one of these is refused, naming the word.',
  suspectWords: 'Suspect words',
  suspectHelp: 'A reply with one of these waits for review. One word per line; case, width and spaces are ignored.',
  wordCount: (count) => `${count} ${count === 1 ? 'word' : 'words'}`,
  save: 'Save',
  saved: 'The word lists are saved.',
  errors: {
    forbidden: 'You may not do this.',
    notFound: 'This no longer exists.',
    conflict: 'This action does not apply to it now; refresh to see its state.',
    invalid: (message) => `Not accepted: ${message}`,
    rateLimited: 'Too many actions at once. Please wait a moment.',
    network: 'Could not reach the comment server. Check your connection.',
    unknown: 'Something went wrong. Please try again.',
  },
};

export const zhCN: ModerationMessages = {
  title: '内容审核',
  loading: '加载中…',
  loadFailed: '加载失败。',
  retry: '重试',
  loadMore: '加载更多',
  refresh: '刷新',
  notModerator: '只有本站的版主和管理员才能审核内容，你的账号没有这个权限。',
  signIn: '请以本站版主身份登录后再审核内容。',
  policy: (threshold, premoderation) => `举报满 ${threshold} 人自动隐藏 · 先审后发：${premoderation}`,
  policyNoThreshold: (premoderation) => `举报不会自动隐藏 · 先审后发：${premoderation}`,
  premoderation: { none: '不需要', all: '所有新回复', first: '新用户的首条回复', links: '含链接的回复' },
  sections: '审核栏目',
  tabs: { pending: '待审核', reported: '被举报', bans: '禁言名单', audit: '操作日志', words: '敏感词' },
  emptyQueue: { pending: '没有待审核的回复。', reported: '没有被举报的回复。' },
  status: { published: '已发布', hidden: '已隐藏', pending: '待审核', deleted: '已删除' },
  pinned: '置顶',
  shadowed: '已屏蔽',
  deletedAuthor: '已注销用户',
  place: (thread, floor) => `${thread} · ${floor}`,
  cause: { all: '所有回复先审后发', first: '新用户的首条回复', links: '含有链接', suspect: '含有可疑词' },
  suspectWord: (word) => `含有可疑词“${word}”`,
  reports: (count) => `${count} 人举报`,
  reasonCount: (reason, count) => `${reason} ×${count}`,
  reasons: report.zhCN.reasons,
  actions: { approve: '通过', hide: '隐藏', delete: '删除', restore: '恢复', pin: '置顶', unpin: '取消置顶' },
  actionOn: (action, floor) => `${action} ${floor}`,
  acted: {
    approve: (floor) => `已通过 ${floor}。`,
    hide: (floor) => `已隐藏 ${floor}。`,
    delete: (floor) => `已删除 ${floor}。`,
    restore: (floor) => `已恢复 ${floor}。`,
    pin: (floor) => `已置顶 ${floor}。`,
    unpin: (floor) => `已取消置顶 ${floor}。`,
  },
  unchanged: (floor) => `${floor} 已经是这个状态。`,
  reason: '理由（必填）',
  reasonOptional: '理由（选填）',
  confirm: { hide: '确认隐藏', delete: '确认删除' },
  cancel: '取消',
  context: '上下文',
  contextOf: (floor) => `${floor} 的上下文`,
  parent: '所回复的楼层',
  current: '当前楼层',
  banAuthor: '禁言作者',
  banOf: (name) => `禁言作者 ${name}`,
  banKind: '方式',
  banKinds: { ban: '禁言', shadow: '隐身屏蔽' },
  banHelp: {
    ban: '禁言期间不能发帖、编辑和举报。',
    shadow: '照常发帖，但只有本人和版主能看到其回复。',
  },
  duration: '时长',
  hours: (count) => `${count} 小时`,
  days: (count) => `${count} 天`,
  permanent: '永久',
  banConfirm: '确认禁言',
  banned: (name, until) => (until ? `已禁言 ${name} 至 ${until}。` : `已永久禁言 ${name}。`),
  shadowBanned: (name) => `已隐身屏蔽 ${name}。`,
  bansEmpty: '没有被禁言的用户。',
  until: (time) => `至 ${time}`,
  by: (who) => ['操作人：', who],
  since: (time) => `始于 ${time}`,
  unban: '解除',
  unbanOf: (name, kind) => `解除 ${name} 的${kind}`,
  unbanConfirm: '确认解除',
  unbanned: (name, kind) => `已解除 ${name} 的${kind}。`,
  auditFilter: '操作类型',
  allActions: '全部操作',
  auditActions: {
    approve: '通过', hide: '隐藏', delete: '删除', restore: '恢复', pin: '置顶', unpin: '取消置顶',
    ban: '禁言', unban: '解除禁言', words: '修改敏感词', auto_hide: '举报过多自动隐藏',
  },
  system: '系统',
  apiKey: (label) => `API 密钥“${label}”`,
  statusChange: (from, to) => `${from} → ${to}`,
  wordSizes: (banned, suspect) => `禁用词 ${banned} 个，可疑词 ${suspect} 个`,
  auditEmpty: '还没有操作记录。',
  bannedWords: '禁用词',
  bannedHelp: '含有禁用词的回复会被拒绝，并提示是哪个词。',
  suspectWords: '可疑词',
  suspectHelp: '含有可疑词的回复先进入待审核。每行一个词，不区分大小写、全半角和空格。',
  wordCount: (count) => `${count} 个词`,
  save: '保存',
  saved: '敏感词已保存。',
  errors: {
    forbidden: '你没有权限这样做。',
    notFound: '内容已不存在。',
    conflict: '这个操作现在不适用，请刷新后查看最新状态。',
    invalid: (message) => `未通过检查：${message}`,
    rateLimited: '操作太频繁了，请稍后再试。',
    network: '无法连接评论服务器，请检查网络。',
    unknown: '出错了，请重试。',
  },
};

export const zhTW: ModerationMessages = {
  title: '內容審核',
  loading: '載入中…',
  loadFailed: '載入失敗。',
  retry: '重試',
  loadMore: '載入更多',
  refresh: '重新整理',
  notModerator: '只有本站的版主和管理員才能審核內容，你的帳號沒有這個權限。',
  signIn: '請以本站版主身分登入後再審核內容。',
  policy: (threshold, premoderation) => `檢舉滿 ${threshold} 人自動隱藏 · 先審後發：${premoderation}`,
  policyNoThreshold: (premoderation) => `檢舉不會自動隱藏 · 先審後發：${premoderation}`,
  premoderation: { none: '不需要', all: '所有新回覆', first: '新用戶的首則回覆', links: '含連結的回覆' },
  sections: '審核欄目',
  tabs: { pending: '待審核', reported: '被檢舉', bans: '禁言名單', audit: '操作紀錄', words: '敏感詞' },
  emptyQueue: { pending: '沒有待審核的回覆。', reported: '沒有被檢舉的回覆。' },
  status: { published: '已發布', hidden: '已隱藏', pending: '待審核', deleted: '已刪除' },
  pinned: '置頂',
  shadowed: '已遮蔽',
  deletedAuthor: '已註銷用戶',
  place: (thread, floor) => `${thread} · ${floor}`,
  cause: { all: '所有回覆先審後發', first: '新用戶的首則回覆', links: '含有連結', suspect: '含有可疑詞' },
  suspectWord: (word) => `含有可疑詞「${word}」`,
  reports: (count) => `${count} 人檢舉`,
  reasonCount: (reason, count) => `${reason} ×${count}`,
  reasons: report.zhTW.reasons,
  actions: { approve: '通過', hide: '隱藏', delete: '刪除', restore: '恢復', pin: '置頂', unpin: '取消置頂' },
  actionOn: (action, floor) => `${action} ${floor}`,
  acted: {
    approve: (floor) => `已通過 ${floor}。`,
    hide: (floor) => `已隱藏 ${floor}。`,
    delete: (floor) => `已刪除 ${floor}。`,
    restore: (floor) => `已恢復 ${floor}。`,
    pin: (floor) => `已置頂 ${floor}。`,
    unpin: (floor) => `已取消置頂 ${floor}。`,
  },
  unchanged: (floor) => `${floor} 已經是這個狀態。`,
  reason: '理由（必填）',
  reasonOptional: '理由（選填）',
  confirm: { hide: '確認隱藏', delete: '確認刪除' },
  cancel: '取消',
  context: '上下文',
  contextOf: (floor) => `${floor} 的上下文`,
  parent: '所回覆的樓層',
  current: '目前樓層',
  banAuthor: '禁言作者',
  banOf: (name) => `禁言作者 ${name}`,
  banKind: '方式',
  banKinds: { ban: '禁言', shadow: '隱身遮蔽' },
  banHelp: {
    ban: '禁言期間不能發文、編輯和檢舉。',
    shadow: '照常發文，但只有本人和版主能看到其回覆。',
  },
  duration: '時長',
  hours: (count) => `${count} 小時`,
  days: (count) => `${count} 天`,
  permanent: '永久',
  banConfirm: '確認禁言',
  banned: (name, until) => (until ? `已禁言 ${name} 至 ${until}。` : `已永久禁言 ${name}。`),
  shadowBanned: (name) => `已隱身遮蔽 ${name}。`,
  bansEmpty: '沒有被禁言的用戶。',
  until: (time) => `至 ${time}`,
  by: (who) => ['操作人：', who],
  since: (time) => `始於 ${time}`,
  unban: '解除',
  unbanOf: (name, kind) => `解除 ${name} 的${kind}`,
  unbanConfirm: '確認解除',
  unbanned: (name, kind) => `已解除 ${name} 的${kind}。`,
  auditFilter: '操作類型',
  allActions: '全部操作',
  auditActions: {
    approve: '通過', hide: '隱藏', delete: '刪除', restore: '恢復', pin: '置頂', unpin: '取消置頂',
    ban: '禁言', unban: '解除禁言', words: '修改敏感詞', auto_hide: '檢舉過多自動隱藏',
  },
  system: '系統',
  apiKey: (label) => `API 金鑰「${label}」`,
  statusChange: (from, to) => `${from} → ${to}`,
  wordSizes: (banned, suspect) => `禁用詞 ${banned} 個，可疑詞 ${suspect} 個`,
  auditEmpty: '還沒有操作紀錄。',
  bannedWords: '禁用詞',
  bannedHelp: '含有禁用詞的回覆會被拒絕，並提示是哪個詞。',
  suspectWords: '可疑詞',
  suspectHelp: '含有可疑詞的回覆先進入待審核。每行一個詞，不區分大小寫、全半形和空格。',
  wordCount: (count) => `${count} 個詞`,
  save: '儲存',
  saved: '敏感詞已儲存。',
  errors: {
    forbidden: '你沒有權限這樣做。',
    notFound: '內容已不存在。',
    conflict: '這個操作現在不適用，請重新整理後查看最新狀態。',
    invalid: (message) => `未通過檢查：${message}`,
    rateLimited: '操作太頻繁了，請稍後再試。',
    network: '無法連線留言伺服器，請檢查網路。',
    unknown: '出錯了，請重試。',
  },
};

/** Locales shipped, by tag (the same as the main catalog's). */
export const catalogs = { en, 'zh-CN': zhCN, 'zh-TW': zhTW } as const satisfies Record<string, ModerationMessages>;
