import { html, type PropertyValues } from 'lit';
import { ContextProvider } from '../context.js';
import { createClient, type TeahouseClient } from '@teahouse/client';
import type { Bootstrap, Sort, View } from '@teahouse/protocol';
import { TeahouseElement, type ReplyRequestDetail, type CommentCreatedDetail } from '../base/teahouse-element.js';
import { clientContext, sessionContext } from '../context.js';
import { LocalizeController } from '../i18n/localize.js';
import { errorMessage } from '../i18n/errors.js';
import type { TeahouseThread } from '../thread/thread.component.js';
import type { TeahouseComposer } from '../composer/composer.component.js';
import { ReactionStore, feedStore, reactionStoreContext, storeVisitor, storedVisitor } from '../reactions/store.js';
import { loadElement } from '../lazy/lazy.js';
import { recordReferral } from '../share/referral.js';
import { styles } from './comments.styles.js';

/**
 * The whole comment section of one article page: loads the thread in one request and shows the
 * floors and the composer. Shares one client and the reader's session with the elements inside.
 *
 * @summary All-in-one comment section.
 * @fires teahouse-ready - The thread was loaded and rendered; detail `{bootstrap}`.
 * @fires teahouse-error - Loading failed; detail `{error, during: 'load'}`.
 * @fires teahouse-login-request - From the composer's login prompt.
 * @fires teahouse-comment-created - From the composer, after a post.
 * @fires teahouse-guest - From the composer on a guest-mode site; the element keeps the guest token in localStorage.
 * @csspart base - The section's outer box.
 * @csspart reactions - The article's reaction bar (`<teahouse-reactions>`) above the thread.
 * @csspart share - The share bar (`<teahouse-share>`, loaded on first use) between the reactions and the thread.
 * @csspart thread - The thread's box; its other parts are exported as `thread-header`, `tab`,
 *   `filter-banner`, `pager`, `footer` and `comment`.
 * @cssproperty --teahouse-sys-accent - Accent colour of every element (default #c8102e).
 * @cssproperty --teahouse-sys-text - Text colour.
 * @cssproperty --teahouse-sys-muted - Secondary text.
 * @cssproperty --teahouse-sys-border - Borders and separators.
 * @cssproperty --teahouse-sys-radius - Corner radius.
 * @cssproperty --teahouse-sys-font - Font family.
 */
export class TeahouseComments extends TeahouseElement {
  static override styles = styles;
  static override properties = {
    server: {},
    site: {},
    page: {},
    pageUrl: { attribute: 'page-url' },
    pageTitle: { attribute: 'page-title' },
    token: {},
    getToken: { attribute: false },
    sort: {},
    view: {},
    theme: { reflect: true },
    pageSize: { type: Number, attribute: 'page-size' },
    bootstrap: { state: true },
    loadError: { state: true },
  };

  private readonly l = new LocalizeController(this);
  private readonly clientProvider = new ContextProvider(this, { context: clientContext });
  private readonly sessionProvider = new ContextProvider(this, { context: sessionContext });
  private readonly reactions = new ReactionStore();
  private readonly reactionsProvider = new ContextProvider(this, { context: reactionStoreContext, initialValue: this.reactions });

  private client: TeahouseClient | undefined;
  private loads = 0;
  /** Set while mirroring the reader's choice of view or order, which the thread loads itself. */
  private mirroring = false;
  private declare bootstrap: Bootstrap | undefined;
  private declare loadError: unknown;

  /** Base URL of the Teahouse server. */
  declare server: string;
  /** Site id. */
  declare site: string;
  /** The host's id of this article page. */
  declare page: string;
  /** Canonical URL of the article, recorded with the thread. */
  declare pageUrl: string | undefined;
  /** Title of the article, recorded with the thread. */
  declare pageTitle: string | undefined;
  /** The reader's host SSO token; set or clear it at any time to log in or out. */
  declare token: string | null | undefined;
  /**
   * Fetches a reader token from the host: called when there is none, a minute before the one held
   * expires, and once when the server answers `token_expired`. Without a host token, a guest token
   * (guest mode) kept by this browser is used.
   */
  declare getToken: (() => string | null | undefined | Promise<string | null | undefined>) | undefined;
  /** Order of the floors. Default: oldest first. */
  declare sort: Sort;
  /** Floors per page. Default: the server's. */
  declare pageSize: number | undefined;
  /** `floors` (flat, default) or `nested` (replies under their top-level floor). */
  declare view: View;
  /** `light` (default), `dark`, or `auto` to follow the reader's system setting. */
  declare theme: 'light' | 'dark' | 'auto';

