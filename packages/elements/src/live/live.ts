// A thread's live updates, imported by its store once the thread is loaded (a chunk of its own in
// the script-tag bundle): the thread's events applied to the store, in order, each once, resuming
// after the last one applied.
import type { Follow } from '../thread/store.js';

/**
 * Follows `store`'s thread from its last event on. Other readers' new floors wait behind the
 * "3 条新回复" button (the store decides where, by the shape on screen); the reader's own appear at
 * once; edits, deletions and reaction counts apply in place. Returns the function that stops it.
 */
export const follow: Follow = (store, client) => {
  const page = store.page;
  return client.subscribe({ page, lastEventId: store.lastEventId }, (event, id) => {
    if (store.page !== page) return;
    store.lastEventId = id;
    if (event.type === 'floor.created') {
      const floor = event.floor;
      if (store.viewer && floor.author?.id === store.viewer) store.add(floor);
      else store.hold(floor);
      store.arrived(floor);
    } else if (event.type === 'floor.updated') {
      store.update(event.floor);
    } else {
      // Counts only: a hottest ranking is not reordered under the reader.
      store.setCounts(event.target, event.counts);
    }
  });
};
