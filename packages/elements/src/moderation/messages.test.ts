import { expect } from '@open-wc/testing';
import * as moderation from './messages.js';
import * as report from './report-messages.js';

function keyPaths(value: object, prefix = ''): string[] {
  return Object.entries(value).flatMap(([key, v]) =>
    v && typeof v === 'object' ? keyPaths(v as object, `${prefix}${key}.`) : [`${prefix}${key}`],
  );
}

const get = (m: object, path: string) => path.split('.').reduce<unknown>((o, k) => (o as Record<string, unknown>)[k], m);
/** A message as text: strings as they are, functions called with sample arguments. */
const text = (m: object, path: string): string => {
  const value = get(m, path);
  return typeof value === 'function' ? String((value as (...args: unknown[]) => unknown)('x', 3)) : String(value);
};

const CATALOGS = { moderation, report } as const;

for (const [name, { catalogs, en }] of Object.entries(CATALOGS)) {
  describe(`${name} messages`, () => {
    it('should ship the same locales as the main catalog', async () => {
      const main = await import('../i18n/messages.js');
      expect(Object.keys(catalogs).sort()).to.deep.equal(Object.keys(main.catalogs).sort());
    });

    for (const [locale, messages] of Object.entries(catalogs)) {
      it(`should give ${locale} every key English has, of the same kind`, () => {
        const reference = keyPaths(en).sort();
        expect(keyPaths(messages).sort()).to.deep.equal(reference);
        for (const path of reference) {
          const value = get(messages, path);
          expect(typeof value, `${locale}.${path}`).to.equal(typeof get(en, path));
          if (typeof value === 'string') expect(value, `${locale}.${path}`).to.not.equal('');
          if (typeof value === 'function') expect(text(messages, path), `${locale}.${path}`).to.not.equal('');
        }
      });
    }

    it('should translate every English sentence in the Chinese catalogs', () => {
      for (const locale of ['zh-CN', 'zh-TW'] as const) {
        for (const path of keyPaths(en)) {
          const english = text(en, path);
          if (/[a-z]{3}/i.test(english)) expect(text(catalogs[locale], path), `${locale}.${path}`).to.not.equal(english);
        }
      }
    });
  });
}
