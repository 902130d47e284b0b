import {
  ConnectionController, ContextConsumer, LocalizeController, TeahouseElement, html, nothing, property, sessionContext, state, threadContext,
  type CSSResult, type GetToken, type PropertyValues, type TeahouseClient, type TemplateResult,
} from '../lazy/kit.js';
import type { MailMode, Notice, NotifyPrefs } from '@teahouse/protocol';
import { notificationsApi, type NotificationsApi } from '@teahouse/client/notifications';
import { catalogs, type NotificationMessages } from './messages.js';
import { styles } from './notifications.styles.js';

/** How often a widget inside the comments asks for the count of notices from other threads. */
const POLL_MS = 60_000;

/**
 * The signed-in reader's 消息: a button with the unread count, live, that opens the list of
 * notices (replies, quotes and @mentions of their floors, awards, moderation outcomes), each a
 * link to its floor; reading one, or all, brings the count down. Inside the comments the count
 * follows the thread's own event stream (and a slow poll for other threads); alone it has a
 * stream of its own. `<teahouse-comments>` loads it
 * on first use for a signed-in reader; alone (a host's page header), give it `server`, `site`
 * and the reader's `token`. It renders nothing for a reader who is not signed in.
 *
 * @summary Notifications (消息) with an unread count.
 * @tagname teahouse-notifications
 * @csspart base - The element's box.
 * @csspart button - The entry that opens the list.
 * @csspart badge - The unread count on it.
 * @csspart panel - The list and its actions.
 * @csspart notice - Each notice.
 * @cssproperty --teahouse-notifications-accent - The badge and unread marks.
 * @cssproperty --teahouse-notifications-border - Box and separators.
 */
export class TeahouseNotifications extends TeahouseElement {
  static override styles: CSSResult[] = styles;
  private readonly l = new LocalizeController(this);
  private readonly connection = new ConnectionController(this, { onReader: () => this.requestUpdate() });
  private readonly session = new ContextConsumer(this, sessionContext);
  private readonly thread = new ContextConsumer(this, threadContext);

  private api: NotificationsApi | undefined;
  private watching: [TeahouseClient | undefined, string | null] = [undefined, null];
  private stopWatch: (() => void) | undefined;
  @state() private unread = 0;
  /** The stream answered: the reader is signed in (a refused token never gets here). */
  @state() private live = false;
  @state() private open = false;
  @state() private items: Notice[] = [];
  @state() private next: string | null = null;
  @state() private loading = false;
  @state() private failed = false;
  @state() private prefs: NotifyPrefs | undefined = undefined;

  /** Base URL of the Teahouse server (standalone use). */
  @property() server = '';
  /** Site id (standalone use). */
  @property() site = '';
  /** The reader's host SSO token; set or clear it at any time to log in or out (standalone use). */
  @property() token: string | null | undefined = undefined;
  /** Called for a token when `token` is not set (standalone use). */
  @property({ attribute: false }) getToken: GetToken | undefined = undefined;

  private get m(): NotificationMessages {
    return catalogs[this.l.locale];
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.stopWatch?.();
    this.stopWatch = undefined;
    this.watching = [undefined, null];
  }

  protected override willUpdate(_changed: PropertyValues): void {
    const client = this.connection.client;
    // Inside the comments, the session's viewer; alone, whoever the token speaks for.
    const reader = this.connection.reader;
    const viewer = this.connection.own ? (reader === undefined && this.getToken ? 'unknown' : (reader ?? null)) : (this.session.value?.viewer?.user.id ?? null);
    if (client === this.watching[0] && viewer === this.watching[1]) return;
    this.watching = [client, viewer];
    this.stopWatch?.();
    this.stopWatch = undefined;
    this.api = undefined;
    this.items = [];
    this.next = null;
    this.unread = 0;
    this.open = false;
    this.live = false;
    if (!client || viewer === null) return;
    const api = (this.api = notificationsApi(client));
    const store = this.connection.own ? undefined : this.thread.value;
    const counted = (unread: number) => {
      this.live = true;
      this.unread = unread;
      // An open list follows what arrives.
      if (this.open) void this.refresh();
    };
    const count = () => api.unread().then((unread) => api === this.api && counted(unread), () => undefined);
    if (store) {
      // Inside the comments the thread's own stream carries the news: a new floor here is when a
      // reply or a quote of the reader's arrives, and the count is asked for then; notices from
      // elsewhere come with a slow poll while the page is in view. A second stream per widget
      // would take one more of the browser's six connections per host, for every open tab.
      let seen = store.lastFloor;
      const unwatch = store.subscribe(() => {
        if (store.lastFloor === seen) return;
        seen = store.lastFloor;
        void count();
      });
      const poll = setInterval(() => {
        if (document.visibilityState === 'visible') void count();
      }, POLL_MS);
      this.stopWatch = () => {
        unwatch();
        clearInterval(poll);
      };
      void count();
      return;
    }
    this.stopWatch = api.watch(counted);
    // The count shows without waiting for the stream, which a browser may queue behind the page's other connections.
    api.unread().then((unread) => {
      if (api !== this.api || this.live) return;
      this.live = true;
      this.unread = unread;
    }, () => undefined);
  }

