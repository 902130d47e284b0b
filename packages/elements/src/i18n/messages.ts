import type { ErrorCode, Locale, LocaleWords, TokenErrorCode } from '@teahouse/protocol';

export type { Locale };

/**
 * Every string the elements of the main bundle show, with the protocol's words of the locale
 * (floor labels, channel names, award wording). Each locale must provide all of them.
 */
export interface Messages extends LocaleWords {
  /** Thread header: number of replies. */
  replies: (count: number) => string;
  /**
   * Thread header tabs, painted with the floors: the name of the views' group, the floors and
   * nested views, the name of the orders' group, oldest, newest and hottest first.
   */
  tabs: readonly [views: string, floors: string, nested: string, sorts: string, oldest: string, newest: string, hottest: string];
  loading: string;
  loadFailed: string;
  retry: string;
  /** Button revealing floors that arrived live: "3 条新回复". */
  newReplies: (count: number) => string;
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
  /** IP属地 before a floor's region: "IP属地：" / "From: ". */
  region: string;
  /** Quote block of a floor that was deleted since. */
  quoteDeleted: string;
  edit: string;
  delete: string;
  /** Accessible names of the edit and delete buttons of a floor. */
  editFloor: (floor: string) => string;
  deleteFloor: (floor: string) => string;
  cancel: string;
  /** Accessible name of a row of reaction buttons. */
  reactions: string;
  /** Button showing who reacted with one key; its accessible name and the list's name add the key's label. */
  who: string;
  whoOf: (label: string) => string;
  /** Last item of the list when the count exceeds the names shown. */
  whoMore: (count: number) => string;
  /** Heading of the top-scored floors above the thread. */
  hotReplies: string;
  /** Heading of the floors a moderator pinned. */
  pinned: string;
  /** A refused token (`token_*`) reads as `unauthorized`. */
  /** `not_ready` is only ever answered by `/readyz`, which the widget never calls. */
  errors: Record<Exclude<ErrorCode, TokenErrorCode | 'not_ready'> | 'network' | 'timeout' | 'unknown', string>;
  /** Nested view: a reply shown below its depth cap. */
  replyToName: <T>(name: T) => (string | T)[];
  /** "只看该作者" on a floor and in the footer (the banner of the filter is the thread's tools'). */
  onlyAuthor: string;
  /** `<teahouse-count>`: "N 条评论". */
  commentCount: (count: number) => string;
  /** Badge of a guest's floor (guest mode), and the composer's nickname field. */
  guest: string;
  /** 举报 on a floor's action row (the form itself loads with `<teahouse-report>`). */
  report: string;
  /** What a moderator (or a pending floor's author: `review`) sees on a floor readers do not. */
  marks: Record<'hidden' | 'deleted' | 'pending' | 'review' | 'shadowed', string>;
  /** Posting refused to a banned commenter: until when, or null for good. */
  banned: (until: string | null) => string;
  /** Posting refused for a while (rate limit, flood control): seconds until a retry can succeed. */
  tooFast: (seconds: number) => string;
}
