import { html, isServer, type PropertyValues } from 'lit';
import { property, state } from 'lit/decorators.js';
import type { GetToken, TeahouseClient } from '@teahouse/client';
import type { Bootstrap, Sort, View } from '@teahouse/protocol';
import { TeahouseElement, type ReplyRequestDetail, type CommentCreatedDetail } from '../base/teahouse-element.js';
import { ConnectionController } from '../connection/connection.js';
import { ContextProvider, clientContext, sessionContext, threadContext } from '../context.js';
import { LocalizeController } from '../i18n/localize.js';
import { hasCatalog } from '../i18n/catalogs.js';
import { errorMessage } from '../i18n/errors.js';
import type { TeahouseComposer } from '../composer/composer.component.js';
import { storeVisitor, storedVisitor } from '../reactions/visitor.js';
import { afterPaint, loadElement, loadModule } from '../lazy/lazy.js';
import { recordReferral } from '../share/referral.js';
import { ThreadStore } from '../thread/store.js';
import { styles } from './comments.styles.js';

/**
 * The whole comment section of one article page: loads the thread in one request and shows the
 * floors and the composer. Owns the thread's state (a `ThreadStore`: floors, counts, the live
 * subscription) and shares it, one client and the reader's session with the elements inside.
 *
 * @summary All-in-one comment section.
 * @tagname teahouse-comments
 * @fires {CustomEvent<ReadyDetail>} teahouse-ready - The thread was loaded and rendered, with everything a reader can press (the composer, the reaction buttons' code, the thread's tools); detail `{bootstrap}`.
 * @fires {CustomEvent<ErrorDetail>} teahouse-error - Loading failed; detail `{error, during: 'load'}`.
 * @fires {CustomEvent<LoginRequestDetail>} teahouse-login-request - From the composer's login prompt.
 * @fires {CustomEvent<CommentCreatedDetail>} teahouse-comment-created - From the composer, after a post.
 * @fires {CustomEvent<GuestDetail>} teahouse-guest - From the composer on a guest-mode site; the element keeps the guest token in localStorage.
 * @fires {CustomEvent<CountDetail>} teahouse-count - The thread's reply count changed (a post, a live floor); `<teahouse-count>` on the page follows it.
 * @csspart base - The section's outer box.
 * @csspart reactions - The article's reaction bar (`<teahouse-reactions>`) above the thread.
 * @csspart share - The share bar (`<teahouse-share>`, loaded on first use) between the reactions and the thread.
 * @csspart notifications - A signed-in reader's 消息 (`<teahouse-notifications>`, loaded on first use) above the thread.
 * @csspart thread - The thread's box; its other parts are exported as `thread-header`, `tab`,
 *   `filter-banner`, `pager`, `footer`, `comment`, and the floors' `comment-reactions` and `comment-reaction`.
 * @csspart composer - The composer's box; its other parts are exported as `composer-textarea`,
 *   `composer-submit` and `composer-preview`.
 * @cssproperty --teahouse-sys-accent - Accent colour of every element (default #c8102e).
 * @cssproperty --teahouse-sys-text - Text colour.
 * @cssproperty --teahouse-sys-muted - Secondary text.
 * @cssproperty --teahouse-sys-border - Borders and separators.
 * @cssproperty --teahouse-sys-radius - Corner radius.
 * @cssproperty --teahouse-sys-font - Font family.
 * @cssproperty --teahouse-sys-font-size - Base font size.
 * @cssproperty --teahouse-sys-surface - Backgrounds of buttons and inputs (and of the widget in dark).
 * @cssproperty --teahouse-sys-surface-alt - Quote blocks, code, banners.
 * @cssproperty --teahouse-sys-highlight - Award floors and the floor a jump landed on.
 * @cssproperty --teahouse-sys-highlight-text - Text of award floors.
 * @cssproperty --teahouse-sys-accent-contrast - Text on the accent.
 * @cssproperty --teahouse-sys-avatar - Background of letter avatars.
 * @cssproperty --teahouse-sys-avatar-text - Their letter.
 */
export class TeahouseComments extends TeahouseElement {
  static override styles = styles;

