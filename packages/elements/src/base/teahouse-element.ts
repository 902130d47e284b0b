import { LitElement, isServer } from 'lit';
import { resolveLocale } from '@teahouse/protocol';
import { hasCatalog, loadCatalog } from '../i18n/catalogs.js';
import { langOf } from '../i18n/localize.js';
import { loadModule } from '../lazy/lazy.js';
import type { Author, Bootstrap, Floor, Sort, View } from '@teahouse/protocol';

/** What a reader asked to do with a floor from its action row. */
export type ReplyMode = 'reply' | 'quote';

export interface ReplyRequestDetail {
  /** Floor number to reply to or quote. */
  number: number;
  mode: ReplyMode;
  /** Display name of the floor's author, for the composer's chip. */
  author: string | null;
}
export interface LoginRequestDetail {
  /** The site's login URL, when it has one; the host may handle the login itself instead. */
  loginUrl: string | null;
  /** `login` or `register`. */
  action: 'login' | 'register';
}
export interface CommentCreatedDetail { floor: Floor }
/** The reader chose a nickname (guest mode); `token` signs them in as that guest. */
export interface GuestDetail { token: string; author: Author }
/** The reader edited or deleted their own floor; `floor` is its new state. */
export interface CommentUpdatedDetail { floor: Floor }
export interface ReadyDetail { bootstrap: Bootstrap }
export interface ErrorDetail {
  error: unknown;
  /** What failed: loading the thread, loading more floors, or posting. */
  during: 'load' | 'more' | 'post';
}

/** A thread's reply count changed: `<teahouse-count>` elements of the same site and page follow it. */
export interface CountDetail { site: string; page: string; count: number }
/** The reader cancelled an edit or a deletion. */
export interface EditCloseDetail { number: number }

/** The reader asked for one author's floors only. */
export interface AuthorFilterDetail { author: Author }
/** The reader switched the thread's view or order. */
export interface ViewChangeDetail { view: View; sort: Sort }

/** Every event the elements fire, by name. */
export interface TeahouseEventMap {
  'teahouse-author-filter': CustomEvent<AuthorFilterDetail>;
  'teahouse-view-change': CustomEvent<ViewChangeDetail>;
  'teahouse-reply-request': CustomEvent<ReplyRequestDetail>;
  'teahouse-login-request': CustomEvent<LoginRequestDetail>;
  'teahouse-comment-created': CustomEvent<CommentCreatedDetail>;
  'teahouse-guest': CustomEvent<GuestDetail>;
  'teahouse-comment-updated': CustomEvent<CommentUpdatedDetail>;
  'teahouse-ready': CustomEvent<ReadyDetail>;
  'teahouse-error': CustomEvent<ErrorDetail>;
  'teahouse-count': CustomEvent<CountDetail>;
  'teahouse-edit-close': CustomEvent<EditCloseDetail>;
}

type DetailOf<K extends keyof TeahouseEventMap> = TeahouseEventMap[K] extends CustomEvent<infer D> ? D : never;

declare global {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface GlobalEventHandlersEventMap extends TeahouseEventMap {}
}

/**
 * On a page that carries a server-rendered thread (`<teahouse-comments data-ssr>`, declarative
 * shadow DOM), definitions wait until Lit's hydration, a chunk of its own, is installed: the
 * elements then adopt what the server rendered instead of rendering it again.
 */
let held: [string, typeof TeahouseElement][] | null = !isServer && document.querySelector('teahouse-comments[data-ssr]') ? [] : null;
const release = () => {
  for (const [tag, element] of held!) if (!customElements.get(tag)) customElements.define(tag, element);
  held = null;
};
// After the bundle has run: the chunk loader hands its kit over at the first load.
if (held) queueMicrotask(() => loadModule('teahouse-hydrate').then(release, release));

/** Base class of every Teahouse element. */
export class TeahouseElement extends LitElement {
  /**
   * Registers the element under `tag`. Harmless when called again (the embed script may be
   * loaded twice on one page): an existing definition is kept.
   */
  static define(tag: string): void {
    if (held) held.push([tag, this]);
    else if (!customElements.get(tag)) customElements.define(tag, this);
  }

  /**
   * Renders once the main catalog of the element's locale is there: a page in a locale the
   * bundle does not carry fetches it first, rather than flash another language.
   */
  protected override scheduleUpdate(): void | Promise<unknown> {
    const locale = resolveLocale(langOf(this));
    if (hasCatalog(locale)) return super.scheduleUpdate();
    return loadCatalog(locale).then(() => super.scheduleUpdate());
  }

  /**
   * Fires a `teahouse-…` event that bubbles out of shadow roots. Returns false when a listener
   * called `preventDefault()`.
   */
  protected emit<K extends keyof TeahouseEventMap>(name: K, detail: DetailOf<K>, cancelable = false): boolean {
    return this.dispatchEvent(new CustomEvent(name, { detail, bubbles: true, composed: true, cancelable }));
  }
}
