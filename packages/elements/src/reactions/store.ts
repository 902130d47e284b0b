import { createContext } from '../context.js';
import type { TeahouseClient } from '@teahouse/client';
import type { Floor, FloorPage, MyReactions, ReactionCounts } from '@teahouse/protocol';

/**
 * Reaction counts and the reader's own reactions by target (1 is the article), shared by every
 * `<teahouse-reactions>` under one `<teahouse-comments>`: a floor shown twice (in 热门回复 and in
 * the thread) stays in step, and a live event updates each target in one place.
 */
export class ReactionStore {
  #counts = new Map<number, ReactionCounts>();
  #mine = new Map<number, readonly string[]>();
  #listeners = new Set<() => void>();

  counts(target: number): ReactionCounts | undefined {
    return this.#counts.get(target);
  }

  mine(target: number): readonly string[] {
    return this.#mine.get(target) ?? [];
  }

  /** Calls `listener` after every change; returns the function that stops it. */
  subscribe(listener: () => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  set(target: number, counts: ReactionCounts, mine?: readonly string[]): void {
    this.#counts.set(target, counts);
    if (mine) this.#mine.set(target, mine);
    this.#notify();
  }

  /** Takes what a bootstrap or a page of floors says; `mine` only arrives with a token. */
  load(floors: readonly Floor[], mine: MyReactions | undefined, article?: ReactionCounts): void {
    if (article) this.#counts.set(1, article);
    for (const floor of floors) if (floor.reactions) this.#counts.set(floor.number, floor.reactions);
    for (const [target, keys] of Object.entries(mine ?? {})) this.#mine.set(Number(target), keys);
    this.#notify();
  }

  /** Every floor of a page, replies of the nested view included. */
  static floorsOf(page: FloorPage): Floor[] {
    return [...page.floors, ...(page.replies ?? []).flatMap((group) => group.floors)];
  }

  /** Forgets everything, e.g. before the thread is loaded again for another reader. */
  clear(): void {
    this.#counts.clear();
    this.#mine.clear();
  }

  #notify(): void {
    for (const listener of this.#listeners) listener();
  }
}

/** The client, with every bootstrap and page of floors it loads also taken into `store`. */
export function feedStore(client: TeahouseClient, store: ReactionStore): TeahouseClient {
  return {
    ...client,
    async bootstrap(params) {
      const data = await client.bootstrap(params);
      store.clear();
      store.load([...ReactionStore.floorsOf(data.page), ...(data.hot ?? [])], data.mine, data.thread.reactions);
      return data;
    },
    async floors(params) {
      const page = await client.floors(params);
      store.load(ReactionStore.floorsOf(page), page.mine);
      return page;
    },
  };
}

export const reactionStoreContext = createContext<ReactionStore | undefined>(Symbol('teahouse-reactions'));

const visitorKey = (site: string) => `teahouse-visitor:${site}`;

/** The visitor token this browser keeps for a site, if storage is available. */
export function storedVisitor(site: string): string | null {
  try {
    return localStorage.getItem(visitorKey(site));
  } catch {
    return null;
  }
}

export function storeVisitor(site: string, token: string): void {
  try {
    localStorage.setItem(visitorKey(site), token);
  } catch {
    // Storage refused (private mode, sandboxed frame): the token lasts for this page only.
  }
}
