// What a server needs to render the elements with Lit SSR (the reference server's threads/html):
// the elements of the main bundle and the catalogs, which a browser fetches on demand and a
// server loads before it renders.
import { LOCALES } from '@teahouse/protocol';
import { loadCatalog } from './i18n/catalogs.js';

export { tags } from './define-all.js';

/** Loads every locale's main catalog: a server renders any of them without waiting. */
export function loadCatalogs(): Promise<unknown> {
  return Promise.all(LOCALES.map(loadCatalog));
}
