// The thread's reading tools: the numbered pages, the footer (积分规则, 只看该作者, 电梯直达), the
// nested view with its further replies, and the jump (loading the floor's page, then keeping the
// floor in view). A module the thread fetches once its
// floors have painted (at once when it opens nested), so they never wait for it; what it renders
// sits below the floors, so its arrival moves none of them.
import { errorMessage, html, nothing, type TemplateResult } from '../../lazy/kit.js';
import type { Author, Floor } from '@teahouse/protocol';
import type { Locale, Messages } from '../../i18n/messages.js';
import { catalogs, type ToolsMessages } from './messages.js';
import type { ThreadStore } from '../store.js';
import { arrange, pageCount, pageList, type Placed } from './paging.js';

import { keepInView } from './keep-in-view.js';

const has = (floors: readonly Floor[], number: number) => floors.some((f) => f.number === number);

/** Nested view: the next replies under a top-level floor. */
export async function moreReplies(store: ThreadStore, root: number): Promise<void> {
  const group = store.replies.find((g) => g.root === root);
  if (!store.client || !group?.next) return;
  try {
    const result = await store.client.floors({ page: store.page, root, cursor: group.next });
    store.replies = store.replies.map((g) =>
      g.root === root ? { ...g, floors: [...g.floors, ...result.floors], next: result.next, more: Math.max(0, g.more - result.floors.length) } : g,
    );
    store.take(result);
  } catch (error) {
    store.error = error;
  }
  store.changed();
}

/**
 * Makes floor `number` part of the floors shown: when it is not, loads the page of the flat view
 * (oldest first) that holds it. Resolves to false when there is no such floor.
 */
export async function reach(store: ThreadStore, number: number): Promise<boolean> {
  if (has(store.floors, number) || has(store.tail, number) || store.replies.some((g) => has(g.floors, number))) return true;
  const client = store.client;
  if (!client || !Number.isInteger(number) || number < 2) return false;
  const ticket = ++store.loads;
  const from = 2 + (store.pageOf(number) - 1) * store.size;
  const result = await client.floors({ page: store.page, limit: store.pageSize, sort: 'oldest', from });
  if (ticket !== store.loads || !has(result.floors, number)) return false;
  Object.assign(store, { view: 'floors', sort: 'oldest', filter: null, floors: result.floors, next: result.next, replies: [], pending: [], tail: [] });
  store.take(result);
  store.changed();
  return true;
}

const words = (host: ToolsHost): ToolsMessages => catalogs[host.locale];

/** What the tools take from `<teahouse-thread>`. */
export interface ToolsHost extends HTMLElement {
  readonly m: Messages;
  readonly locale: Locale;
  readonly updateComplete: Promise<boolean>;
  notice: string | null;
  highlighted: number | null;
  stopKeeping: (() => void) | undefined;
  findFloor(number: number): HTMLElement | null;
  goToPage(page: number): void;
  filterBy(author: Author | null): void;
  jumpTo(number: number): void;
  renderFloor(floor: Floor, replyTo?: string | null): TemplateResult;
}

/**
 * The thread's jump to floor `number` (see `TeahouseThread.jumpTo`): loads its page when it is not
 * on screen, scrolls to it, highlights it and keeps it in view while what is above it still grows.
 */
export async function jump(host: ToolsHost, store: ThreadStore, number: number): Promise<boolean> {
  const { view, sort } = store;
  let reached = false;
  try {
    reached = await reach(store, number);
  } catch (error) {
    host.notice = errorMessage(host.m, error);
    return false;
  }
  if (reached && (store.view !== view || store.sort !== sort)) {
    host.dispatchEvent(new CustomEvent('teahouse-view-change', { detail: { view: store.view, sort: store.sort }, bubbles: true, composed: true }));
  }
  await host.updateComplete;
  const target = reached ? host.findFloor(number) : null;
  host.highlighted = target ? number : null;
  if (!target) {
    host.notice = words(host).noSuchFloor(number);
    return false;
  }
  host.stopKeeping?.();
  host.stopKeeping = keepInView(target);
  return true;
}

