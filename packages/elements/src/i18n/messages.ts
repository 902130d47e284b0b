import { floorLabel, type ErrorCode, type Locale, type TokenErrorCode } from '@teahouse/protocol';

export type { Locale };

/** Every string the elements show. Each locale must provide all of them. */
export interface Messages {
  /** A floor's label: 沙发, 板凳, 地板, N楼 / 沙發… N樓 / #N (the protocol's). */
  floor: (number: number) => string;
  /** Thread header: number of replies. */
  replies: (count: number) => string;
  loading: string;
  loadFailed: string;
  retry: string;
  loadMore: string;
  noReplies: string;
  /** Badge of the article's author. */
  op: string;
  reply: string;
  quote: string;
  /** Accessible name of the reply button of a floor. */
  replyTo: (floor: string) => string;
  quoteFloor: (floor: string) => string;
  /** Head of a quote block: "X 发表于 T". */
  postedAt: <T>(author: T, time: string) => (string | T)[];
  deletedFloor: string;
  deletedAuthor: string;
  /** "编辑于 3 分钟前" next to an edited floor's time. */
  editedAt: (time: string) => string;
  /** Quote block of a floor that was deleted since. */
  quoteDeleted: string;
  edit: string;
  delete: string;
  /** Accessible names of the edit and delete buttons of a floor. */
  editFloor: (floor: string) => string;
  deleteFloor: (floor: string) => string;
  /** Composer toggle between writing and the formatted preview. */
  preview: string;
  composerLabel: string;
  composerPlaceholder: string;
  submit: string;
  sending: string;
  /** Composer chip: "回复 沙发" / "Replying to #2". */
  replyingTo: (floor: string) => string;
  quoting: (floor: string) => string;
  cancel: string;
  cancelReply: string;
  /** Length counter. */
  counter: (length: number, max: number) => string;
  tooLong: (max: number) => string;
  /** Login prompt: "您需要 [登录] 后才可以回帖 · [立即注册]". */
  loginBefore: string;
  login: string;
  loginAfter: string;
  register: string;
  signedInAs: (name: string) => string;
  posted: string;
  /** Accessible name of a row of reaction buttons. */
  reactions: string;
  /** A reader who is not signed in pressed a reaction. */
  reactLogin: string;
  /** The server refused a reaction (e.g. to one's own floor). */
  reactRefused: string;
  reactFailed: string;
  /** Button showing who reacted with one key; its accessible name and the list's name add the key's label. */
  who: string;
  whoOf: (label: string) => string;
  /** Last item of the list when the count exceeds the names shown. */
  whoMore: (count: number) => string;
  whoFailed: string;
  /** Heading of the top-scored floors above the thread. */
  hotReplies: string;
  /** Heading of the floors a moderator pinned. */
  pinned: string;
  /** A refused token (`token_*`) reads as `unauthorized`. */
  errors: Record<Exclude<ErrorCode, TokenErrorCode> | 'network' | 'timeout' | 'unknown', string>;
  /** Thread header tabs: views and sorts, with the names of their groups. */
  viewLabel: string;
  viewFloors: string;
  viewNested: string;
  sortLabel: string;
  sortOldest: string;
  sortNewest: string;
  sortHottest: string;
  /** Nested view: a reply shown below its depth cap. */
  replyToName: <T>(name: T) => (string | T)[];
  moreReplies: (count: number) => string;
  /** "只看该作者" on a floor and in the footer, and the banner of the filter. */
  onlyAuthor: string;
  onlyAuthorOf: <T>(name: T) => (string | T)[];
  showAll: string;
  /** Numbered pages. */
  pages: string;
  prevPage: string;
  nextPage: string;
  pageN: (page: number) => string;
  /** Footer: "本版积分规则 · 只看该作者 · 电梯直达 __ 楼". */
  threadTools: string;
  rules: string;
  /** The jump input with its words around it: 电梯直达 [__] 楼. */
  jumpTo: <T>(input: T) => (string | T)[];
  jumpGo: string;
  noSuchFloor: (floor: number) => string;
  /** `<teahouse-count>`: "N 条评论". */
  commentCount: (count: number) => string;
  /** Badge of a guest's floor (guest mode), and the composer's nickname field. */
  guest: string;
  guestName: string;
  /** 举报 on a floor's action row (the form itself loads with `<teahouse-report>`). */
  report: string;
  /** What a moderator (or a pending floor's author: `review`) sees on a floor readers do not. */
  marks: Record<'hidden' | 'deleted' | 'pending' | 'review' | 'shadowed', string>;
  /** Posting refused to a banned commenter: until when, or null for good. */
  banned: (until: string | null) => string;
  /** Posting refused for a while (rate limit, flood control): seconds until a retry can succeed. */
  tooFast: (seconds: number) => string;
}

