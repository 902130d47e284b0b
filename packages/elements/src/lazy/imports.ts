import type { LazyTag } from './lazy.js';

/**
 * How each lazily defined element is fetched in an npm build: a dynamic import, which the host's
 * bundler splits into a chunk of its own. The script-tag bundle replaces this module with one that
 * loads its prebuilt chunks instead.
 */
export const imports: Partial<Record<LazyTag, () => Promise<unknown>>> = {};