  constructor() {
    super();
    this.server = '';
    this.site = '';
    this.page = '';
    this.pageUrl = undefined;
    this.pageTitle = undefined;
    this.token = undefined;
    this.getToken = undefined;
    this.sort = 'oldest';
    this.pageSize = undefined;
    this.view = 'floors';
    this.theme = 'light';
    this.bootstrap = undefined;
    this.loadError = undefined;
    this.addEventListener('teahouse-reply-request', this.handleReplyRequest);
    this.addEventListener('teahouse-comment-created', this.handleCreated);
    // The composer posts right after this event, with the guest token already in the client.
    this.addEventListener('teahouse-guest', ({ detail }) => {
      storeVisitor(`${this.site}:guest`, detail.token);
      this.client?.setToken(detail.token);
      if (this.bootstrap) this.bootstrap = { ...this.bootstrap, viewer: { user: detail.author } };
    });
    this.addEventListener('teahouse-view-change', (event) => {
      this.mirroring = true;
      ({ view: this.view, sort: this.sort } = event.detail);
    });
  }

  protected override willUpdate(changed: PropertyValues): void {
    if (changed.has('server') || changed.has('site') || changed.has('getToken')) {
      this.client = this.server && this.site
        ? feedStore(createClient({
          baseUrl: this.server, site: this.site, token: this.token ?? null, visitorToken: storedVisitor(this.site),
          // The host's token first; else the guest token this browser keeps (stored beside the visitor token).
          getToken: async () => (await this.getToken?.()) ?? this.token ?? storedVisitor(`${this.site}:guest`),
        }), this.reactions)
        : undefined;
      this.clientProvider.setValue(this.client);
      if (this.client) recordReferral(this.client);
    } else if (changed.has('token')) {
      this.client?.setToken(this.token ?? null);
    }
    const reload = ['server', 'site', 'page', 'token', 'getToken', 'sort', 'pageSize', 'view'].filter((key) => changed.has(key));
    if (reload.length && !(this.mirroring && reload.every((key) => key === 'sort' || key === 'view'))) void this.load();
    this.mirroring = false;
    if (changed.has('bootstrap') || changed.has('pageUrl') || changed.has('pageTitle')) {
      const data = this.bootstrap;
      this.sessionProvider.setValue(
        data && {
          site: data.site,
          viewer: data.viewer,
          page: this.page,
          pageUrl: this.pageUrl || undefined,
          pageTitle: this.pageTitle || undefined,
        },
      );
    }
  }

  private get thread(): TeahouseThread | null {
    return this.renderRoot.querySelector('teahouse-thread');
  }

  private get composer(): TeahouseComposer | null {
    return this.renderRoot.querySelector('teahouse-composer');
  }

  private handleReplyRequest = (event: CustomEvent<ReplyRequestDetail>): void => {
    const composer = this.composer;
    if (!composer) return;
    const { number, mode, author } = event.detail;
    composer.replyTo = { number, mode, author };
    void composer.updateComplete.then(() => {
      composer.scrollIntoView({ block: 'nearest', behavior: 'smooth' });
      composer.focus({ preventScroll: true });
    });
  };

  private handleCreated = (event: CustomEvent<CommentCreatedDetail>): void => {
    this.thread?.addFloor(event.detail.floor);
  };

  /** Loads the thread again, e.g. after the host changed something the element cannot see. */
  async load(): Promise<void> {
    const client = this.client;
    const load = ++this.loads;
    if (!client || !this.page) return;
    this.loadError = undefined;
    try {
      const data = await client.bootstrap({ page: this.page, sort: this.sort, limit: this.pageSize, view: this.view === 'nested' ? 'nested' : undefined });
      if (load !== this.loads) return;
      this.bootstrap = data;
      // The share bar's code arrives after the thread has rendered; the thread never waits for it.
      loadElement('teahouse-share').catch(() => undefined);
      await this.updateComplete;
      this.emit('teahouse-ready', { bootstrap: data });
    } catch (error) {
      if (load !== this.loads) return;
      this.loadError = error;
      this.emit('teahouse-error', { error, during: 'load' });
    }
  }

  override render() {
    const { m } = this.l;
    const data = this.bootstrap;
    const lang = this.l.locale;
    if (this.loadError !== undefined && !data) {
      return html`<div part="base"><p class="status" role="alert">${m.loadFailed} ${errorMessage(m, this.loadError)}
        <button type="button" class="retry" @click=${() => this.load()}>${m.retry}</button></p></div>`;
    }
    if (!data) return html`<div part="base" aria-busy="true"><p class="status">${m.loading}</p></div>`;
    return html`
      <div part="base">
        <teahouse-reactions part="reactions" lang=${lang} .target=${1} .counts=${data.thread.reactions}></teahouse-reactions>
        <teahouse-share part="share" lang=${lang}></teahouse-share>
        <teahouse-thread lang=${lang} .page=${this.page} .floors=${data.page.floors} .next=${data.page.next} .hot=${data.hot ?? []} .pinned=${data.pinned ?? []}
          .replyCount=${data.thread.replyCount} .sort=${data.sort} .pageSize=${this.pageSize} .view=${data.view ?? 'floors'}
          .lastFloor=${data.thread.lastFloor} .lastEventId=${data.lastEventId} .op=${data.thread.author} .replies=${data.page.replies ?? []}
          exportparts="base: thread, header: thread-header, tab, filter-banner, pager, footer, comment"></teahouse-thread>
        <teahouse-composer lang=${lang}></teahouse-composer>
      </div>
    `;
  }
}