export const en: Messages = {
  floor: (n) => floorLabel(n, 'en'),
  viewLabel: 'View',
  viewFloors: 'Floors',
  viewNested: 'Nested',
  sortLabel: 'Sort',
  sortOldest: 'Oldest',
  sortNewest: 'Newest',
  sortHottest: 'Hottest',
  replyToName: (name) => ['Reply to @', name],
  moreReplies: (count) => `${count} more ${count === 1 ? 'reply' : 'replies'}`,
  onlyAuthor: 'Only this author',
  onlyAuthorOf: (name) => ['Only replies by ', name],
  showAll: 'Show all',
  pages: 'Pages',
  prevPage: 'Previous',
  nextPage: 'Next',
  pageN: (page) => `Page ${page}`,
  threadTools: 'Thread tools',
  rules: 'Points rules',
  jumpTo: (input) => ['Go to floor ', input],
  jumpGo: 'Go',
  noSuchFloor: (floor) => `There is no floor #${floor}.`,
  commentCount: (count) => `${count} ${count === 1 ? 'comment' : 'comments'}`,
  guest: 'Guest',
  guestName: 'Nickname',
  report: 'Report',
  marks: { hidden: 'Hidden', deleted: 'Deleted', pending: 'Awaiting review', review: 'In review', shadowed: 'Shadow-banned' },
  banned: (until) => (until ? `You are banned until ${until}.` : 'You are banned.'),
  tooFast: (s) => `Posting too fast: try again in ${s} s.`,
  replies: (count) => `${count} ${count === 1 ? 'reply' : 'replies'}`,
  loading: 'Loading comments…',
  loadFailed: 'The comments could not be loaded.',
  retry: 'Try again',
  loadMore: 'Load more',
  noReplies: 'No replies yet. Be the first.',
  op: 'OP',
  reply: 'Reply',
  quote: 'Quote',
  replyTo: (floor) => `Reply to ${floor}`,
  quoteFloor: (floor) => `Quote ${floor}`,
  postedAt: (author, time) => [author, ` posted on ${time}`],
  deletedFloor: 'This floor was deleted.',
  deletedAuthor: 'Deleted user',
  editedAt: (time) => `edited ${time}`,
  quoteDeleted: 'This reply was deleted',
  edit: 'Edit',
  delete: 'Delete',
  editFloor: (floor) => `Edit ${floor}`,
  deleteFloor: (floor) => `Delete ${floor}`,
  preview: 'Preview',
  composerLabel: 'Your reply',
  composerPlaceholder: 'Write a reply…',
  submit: 'Post',
  sending: 'Posting…',
  replyingTo: (floor) => `Replying to ${floor}`,
  quoting: (floor) => `Quoting ${floor}`,
  cancel: 'Cancel',
  cancelReply: 'Cancel reply',
  counter: (length, max) => `${length} / ${max}`,
  tooLong: (max) => `Replies can be at most ${max} characters.`,
  loginBefore: 'You need to',
  login: 'log in',
  loginAfter: 'to reply',
  register: 'Sign up',
  signedInAs: (name) => `Signed in as ${name}`,
  posted: 'Your reply was posted.',
  reactions: 'Reactions',
  reactLogin: 'Log in to react.',
  reactRefused: 'You cannot react to your own post.',
  reactFailed: 'Your reaction was not saved. Please try again.',
  who: 'Who reacted',
  whoOf: (label) => `Who reacted ${label}`,
  whoMore: (count) => `and ${count} more`,
  whoFailed: 'The names could not be loaded.',
  hotReplies: 'Top replies',
  pinned: 'Pinned',
  errors: {
    validation_failed: 'The reply was not accepted. Check its length and content.',
    unauthorized: 'Your login has expired. Please log in again.',
    forbidden: 'You are not allowed to reply here.',
    not_found: 'This thread or floor does not exist.',
    conflict: 'That conflicted with another change. Please try again.',
    rate_limited: 'You are replying too fast. Please wait a moment.',
    payload_too_large: 'The reply is too long.',
    duplicate_post: 'You already posted this.',
    name_taken: 'That nickname is taken. Choose another.',
    internal: 'The server had a problem. Please try again later.',
    network: 'Could not reach the comment server. Check your connection.',
    timeout: 'The comment server took too long to answer.',
    unknown: 'Something went wrong. Please try again.',
  },
};