/** The nested view: each top-level floor with its replies, at most `maxDepth` levels deep. */
export function renderNested(host: ToolsHost, store: ThreadStore, maxDepth: number): unknown {
  const t = words(host);
  const groups = new Map(store.replies.map((g) => [g.root, g]));
  const placed = (nodes: Placed[]): unknown =>
    nodes.map((n) => html`${host.renderFloor(n.floor, n.replyTo)}${n.children.length ? html`<div class="replies">${placed(n.children)}</div>` : nothing}`);
  return store.floors.map((root) => {
    const group = groups.get(root.number);
    return html`${host.renderFloor(root)}${group
      ? html`<div class="replies">${placed(arrange(root, group.floors, maxDepth, host.m.deletedAuthor))}${group.next
        ? html`<button type="button" class="link-button" @click=${() => moreReplies(store, group.root)}>${t.moreReplies(group.more)}</button>`
        : nothing}</div>`
      : nothing}`;
  });
}

/** "只看 X 的回复 · 查看全部" while one author's floors are shown. */
export function renderBanner(host: ToolsHost, author: Author): TemplateResult {
  const t = words(host);
  return html`<p part="filter-banner" class="banner" role="status">${t.onlyAuthorOf(html`<bdi>${author.name}</bdi>`)} ·
    <button type="button" class="link-button" @click=${() => host.filterBy(null)}>${t.showAll}</button></p>`;
}

export function renderPager(host: ToolsHost, store: ThreadStore): TemplateResult | typeof nothing {
  const { floors, size } = store;
  const first = floors[0]?.number;
  const last = floors[floors.length - 1]?.number;
  const total = pageCount(store.lastFloor, size);
  if (store.view !== 'floors' || store.sort !== 'oldest' || store.filter || first === undefined || last === undefined || total < 2) return nothing;
  const t = words(host);
  const [from, to] = [store.pageOf(first), store.pageOf(last)];
  return html`<nav part="pager" class="pager" aria-label=${t.pages}>
    <button type="button" class="link-button" ?disabled=${from <= 1} @click=${() => host.goToPage(from - 1)}>${t.prevPage}</button>
    ${pageList(from, total).map((p) => (p
      ? html`<button type="button" class="link-button" aria-label=${t.pageN(p)} aria-current=${p >= from && p <= to ? 'page' : nothing}
          @click=${() => host.goToPage(p)}>${p}</button>`
      : html`<span aria-hidden="true">…</span>`))}
    <button type="button" class="link-button" ?disabled=${to >= total} @click=${() => host.goToPage(to + 1)}>${t.nextPage}</button>
  </nav>`;
}

export function renderFooter(host: ToolsHost, store: ThreadStore, rulesUrl: string | null | undefined): TemplateResult {
  const { m } = host;
  const t = words(host);
  const op = store.op;
  const jump = (event: SubmitEvent) => {
    event.preventDefault();
    const input = (event.target as HTMLFormElement).elements.namedItem('floor') as HTMLInputElement;
    host.jumpTo(Number(input.value));
  };
  return html`<nav part="footer" class="footer" aria-label=${t.threadTools}>
    ${rulesUrl ? html`<a href=${rulesUrl} target="_blank" rel="noopener">${t.rules}</a>` : nothing}
    ${op ? html`<button type="button" class="link-button" aria-label=${`${m.onlyAuthor} ${op.name}`} @click=${() => host.filterBy(op)}>${m.onlyAuthor}</button>` : nothing}
    <form @submit=${jump}>
      <label>${t.jumpTo(html`<input name="floor" type="number" inputmode="numeric" min="2" max=${store.lastFloor} required />`)}</label>
      <button type="submit" class="link-button">${t.jumpGo}</button>
    </form>
  </nav>`;
}
