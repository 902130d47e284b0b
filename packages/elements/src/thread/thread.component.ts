import { html, nothing } from 'lit';
import { ContextConsumer } from '@lit/context';
import type { Floor, Sort } from '@teahouse/protocol';
import { TeahouseElement } from '../base/teahouse-element.js';
import { clientContext } from '../context.js';
import { LocalizeController } from '../i18n/localize.js';
import { errorMessage } from '../i18n/errors.js';
import { styles } from './thread.styles.js';

/**
 * The floors of one thread with its reply count and cursor paging. Loads further pages through
 * the client that `<teahouse-comments>` provides.
 *
 * @summary Floors of a thread.
 * @fires teahouse-error - Loading more floors failed; detail `{error, during: 'more'}`.
 * @csspart base - The thread's outer box.
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
    pageSize: { type: Number, attribute: 'page-size' },
    noActions: { type: Boolean, attribute: 'no-actions' },
    loadingMore: { state: true },
    moreError: { state: true },
  };

  private readonly l = new LocalizeController(this);
  private readonly client = new ContextConsumer(this, { context: clientContext, subscribe: true });

  private declare loadingMore: boolean;
  private declare moreError: string | null;

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
  /** Floors per page when loading more. Default: the server's. */
  declare pageSize: number | undefined;
  /** Hides the reply and quote buttons on every floor. */
  declare noActions: boolean;

  constructor() {
    super();
    this.page = '';
    this.floors = [];
    this.next = null;
    this.replyCount = 0;
    this.sort = 'oldest';
    this.pageSize = undefined;
    this.noActions = false;
    this.loadingMore = false;
    this.moreError = null;
    this.addEventListener('click', this.handleClick);
  }

  /** Floor links (`#floor-N`) point into shadow roots, where the browser's own jump cannot reach. */
  private handleClick = (event: MouseEvent): void => {
    const anchor = event.composedPath().find((node): node is HTMLAnchorElement => node instanceof HTMLAnchorElement);
    const match = anchor?.getAttribute('href')?.match(/^#floor-(\d+)$/);
    if (!match) return;
    const target = this.findFloor(Number(match[1]));
    if (!target) return;
    event.preventDefault();
    target.scrollIntoView({ block: 'start', behavior: 'smooth' });
    history.replaceState(history.state, '', `#floor-${match[1]}`);
  };

  private async handleLoadMore(): Promise<void> {
    const client = this.client.value;
    if (!client || !this.next || this.loadingMore) return;
    this.loadingMore = true;
    this.moreError = null;
    try {
      const result = await client.floors({ page: this.page, cursor: this.next, sort: this.sort, limit: this.pageSize });
      const seen = new Set(this.floors.map((f) => f.number));
      this.floors = [...this.floors, ...result.floors.filter((f) => !seen.has(f.number))];
      this.next = result.next;
    } catch (error) {
      this.moreError = errorMessage(this.l.m, error);
      this.emit('teahouse-error', { error, during: 'more' });
    } finally {
      this.loadingMore = false;
    }
  }

  /** The rendered floor element for a floor number, if it is on screen. */
  findFloor(number: number): HTMLElement | null {
    return this.renderRoot.querySelector<HTMLElement>(`teahouse-comment[data-floor="${number}"]`);
  }

  /** Shows a floor the reader just posted without reloading: last when oldest first, else first. */
  addFloor(floor: Floor): void {
    if (this.floors.some((f) => f.number === floor.number)) return;
    this.floors = this.sort === 'newest' ? [floor, ...this.floors] : [...this.floors, floor];
    this.replyCount += 1;
  }

  override render() {
    const { m } = this.l;
    return html`
      <section part="base" aria-labelledby="heading">
        <header><h2 id="heading">${m.replies(this.replyCount)}</h2></header>
        ${this.floors.length === 0 ? html`<p class="empty">${m.noReplies}</p>` : nothing}
        ${this.floors.map(
          (floor) => html`<teahouse-comment data-floor=${floor.number} .floor=${floor} ?no-actions=${this.noActions} lang=${this.l.locale}></teahouse-comment>`,
        )}
        ${this.moreError ? html`<p class="status" role="alert">${this.moreError}</p>` : nothing}
        ${this.next
          ? html`<button type="button" class="more" ?disabled=${this.loadingMore} aria-busy=${this.loadingMore ? 'true' : 'false'}
              @click=${this.handleLoadMore}>${this.loadingMore ? m.loading : m.loadMore}</button>`
          : nothing}
      </section>
    `;
  }
}
