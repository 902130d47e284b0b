import { expect } from '@open-wc/testing';
import { catalogs as main } from '../i18n/messages.js';
import { catalogs, en } from './messages.js';

describe('edit messages', () => {
  it('should ship the main catalog’s locales, each with every key English has', () => {
    expect(Object.keys(catalogs).sort()).to.deep.equal(Object.keys(main).sort());
    for (const [locale, messages] of Object.entries(catalogs)) {
      expect(Object.keys(messages).sort(), locale).to.deep.equal(Object.keys(en).sort());
      for (const [key, value] of Object.entries(messages)) expect(value, `${locale}.${key}`).to.be.a('string').and.not.equal('');
    }
  });

  it('should translate every English sentence in the Chinese catalogs', () => {
    for (const locale of ['zh-CN', 'zh-TW'] as const) {
      for (const [key, english] of Object.entries(en)) expect(catalogs[locale][key as keyof typeof en], `${locale}.${key}`).to.not.equal(english);
    }
  });
});