  private readonly l = new LocalizeController(this);
  private readonly connection = new ConnectionController(this, {
    onReader: () => void this.load(),
    // Without a host token, the guest token (guest mode) this browser keeps.
    fallbackToken: () => storedVisitor(`${this.site}:guest`),
    visitorToken: () => storedVisitor(this.site),
  }, { context: false });
  /** The thread's state: floors, view and order, counts, the live subscription. Read it; change it through its intents. */
  readonly store = new ThreadStore(this);
  private readonly clientProvider = new ContextProvider(this, clientContext);
  private readonly sessionProvider = new ContextProvider(this, sessionContext);
  private readonly threadProvider = new ContextProvider(this, threadContext, this.store);
  private loads = 0;
  private lastCount: number | undefined;
  /** The bootstrap asked for while the words of the page's language load (see scheduleUpdate). */
  private early: { client: TeahouseClient; page: string; data: Promise<Bootstrap> } | undefined;

  @state() private bootstrap: Bootstrap | undefined = undefined;
  @state() private loadError: unknown = undefined;

  /** Base URL of the Teahouse server. */
  @property() server = '';
  /** Site id. */
  @property() site = '';
  /** The host's id of this article page. */
  @property() page = '';
  /** Canonical URL of the article, recorded with the thread. */
  @property({ attribute: 'page-url' }) pageUrl: string | undefined = undefined;
  /** Title of the article, recorded with the thread. */
  @property({ attribute: 'page-title' }) pageTitle: string | undefined = undefined;
  /** The reader's host SSO token; set or clear it at any time to log in or out. */
  @property() token: string | null | undefined = undefined;
  /**
   * Fetches a reader token from the host: called when there is none, a minute before the one held
   * expires, and once when the server answers `token_expired`. Without a host token, a guest token
   * (guest mode) kept by this browser is used. A new function for the same reader reloads nothing.
   */
  @property({ attribute: false }) getToken: GetToken | undefined = undefined;
  /** Order of the floors the thread opens with. Default: oldest first. The reader's choice is the thread's own. */
  @property() sort: Sort = 'oldest';
  /** Floors per page. Default: the server's. */
  @property({ type: Number, attribute: 'page-size' }) pageSize: number | undefined = undefined;
  /** `floors` (flat, default) or `nested` (replies under their top-level floor): the view the thread opens with. */
  @property() view: View = 'floors';
  /**
   * A bootstrap the page already carries (the one a server-rendered thread embeds): the first paint
   * is made from it, in the first update, and asks the server for nothing. Read by the first load
   * only (set it before the element connects). Default: none.
   */
  initial: Bootstrap | undefined;
  /** `light` (default), `dark`, or `auto` to follow the reader's system setting. */
  @property({ reflect: true }) theme: 'light' | 'dark' | 'auto' = 'light';

  constructor() {
    super();
    this.addEventListener('teahouse-reply-request', this.handleReplyRequest);
    this.addEventListener('teahouse-comment-created', this.handleCreated);
    // The composer posts right after this event: the guest token goes to the client now.
    this.addEventListener('teahouse-guest', ({ detail }) => {
      storeVisitor(`${this.site}:guest`, detail.token);
      this.connection.client?.setToken(detail.token);
      this.store.viewer = detail.author.id;
      if (this.bootstrap) this.bootstrap = { ...this.bootstrap, viewer: { user: detail.author } };
    });
    // The floor itself shows its new state at once; where else it shows (quotes) follows.
    this.addEventListener('teahouse-comment-updated', ({ detail }) => {
      void loadModule('teahouse-live').then((live) => (live as typeof import('../live/live.js')).update(this.store, detail.floor), () => undefined);
    });
    this.store.subscribe(() => this.announceCount());
  }

