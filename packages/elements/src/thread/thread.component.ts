import { html, nothing } from 'lit';
import { property, state } from 'lit/decorators.js';
import type { Floor, Sort, View } from '@teahouse/protocol';
import { TeahouseElement } from '../base/teahouse-element.js';
import { ContextConsumer, sessionContext, threadContext } from '../context.js';
import { LocalizeController } from '../i18n/localize.js';
import { errorMessage } from '../i18n/errors.js';
import { styles } from './thread.styles.js';
import { arrange, pageCount, pageList, pageOf, pageStart, type Placed } from './paging.js';
import { renderHot } from '../reactions/hot.js';
import type { ThreadStore } from './store.js';
import { keepInView } from './keep-in-view.js';

/**
 * The floors of one thread with its reply count, view and order tabs, paging and the "3 条新回复"
 * button of live updates. Renders the thread state of the `<teahouse-comments>` around it (its
 * `ThreadStore`) and sends it the reader's intents.
 *
 * @summary Floors of a thread.
 * @fires teahouse-error - Loading more floors failed; detail `{error, during: 'more'}`.
 * @fires teahouse-view-change - The reader switched view or order; detail `{view, sort}`.
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
  private stopKeeping: (() => void) | undefined;

  @state() private highlighted: number | null = null;
  /** What went wrong that the store does not hold (a jump to a floor that does not exist). */
  @state() private notice: string | null = null;

  /** Hides the reply and quote buttons on every floor. */
  @property({ type: Boolean, attribute: 'no-actions' }) noActions = false;

  constructor() {
    super();
    this.addEventListener('click', this.handleClick);
    this.addEventListener('teahouse-author-filter', (event) => this.filterBy(event.detail.author));
  }

  override connectedCallback(): void {
    super.connectedCallback();
    addEventListener('hashchange', this.handleHash);
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
    if (store === this.watched) return;
    this.unwatch?.();
    this.watched = store;
    this.unwatch = store?.subscribe(() => this.requestUpdate());
  }

  protected override firstUpdated(): void {
    this.handleHash();
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
  private async choose(view: View, sort: Sort): Promise<void> {
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

  private async goToPage(page: number): Promise<void> {
    const store = this.store;
    if (store && (await this.run(store.load(pageStart(page, store.size))))) {
      await this.updateComplete;
      this.renderRoot.querySelector('header')?.scrollIntoView({ block: 'start', behavior: 'smooth' });
    }
  }

  private handleJump = (event: SubmitEvent): void => {
    event.preventDefault();
    const input = (event.target as HTMLFormElement).elements.namedItem('floor') as HTMLInputElement;
    void this.jumpTo(Number(input.value));
  };

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
    const store = this.store;
    this.notice = null;
    if (!store) return false;
    const { view, sort } = store;
    let reached = false;
    try {
      reached = await store.reach(number);
    } catch (error) {
      this.notice = errorMessage(this.l.m, error);
      return false;
    }
    if (reached && (store.view !== view || store.sort !== sort)) this.emit('teahouse-view-change', { view: store.view, sort: store.sort });
    await this.updateComplete;
    const target = reached ? this.findFloor(number) : null;
    this.highlighted = target ? number : null;
    if (!target) {
      this.notice = this.l.m.noSuchFloor(number);
      return false;
    }
    this.stopKeeping?.();
    this.stopKeeping = keepInView(target);
    return true;
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
    const fresh = this.store?.reveal() ?? [];
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
    // "N 条新回复" sits where its floors will appear.
    const newest = store.shape.sort === 'newest';
    const error = this.notice ?? (store.error !== undefined ? errorMessage(m, store.error) : null);
    return html`
      <section part="base" aria-labelledby="heading">
        <header part="header"><h2 id="heading">${m.replies(store.replyCount)}</h2>${this.renderTabs(store)}</header>
        ${filter
          ? html`<p part="filter-banner" class="banner" role="status">${m.onlyAuthorOf(html`<bdi>${filter.name}</bdi>`)} ·
              <button type="button" class="link-button" @click=${() => this.filterBy(null)}>${m.showAll}</button></p>`
          : nothing}
        ${floors.length === 0 ? html`<p class="empty">${m.noReplies}</p>` : nothing}
        ${filter ? nothing : renderHot(store.pinned, m.pinned, this.l.locale, 'pinned')}
        ${store.sort === 'oldest' && store.view === 'floors' && !filter && floors[0]?.number === 2
          ? renderHot(store.hot, m.hotReplies, this.l.locale) : nothing}
        ${newest ? this.renderLive(store) : nothing}
        ${store.shape.view === 'nested' ? this.renderNested(store) : floors.map((floor) => this.renderFloor(floor))}
        ${newest ? nothing : this.renderLive(store)}
        ${error ? html`<p class="status" role="alert">${error}</p>` : nothing}
        ${store.next
          ? html`<button type="button" class="more" ?disabled=${store.loading} aria-busy=${store.loading ? 'true' : 'false'}
              @click=${() => this.run(store.loadMore())}>${store.loading ? m.loading : m.loadMore}</button>`
          : nothing}
        ${this.renderPager(store)}${this.renderFooter(store)}
      </section>
    `;
  }

  /** The live region: screen readers hear of new floors; the button shows them. */
  private renderLive(store: ThreadStore) {
    const count = store.pending.length;
    return html`<div role="status" class="live">${count
      ? html`<button type="button" class="more new-replies" @click=${() => void this.reveal()}>${this.l.m.newReplies(count)}</button>`
      : nothing}</div>`;
  }

  private renderFloor(floor: Floor, replyTo: string | null = null) {
    return html`<teahouse-comment data-floor=${floor.number} .floor=${floor} .replyTo=${replyTo} ?no-actions=${this.noActions}
      ?highlighted=${this.highlighted === floor.number} exportparts="base: comment, reactions: comment-reactions, reaction: comment-reaction"
      lang=${this.l.locale}></teahouse-comment>`;
  }

  private renderTabs(store: ThreadStore) {
    const { m } = this.l;
    const filtered = !!store.filter;
    const tab = (label: string, on: boolean, view: View, sort: Sort) =>
      html`<button type="button" part="tab" class="tab" aria-pressed=${on ? 'true' : 'false'} @click=${() => this.choose(view, sort)}>${label}</button>`;
    const sorts = [['oldest', m.sortOldest], ['newest', m.sortNewest], ['hottest', m.sortHottest]] as const;
    return html`<div class="tabs">
      <div role="group" aria-label=${m.viewLabel}>
        ${tab(m.viewFloors, store.view === 'floors' || filtered, 'floors', store.sort)}${tab(m.viewNested, store.view === 'nested' && !filtered, 'nested', store.sort)}
      </div>
      <div role="group" aria-label=${m.sortLabel}>${sorts.map(([sort, label]) => tab(label, store.sort === sort, store.view, sort))}</div>
    </div>`;
  }

  private renderNested(store: ThreadStore) {
    const max = this.session.value?.site.maxDepth ?? 2;
    const groups = new Map(store.replies.map((g) => [g.root, g]));
    const placed = (nodes: Placed[]): unknown =>
      nodes.map((n) => html`${this.renderFloor(n.floor, n.replyTo)}${n.children.length ? html`<div class="replies">${placed(n.children)}</div>` : nothing}`);
    return store.floors.map((root) => {
      const group = groups.get(root.number);
      return html`${this.renderFloor(root)}${group
        ? html`<div class="replies">${placed(arrange(root, group.floors, max, this.l.m.deletedAuthor))}${group.next
          ? html`<button type="button" class="link-button" @click=${() => store.moreReplies(group.root)}>${this.l.m.moreReplies(group.more)}</button>`
          : nothing}</div>`
        : nothing}`;
    });
  }

  private renderPager(store: ThreadStore) {
    const { floors, size } = store;
    const first = floors[0]?.number;
    const last = floors[floors.length - 1]?.number;
    const total = pageCount(store.lastFloor, size);
    if (store.view !== 'floors' || store.sort !== 'oldest' || store.filter || first === undefined || last === undefined || total < 2) return nothing;
    const { m } = this.l;
    const [from, to] = [pageOf(first, size), pageOf(last, size)];
    return html`<nav part="pager" class="pager" aria-label=${m.pages}>
      <button type="button" class="link-button" ?disabled=${from <= 1} @click=${() => this.goToPage(from - 1)}>${m.prevPage}</button>
      ${pageList(from, total).map((p) => (p
        ? html`<button type="button" class="link-button" aria-label=${m.pageN(p)} aria-current=${p >= from && p <= to ? 'page' : nothing}
            @click=${() => this.goToPage(p)}>${p}</button>`
        : html`<span aria-hidden="true">…</span>`))}
      <button type="button" class="link-button" ?disabled=${to >= total} @click=${() => this.goToPage(to + 1)}>${m.nextPage}</button>
    </nav>`;
  }

  private renderFooter(store: ThreadStore) {
    const { m } = this.l;
    const rules = this.session.value?.site.rulesUrl;
    const op = store.op;
    return html`<nav part="footer" class="footer" aria-label=${m.threadTools}>
      ${rules ? html`<a href=${rules} target="_blank" rel="noopener">${m.rules}</a>` : nothing}
      ${op ? html`<button type="button" class="link-button" aria-label=${`${m.onlyAuthor} ${op.name}`} @click=${() => this.filterBy(op)}>${m.onlyAuthor}</button>` : nothing}
      <form @submit=${this.handleJump}>
        <label>${m.jumpTo(html`<input name="floor" type="number" inputmode="numeric" min="2" max=${store.lastFloor} required />`)}</label>
        <button type="submit" class="link-button">${m.jumpGo}</button>
      </form>
    </nav>`;
  }
}
