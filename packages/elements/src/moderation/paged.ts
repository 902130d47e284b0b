import { html, nothing, type TemplateResult } from '../lazy/kit.js';
import type { Desk } from './desk.js';

/** One page of a list the server pages with a cursor. */
export interface Page<T> {
  items: T[];
  next: string | null;
}

/**
 * A list loaded a page at a time (the queue, bans, the audit log): the items so far, the cursor of
 * the next page, and whether a load is running or failed. A reload drops what an older load was
 * still fetching.
 */
export class PagedList<T> {
  items: T[] = [];
  next: string | null = null;
  /** False until the first page is in. */
  loaded = false;
  loading = false;
  error: unknown = undefined;
  private run = 0;

  constructor(
    private readonly host: { requestUpdate(): void },
    private readonly fetch: (cursor: string | null) => Promise<Page<T>>,
  ) {}

  /** Loads the first page again. */
  reload(): Promise<void> {
    return this.load(null);
  }

  /** Appends the next page, when there is one. */
  more(): Promise<void> {
    return this.next === null || this.loading ? Promise.resolve() : this.load(this.next);
  }

  /** Forgets everything: the next render that wants the list loads it again. */
  reset(): void {
    this.run += 1;
    this.items = [];
    this.next = null;
    this.loaded = false;
    this.loading = false;
    this.error = undefined;
  }

  /** Replaces the items for which `pick` returns a new value. */
  update(pick: (item: T) => T | undefined): void {
    this.items = this.items.map((item) => pick(item) ?? item);
    this.host.requestUpdate();
  }

  private async load(cursor: string | null): Promise<void> {
    const run = ++this.run;
    this.loading = true;
    this.error = undefined;
    this.host.requestUpdate();
    try {
      const page = await this.fetch(cursor);
      if (run !== this.run) return;
      this.items = cursor === null ? page.items : [...this.items, ...page.items];
      this.next = page.next;
      this.loaded = true;
    } catch (error) {
      if (run === this.run) this.error = error;
    } finally {
      if (run === this.run) {
        this.loading = false;
        this.host.requestUpdate();
      }
    }
  }
}

/**
 * A section of `<teahouse-moderation>` that shows one paged list: loaded the first time it is shown,
 * forgotten by `reset()`, and drawn with its loading, failed, empty and "load more" states.
 */
export abstract class ListPanel<T> {
  readonly list: PagedList<T>;

  constructor(protected readonly desk: Desk) {
    this.list = new PagedList(desk, (cursor) => this.fetch(cursor));
  }

  /** One page of the list, from `cursor` (null: the first). */
  protected abstract fetch(cursor: string | null): Promise<Page<T>>;

  abstract render(): TemplateResult;

  /** Loads the list unless it is loaded, loading or failed (a failure waits for 重试). */
  ensure(): void {
    const list = this.list;
    if (!list.loaded && !list.loading && list.error === undefined) void this.reload();
  }

  reset(): void {
    this.list.reset();
  }

  reload(): Promise<void> {
    return this.list.reload();
  }

  /** The items as `show` draws them, or what the list is at; then a failure to load more, and the button for more. */
  protected renderList(empty: string, show: (items: T[]) => TemplateResult): TemplateResult {
    const { m } = this.desk;
    const list = this.list;
    const failed = list.error !== undefined
      ? html`<p class="error" role="alert">${this.desk.explain(list.error)}
          <button type="button" @click=${() => (list.loaded ? list.more() : this.reload())}>${m.retry}</button></p>`
      : nothing;
    if (!list.loaded) return list.error !== undefined ? html`${failed}` : html`<p class="status" aria-busy="true">${m.loading}</p>`;
    return html`${list.items.length ? show(list.items) : html`<p class="status">${empty}</p>`}
      ${failed}
      ${list.next !== null && list.error === undefined
        ? html`<button type="button" class="more" ?disabled=${list.loading} @click=${() => list.more()}>${m.loadMore}</button>`
        : nothing}`;
  }
}
