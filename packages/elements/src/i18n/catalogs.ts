// The main catalog of each locale. zh-CN, the default, is part of the bundle; en and zh-TW are
// fetched the first time an element on the page needs them (a chunk of their own in the
// script-tag bundle), and elements wait for theirs before they render (TeahouseElement).
import type { Locale } from '@teahouse/protocol';
import { loadModule } from '../lazy/lazy.js';
import type { Messages } from './messages.js';
import { messages as zhCN } from './locales/zh-CN.js';

/** The locale every bundle carries, and the words shown while another cannot be had. */
export const INLINE_LOCALE: Locale = 'zh-CN';

const loaded: Partial<Record<Locale, Messages>> = { [INLINE_LOCALE]: zhCN };
const loading = new Map<Locale, Promise<Messages>>();

/** The catalog of `locale` when it has arrived; else the inline one, until it has. */
export const catalogOf = (locale: Locale): Messages => loaded[locale] ?? zhCN;

/** Whether `locale` can be shown without waiting. */
export const hasCatalog = (locale: Locale): boolean => locale in loaded;

/**
 * Fetches the catalog of `locale` once; resolves when it can be shown (with the inline catalog,
 * should it fail to load, so that nothing waits for good).
 */
export function loadCatalog(locale: Locale): Promise<Messages> {
  const known = loaded[locale];
  if (known) return Promise.resolve(known);
  let pending = loading.get(locale);
  if (!pending) {
    pending = loadModule(`teahouse-locale-${locale.toLowerCase()}` as `teahouse-locale-${'en' | 'zh-tw'}`).then(
      (module) => (loaded[locale] = (module as { messages: Messages }).messages),
      () => {
        loading.delete(locale);
        return zhCN;
      },
    );
    loading.set(locale, pending);
  }
  return pending;
}