export const zhCN: Messages = {
  floor: (n) => floorLabel(n, 'zh-CN'),
  viewLabel: '视图',
  viewFloors: '楼层',
  viewNested: '嵌套',
  sortLabel: '排序',
  sortOldest: '最早',
  sortNewest: '最新',
  sortHottest: '最热',
  replyToName: (name) => ['回复 @', name],
  moreReplies: (count) => `还有 ${count} 条回复`,
  onlyAuthor: '只看该作者',
  onlyAuthorOf: (name) => ['只看 ', name, ' 的回复'],
  showAll: '查看全部',
  pages: '分页',
  prevPage: '上一页',
  nextPage: '下一页',
  pageN: (page) => `第 ${page} 页`,
  threadTools: '帖子工具',
  rules: '本版积分规则',
  jumpTo: (input) => ['电梯直达 ', input, ' 楼'],
  jumpGo: '跳转',
  noSuchFloor: (floor) => `没有 ${floor} 楼。`,
  commentCount: (count) => `${count} 条评论`,
  guest: '游客',
  guestName: '昵称',
  report: '举报',
  marks: { hidden: '已隐藏', deleted: '已删除', pending: '待审核', review: '审核中', shadowed: '已屏蔽' },
  banned: (until) => (until ? `你已被禁言至 ${until}` : '你已被永久禁言'),
  tooFast: (s) => `发言太快了，请 ${s} 秒后再试`,
  replies: (count) => `${count} 条回复`,
  loading: '评论加载中…',
  loadFailed: '评论加载失败。',
  retry: '重试',
  loadMore: '加载更多',
  noReplies: '还没有回复，快来抢沙发。',
  op: '楼主',
  reply: '回复',
  quote: '引用',
  replyTo: (floor) => `回复 ${floor}`,
  quoteFloor: (floor) => `引用 ${floor}`,
  postedAt: (author, time) => [author, ` 发表于 ${time}`],
  deletedFloor: '该楼层已删除',
  deletedAuthor: '已注销用户',
  editedAt: (time) => `编辑于 ${time}`,
  quoteDeleted: '该回复已删除',
  edit: '编辑',
  delete: '删除',
  editFloor: (floor) => `编辑 ${floor}`,
  deleteFloor: (floor) => `删除 ${floor}`,
  preview: '预览',
  composerLabel: '回帖内容',
  composerPlaceholder: '说点什么…',
  submit: '发表回复',
  sending: '发送中…',
  replyingTo: (floor) => `回复 ${floor}`,
  quoting: (floor) => `引用 ${floor}`,
  cancel: '取消',
  cancelReply: '取消回复',
  counter: (length, max) => `${length} / ${max}`,
  tooLong: (max) => `回复最多 ${max} 个字。`,
  loginBefore: '您需要',
  login: '登录',
  loginAfter: '后才可以回帖',
  register: '立即注册',
  signedInAs: (name) => `当前登录：${name}`,
  posted: '回复成功。',
  reactions: '评价',
  reactLogin: '登录后才可以评价。',
  reactRefused: '不能评价自己发的内容。',
  reactFailed: '评价没有保存，请重试。',
  who: '谁点了',
  whoOf: (label) => `谁点了${label}`,
  whoMore: (count) => `等另外 ${count} 人`,
  whoFailed: '名单加载失败。',
  hotReplies: '热门回复',
  pinned: '置顶',
  errors: {
    validation_failed: '回复未通过检查，请检查长度和内容。',
    unauthorized: '登录已过期，请重新登录。',
    forbidden: '您没有权限在此回帖。',
    not_found: '帖子或楼层不存在。',
    conflict: '操作冲突，请重试。',
    rate_limited: '回帖太快了，请稍后再试。',
    payload_too_large: '回复内容过长。',
    duplicate_post: '请勿重复发言',
    name_taken: '该昵称已被占用，请换一个',
    internal: '服务器出错了，请稍后再试。',
    network: '无法连接评论服务器，请检查网络。',
    timeout: '评论服务器响应超时。',
    unknown: '出错了，请重试。',
  },
};

