import type { LazyTag } from './lazy.js';

/**
 * How each lazily defined element is fetched in an npm build: a dynamic import, which the host's
 * bundler splits into a chunk of its own. The script-tag bundle replaces this module with one that
 * loads its prebuilt chunks instead, and builds a chunk for each entry here: keep them in the form
 * `'teahouse-x': () => import('../x/x.js'),` (packages/embed/build/chunks.mjs reads them).
 */
export const imports: Partial<Record<LazyTag, () => Promise<unknown>>> = {
  'teahouse-points': () => import('../points/points.js'),
  'teahouse-share': () => import('../share/share.js'),
  'teahouse-moderation': () => import('../moderation/moderation.js'),
  'teahouse-report': () => import('../moderation/report.js'),
  'teahouse-edit': () => import('../edit/edit.js'),
  'teahouse-live': () => import('../live/live.js'),
};
