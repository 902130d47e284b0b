import {
  LocalizeController, TeahouseElement, createClient, html, nothing, property, state, type CSSResult, type PropertyValues, type TeahouseClient, type TemplateResult,
} from '../lazy/kit.js';
import { MAX_COUNT_PAGES } from '@teahouse/protocol';
import type { CountDetail } from '../base/teahouse-element.js';
import { styles } from './count.styles.js';

interface Batch {
  client: TeahouseClient;
  waiting: Map<string, ((count: number | null) => void)[]>;
}

const batches = new Map<string, Batch>();

/**
 * Every count asked for in one task goes out together, 100 pages a request: an article list
 * with 40 counts costs one request, not 40.
 */
function requestCount(server: string, site: string, page: string): Promise<number | null> {
  const key = `${server}\n${site}`;
  let batch = batches.get(key);
  if (!batch) {
    const fresh: Batch = { client: createClient({ baseUrl: server, site }), waiting: new Map() };
    batches.set(key, (batch = fresh));
    setTimeout(() => {
      batches.delete(key);
      const pages = [...fresh.waiting.keys()];
      for (let i = 0; i < pages.length; i += MAX_COUNT_PAGES) {
        const chunk = pages.slice(i, i + MAX_COUNT_PAGES);
        const settle = (counts: Record<string, number> | null) => {
          for (const p of chunk) for (const done of fresh.waiting.get(p)!) done(counts?.[p] ?? null);
        };
        fresh.client.counts(chunk).then(settle, () => settle(null));
      }
    });
  }
  const waiting = batch.waiting;
  return new Promise((resolve) => waiting.set(page, [...(waiting.get(page) ?? []), resolve]));
}

/**
 * The reply count of one article, for article lists: "12 条评论". All counts on a page are
 * fetched in one batched request. On the article's own page it follows the thread of the
 * `<teahouse-comments>` there (a post, a live floor) without asking again.
 *
 * @summary Comment count of an article.
 * @tagname teahouse-count
 * @csspart base - The count's text.
 * @cssproperty --teahouse-count-text - Text colour.
 */
export class TeahouseCount extends TeahouseElement {
  static override styles: CSSResult = styles;
  private readonly l = new LocalizeController(this);
  @state() private count: number | null = null;

  /** Base URL of the Teahouse server. */
  @property() server = '';
  /** Site id. */
  @property() site = '';
  /** The host's id of the article page. */
  @property() page = '';

  override connectedCallback(): void {
    super.connectedCallback();
    document.addEventListener('teahouse-count', this.handleCount);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    document.removeEventListener('teahouse-count', this.handleCount);
  }

  /** The comments of the same page counted anew. */
  private handleCount = ({ detail }: CustomEvent<CountDetail>): void => {
    if (detail.site === this.site && detail.page === this.page) this.count = detail.count;
  };

  protected override willUpdate(changed: PropertyValues): void {
    if (!['server', 'site', 'page'].some((key) => changed.has(key)) || !this.server || !this.site || !this.page) return;
    const asked = `${this.server} ${this.site} ${this.page}`;
    void requestCount(this.server, this.site, this.page).then((count) => {
      if (asked === `${this.server} ${this.site} ${this.page}`) this.count = count;
    });
  }

  override render(): TemplateResult | typeof nothing {
    return this.count === null ? nothing : html`<span part="base">${this.l.m.commentCount(this.count)}</span>`;
  }
}
