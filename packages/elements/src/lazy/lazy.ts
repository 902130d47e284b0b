import { imports } from './imports.js';

/** Elements that are not part of the main bundle and are defined on first use. */
export type LazyTag = 'teahouse-share' | 'teahouse-points' | 'teahouse-moderation' | 'teahouse-report' | 'teahouse-edit' | 'teahouse-live';

const pending = new Map<LazyTag, Promise<void>>();

/**
 * Defines a lazily loaded element, fetching its code once; resolves when the tag is defined.
 * Elements already in the page upgrade by themselves when it is.
 */
export function loadElement(tag: LazyTag): Promise<void> {
  if (customElements.get(tag)) return Promise.resolve();
  let loading = pending.get(tag);
  if (!loading) {
    const load = imports[tag];
    loading = load
      ? load().then(() => customElements.whenDefined(tag)).then(() => undefined)
      : Promise.reject(new Error(`no loader for <${tag}>`));
    // A failed load (offline, blocked) may be retried by the next caller.
    loading.catch(() => pending.delete(tag));
    pending.set(tag, loading);
  }
  return loading;
}
