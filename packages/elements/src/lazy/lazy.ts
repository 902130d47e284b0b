import { imports, type LazyModule } from './imports.js';

/** Elements that are not part of the main bundle and are defined on first use. */
export type LazyTag =
  | 'teahouse-composer' | 'teahouse-count' | 'teahouse-share' | 'teahouse-points' | 'teahouse-moderation' | 'teahouse-report' | 'teahouse-edit'
  | 'teahouse-notifications';

const pending = new Map<LazyModule, Promise<unknown>>();
const arrived = new Map<LazyModule, unknown>();

/** A module loaded on demand, if it has arrived: code that reacts to a press runs it at once then. */
export const loadedModule = (name: LazyModule): unknown => arrived.get(name);

/** Fetches a module that is not part of the main bundle, once; a failed load may be retried by the next caller. */
export function loadModule(name: LazyModule): Promise<unknown> {
  let loading = pending.get(name);
  if (!loading) {
    const load = imports[name];
    loading = load ? load() : Promise.reject(new Error(`no loader for ${name}`));
    loading.then((module) => arrived.set(name, module), () => pending.delete(name));
    pending.set(name, loading);
  }
  return loading;
}

/**
 * Defines a lazily loaded element, fetching its code once; resolves when the tag is defined.
 * Elements already in the page upgrade by themselves when it is.
 */
export function loadElement(tag: LazyTag): Promise<void> {
  if (customElements.get(tag)) return Promise.resolve();
  return loadModule(tag).then(() => customElements.whenDefined(tag)).then(() => undefined);
}

/**
 * Resolves once what was just rendered has been painted: after the next frame (at once in a hidden
 * page, which paints nothing, and after a second at the latest where frames are held back, as in an
 * off-screen frame). Code the first paint does not need is fetched then, so the floors never wait
 * for it.
 */
export function afterPaint(): Promise<void> {
  return new Promise((resolve) => {
    const done = () => setTimeout(resolve);
    if (document.visibilityState === 'hidden') return done();
    requestAnimationFrame(done);
    setTimeout(resolve, 1000);
  });
}
