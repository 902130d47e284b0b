import { expect } from '@open-wc/testing';
import { catalogs as main } from '../i18n/messages.js';
import { catalogs, en } from './messages.js';

describe('live messages', () => {
  it('should ship the main catalog’s locales, each with every key English has', () => {
    expect(Object.keys(catalogs).sort()).to.deep.equal(Object.keys(main).sort());
    for (const [locale, messages] of Object.entries(catalogs)) {
      expect(Object.keys(messages).sort(), locale).to.deep.equal(Object.keys(en).sort());
      expect(messages.newReplies(3), `${locale}.newReplies`).to.contain('3');
    }
  });

  it('should count in English and translate in the Chinese catalogs', () => {
    expect([en.newReplies(1), en.newReplies(2)]).to.deep.equal(['1 new reply', '2 new replies']);
    for (const locale of ['zh-CN', 'zh-TW'] as const) expect(catalogs[locale].newReplies(2), locale).to.not.equal(en.newReplies(2));
  });
});