  private async refresh(more = false): Promise<void> {
    const api = this.api;
    if (!api) return;
    this.loading = true;
    this.failed = false;
    try {
      const page = await api.list(more ? { cursor: this.next } : {});
      if (api !== this.api) return;
      this.items = more ? [...this.items, ...page.items] : page.items;
      this.next = page.next;
      this.unread = page.unread;
      this.prefs ??= await api.prefs().catch(() => undefined);
    } catch {
      if (api === this.api) this.failed = true;
    } finally {
      this.loading = false;
    }
  }

  private handleToggle = (): void => {
    this.open = !this.open;
    if (this.open) void this.refresh();
  };

  private handleKeydown = (event: KeyboardEvent): void => {
    if (event.key !== 'Escape' || !this.open) return;
    this.open = false;
    this.renderRoot.querySelector<HTMLButtonElement>('[part="button"]')?.focus();
  };

  private async read(notice: Notice): Promise<void> {
    if (notice.read || !this.api) return;
    this.items = this.items.map((n) => (n.id === notice.id ? { ...n, read: true } : n));
    this.unread = await this.api.markRead({ ids: [notice.id] }).catch(() => this.unread);
  }

  private async readAll(): Promise<void> {
    if (!this.api) return;
    this.items = this.items.map((n) => ({ ...n, read: true }));
    this.unread = await this.api.markRead({ all: true }).catch(() => this.unread);
  }

  private async setMode(mode: MailMode): Promise<void> {
    if (!this.api) return;
    this.prefs = await this.api.setPrefs({ mode, locale: this.l.locale }).catch(() => this.prefs);
  }

  /** Same page: the thread's own `#floor-N`; another page: its URL with the floor. */
  private link(notice: Notice): string | null {
    const anchor = notice.floor !== null && notice.floor > 1 ? `#floor-${notice.floor}` : '';
    if (notice.page === this.session.value?.page) return anchor || null;
    if (!notice.url || !/^https?:\/\//i.test(notice.url)) return null;
    return `${notice.url.split('#')[0]}${anchor}`;
  }

  private line(notice: Notice): string {
    const m = this.m;
    const names = notice.actors.length > 0 ? notice.actors.map((a) => a.name).join(m.and) : m.someone;
    switch (notice.kind) {
      case 'reply':
        return m.reply(names, notice.count);
      case 'quote':
        return m.quote(names, notice.count);
      case 'mention':
        return m.mention(names);
      case 'award':
        return m.award(notice.points ?? 0, notice.reason === 'share' ? m.share : m.reactions);
      case 'moderation':
        return m.outcome[notice.outcome ?? 'hidden'];
    }
  }

  override render(): TemplateResult | typeof nothing {
    if (!this.api || !this.live) return nothing;
    const m = this.m;
    return html`
      <div part="base" @keydown=${this.handleKeydown}>
        <button type="button" part="button" aria-expanded=${this.open ? 'true' : 'false'} aria-controls="panel"
          aria-label=${m.unreadLabel(this.unread)} @click=${this.handleToggle}>
          ${m.title}${this.unread > 0 ? html` <span part="badge" class="badge">${this.unread}</span>` : nothing}
        </button>
        ${this.open ? this.renderPanel(m) : nothing}
      </div>
    `;
  }

  private renderPanel(m: NotificationMessages): TemplateResult {
    const prefs = this.prefs;
    return html`
      <section part="panel" id="panel" aria-label=${m.heading}>
        <div class="actions">
          <h2>${m.heading}</h2>
          <button type="button" class="all" ?disabled=${this.unread === 0} @click=${() => this.readAll()}>${m.markAll}</button>
        </div>
        ${this.failed
          ? html`<p class="status" role="alert">${m.loadFailed} <button type="button" @click=${() => this.refresh()}>${m.retry}</button></p>`
          : nothing}
        ${this.items.length === 0 && !this.failed
          ? html`<p class="status">${this.loading ? m.loading : m.empty}</p>`
          : html`<ul>${this.items.map((n) => this.renderNotice(n, m))}</ul>`}
        ${this.next ? html`<button type="button" class="more" ?disabled=${this.loading} @click=${() => this.refresh(true)}>${m.loadMore}</button>` : nothing}
        ${prefs?.mailAvailable && prefs.email
          ? html`<label class="mail">${m.mail}
              <select @change=${(e: Event) => this.setMode((e.target as HTMLSelectElement).value as MailMode)}>
                ${(['immediate', 'digest', 'none'] as const).map((mode) => html`<option value=${mode} ?selected=${prefs.mode === mode}>${m[mode]}</option>`)}
              </select></label>`
          : nothing}
      </section>
    `;
  }

  private renderNotice(notice: Notice, m: NotificationMessages): TemplateResult {
    const href = this.link(notice);
    const other = notice.page !== this.session.value?.page && notice.title ? html` <span class="page">${m.onPage(notice.title)}</span>` : nothing;
    const body = html`${notice.read ? nothing : html`<span class="dot" role="img" aria-label=${m.unread}></span>`}<span class="line">${this.line(notice)}</span>${other}
      ${notice.excerpt ? html`<span class="excerpt">${notice.excerpt}</span>` : nothing}
      <time datetime=${notice.updatedAt}>${this.l.relative(notice.updatedAt)}</time>`;
    return html`<li part="notice" class=${notice.read ? 'read' : 'unread'} data-id=${notice.id}>
      ${href
        ? html`<a href=${href} @click=${() => void this.read(notice)}>${body}</a>`
        : html`<button type="button" class="plain" @click=${() => void this.read(notice)}>${body}</button>`}
    </li>`;
  }
}
