import { loadElement, type TeahouseEventMap } from '@teahouse/elements';

/** The version of this bundle, also on `window.Teahouse.version`. */
export const version = '0.1.0';

/** What `init()` and `update()` accept. Every field but `el`, `site` and `server` is optional. */
export interface TeahouseOptions {
  /** Where the widget goes: an element or a CSS selector. Its content is replaced. */
  el: HTMLElement | string;
  /** Origin of the Teahouse server, e.g. `https://comments.example.com`. */
  server: string;
  /** Site id registered on that server. */
  site: string;
  /** The host's own id of the article. Default: the canonical URL's path, else `location.pathname`. */
  page?: string;
  /** The article's canonical URL, recorded with the thread. Default: the canonical link, else the page URL. */
  pageUrl?: string;
  /** The article's title, recorded with the thread. Default: `document.title`. */
  pageTitle?: string;
  /** `zh-CN`, `zh-TW` or `en`. Default: the host page's `lang`. */
  lang?: string;
  /** `light`, `dark` or `auto`. Default: `auto`. */
  theme?: 'light' | 'dark' | 'auto';
  /** A reader token signed by the host backend (HS256, `aud` = site id). Default: none (anonymous). */
  token?: string | null;
  /**
   * Fetches a reader token from the host backend: at start when no `token` is given, a minute
   * before the token held expires, and once more when the server answers `token_expired`.
   */
  getToken?: () => string | null | undefined | Promise<string | null | undefined>;
  /** `lazy` lets the widget wait until it nears the viewport; `eager` loads at once. Default: `lazy`. */
  loading?: 'lazy' | 'eager';
}

export type UpdateOptions = Partial<Omit<TeahouseOptions, 'el'>>;

/** Every event the widget fires, by its full DOM name, with its `CustomEvent` type. */
export type TeahouseEvents = TeahouseEventMap;
type ShortName<K> = K extends `teahouse-${infer S}` ? S : never;
/** Events the widget fires, by short name (`on('ready', …)`) or full DOM name (`on('teahouse-ready', …)`). */
export type TeahouseEventName = keyof TeahouseEvents | ShortName<keyof TeahouseEvents>;
/** The full DOM name of an event name given either way. */
type FullName<N extends TeahouseEventName> = N extends keyof TeahouseEvents ? N : `teahouse-${N}` & keyof TeahouseEvents;
/** The detail of the event `N`: `on('ready', (detail) => detail.bootstrap)`. */
export type TeahouseDetail<N extends TeahouseEventName> = TeahouseEvents[FullName<N>] extends CustomEvent<infer D> ? D : never;

export type TeahouseListener<N extends TeahouseEventName = TeahouseEventName> =
  (detail: TeahouseDetail<N>, event: TeahouseEvents[FullName<N>]) => void;

/** The `<teahouse-comments>` element as the embed drives it. */
export type CommentsElement = HTMLElement & { token?: string | null; getToken?: TeahouseOptions['getToken'] };

/** What `init()` returns: one mounted widget. */
export interface TeahouseInstance {
  /** The mounted `<teahouse-comments>` element; null after `destroy()`. */
  readonly element: CommentsElement | null;
  /** Changes options in place, e.g. `update({page: 'a-124'})` when a single-page app navigates. */
  update(options: UpdateOptions): void;
  /** Hands the widget a reader token; the reader can post at once. */
  login(token: string): void;
  /** Forgets the reader token; the widget shows the login prompt again. */
  logout(): void;
  setLang(lang: string): void;
  setTheme(theme: 'light' | 'dark' | 'auto'): void;
  /** Removes the widget and every listener added through `on()`. */
  destroy(): void;
  /** Listens to a widget event, its detail typed by the event's name; returns a function that stops listening. */
  on<N extends TeahouseEventName>(name: N, fn: TeahouseListener<N>): () => void;
}

// `page` is not here: it is set only once the widget nears the viewport (see `loading`).
const ATTRIBUTES = {
  server: 'server',
  site: 'site',
  pageUrl: 'page-url',
  pageTitle: 'page-title',
  lang: 'lang',
  theme: 'theme',
} as const;
type AttributeOption = keyof typeof ATTRIBUTES;

function canonicalUrl(): URL | null {
  const link = document.querySelector<HTMLLinkElement>('link[rel="canonical"]');
  if (!link?.href) return null;
  try {
    return new URL(link.href, location.href);
  } catch {
    return null;
  }
}

/** The page key a host gets when it names none: the canonical URL's path, else the current path. */
export function defaultPage(): string {
  return canonicalUrl()?.pathname ?? location.pathname;
}

