import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  CHANNEL_NAMES, EVENT_TYPES, LOCALES, SHARE_CHANNELS, ShareChannel, awardText, balanceBidi, excerpt, floorLabel, isSafeImageUrl,
  resolveLocale, type RootNode,
} from './index.js';

const body = (text: string): RootNode => ({ type: 'root', children: [{ type: 'paragraph', children: [{ type: 'text', value: text }] }] });

describe('shared rules', () => {
  it('should cut excerpts by code points, never inside a surrogate pair', () => {
    const text = '😀'.repeat(200);
    const cut = excerpt(body(text));
    assert.equal(Array.from(cut).length, 140);
    assert.ok(cut.endsWith('…'));
    assert.ok(!/[\uD800-\uDBFF](?![\uDC00-\uDFFF])/.test(cut), 'no lone high surrogate');
    assert.equal(excerpt(body('  短\n\n句  ')), '短 句');
  });

  it('should label floors in each locale without deriving one script from another', () => {
    assert.deepEqual([2, 3, 4, 5].map((n) => floorLabel(n, 'zh-CN')), ['沙发', '板凳', '地板', '5楼']);
    assert.deepEqual([2, 3, 4, 5].map((n) => floorLabel(n, 'zh-TW')), ['沙發', '板凳', '地板', '5樓']);
    assert.deepEqual([2, 5].map((n) => floorLabel(n, 'en')), ['#2', '#5']);
  });

  it('should name every channel in every locale', () => {
    assert.deepEqual([...SHARE_CHANNELS].sort(), [...ShareChannel.options].sort());
    for (const locale of LOCALES) for (const channel of SHARE_CHANNELS) assert.ok(CHANNEL_NAMES[locale][channel], `${locale} ${channel}`);
  });

  it('should word an award in each locale with the name as its own part', () => {
    const award = { action: 'share' as const, channel: 'wechat_moments' as const, points: 20, currency: '看点币' };
    assert.equal(awardText(award, '小林', 'zh-CN').join(''), '会员小林转发了该文章到微信朋友圈,获得20看点币');
    assert.equal(awardText(award, '小林', 'zh-TW').join(''), '會員小林轉發了這篇文章到微信朋友圈，獲得20看点币');
    assert.equal(awardText(award, 'Lin', 'en').join(''), 'Lin shared this article via WeChat Moments and earned 20 看点币');
    const name = { isName: true };
    assert.ok(awardText(award, name, 'en').includes(name));
    for (const action of ['reply', 'reaction_received', 'daily_visit'] as const) {
      for (const locale of LOCALES) assert.match(awardText({ action, points: 2, currency: 'c' }, 'N', locale).join(''), /N.*2/);
    }
  });

  it('should resolve language tags to the shipped locales', () => {
    assert.deepEqual(['zh', 'zh-Hans-CN', 'zh-HK', 'zh-Hant', 'en-GB', '', null].map(resolveLocale), ['zh-CN', 'zh-CN', 'zh-TW', 'zh-TW', 'en', 'en', 'en']);
  });

  it('should let readers load https images and trusted origins only', () => {
    assert.equal(isSafeImageUrl('https://cdn.example.com/a.png'), true);
    assert.equal(isSafeImageUrl('http://127.0.0.1:1/admin'), false);
    assert.equal(isSafeImageUrl('http://127.0.0.1:1/admin', ['http://127.0.0.1:1']), true);
    assert.equal(isSafeImageUrl('data:image/png;base64,AAAA'), false);
    assert.equal(isSafeImageUrl('javascript:alert(1)'), false);
    assert.equal(isSafeImageUrl('not a url'), false);
  });

  it('should balance the bidi controls of a name', () => {
    assert.equal(balanceBidi('evil\u202Egnp.exe'), 'evil\u202Egnp.exe\u202C');
    assert.equal(balanceBidi('\u202Ca\u2069b'), 'ab');
    assert.equal(balanceBidi('\u2067x\u202By\u2069z'), '\u2067x\u202By\u2069z');
    assert.equal(balanceBidi('\u2066\u202Da'), '\u2066\u202Da\u202C\u2069');
    assert.equal(balanceBidi('林晓雨'), '林晓雨');
  });

  it('should listen to every event type of the schema', () => {
    assert.deepEqual(EVENT_TYPES, ['floor.created', 'floor.updated', 'reactions.changed']);
  });
});
