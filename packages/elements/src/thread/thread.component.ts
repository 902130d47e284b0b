import { html, nothing, type PropertyValues } from 'lit';
import { ContextConsumer } from '../context.js';
import { DEFAULT_PAGE_SIZE, type Author, type Floor, type ReplyGroup, type Sort, type View } from '@teahouse/protocol';
import { TeahouseElement } from '../base/teahouse-element.js';
import { clientContext, sessionContext } from '../context.js';
import { LocalizeController } from '../i18n/localize.js';
import { errorMessage } from '../i18n/errors.js';
import { styles } from './thread.styles.js';
import { LiveController } from './live.js';
import { arrange, pageCount, pageList, pageOf, pageStart, type Placed } from './paging.js';
import { renderHot } from '../reactions/hot.js';

/**
 * The floors of one thread with its reply count and cursor paging. Loads further pages through
 * the client that `<teahouse-comments>` provides.
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
 * @cssproperty --teahouse-thread-text - Header rule and text colour.
 * @cssproperty --teahouse-thread-border - Border of the load-more button.
 */
export class TeahouseThread extends TeahouseElement {
  static override styles = styles;
  static override properties = {
    page: {},
    floors: { attribute: false },
    next: { attribute: false },
    replyCount: { type: Number, attribute: 'reply-count' },
    sort: {},
    view: {},
    lastFloor: { type: Number, attribute: 'last-floor' },
    lastEventId: { attribute: false },
    op: { attribute: false },
    replies: { attribute: false },
    pageSize: { type: Number, attribute: 'page-size' },
    noActions: { type: Boolean, attribute: 'no-actions' },
    hot: { attribute: false },
    pinned: { attribute: false },
    loadingMore: { state: true },
    moreError: { state: true },
    filter: { state: true },
    highlighted: { state: true },
  };

  private readonly l = new LocalizeController(this);
  private readonly client = new ContextConsumer(this, { context: clientContext, subscribe: true });
  private readonly session = new ContextConsumer(this, { context: sessionContext, subscribe: true });
  private readonly live = new LiveController(this, () => {
    const { sort, view, author = null } = this.query();
    return { top: sort === 'newest', nested: view === 'nested', author };
  });
  private loads = 0;

  private declare loadingMore: boolean;
  private declare moreError: string | null;
  /** The author whose floors alone are shown. */
  private declare filter: Author | null;
  private declare highlighted: number | null;

  /** Page key of the thread, for loading more floors. */
  declare page: string;
  /** Floors shown, in display order. */
  declare floors: Floor[];
  /** Cursor of the next page; null when every floor is shown. */
  declare next: string | null;
  /** Number of replies shown in the header. */
  declare replyCount: number;
  /** Order of the floors. */
  declare sort: Sort;
  /** `floors` (flat) or `nested` (replies under their top-level floor). */
  declare view: View;
  /** Highest floor number of the thread: the number of pages and the range of 电梯直达. */
  declare lastFloor: number;
  /** The thread's last event when its floors were loaded (the bootstrap's): live updates start after it. */
  declare lastEventId: string | null;
  /** The article's author (楼主), for "只看该作者" in the footer. */
  declare op: Author | null;
  /** Nested view: the replies under the floors shown. */
  declare replies: ReplyGroup[];
  /** Floors per page when loading more. Default: the server's. */
  declare pageSize: number | undefined;
  /** Hides the reply and quote buttons on every floor. */
  declare noActions: boolean;
  /** 热门回复: shown above the first page of the floors view, oldest first. */
  declare hot: Floor[];
  /** Floors a moderator pinned (置顶), shown above the thread. */
  declare pinned: Floor[];

  constructor() {
    super();
    this.page = '';
    this.floors = [];
    this.next = null;
    this.replyCount = 0;
    this.sort = 'oldest';
    this.view = 'floors';
    this.lastFloor = 1;
    this.lastEventId = null;
    this.op = null;
    this.replies = [];
    this.filter = null;
    this.highlighted = null;
    this.pageSize = undefined;
    this.noActions = false;
    this.hot = [];
    this.pinned = [];
    this.loadingMore = false;
    this.moreError = null;
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
  }