function defaultPageUrl(): string | undefined {
  const url = canonicalUrl() ?? new URL(location.href);
  url.hash = '';
  // The server records http(s) URLs only; a page opened from disk has none to give.
  return /^https?:$/.test(url.protocol) ? url.href : undefined;
}

function resolveTarget(el: HTMLElement | string): HTMLElement {
  const target = typeof el === 'string' ? document.querySelector<HTMLElement>(el) : el;
  if (!target) throw new Error(`Teahouse: no element matches ${String(el)}`);
  return target;
}

function applyAttributes(element: HTMLElement, options: UpdateOptions): void {
  for (const key of Object.keys(ATTRIBUTES) as AttributeOption[]) {
    if (!(key in options)) continue;
    const value = options[key];
    const name = ATTRIBUTES[key];
    if (value === undefined || value === null || value === '') element.removeAttribute(name);
    else element.setAttribute(name, String(value));
  }
}

/**
 * Mounts `<teahouse-comments>` into `options.el` and returns a handle to drive it.
 *
 * ```js
 * const widget = Teahouse.init({ el: '#comments', server: 'https://comments.example.com', site: 'demo' });
 * widget.on('login-request', () => openLoginDialog());
 * ```
 */
export function init(options: TeahouseOptions): TeahouseInstance {
  if (!options || !options.server || !options.site) {
    throw new Error('Teahouse.init needs at least {el, server, site}');
  }
  const host = resolveTarget(options.el);
  // A thread the host's server rendered (GET …/threads/html) is adopted: it hydrates from the
  // bootstrap it carries and asks the server for nothing to paint.
  const element = host.querySelector<CommentsElement>('teahouse-comments') ?? (document.createElement('teahouse-comments') as CommentsElement);
  const listeners = new Set<() => void>();
  let destroyed = false;
  let page = options.page || defaultPage();
  let observer: IntersectionObserver | undefined;

  // The element loads its thread once it has a page; holding the page back until the widget
  // nears the viewport keeps articles that are never scrolled to from fetching their thread.
  const showPage = () => {
    if (!observer) element.setAttribute('page', page);
  };

  applyAttributes(element, {
    ...options,
    theme: options.theme ?? 'auto',
    pageTitle: options.pageTitle || document.title || undefined,
    pageUrl: options.pageUrl || defaultPageUrl(),
  });
  if (options.token) element.token = options.token;
  host.replaceChildren(element);

  if (options.loading !== 'eager' && typeof IntersectionObserver === 'function') {
    observer = new IntersectionObserver(
      (entries) => {
        if (!entries.some((entry) => entry.isIntersecting)) return;
        observer?.disconnect();
        observer = undefined;
        showPage();
      },
      { rootMargin: '600px 0px' },
    );
    observer.observe(host);
  }
  showPage();

  if (options.getToken) element.getToken = options.getToken;

  const instance: TeahouseInstance = {
    get element() {
      return destroyed ? null : element;
    },
    update(next) {
      if (destroyed) return;
      applyAttributes(element, next);
      if ('page' in next) {
        page = next.page || defaultPage();
        showPage();
      }
      if ('token' in next) element.token = next.token ?? null;
      if ('getToken' in next) element.getToken = next.getToken;
    },
    login(token) {
      if (!destroyed) element.token = token;
    },
    logout() {
      if (!destroyed) element.token = null;
    },
    setLang(lang) {
      instance.update({ lang });
    },
    setTheme(theme) {
      instance.update({ theme });
    },
    destroy() {
      if (destroyed) return;
      destroyed = true;
      observer?.disconnect();
      for (const off of [...listeners]) off();
      element.remove();
    },
    on(name, fn) {
      const type = name.startsWith('teahouse-') ? name : `teahouse-${name}`;
      const handler = (event: Event) => (fn as (detail: unknown, event: Event) => void)((event as CustomEvent).detail, event);
      // Events bubble and are composed, so the host element hears them after Lit's shadow roots.
      host.addEventListener(type, handler);
      const off = () => {
        host.removeEventListener(type, handler);
        listeners.delete(off);
      };
      listeners.add(off);
      return off;
    },
  };
  return instance;
}

export { loadElement };

/**
 * The default export: `import Teahouse from '@teahouse/embed'; Teahouse.init({...})`. On script-tag
 * pages it is `window.Teahouse`; its `loadElement(tag)` defines an element that is not in embed.js
 * (`teahouse-share`, `teahouse-points`, `teahouse-moderation`…) from its chunk, for pages that use
 * it outside the comments.
 */
const Teahouse = { init, version, loadElement };
export default Teahouse;