  protected override willUpdate(changed: PropertyValues): void {
    const client = this.connection.client;
    if (client !== this.clientProvider.value) {
      this.clientProvider.setValue(client);
      this.store.client = client;
      if (client && !isServer) recordReferral(client);
    }
    if (changed.has('pageSize')) this.store.pageSize = this.pageSize;
    if (['server', 'site', 'page', 'pageSize'].some((key) => changed.has(key))) void this.load();
    else if ((changed.has('view') || changed.has('sort')) && this.bootstrap) void this.store.choose(this.view, this.sort);
    if (changed.has('bootstrap') || changed.has('pageUrl') || changed.has('pageTitle')) {
      const data = this.bootstrap;
      if (data?.viewer) loadElement('teahouse-notifications').catch(() => undefined);
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

  /**
   * A page in a language embed.js does not carry waits for its words before the element renders
   * (and asks for its thread): the thread is asked for meanwhile, so that both arrive together.
   */
  protected override scheduleUpdate(): void | Promise<unknown> {
    const client = this.connection.client;
    if (!this.hasUpdated && !this.initial && client && this.page && !hasCatalog(this.l.locale)) {
      const data = client.bootstrap(this.query());
      data.catch(() => undefined);
      this.early = { client, page: this.page, data };
    }
    return super.scheduleUpdate();
  }

  private query() {
    return { page: this.page, sort: this.sort, limit: this.pageSize, view: this.view === 'nested' ? 'nested' as const : undefined };
  }

  /** `<teahouse-count>` elements of this page follow the count without asking the server again. */
  private announceCount(): void {
    const count = this.store.replyCount;
    if (!this.bootstrap || count === this.lastCount) return;
    this.lastCount = count;
    this.emit('teahouse-count', { site: this.site, page: this.page, count });
  }

  private get composer(): TeahouseComposer | null {
    return this.renderRoot.querySelector('teahouse-composer');
  }

  private handleReplyRequest = (event: CustomEvent<ReplyRequestDetail>): void => {
    const composer = this.composer;
    if (!composer) return;
    const { number, mode, author } = event.detail;
    composer.replyTo = { number, mode, author };
    void loadElement('teahouse-composer').then(() => composer.updateComplete).then(() => {
      composer.scrollIntoView({ block: 'nearest', behavior: 'smooth' });
      composer.focus({ preventScroll: true });
    });
  };

  private handleCreated = (event: CustomEvent<CommentCreatedDetail>): void => {
    this.store.add(event.detail.floor);
  };

  /** Loads the thread again, e.g. after the host changed something the element cannot see. */
  async load(): Promise<void> {
    const client = this.connection.client;
    const load = ++this.loads;
    if (!client || !this.page) return;
    this.loadError = undefined;
    try {
      const early = this.early;
      this.early = undefined;
      const query = this.query();
      // Taken without a wait: a server-rendered thread hydrates from the state it was rendered with.
      // Otherwise the first render follows at once: nothing else the request names can have changed.
      const data = this.initial ?? await (early?.client === client && early.page === query.page ? early.data : client.bootstrap(query));
      if (load !== this.loads) return;
      this.store.reset(data, this.page);
      this.bootstrap = data;
      this.initial = undefined;
      if (isServer) return;
      // The floors paint from embed.js and this one answer: the code of the share bar, the
      // composer, a reaction's press and the thread's tools is fetched once they have; the host
      // hears the widget is ready once the composer is there.
      await this.updateComplete;
      await this.renderRoot.querySelector('teahouse-thread')?.updateComplete;
      await afterPaint();
      if (load !== this.loads) return;
      loadElement('teahouse-share').catch(() => undefined);
      const parts = [loadElement('teahouse-composer'), loadModule('teahouse-reactions-press'), loadModule('teahouse-thread-tools')];
      // A signed-in reader's 编辑 and 删除 (their floors fetch it too): there before the host hears the widget is ready.
      if (data.viewer) parts.push(loadModule('teahouse-owner'));
      await Promise.allSettled(parts);
      await this.composer?.updateComplete;
      await this.renderRoot.querySelector('teahouse-thread')?.updateComplete;
      if (load !== this.loads) return;
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
        <teahouse-reactions part="reactions" lang=${lang} .target=${1}
          exportparts="base: reactions-base, button: reaction"></teahouse-reactions>
        <teahouse-share part="share" lang=${lang}></teahouse-share>
        ${data.viewer ? html`<teahouse-notifications part="notifications" lang=${lang}></teahouse-notifications>` : ''}
        <teahouse-thread lang=${lang}
          exportparts="base: thread, header: thread-header, tab, filter-banner, pager, footer, comment, comment-reactions, comment-reaction"></teahouse-thread>
        <teahouse-composer lang=${lang}
          exportparts="base: composer, textarea: composer-textarea, submit: composer-submit, preview: composer-preview"></teahouse-composer>
      </div>
    `;
  }
}
