import { isServer, type ReactiveController, type ReactiveControllerHost } from 'lit';
import type { TeahouseClient } from '@teahouse/client';
import {
  type Author, type Bootstrap, type Floor, type FloorPage, type MyReactions, type ReactionCounts, type ReplyGroup,
  type Sort, type View,
} from '@teahouse/protocol';
import { afterPaint, loadModule } from '../lazy/lazy.js';
import { pageOf } from './paging.js';
import { DEFAULT_PAGE_SIZE } from '@teahouse/protocol';

/** What the floors on screen are: view, order and author. */
export interface Shape {
  sort: Sort;
  view: View | undefined;
  author: string | undefined;
}

/** What the live module does with a thread: follows its events until stopped. */
export type Follow = (store: ThreadStore, client: TeahouseClient) => () => void;

const has = (floors: readonly Floor[], number: number) => floors.some((f) => f.number === number);

/**
 * The one owner of a thread's state: its floors in the view and order the reader chose, the
 * nested replies, 热门回复 and 置顶, the floors that arrived live and wait behind "3 条新回复",
 * the counts (replies, and reactions by target with the reader's own) and the live subscription.
 * `<teahouse-comments>` owns it and hands it down (`threadContext`); the elements render from it
 * and send it intents (choose, load more, add, react). The thread's tools (the nested view's
 * further replies, the jump to a floor) and live updates (edits and deletions too) are modules
 * that work on it, fetched once the floors have painted.
 */
export class ThreadStore implements ReactiveController {
  client: TeahouseClient | undefined;
  page = '';
  /** Floors per page. Undefined: the server's. */
  pageSize: number | undefined;
  /** The signed-in reader, whose own floors show at once. */
  viewer: string | null = null;
  view: View = 'floors';
  sort: Sort = 'oldest';
  /** Only this author's floors are shown. */
  filter: Author | null = null;
  floors: Floor[] = [];
  next: string | null = null;
  replies: ReplyGroup[] = [];
  hot: Floor[] = [];
  pinned: Floor[] = [];
  /** Floors by others that arrived live and wait behind the "3 条新回复" button. */
  pending: Floor[] = [];
  /**
   * New floors shown beyond the pages loaded, after "加载更多": the reader's own post, and floors
   * revealed live, while pages between them and the floors shown remain. They join the floors
   * when the pages before them have been loaded.
   */
  tail: Floor[] = [];
  replyCount = 0;
  lastFloor = 1;
  /** The last event applied: live updates resume after it. */
  lastEventId: string | null = null;
  op: Author | null = null;
  /** A page of floors is being loaded. */
  loading = false;
  /** The last load failed with this error. */
  error: unknown = undefined;
  /** @internal Loads of floors begun: one that is not the last begun drops its answer. */
  loads = 0;

  #counts = new Map<number, ReactionCounts>();
  #mine = new Map<number, readonly string[]>();
  #listeners = new Set<() => void>();
  #arrivals = new Set<(floor: Floor) => void>();
  #connected = false;
  #stop: (() => void) | undefined;
  #following: TeahouseClient | undefined;

  constructor(host?: ReactiveControllerHost) {
    host?.addController(this);
  }

  hostConnected(): void {
    this.#connected = true;
    this.#follow();
  }

  hostDisconnected(): void {
    this.#connected = false;
    this.#unfollow();
  }