export const zhTW: Messages = {
  floor: (n) => floorLabel(n, 'zh-TW'),
  viewLabel: '檢視',
  viewFloors: '樓層',
  viewNested: '巢狀',
  sortLabel: '排序',
  sortOldest: '最早',
  sortNewest: '最新',
  sortHottest: '最熱',
  replyToName: (name) => ['回覆 @', name],
  moreReplies: (count) => `還有 ${count} 則回覆`,
  onlyAuthor: '只看該作者',
  onlyAuthorOf: (name) => ['只看 ', name, ' 的回覆'],
  showAll: '查看全部',
  pages: '分頁',
  prevPage: '上一頁',
  nextPage: '下一頁',
  pageN: (page) => `第 ${page} 頁`,
  threadTools: '文章工具',
  rules: '本版積分規則',
  jumpTo: (input) => ['電梯直達 ', input, ' 樓'],
  jumpGo: '跳轉',
  noSuchFloor: (floor) => `沒有 ${floor} 樓。`,
  commentCount: (count) => `${count} 則留言`,
  guest: '遊客',
  guestName: '暱稱',
  report: '檢舉',
  marks: { hidden: '已隱藏', deleted: '已刪除', pending: '待審核', review: '審核中', shadowed: '已遮蔽' },
  banned: (until) => (until ? `你已被禁言至 ${until}` : '你已被永久禁言'),
  tooFast: (s) => `發言太快了，請 ${s} 秒後再試`,
  replies: (count) => `${count} 則回覆`,
  loading: '留言載入中…',
  loadFailed: '留言載入失敗。',
  retry: '重試',
  loadMore: '載入更多',
  noReplies: '還沒有回覆，快來搶沙發。',
  op: '樓主',
  reply: '回覆',
  quote: '引用',
  replyTo: (floor) => `回覆 ${floor}`,
  quoteFloor: (floor) => `引用 ${floor}`,
  postedAt: (author, time) => [author, ` 發表於 ${time}`],
  deletedFloor: '該樓層已刪除',
  deletedAuthor: '已註銷用戶',
  editedAt: (time) => `編輯於 ${time}`,
  quoteDeleted: '該回覆已刪除',
  edit: '編輯',
  delete: '刪除',
  editFloor: (floor) => `編輯 ${floor}`,
  deleteFloor: (floor) => `刪除 ${floor}`,
  preview: '預覽',
  composerLabel: '回覆內容',
  composerPlaceholder: '說點什麼…',
  submit: '發表回覆',
  sending: '傳送中…',
  replyingTo: (floor) => `回覆 ${floor}`,
  quoting: (floor) => `引用 ${floor}`,
  cancel: '取消',
  cancelReply: '取消回覆',
  counter: (length, max) => `${length} / ${max}`,
  tooLong: (max) => `回覆最多 ${max} 個字。`,
  loginBefore: '您需要',
  login: '登入',
  loginAfter: '後才可以回覆',
  register: '立即註冊',
  signedInAs: (name) => `目前登入：${name}`,
  posted: '回覆成功。',
  reactions: '評價',
  reactLogin: '登入後才可以評價。',
  reactRefused: '不能評價自己發的內容。',
  reactFailed: '評價沒有儲存，請重試。',
  who: '誰按了',
  whoOf: (label) => `誰按了${label}`,
  whoMore: (count) => `等另外 ${count} 人`,
  whoFailed: '名單載入失敗。',
  hotReplies: '熱門回覆',
  pinned: '置頂',
  errors: {
    validation_failed: '回覆未通過檢查，請檢查長度和內容。',
    unauthorized: '登入已過期，請重新登入。',
    forbidden: '您沒有權限在此回覆。',
    not_found: '文章或樓層不存在。',
    conflict: '操作衝突，請重試。',
    rate_limited: '回覆太快了，請稍後再試。',
    payload_too_large: '回覆內容過長。',
    duplicate_post: '請勿重複發言',
    name_taken: '此暱稱已被使用，請換一個',
    internal: '伺服器出錯了，請稍後再試。',
    network: '無法連線留言伺服器，請檢查網路。',
    timeout: '留言伺服器回應逾時。',
    unknown: '出錯了，請重試。',
  },
};

/** Locales shipped, by tag. */
export const catalogs: Record<Locale, Messages> = { en, 'zh-CN': zhCN, 'zh-TW': zhTW };
