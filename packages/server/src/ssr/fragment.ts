import { resolveLocale, toPlainText, type Bootstrap, type Floor, type Locale } from '@teahouse/protocol';

/** The words around the floors that the fragment shows without script (the widget's own are in its chunks). */
const WORDS: Record<Locale, { pages: string; prev: string; next: string; page: (n: number) => string; loginBefore: string; login: string; loginAfter: string }> = {
  'zh-CN': { pages: '分页', prev: '上一页', next: '下一页', page: (n) => `第 ${n} 页`, loginBefore: '您需要', login: '登录', loginAfter: '后才可以回帖' },
  'zh-TW': { pages: '分頁', prev: '上一頁', next: '下一頁', page: (n) => `第 ${n} 頁`, loginBefore: '您需要', login: '登入', loginAfter: '後才可以回帖' },
  en: { pages: 'Pages', prev: 'Previous', next: 'Next', page: (n) => `Page ${n}`, loginBefore: 'You need to', login: 'log in', loginAfter: 'to reply' },
};

/** What a fragment is made of. */
export interface FragmentInput {
  /** The anonymous bootstrap of the page shown (its `page` holds that page's floors). */
  bootstrap: Bootstrap;
  /** Numbered page shown, from 1. */
  page: number;
  /** Numbered pages of the thread. */
  pages: number;
  /** Base URL of this server as browsers reach it. */
  server: string;
  /** The `lang` the host asked for. */
  lang: string | undefined;
  /** Origins of the site's pages: the thread's recorded URL is the article's only on one of them. */
  origins: ReadonlySet<string>;
}

/**
 * The article URL links point at: the thread's recorded URL when it is on one of the site's own
 * origins (a reader's browser recorded it), else none and links are relative to the host's page.
 */
function articleUrlOf(url: string | null, origins: ReadonlySet<string>): string | null {
  if (!url) return null;
  try {
    return origins.has(new URL(url).origin) ? url : null;
  } catch {
    return null;
  }
}

type Renderer = typeof import('./render.js');
let renderer: Promise<Renderer> | undefined;

/** Lit, the DOM shim and the elements load with the first fragment: a server that renders none never pays for them. */
export const loadRenderer = (): Promise<Renderer> => (renderer ??= import('./render.js'));

