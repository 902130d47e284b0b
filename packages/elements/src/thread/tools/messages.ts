import type { Locale } from '../../i18n/messages.js';

/**
 * The strings of the thread's tools (pages, footer, nested view), in a catalog of their own that
 * loads with them; the tabs', painted with the floors, are in the main catalog. Each locale must
 * provide all of them.
 */
export interface ToolsMessages {
  moreReplies: (count: number) => string;
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
  /** The banner while one author's floors are shown: "只看 X 的回复 · 查看全部". */
  onlyAuthorOf: <T>(name: T) => (string | T)[];
  showAll: string;
  /** A jump to a floor that does not exist. */
  noSuchFloor: (floor: number) => string;
}

export const en: ToolsMessages = {
  moreReplies: (count) => `${count} more ${count === 1 ? 'reply' : 'replies'}`,
  pages: 'Pages',
  prevPage: 'Previous',
  nextPage: 'Next',
  pageN: (page) => `Page ${page}`,
  threadTools: 'Thread tools',
  rules: 'Points rules',
  jumpTo: (input) => ['Go to floor ', input],
  jumpGo: 'Go',
  onlyAuthorOf: (name) => ['Only replies by ', name],
  showAll: 'Show all',
  noSuchFloor: (floor) => `There is no floor #${floor}.`,
};

export const zhCN: ToolsMessages = {
  moreReplies: (count) => `还有 ${count} 条回复`,
  pages: '分页',
  prevPage: '上一页',
  nextPage: '下一页',
  pageN: (page) => `第 ${page} 页`,
  threadTools: '帖子工具',
  rules: '本版积分规则',
  jumpTo: (input) => ['电梯直达 ', input, ' 楼'],
  jumpGo: '跳转',
  onlyAuthorOf: (name) => ['只看 ', name, ' 的回复'],
  showAll: '查看全部',
  noSuchFloor: (floor) => `没有 ${floor} 楼。`,
};

export const zhTW: ToolsMessages = {
  moreReplies: (count) => `還有 ${count} 則回覆`,
  pages: '分頁',
  prevPage: '上一頁',
  nextPage: '下一頁',
  pageN: (page) => `第 ${page} 頁`,
  threadTools: '文章工具',
  rules: '本版積分規則',
  jumpTo: (input) => ['電梯直達 ', input, ' 樓'],
  jumpGo: '跳轉',
  onlyAuthorOf: (name) => ['只看 ', name, ' 的回覆'],
  showAll: '查看全部',
  noSuchFloor: (floor) => `沒有 ${floor} 樓。`,
};

/** Locales shipped, by tag: the main catalog's. */
export const catalogs: Record<Locale, ToolsMessages> = { en, 'zh-CN': zhCN, 'zh-TW': zhTW };
