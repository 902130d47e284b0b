import type { LazyTag } from './lazy.js';

/** The main catalogs that are not part of the bundle (zh-CN is), by chunk name. */
export type LocaleChunk = 'teahouse-locale-en' | 'teahouse-locale-zh-tw';
/** Every module loaded on demand: the lazy elements, the live updates and the catalogs. */
export type LazyModule = LazyTag | LocaleChunk | 'teahouse-live' | 'teahouse-thread-tools' | 'teahouse-reactions-press' | 'teahouse-hydrate'
  | 'teahouse-owner';

/**
 * How each lazily defined element (and each catalog but the inline one) is fetched in an npm
 * build: a dynamic import, which the host's bundler splits into a chunk of its own. The
 * script-tag bundle replaces this module with one that loads its prebuilt chunks instead, and
 * builds a chunk for each entry here: keep them in the form `'teahouse-x': () => import('../x/x.js'),`
 * (packages/embed/build/chunks.mjs reads them).
 */
export const imports: Partial<Record<LazyModule, () => Promise<unknown>>> = {
  'teahouse-composer': () => import('../composer/composer.js'),
  'teahouse-count': () => import('../count/count.js'),
  'teahouse-points': () => import('../points/points.js'),
  'teahouse-share': () => import('../share/share.js'),
  'teahouse-moderation': () => import('../moderation/moderation.js'),
  'teahouse-report': () => import('../moderation/report.js'),
  'teahouse-edit': () => import('../edit/edit.js'),
  'teahouse-owner': () => import('../edit/owner.js'),
  'teahouse-notifications': () => import('../notifications/notifications.js'),
  'teahouse-live': () => import('../live/live.js'),
  'teahouse-thread-tools': () => import('../thread/tools/tools.js'),
  'teahouse-reactions-press': () => import('../reactions/press/press.js'),
  'teahouse-locale-en': () => import('../i18n/locales/en.js'),
  'teahouse-locale-zh-tw': () => import('../i18n/locales/zh-TW.js'),
  'teahouse-hydrate': () => import('../hydrate/hydrate.js'),
};
