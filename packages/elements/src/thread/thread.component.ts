import { html, isServer, nothing, type TemplateResult } from 'lit';
import { property, state } from 'lit/decorators.js';
import type { Floor, Sort, View } from '@teahouse/protocol';
import { TeahouseElement } from '../base/teahouse-element.js';
import { ContextConsumer, sessionContext, threadContext } from '../context.js';
import { LocalizeController } from '../i18n/localize.js';
import { errorMessage } from '../i18n/errors.js';
import { styles } from './thread.styles.js';
import { pageStart } from './paging.js';
import { renderHot } from '../reactions/hot.js';
import { afterPaint, loadModule } from '../lazy/lazy.js';
import type { Locale, Messages } from '../i18n/messages.js';
import type { ThreadStore } from './store.js';

type Tools = typeof import('./tools/tools.js');

const SORTS: readonly Sort[] = ['oldest', 'newest', 'hottest'];

/**
 * The floors of one thread with its reply count, view and order tabs, paging and the "3 条新回复"
 * button of live updates. Renders the thread state of the `<teahouse-comments>` around it (its
 * `ThreadStore`) and sends it the reader's intents.
 *
 * @summary Floors of a thread.
 * @tagname teahouse-thread
 * @fires {CustomEvent<ErrorDetail>} teahouse-error - Loading more floors failed; detail `{error, during: 'more'}`.
 * @fires {CustomEvent<ViewChangeDetail>} teahouse-view-change - The reader switched view or order; detail `{view, sort}`.
 * @csspart base - The thread's outer box.
 * @csspart header - Reply count and the view and order tabs.
 * @csspart tab - Each view or order tab (`aria-pressed` marks the chosen ones).
 * @csspart filter-banner - "只看 X 的回复 · 查看全部" while one author's floors are shown.
 * @csspart pager - Numbered pages.
 * @csspart footer - 本版积分规则 · 只看该作者 · 电梯直达.
 * @csspart comment - Each floor (the `base` part of its `<teahouse-comment>`).
 * @csspart comment-reactions - The reaction row of each floor.
 * @csspart comment-reaction - Each reaction button of a floor.
 * @cssproperty --teahouse-thread-text - Header rule and text colour.
 * @cssproperty --teahouse-thread-border - Border of the load-more button.
 */
export class TeahouseThread extends TeahouseElement {
  static override styles = styles;

  private readonly l = new LocalizeController(this);
  private readonly thread = new ContextConsumer(this, threadContext);
  private readonly session = new ContextConsumer(this, sessionContext);
  private watched: ThreadStore | undefined;
  private unwatch: (() => void) | undefined;
  /** @internal Stops keeping the floor a jump landed on in view. */
  stopKeeping: (() => void) | undefined;
  /** The pages, footer and nested view, once their module is there. */
  @state() private tools: Tools | undefined = undefined;

  /** @internal The floor a jump landed on. */
  @state() highlighted: number | null = null;
  /** @internal What went wrong that the store does not hold (a jump to a floor that does not exist). */
  @state() notice: string | null = null;

  /** Hides the reply and quote buttons on every floor. */
  @property({ type: Boolean, attribute: 'no-actions' }) noActions = false;

  constructor() {
    super();
    this.addEventListener('click', this.handleClick);
    this.addEventListener('teahouse-author-filter', (event) => this.filterBy(event.detail.author));
  }

  override connectedCallback(): void {
    super.connectedCallback();
    // Rendered on the server, the thread paints without its tools, as a browser's first paint does.
    if (isServer) return;
    addEventListener('hashchange', this.handleHash);
  }

  /** Fetched once the floors have painted (at once for the nested view, which it renders). */
  private async loadTools(): Promise<Tools | undefined> {
    if (!this.tools) this.tools = (await loadModule('teahouse-thread-tools').catch(() => undefined)) as Tools | undefined;
    return this.tools;
  }

  /** @internal The main catalog and locale in effect, for the thread's tools. */
  get m(): Messages {
    return this.l.m;
  }

