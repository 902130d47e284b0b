import type { ErrorCode } from '@teahouse/protocol';

/** Every string the elements show. Each locale must provide all of them. */
export interface Messages {
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
  postedAt: (author: string, time: string) => string;
  deletedFloor: string;
  deletedAuthor: string;
  edited: string;
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
  errors: Record<ErrorCode | 'network' | 'timeout' | 'unknown', string>;
}

export const en: Messages = {
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
  postedAt: (author, time) => `${author} posted on ${time}`,
  deletedFloor: 'This floor was deleted.',
  deletedAuthor: 'Deleted user',
  edited: 'edited',
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
  errors: {
    validation_failed: 'The reply was not accepted. Check its length and content.',
    unauthorized: 'Your login has expired. Please log in again.',
    forbidden: 'You are not allowed to reply here.',
    not_found: 'This thread or floor does not exist.',
    conflict: 'That conflicted with another change. Please try again.',
    rate_limited: 'You are replying too fast. Please wait a moment.',
    payload_too_large: 'The reply is too long.',
    internal: 'The server had a problem. Please try again later.',
    network: 'Could not reach the comment server. Check your connection.',
    timeout: 'The comment server took too long to answer.',
    unknown: 'Something went wrong. Please try again.',
  },
};

export const zhCN: Messages = {
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
  postedAt: (author, time) => `${author} 发表于 ${time}`,
  deletedFloor: '该楼层已删除',
  deletedAuthor: '已注销用户',
  edited: '已编辑',
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
  errors: {
    validation_failed: '回复未通过检查，请检查长度和内容。',
    unauthorized: '登录已过期，请重新登录。',
    forbidden: '您没有权限在此回帖。',
    not_found: '帖子或楼层不存在。',
    conflict: '操作冲突，请重试。',
    rate_limited: '回帖太快了，请稍后再试。',
    payload_too_large: '回复内容过长。',
    internal: '服务器出错了，请稍后再试。',
    network: '无法连接评论服务器，请检查网络。',
    timeout: '评论服务器响应超时。',
    unknown: '出错了，请重试。',
  },
};

export const zhTW: Messages = {
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
  postedAt: (author, time) => `${author} 發表於 ${time}`,
  deletedFloor: '該樓層已刪除',
  deletedAuthor: '已註銷用戶',
  edited: '已編輯',
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
  errors: {
    validation_failed: '回覆未通過檢查，請檢查長度和內容。',
    unauthorized: '登入已過期，請重新登入。',
    forbidden: '您沒有權限在此回覆。',
    not_found: '文章或樓層不存在。',
    conflict: '操作衝突，請重試。',
    rate_limited: '回覆太快了，請稍後再試。',
    payload_too_large: '回覆內容過長。',
    internal: '伺服器出錯了，請稍後再試。',
    network: '無法連線留言伺服器，請檢查網路。',
    timeout: '留言伺服器回應逾時。',
    unknown: '出錯了，請重試。',
  },
};

/** Locales shipped, by tag. */
export const catalogs = { en, 'zh-CN': zhCN, 'zh-TW': zhTW } as const satisfies Record<string, Messages>;
export type Locale = keyof typeof catalogs;