const escapeText = (value: string) => value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const escapeAttr = (value: string) => escapeText(value).replace(/"/g, '&quot;');
/** JSON inside a `<script>`: nothing in it can close the element or open a comment. */
const scriptJson = (value: unknown) => JSON.stringify(value).replace(/</g, '\\u003c').replace(/>/g, '\\u003e').replace(/&/g, '\\u0026');

/** The article URL of numbered page `n`: `?p=n` (none for the first), on the host's URL or relative to the host's page. */
export function pageHref(articleUrl: string | null, n: number): string {
  if (!articleUrl) return n === 1 ? '?' : `?p=${n}`;
  const url = new URL(articleUrl);
  url.hash = '';
  if (n === 1) url.searchParams.delete('p');
  else url.searchParams.set('p', String(n));
  return url.href;
}

/** Numbered pages to link: the first, the last and those around the current one. */
function pageList(page: number, pages: number): (number | null)[] {
  const shown = new Set([1, pages, ...[-2, -1, 0, 1, 2].map((d) => page + d)].filter((n) => n >= 1 && n <= pages));
  const sorted = [...shown].sort((a, b) => a - b);
  const list: (number | null)[] = [];
  sorted.forEach((n, i) => {
    if (i > 0 && n - sorted[i - 1]! > 1) list.push(null);
    list.push(n);
  });
  return list;
}

function renderPages(articleUrl: string | null, page: number, pages: number, locale: Locale): string {
  if (pages <= 1) return '';
  const w = WORDS[locale];
  const link = (n: number, text: string, rel?: string) =>
    `<a href="${escapeAttr(pageHref(articleUrl, n))}"${rel ? ` rel="${rel}"` : ''}${n === page ? ' aria-current="page"' : ''}>${escapeText(text)}</a>`;
  const items = [
    page > 1 ? link(page - 1, w.prev, 'prev') : '',
    ...pageList(page, pages).map((n) => (n === null ? '<span>…</span>' : n === page ? `<strong aria-current="page">${n}</strong>` : link(n, String(n)))),
    page < pages ? link(page + 1, w.next, 'next') : '',
  ];
  return `<nav class="teahouse-pages" aria-label="${escapeAttr(w.pages)}">${items.filter(Boolean).join(' ')}</nav>`;
}

function renderLogin(data: Bootstrap, locale: Locale): string {
  const w = WORDS[locale];
  const url = data.site.loginUrl;
  const login = url ? `<a href="${escapeAttr(url)}" rel="nofollow">${escapeText(w.login)}</a>` : escapeText(w.login);
  return `<p class="teahouse-login">${escapeText(w.loginBefore)} ${login} ${escapeText(w.loginAfter)}</p>`;
}

const person = (name: string) => ({ '@type': 'Person', name });

/** schema.org `DiscussionForumPosting` of the thread with a `Comment` for each floor shown. */
export function jsonLd(data: Bootstrap, articleUrl: string | null): Record<string, unknown> {
  const floorUrl = (n: number) => `${articleUrl ?? ''}#floor-${n}`;
  const comments = data.page.floors
    .filter((f): f is Floor & { author: NonNullable<Floor['author']> } => f.status === 'published' && !!f.author)
    .map((f) => ({
      '@type': 'Comment',
      url: floorUrl(f.number),
      position: f.number,
      author: person(f.author.name),
      dateCreated: f.createdAt,
      text: toPlainText(f.body),
      ...(f.quote ? { parentItem: { '@type': 'Comment', url: floorUrl(f.quote.number) } } : {}),
    }));
  const thread = data.thread;
  return {
    '@context': 'https://schema.org',
    '@type': 'DiscussionForumPosting',
    ...(articleUrl ? { url: articleUrl, mainEntityOfPage: articleUrl } : {}),
    headline: thread.title ?? data.site.name,
    ...(thread.author ? { author: person(thread.author.name) } : {}),
    ...(thread.createdAt ? { datePublished: thread.createdAt } : {}),
    commentCount: thread.replyCount,
    comment: comments,
  };
}

/**
 * The HTML a host includes in its article page: the widget rendered on the server, the bootstrap
 * it hydrates from (so the embed asks for none), the thread's JSON-LD, and for readers without
 * script the links to the other pages and to the login page.
 */
export async function renderFragment(input: FragmentInput): Promise<string> {
  const { bootstrap, page, pages, server } = input;
  const locale = resolveLocale(input.lang ?? 'zh-CN');
  const articleUrl = articleUrlOf(bootstrap.thread.url, input.origins);
  const { renderWidget } = await loadRenderer();
  const widget = renderWidget({ bootstrap, server, lang: locale, pageUrl: articleUrl });
  // The bootstrap and the JSON-LD are light-DOM children of <teahouse-comments> (which has no slot,
  // so they never show): they stay with it when the embed mounts it, which empties its container.
  const close = widget.lastIndexOf('</teahouse-comments>');
  const data = `<script type="application/json" data-teahouse-bootstrap>${scriptJson(bootstrap)}</script>`
    + `<script type="application/ld+json">${scriptJson(jsonLd(bootstrap, articleUrl))}</script>`;
  // Script readers get the widget's own pager and composer: the fallbacks stay out of their layout.
  return `<div id="teahouse" class="teahouse-ssr" data-teahouse-ssr="${page}" lang="${locale}">`
    + `${widget.slice(0, close)}${data}${widget.slice(close)}`
    + `<noscript>${renderPages(articleUrl, page, pages, locale)}${renderLogin(bootstrap, locale)}</noscript></div>\n`;
}