  /** @internal */
  get locale(): Locale {
    return this.l.locale;
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    removeEventListener('hashchange', this.handleHash);
    this.unwatch?.();
    this.watched = this.unwatch = undefined;
    this.stopKeeping?.();
  }

  /** The thread state rendered: the store of the `<teahouse-comments>` around the element. */
  get store(): ThreadStore | undefined {
    return this.thread.value;
  }

  protected override willUpdate(): void {
    const store = this.store;
    if (store?.shape.view === 'nested' && !this.tools) void this.loadTools();
    if (store === this.watched) return;
    this.unwatch?.();
    this.watched = store;
    this.unwatch = store?.subscribe(() => this.requestUpdate());
  }

  protected override firstUpdated(): void {
    this.handleHash();
    void afterPaint().then(() => this.loadTools());
  }

  /** The anchor of `#floor-N` is in a shadow root, so the thread follows the location itself. */
  private handleHash = (): void => {
    const match = /^#floor-(\d+)$/.exec(location.hash);
    if (match) void this.jumpTo(Number(match[1]));
  };

  /** Floor links (`#floor-N`) point into shadow roots, where the browser's own jump cannot reach. */
  private handleClick = (event: MouseEvent): void => {
    const anchor = event.composedPath().find((node): node is HTMLAnchorElement => node instanceof HTMLAnchorElement);
    const match = anchor?.getAttribute('href')?.match(/^#floor-(\d+)$/);
    if (!match) return;
    event.preventDefault();
    history.replaceState(history.state, '', `#floor-${match[1]}`);
    void this.jumpTo(Number(match[1]));
  };

  /** Runs a load of the store; a failure is said in the thread and told to the host. */
  private async run(load: Promise<boolean>): Promise<boolean> {
    this.notice = null;
    const done = await load;
    const error = this.store?.error;
    if (!done && error !== undefined) this.emit('teahouse-error', { error, during: 'more' });
    return done;
  }

  /** The reader picked a view or an order. */
  async choose(view: View, sort: Sort): Promise<void> {
    const store = this.store;
    if (!store) return;
    this.highlighted = null;
    const chosen = store.choose(view, sort);
    // Said at once (the tabs change at once); the floors follow.
    this.requestUpdate();
    const picked = await chosen;
    if (picked) this.emit('teahouse-view-change', picked);
    if (store.error !== undefined) this.emit('teahouse-error', { error: store.error, during: 'more' });
  }

  /** Loads numbered page `page` of the floors view and scrolls to its top. */
  async goToPage(page: number): Promise<void> {
    const store = this.store;
    if (store && (await this.run(store.load(pageStart(page, store.size))))) {
      await this.updateComplete;
      this.renderRoot.querySelector('header')?.scrollIntoView({ block: 'start', behavior: 'smooth' });
    }
  }

  /** Shows only `author`'s floors, or every floor again with null. */
  filterBy(author: Parameters<ThreadStore['filterBy']>[0]): void {
    this.highlighted = null;
    if (this.store) void this.run(this.store.filterBy(author));
  }

  /**
   * Scrolls to floor `number` and highlights it; when it is not on screen, first loads the
   * page of the flat view that holds it. Keeps it in view while what is above it still grows
   * (the share bar, images of the host page), until the reader scrolls. Resolves to false when
   * there is no such floor.
   */
  async jumpTo(number: number): Promise<boolean> {
    this.notice = null;
    const [store, tools] = [this.store, await this.loadTools()];
    if (!tools) this.notice = this.l.m.errors.unknown;
    return !!store && !!tools && tools.jump(this, store, number);
  }

  /** The rendered floor element for a floor number, if it is on screen. */
  findFloor(number: number): HTMLElement | null {
    return this.renderRoot.querySelector<HTMLElement>(`teahouse-comment[data-floor="${number}"]`);
  }

  /**
   * Shows the floors that arrived live and moves focus to the first of them: the button is gone,
   * and keyboard and screen-reader users continue from there.
   */
  private async reveal(): Promise<void> {
    const store = this.store;
    // The button is only there once live updates (and their module) brought floors.
    const live = store && ((await loadModule('teahouse-live')) as typeof import('../live/live.js'));
    const fresh = store && live ? live.reveal(store) : [];
    await this.updateComplete;
    const first = fresh[0] && this.findFloor(fresh[0].number);
    if (!first) return;
    first.tabIndex = -1;
    first.focus();
  }

  override render() {
    const store = this.store;
    if (!store) return nothing;
    const { m } = this.l;
    const { floors, filter } = store;
    const tools = this.tools;
    // "N 条新回复" sits where its floors will appear: with pages still to load, after "加载更多".
    const newest = store.shape.sort === 'newest';
    const error = this.notice ?? (store.error !== undefined ? errorMessage(m, store.error) : null);
    return html`
      <section part="base" aria-labelledby="heading">
        <header part="header"><h2 id="heading">${m.replies(store.replyCount)}</h2>${this.renderTabs(store)}</header>
        ${filter && tools ? tools.renderBanner(this, filter) : nothing}
        ${floors.length === 0 ? html`<p class="empty">${m.noReplies}</p>` : nothing}
        ${filter ? nothing : renderHot(store.pinned, m.pinned, this.l.locale, 'pinned')}
        ${store.sort === 'oldest' && store.view === 'floors' && !filter && floors[0]?.number === 2
          ? renderHot(store.hot, m.hotReplies, this.l.locale) : nothing}
        ${newest ? this.renderLive(store) : nothing}
        ${store.shape.view === 'nested'
          ? tools?.renderNested(this, store, this.session.value?.site.maxDepth ?? 2) ?? html`<p class="status" aria-busy="true">${m.loading}</p>`
          : floors.map((floor) => this.renderFloor(floor))}
        ${error ? html`<p class="status" role="alert">${error}</p>` : nothing}
        ${store.next
          ? html`<button type="button" class="more" ?disabled=${store.loading} aria-busy=${store.loading ? 'true' : 'false'}
              @click=${() => this.run(store.loadMore())}>${store.loading ? m.loading : m.loadMore}</button>`
          : nothing}
        ${store.tail.map((floor) => this.renderFloor(floor))}
        ${newest ? nothing : this.renderLive(store)}
        ${tools ? html`${tools.renderPager(this, store)}${tools.renderFooter(this, store, this.session.value?.site.rulesUrl)}` : nothing}
      </section>
    `;
  }

  /** The view and order tabs: painted with the floors, which they sit above. */
  private renderTabs(store: ThreadStore) {
    const [views, flat, nested, sorts, ...orders] = this.l.m.tabs;
    const filtered = !!store.filter;
    const tab = (label: string, on: boolean, view: View, sort: Sort) =>
      html`<button type="button" part="tab" class="tab" aria-pressed=${on ? 'true' : 'false'} @click=${() => this.choose(view, sort)}>${label}</button>`;
    return html`<div class="tabs">
      <div role="group" aria-label=${views}>${tab(flat, store.view === 'floors' || filtered, 'floors', store.sort)}${tab(nested, store.view === 'nested' && !filtered, 'nested', store.sort)}</div>
      <div role="group" aria-label=${sorts}>${SORTS.map((sort, i) => tab(orders[i]!, store.sort === sort, store.view, sort))}</div>
    </div>`;
  }

  /** The live region: screen readers hear of new floors; the button shows them. */
  private renderLive(store: ThreadStore) {
    const count = store.pending.length;
    return html`<div role="status" class="live">${count
      ? html`<button type="button" class="more new-replies" @click=${() => void this.reveal()}>${this.l.m.newReplies(count)}</button>`
      : nothing}</div>`;
  }

  /** One floor of the thread, as the floors view and the nested view show it. */
  renderFloor(floor: Floor, replyTo: string | null = null): TemplateResult {
    return html`<teahouse-comment data-floor=${floor.number} .floor=${floor} .replyTo=${replyTo} ?no-actions=${this.noActions}
      ?highlighted=${this.highlighted === floor.number} exportparts="base: comment, reactions: comment-reactions, reaction: comment-reaction"
      lang=${this.l.locale}></teahouse-comment>`;
  }
}