  /** Calls `listener` after every change; returns the function that stops it. */
  subscribe(listener: () => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Calls `listener` with every floor that arrives live (the reader's own and others'). */
  onArrival(listener: (floor: Floor) => void): () => void {
    this.#arrivals.add(listener);
    return () => this.#arrivals.delete(listener);
  }

  changed(): void {
    for (const listener of this.#listeners) listener();
  }

  /** Takes a bootstrap: the thread as first painted, in its view and order. */
  reset(data: Bootstrap, page: string): void {
    // The same thread again (another reader, say): its stream goes on; events it brings that the
    // new snapshot already holds are skipped by their ids (see the live module).
    if (page !== this.page) this.#unfollow();
    this.loads++;
    Object.assign(this, {
      page, view: data.view ?? 'floors', sort: data.sort, filter: null, floors: data.page.floors, next: data.page.next,
      replies: data.page.replies ?? [], hot: data.hot ?? [], pinned: data.pinned ?? [], pending: [], tail: [], replyCount: data.thread.replyCount,
      lastFloor: data.thread.lastFloor, lastEventId: data.lastEventId, op: data.thread.author, viewer: data.viewer?.user.id ?? null,
      loading: false, error: undefined,
    });
    this.#counts.clear();
    this.#mine.clear();
    if (data.thread.reactions) this.#counts.set(1, data.thread.reactions);
    this.take(data.page, data.hot);
    for (const [target, keys] of Object.entries(data.mine ?? {})) this.#mine.set(Number(target), keys);
    this.changed();
    this.#follow();
  }

  /** What the floors on screen are. Hottest is a ranking of single floors, so it shows them flat. */
  get shape(): Shape {
    const nested = this.view === 'nested' && !this.filter;
    const sort = this.filter && this.sort === 'hottest' ? 'oldest' : this.sort;
    return { sort, view: nested ? 'nested' : undefined, author: this.filter?.id };
  }

  get size(): number {
    return this.pageSize ?? DEFAULT_PAGE_SIZE;
  }

  /** The numbered page of the floors view that holds floor `number`. */
  pageOf(number: number): number {
    return pageOf(number, this.size);
  }

  /** Every floor held: shown, nested replies, waiting, 热门回复 and 置顶. */
  find(number: number): Floor | undefined {
    return [...this.floors, ...this.replies.flatMap((g) => g.floors), ...this.pending, ...this.tail, ...this.pinned, ...this.hot]
      .find((f) => f.number === number);
  }

  /**
   * The reader picked a view and an order (hottest ranks single floors, so it is flat): loads its
   * floors. Resolves to what was chosen, or null when nothing changed.
   */
  async choose(view: View, sort: Sort): Promise<{ view: View; sort: Sort } | null> {
    if (view === 'nested' && sort === 'hottest') {
      if (view === this.view) view = 'floors';
      else sort = 'oldest';
    }
    if (view === this.view && sort === this.sort && !this.filter) return null;
    Object.assign(this, { view, sort, filter: null });
    await this.load();
    return { view, sort };
  }

  /** Shows only `author`'s floors, or every floor again with null. */
  filterBy(author: Author | null): Promise<boolean> {
    this.filter = author;
    return this.load();
  }

  /** Replaces the floors with the first page of the current shape, or the page starting at `from`. */
  async load(from?: number): Promise<boolean> {
    const client = this.client;
    if (!client || !this.page) return false;
    const ticket = ++this.loads;
    this.loading = true;
    this.error = undefined;
    // Another shape loads its floors afresh, and they include those waiting.
    this.pending = [];
    this.tail = [];
    this.changed();
    try {
      const result = await client.floors({ page: this.page, limit: this.pageSize, from, ...this.shape });
      if (ticket !== this.loads) return false;
      this.floors = result.floors;
      this.next = result.next;
      this.replies = result.replies ?? [];
      this.take(result);
      return true;
    } catch (error) {
      if (ticket === this.loads) this.error = error;
      return false;
    } finally {
      if (ticket === this.loads) {
        this.loading = false;
        this.changed();
      }
    }
  }

  /** Appends the next page. */
  async loadMore(): Promise<boolean> {
    const client = this.client;
    if (!client || !this.next || this.loading) return false;
    const ticket = this.loads;
    this.loading = true;
    this.error = undefined;
    this.changed();
    try {
      const result = await client.floors({ page: this.page, cursor: this.next, limit: this.pageSize, ...this.shape });
      if (ticket !== this.loads) return false;
      this.floors = [...this.floors, ...result.floors.filter((f) => !has(this.floors, f.number))];
      this.next = result.next;
      // New floors shown beyond the pages come in their place; at the end they follow the last page.
      const tail = this.tail.filter((f) => !has(this.floors, f.number));
      this.tail = result.next ? tail : [];
      if (!result.next) this.floors = [...this.floors, ...tail];
      this.replies = [...this.replies, ...(result.replies ?? [])];
      this.take(result);
      return true;
    } catch (error) {
      if (ticket === this.loads) this.error = error;
      return false;
    } finally {
      if (ticket === this.loads) {
        this.loading = false;
        this.changed();
      }
    }
  }

  /**
   * Shows a new floor where the current shape puts it (last when oldest first, else first; a
   * reply of the nested view under its top-level floor), counting it once: the reader's own post,
   * or a floor that arrived live and may be shown at once.
   */
  add(floor: Floor): void {
    if (this.find(floor.number) && !has(this.pending, floor.number)) return;
    const waiting = has(this.pending, floor.number);
    this.pending = this.pending.filter((f) => f.number !== floor.number);
    if (!waiting) this.counted(floor);
    if (floor.reactions) this.#counts.set(floor.number, floor.reactions);
    if (this.shape.view === 'nested' && floor.parent !== null) this.nest(floor);
    else if (this.shape.author === undefined || floor.author?.id === this.shape.author) this.show(floor);
    this.changed();
  }

  /**
   * @internal Shows a new floor in the floors on screen: first when newest first; else last, or
   * after "加载更多" while pages remain between it and the floors loaded.
   */
  show(floor: Floor): void {
    if (this.shape.sort === 'newest') this.floors = [floor, ...this.floors];
    else if (this.next) this.tail = [...this.tail, floor];
    else this.floors = [...this.floors, floor];
  }

  /** The reaction counts of a target (1 is the article), if known. */
  counts(target: number): ReactionCounts | undefined {
    return this.#counts.get(target);
  }

  /** The reader's own reactions on a target. */
  mine(target: number): readonly string[] {
    return this.#mine.get(target) ?? [];
  }

  /** New counts of a target (and the reader's own reactions on it, when known). */
  setCounts(target: number, counts: ReactionCounts, mine?: readonly string[]): void {
    this.#counts.set(target, counts);
    if (mine) this.#mine.set(target, mine);
    this.changed();
  }

  /** A floor arrived on the stream: listeners hear of it (e.g. `<teahouse-points>` of an award). */
  arrived(floor: Floor): void {
    for (const listener of this.#arrivals) listener(floor);
  }

  /** @internal Counts a new floor. */
  counted(floor: Floor): void {
    this.replyCount += 1;
    this.lastFloor = Math.max(this.lastFloor, floor.number);
  }

  /** @internal Nested view: a reply joins the replies of its top-level floor when that floor is on screen or waiting. */
  nest(floor: Floor): void {
    const parent = floor.parent;
    const group = this.replies.find((g) => g.root === parent || has(g.floors, parent!));
    const root = group?.root ?? (has(this.floors, parent!) || has(this.pending, parent!) ? parent : null);
    if (root === null) return;
    // Replies not loaded yet come with "more", this one among them.
    if (group?.next) this.replies = this.replies.map((g) => (g === group ? { ...g, more: g.more + 1 } : g));
    else if (group) this.replies = this.replies.map((g) => (g === group ? { ...g, floors: [...g.floors, floor] } : g));
    else this.replies = [...this.replies, { root, floors: [floor], more: 0, next: null }];
  }

  /** @internal Takes the reaction counts of a page (and the reader's own reactions, which only come with a token). */
  take(page: FloorPage, extra: readonly Floor[] = []): void {
    for (const floor of [...page.floors, ...(page.replies ?? []).flatMap((g) => g.floors), ...extra]) {
      if (floor.reactions) this.#counts.set(floor.number, floor.reactions);
    }
    const mine: MyReactions = page.mine ?? {};
    for (const [target, keys] of Object.entries(mine)) this.#mine.set(Number(target), keys);
  }

  /** Follows the thread's events while connected and loaded; the live module loads the first time, once the floors have painted. */
  #follow(): void {
    const client = this.client;
    // A thread rendered on the server follows nothing.
    if (isServer || !this.#connected || !client || !this.page || this.#following === client) return;
    this.#unfollow();
    this.#following = client;
    // After the floors have painted: the stream resumes from the bootstrap's last event, so
    // starting it later loses nothing.
    afterPaint().then(() => loadModule('teahouse-live')).then(
      (module) => {
        if (this.#following === client && !this.#stop) this.#stop = (module as { follow: Follow }).follow(this, client);
      },
      () => (this.#following = undefined),
    );
  }

  #unfollow(): void {
    this.#stop?.();
    this.#stop = this.#following = undefined;
  }
}
