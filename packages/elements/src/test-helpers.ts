import { expect, oneEvent } from '@open-wc/testing';
import { testConfig, testToken, uniqueId } from '../../../test/support/browser.js';
import type { TeahouseComments } from './comments/comments.component.js';
import { LOCALES } from '@teahouse/protocol';
import './index.js';

export interface MountOptions {
  page?: string;
  token?: string | null;
  lang?: string;
  site?: string;
  pageSize?: number;
  /** CSS width of the box the widget sits in, e.g. a phone's `390px`. */
  width?: string;
}

const containers: Element[] = [];
/**
 * Removes every widget mounted so far, closing its event stream: a browser opens only six
 * connections per host, and a test that mounts many widgets must not hold them all.
 */
export function unmountComments(): void {
  for (const container of containers.splice(0)) container.remove();
}
afterEach(unmountComments);

/** A `<teahouse-comments>` against the test server, resolved once its thread has rendered. */
export async function mountComments(options: MountOptions = {}): Promise<TeahouseComments> {
  const config = await testConfig();
  // Not `fixture()`: it waits for an animation frame, which a background tab never gets (the
  // runner opens a tab per test file, and only one of them is in front).
  const container = document.createElement('div');
  if (options.width) container.style.width = options.width;
  document.body.append(container);
  containers.push(container);
  const el = document.createElement('teahouse-comments');
  el.server = config.server;
  el.site = options.site ?? config.site;
  el.page = options.page ?? uniqueId();
  if (options.token) el.token = options.token;
  if (options.lang) el.setAttribute('lang', options.lang);
  if (options.pageSize) el.pageSize = options.pageSize;
  const ready = oneEvent(el, 'teahouse-ready');
  container.append(el);
  await ready;
  return el;
}

/** Shadow-root query through a chain of elements: `deep(el, 'teahouse-thread', 'teahouse-comment')`. */
export function deep<T extends Element = Element>(root: Element, ...selectors: string[]): T | null {
  let node: Element | null = root;
  for (const selector of selectors) {
    const scope: ParentNode | null | undefined = node?.shadowRoot;
    node = scope?.querySelector(selector) ?? null;
    if (!node) return null;
  }
  return node as T | null;
}

export function deepAll<T extends Element = Element>(root: Element, path: string[], selector: string): T[] {
  const host = path.length ? deep(root, ...path) : root;
  return Array.from(host?.shadowRoot?.querySelectorAll<T>(selector as never) ?? []) as T[];
}

/** Posts floors as a reader through the API, for setting up a thread. */
export async function postFloors(page: string, bodies: string[], name = 'Seeder'): Promise<void> {
  const { createClient } = await import('@teahouse/client');
  const config = await testConfig();
  const client = createClient({ baseUrl: config.server, site: config.site, token: await testToken({ name }) });
  for (const body of bodies) await client.post({ page, body });
}

export { testConfig, testToken, uniqueId };

function keyPaths(value: object, prefix = ''): string[] {
  return Object.entries(value).flatMap(([key, v]) =>
    v && typeof v === 'object' ? keyPaths(v as object, `${prefix}${key}.`) : [`${prefix}${key}`],
  );
}
const valueAt = (m: object, path: string) => path.split('.').reduce<unknown>((o, k) => (o as Record<string, unknown>)[k], m);
/** A message as text: strings as they are, functions called with sample arguments. */
const textAt = (m: object, path: string): string => {
  const value = valueAt(m, path);
  return typeof value === 'function' ? String((value as (...args: unknown[]) => unknown)(3, 'x')) : String(value);
};

/** Share services whose names no catalog translates. */
const SERVICE_NAMES = new Set(['Facebook', 'LinkedIn']);

/**
 * The checks every message catalog of a lazily loaded element passes: the main catalog's locales,
 * each with every key English has (nested ones too), of the same kind and never empty, and no
 * English sentence left untranslated in the Chinese ones.
 */
export function describeCatalogs(name: string, { catalogs, en }: { catalogs: Record<string, object>; en: object }): void {
  describe(`${name} messages`, () => {
    it('should ship the same locales as the main catalog', () => {
      expect(Object.keys(catalogs).sort()).to.deep.equal([...LOCALES].sort());
    });

    for (const [locale, messages] of Object.entries(catalogs)) {
      it(`should give ${locale} every key English has, of the same kind`, () => {
        const reference = keyPaths(en).sort();
        expect(keyPaths(messages).sort()).to.deep.equal(reference);
        for (const path of reference) {
          const value = valueAt(messages, path);
          expect(typeof value, `${locale}.${path}`).to.equal(typeof valueAt(en, path));
          expect(textAt(messages, path), `${locale}.${path}`).to.not.equal('');
        }
      });
    }

    it('should translate every English sentence in the Chinese catalogs', () => {
      for (const locale of ['zh-CN', 'zh-TW']) {
        for (const path of keyPaths(en)) {
          const english = textAt(en, path);
          // Names of services read the same in every language.
          if (/[a-z]{3}/i.test(english) && !SERVICE_NAMES.has(english)) expect(textAt(catalogs[locale]!, path), `${locale}.${path}`).to.not.equal(english);
        }
      }
    });
  });
}