  protected override willUpdate(changed: PropertyValues): void {
    // A new view, order or filter without floors for it: fetch them (a jump or the bootstrap brings its own).
    if (this.hasUpdated && !changed.has('floors') && ['view', 'sort', 'filter'].some((k) => changed.has(k))) {
      void this.load();
    }
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

  private async handleLoadMore(): Promise<void> {
    const client = this.client.value;
    if (!client || !this.next || this.loadingMore) return;
    this.loadingMore = true;
    this.moreError = null;
    try {
      const result = await client.floors({ page: this.page, cursor: this.next, limit: this.pageSize, ...this.query() });
      const seen = new Set(this.floors.map((f) => f.number));
      this.floors = [...this.floors, ...result.floors.filter((f) => !seen.has(f.number))];
      this.next = result.next;
      this.replies = [...this.replies, ...(result.replies ?? [])];
    } catch (error) {
      this.moreError = errorMessage(this.l.m, error);
      this.emit('teahouse-error', { error, during: 'more' });
    } finally {
      this.loadingMore = false;
    }
  }

  private get size(): number {
    return this.pageSize ?? DEFAULT_PAGE_SIZE;
  }

  /** What the floors on screen are: view, order and author. Hottest is a ranking of single floors. */
  private query() {
    const nested = this.view === 'nested' && !this.filter;
    const sort = this.filter && this.sort === 'hottest' ? 'oldest' : this.sort;
    return { sort, view: nested ? ('nested' as const) : undefined, author: this.filter?.id };
  }

  /** Replaces the floors with the first page of the current query, or the page starting at `from`. */
  private async load(from?: number): Promise<boolean> {
    const client = this.client.value;
    if (!client || !this.page) return false;
    const ticket = ++this.loads;
    this.loadingMore = true;
    this.moreError = null;
    try {
      const result = await client.floors({ page: this.page, limit: this.pageSize, from, ...this.query() });
      if (ticket !== this.loads) return false;
      this.floors = result.floors;
      this.next = result.next;
      this.replies = result.replies ?? [];
      return true;
    } catch (error) {
      this.moreError = errorMessage(this.l.m, error);
      this.emit('teahouse-error', { error, during: 'more' });
      return false;
    } finally {
      if (ticket === this.loads) this.loadingMore = false;
    }
  }

  /** The reader picked a view or an order. Hottest ranks single floors, so it shows them flat. */
  private choose(view: View, sort: Sort): void {
    if (view === 'nested' && sort === 'hottest') {
      if (view === this.view) view = 'floors';
      else sort = 'oldest';
    }
    if (view === this.view && sort === this.sort && !this.filter) return;
    this.view = view;
    this.sort = sort;
    this.filter = null;
    this.emit('teahouse-view-change', { view, sort });
  }

  private async goToPage(page: number): Promise<void> {
    if (await this.load(pageStart(page, this.size))) {
      await this.updateComplete;
      this.renderRoot.querySelector('header')?.scrollIntoView({ block: 'start', behavior: 'smooth' });
    }
  }

  private handleMoreReplies = async (group: ReplyGroup): Promise<void> => {
    const client = this.client.value;
    if (!client || !group.next) return;
    try {
      const result = await client.floors({ page: this.page, root: group.root, cursor: group.next });
      this.replies = this.replies.map((g) =>
        g.root === group.root ? { ...g, floors: [...g.floors, ...result.floors], next: result.next, more: Math.max(0, g.more - result.floors.length) } : g,
      );
    } catch (error) {
      this.moreError = errorMessage(this.l.m, error);
      this.emit('teahouse-error', { error, during: 'more' });
    }
  };

  private handleJump = (event: SubmitEvent): void => {
    event.preventDefault();
    const input = (event.target as HTMLFormElement).elements.namedItem('floor') as HTMLInputElement;
    void this.jumpTo(Number(input.value));
  };

  /** Shows only `author`'s floors, or every floor again with null. */
  filterBy(author: Author | null): void {
    this.filter = author;
    this.highlighted = null;
  }

  /**
   * Scrolls to floor `number` and highlights it; when it is not on screen, first loads the
   * page of the flat view that holds it. Resolves to false when there is no such floor.
   */
  async jumpTo(number: number): Promise<boolean> {
    this.moreError = null;
    if (!this.findFloor(number) && Number.isInteger(number) && number >= 2) {
      const client = this.client.value;
      if (!client) return false;
      try {
        const result = await client.floors({ page: this.page, limit: this.pageSize, sort: 'oldest', from: pageStart(pageOf(number, this.size), this.size) });
        if (!result.floors.some((f) => f.number === number)) {
          this.moreError = this.l.m.noSuchFloor(number);
          return false;
        }
        if (this.view !== 'floors' || this.sort !== 'oldest') this.emit('teahouse-view-change', { view: 'floors', sort: 'oldest' });
        this.loads++;
        Object.assign(this, { view: 'floors', sort: 'oldest', filter: null, floors: result.floors, next: result.next, replies: [] });
        await this.updateComplete;
      } catch (error) {
        this.moreError = errorMessage(this.l.m, error);
        return false;
      }
    }
    const target = this.findFloor(number);
    this.highlighted = target ? number : null;
    if (!target) {
      this.moreError = this.l.m.noSuchFloor(number);
      return false;
    }
    target.scrollIntoView({ block: 'start', behavior: 'smooth' });
    return true;
  }

  /** The rendered floor element for a floor number, if it is on screen. */
  findFloor(number: number): HTMLElement | null {
    return this.renderRoot.querySelector<HTMLElement>(`teahouse-comment[data-floor="${number}"]`);
  }

  /** Shows a floor the reader just posted without reloading: last when oldest first, else first. */
  addFloor(floor: Floor): void {
    if (this.floors.some((f) => f.number === floor.number) || this.replies.some((g) => g.floors.some((f) => f.number === floor.number))) return;
    // Already announced live (and counted): shown now instead of behind the button.
    if (this.live.take(floor.number)) this.replyCount -= 1;
    const parent = floor.parent;
    if (this.view === 'nested' && parent !== null) {
      // A reply joins the group of its top-level floor, when that floor is on screen.
      const group = this.replies.find((g) => g.root === parent || g.floors.some((f) => f.number === parent));
      const root = group?.root ?? (this.floors.some((f) => f.number === parent) ? parent : null);
      if (root !== null) {
        this.replies = group
          ? this.replies.map((g) => (g === group ? { ...g, floors: [...g.floors, floor] } : g))
          : [...this.replies, { root, floors: [floor], more: 0, next: null }];
      }
      this.replyCount += 1;
      return;
    }
    this.floors = this.sort === 'newest' ? [floor, ...this.floors] : [...this.floors, floor];
    this.replyCount += 1;
  }

  override render() {
    const { m } = this.l;
    // "N 条新回复" sits where its floors will appear.
    const newest = this.query().sort === 'newest';
    return html`
      <section part="base" aria-labelledby="heading">
        <header part="header"><h2 id="heading">${m.replies(this.replyCount)}</h2>${this.renderTabs()}</header>
        ${this.filter
          ? html`<p part="filter-banner" class="banner" role="status">${m.onlyAuthorOf(html`<bdi>${this.filter.name}</bdi>`)} ·
              <button type="button" class="link-button" @click=${() => this.filterBy(null)}>${m.showAll}</button></p>`
          : nothing}
        ${this.floors.length === 0 ? html`<p class="empty">${m.noReplies}</p>` : nothing}
        ${this.filter ? nothing : renderHot(this.pinned, m.pinned, this.l.locale, 'pinned')}
        ${this.sort === 'oldest' && this.view === 'floors' && !this.filter && this.floors[0]?.number === 2
          ? renderHot(this.hot, m.hotReplies, this.l.locale) : nothing}
        ${newest ? this.live.render() : nothing}
        ${this.view === 'nested' && !this.filter ? this.renderNested() : this.floors.map((floor) => this.renderFloor(floor))}
        ${newest ? nothing : this.live.render()}
        ${this.moreError ? html`<p class="status" role="alert">${this.moreError}</p>` : nothing}
        ${this.next
          ? html`<button type="button" class="more" ?disabled=${this.loadingMore} aria-busy=${this.loadingMore ? 'true' : 'false'}
              @click=${this.handleLoadMore}>${this.loadingMore ? m.loading : m.loadMore}</button>`
          : nothing}
        ${this.renderPager()}${this.renderFooter()}
      </section>
    `;
  }

  private renderFloor(floor: Floor, replyTo: string | null = null) {
    return html`<teahouse-comment data-floor=${floor.number} .floor=${floor} .replyTo=${replyTo} ?no-actions=${this.noActions}
      ?highlighted=${this.highlighted === floor.number} exportparts="base: comment" lang=${this.l.locale}></teahouse-comment>`;
  }

  private renderTabs() {
    const { m } = this.l;
    const tab = (label: string, on: boolean, view: View, sort: Sort) =>
      html`<button type="button" part="tab" class="tab" aria-pressed=${on ? 'true' : 'false'} @click=${() => this.choose(view, sort)}>${label}</button>`;
    const sorts = [['oldest', m.sortOldest], ['newest', m.sortNewest], ['hottest', m.sortHottest]] as const;
    return html`<div class="tabs">
      <div role="group" aria-label=${m.viewLabel}>
        ${tab(m.viewFloors, this.view === 'floors' || !!this.filter, 'floors', this.sort)}${tab(m.viewNested, this.view === 'nested' && !this.filter, 'nested', this.sort)}
      </div>
      <div role="group" aria-label=${m.sortLabel}>${sorts.map(([sort, label]) => tab(label, this.sort === sort, this.view, sort))}</div>
    </div>`;
  }

  private renderNested() {
    const max = this.session.value?.site.maxDepth ?? 2;
    const groups = new Map(this.replies.map((g) => [g.root, g]));
    const placed = (nodes: Placed[]): unknown =>
      nodes.map((n) => html`${this.renderFloor(n.floor, n.replyTo)}${n.children.length ? html`<div class="replies">${placed(n.children)}</div>` : nothing}`);
    return this.floors.map((root) => {
      const group = groups.get(root.number);
      return html`${this.renderFloor(root)}${group
        ? html`<div class="replies">${placed(arrange(root, group.floors, max, this.l.m.deletedAuthor))}${group.next
          ? html`<button type="button" class="link-button" @click=${() => this.handleMoreReplies(group)}>${this.l.m.moreReplies(group.more)}</button>`
          : nothing}</div>`
        : nothing}`;
    });
  }

  private renderPager() {
    const first = this.floors[0]?.number;
    const last = this.floors[this.floors.length - 1]?.number;
    const total = pageCount(this.lastFloor, this.size);
    if (this.view !== 'floors' || this.sort !== 'oldest' || this.filter || first === undefined || last === undefined || total < 2) return nothing;
    const { m } = this.l;
    const [from, to] = [pageOf(first, this.size), pageOf(last, this.size)];
    return html`<nav part="pager" class="pager" aria-label=${m.pages}>
      <button type="button" class="link-button" ?disabled=${from <= 1} @click=${() => this.goToPage(from - 1)}>${m.prevPage}</button>
      ${pageList(from, total).map((p) => (p
        ? html`<button type="button" class="link-button" aria-label=${m.pageN(p)} aria-current=${p >= from && p <= to ? 'page' : nothing}
            @click=${() => this.goToPage(p)}>${p}</button>`
        : html`<span aria-hidden="true">…</span>`))}
      <button type="button" class="link-button" ?disabled=${to >= total} @click=${() => this.goToPage(to + 1)}>${m.nextPage}</button>
    </nav>`;
  }

  private renderFooter() {
    const { m } = this.l;
    const rules = this.session.value?.site.rulesUrl;
    const op = this.op;
    return html`<nav part="footer" class="footer" aria-label=${m.threadTools}>
      ${rules ? html`<a href=${rules} target="_blank" rel="noopener">${m.rules}</a>` : nothing}
      ${op ? html`<button type="button" class="link-button" aria-label=${`${m.onlyAuthor} ${op.name}`} @click=${() => this.filterBy(op)}>${m.onlyAuthor}</button>` : nothing}
      <form @submit=${this.handleJump}>
        <label>${m.jumpTo(html`<input name="floor" type="number" inputmode="numeric" min="2" max=${this.lastFloor} required />`)}</label>
        <button type="submit" class="link-button">${m.jumpGo}</button>
      </form>
    </nav>`;
  }
}
