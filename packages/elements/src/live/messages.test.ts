import { expect } from '@open-wc/testing';
import { describeCatalogs } from '../test-helpers.js';
import * as live from './messages.js';

describeCatalogs('live', live);

describe('live messages in use', () => {
  it('should count in English and translate in the Chinese catalogs', () => {
    const { catalogs, en } = live;
    expect([en.newReplies(1), en.newReplies(2)]).to.deep.equal(['1 new reply', '2 new replies']);
    for (const locale of ['zh-CN', 'zh-TW'] as const) expect(catalogs[locale].newReplies(2), locale).to.not.equal(en.newReplies(2));
  });
});
