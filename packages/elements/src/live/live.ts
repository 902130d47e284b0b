// A thread's live updates, imported by its store once the thread is loaded (a chunk of its own in
// the script-tag bundle): the thread's events applied to the store, in order, each once, resuming
// after the last one applied.
import { subscribe } from '@teahouse/client/live';
import { excerpt, type Floor } from '@teahouse/protocol';
import type { Follow, ThreadStore } from '../thread/store.js';

const has = (floors: readonly Floor[], number: number) => floors.some((f) => f.number === number);

/**
 * Places a floor that arrived live (and was counted) where the shape on screen puts it. The
 * reader's own is shown at once. Another reader's is held behind the button, unless the shape says
 * otherwise: only this author's floors are shown; a reply of the nested view joins its top-level
 * floor at once, below what the reader is looking at. Shown while pages remain to load, new floors
 * go after "加载更多" (the store's tail).
 */
function place(store: ThreadStore, floor: Floor, own: boolean): void {
  const { author, view } = store.shape;
  if (author !== undefined && floor.author?.id !== author) {
    // counted only
  } else if (view === 'nested' && floor.parent !== null) {
    store.nest(floor);
  } else if (own) {
    store.show(floor);
  } else {
    store.pending = [...store.pending, floor];
  }
}

/** A floor by another reader arrived: counted, and placed (see `place`). */
export function hold(store: ThreadStore, floor: Floor): void {
  if (store.find(floor.number)) return;
  store.counted(floor);
  place(store, floor, false);
  store.changed();
}

/**
 * A floor's new state (an edit, a deletion, a moderation change) wherever the store holds it,
 * quote blocks of it included: from the stream, and from the reader's own edit.
 */
export function update(store: ThreadStore, next: Floor): void {
  const shown = next.status === 'published';
  const quoted = shown ? excerpt(next.body) : '';
  const fix = (f: Floor): Floor => {
    // Reaction counts are joined on reads: an update that carries none keeps the old ones.
    if (f.number === next.number) return { ...next, reactions: next.reactions ?? f.reactions };
    if (f.quote?.number !== next.number) return f;
    return { ...f, quote: { ...f.quote, status: next.status, excerpt: quoted, author: shown ? f.quote.author : null } };
  };
  for (const key of ['floors', 'hot', 'pinned', 'pending', 'tail'] as const) store[key] = store[key].map(fix);
  store.replies = store.replies.map((g) => ({ ...g, floors: g.floors.map(fix) }));
  store.changed();
}

/** Shows the floors waiting where the order puts them; returns them, in display order. */
export function reveal(store: ThreadStore): Floor[] {
  const fresh = store.pending.filter((f) => !has(store.floors, f.number) && !has(store.tail, f.number));
  store.pending = [];
  // Newest first puts each on top: the last to arrive first.
  for (const floor of fresh) store.show(floor);
  store.changed();
  return store.shape.sort === 'newest' ? fresh.reverse() : fresh;
}

/**
 * Follows `store`'s thread from its last event on. Other readers' new floors wait behind the
 * "3 条新回复" button (the store decides where, by the shape on screen); the reader's own appear at
 * once; edits, deletions and reaction counts apply in place. A floor that arrives while a page of
 * floors is loading (another view, order or page) is counted at once and placed once that page is
 * there: placed before, it would go into floors the page then replaces, and be lost when the page
 * was read before it was posted. Returns the function that stops it.
 */
export const follow: Follow = (store, client) => {
  const page = store.page;
  let waiting: { floor: Floor; own: boolean }[] = [];
  const settle = () => {
    if (store.loading || waiting.length === 0) return;
    const arrived = waiting;
    waiting = [];
    for (const { floor, own } of arrived) if (store.page === page && !store.find(floor.number)) place(store, floor, own);
    store.changed();
  };
  const unwatch = store.subscribe(() => queueMicrotask(settle));
  const stop = subscribe(client, { page, lastEventId: store.lastEventId }, (event, id) => {
    // Ids only grow: an event a newer snapshot of the thread (a reload) already holds is skipped.
    if (store.page !== page || (store.lastEventId !== null && Number(id) <= Number(store.lastEventId))) return;
    store.lastEventId = id;
    if (event.type === 'floor.created') {
      const floor = event.floor;
      const own = !!store.viewer && floor.author?.id === store.viewer;
      if (store.loading) {
        // Already shown (the reader's own post) still waits: the page may not hold it.
        if (!store.find(floor.number)) store.counted(floor);
        if (!waiting.some((w) => w.floor.number === floor.number)) waiting.push({ floor, own });
        store.changed();
      } else if (own) store.add(floor);
      else hold(store, floor);
      store.arrived(floor);
    } else if (event.type === 'floor.updated') {
      update(store, event.floor);
    } else {
      // Counts only: a hottest ranking is not reordered under the reader.
      store.setCounts(event.target, event.counts);
    }
  });
  return () => {
    unwatch();
    stop();
  };
};
