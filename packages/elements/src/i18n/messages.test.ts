import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import type { Messages } from './messages.js';
import { LocalizeController, resolveLocale } from './localize.js';
import { messages as en } from './locales/en.js';
import { messages as zhCN } from './locales/zh-CN.js';
import { messages as zhTW } from './locales/zh-TW.js';
import { TeahouseElement } from '../base/teahouse-element.js';

const catalogs = { en, 'zh-CN': zhCN, 'zh-TW': zhTW };

function keyPaths(value: object, prefix = ''): string[] {
  return Object.entries(value).flatMap(([key, v]) =>
    v && typeof v === 'object' ? keyPaths(v as object, `${prefix}${key}.`) : [`${prefix}${key}`],
  );
}

class LangProbe extends TeahouseElement {
  readonly l = new LocalizeController(this);
  override render() {
    return this.l.m.reply;
  }
}
customElements.define('teahouse-lang-probe', LangProbe);

describe('localization', () => {
  it('should be accessible', async () => {
    const el = await fixture(html`<teahouse-lang-probe lang="zh-CN"></teahouse-lang-probe>`);
    await expect(el).to.be.accessible();
  });

  for (const [locale, messages] of Object.entries(catalogs)) {
    it(`should give ${locale} every key English has, of the same kind`, () => {
      const reference = keyPaths(en).sort();
      expect(keyPaths(messages).sort()).to.deep.equal(reference);
      for (const path of reference) {
        const get = (m: Messages) => path.split('.').reduce<unknown>((o, k) => (o as Record<string, unknown>)[k], m);
        const value = get(messages);
        expect(typeof value, `${locale}.${path}`).to.equal(typeof get(en));
        if (typeof value === 'string') expect(value, `${locale}.${path}`).to.not.equal('');
      }
    });
  }

  it('should map language tags to shipped locales with English as fallback', () => {
    expect(resolveLocale('zh')).to.equal('zh-CN');
    expect(resolveLocale('zh-Hans-CN')).to.equal('zh-CN');
    expect(resolveLocale('zh-TW')).to.equal('zh-TW');
    expect(resolveLocale('zh-HK')).to.equal('zh-TW');
    expect(resolveLocale('zh-Hant')).to.equal('zh-TW');
    expect(resolveLocale('fr')).to.equal('en');
    expect(resolveLocale('')).to.equal('en');
    expect(resolveLocale(undefined)).to.equal('en');
  });

  it('should fetch a catalog the bundle does not carry before rendering, and render in it', async () => {
    const el = await fixture<LangProbe>(html`<teahouse-lang-probe lang="en"></teahouse-lang-probe>`);
    expect(el.shadowRoot!.textContent).to.equal('Reply');
    el.lang = 'zh-TW';
    await waitUntil(() => el.shadowRoot!.textContent === '回覆', 'the zh-TW catalog was not shown');
  });

  it('should label floors per locale', async () => {
    const el = await fixture<LangProbe>(html`<teahouse-lang-probe lang="zh-TW"></teahouse-lang-probe>`);
    el.lang = 'en';
    await el.updateComplete;
    el.lang = 'zh-CN';
    expect([2, 3, 4, 5].map((n) => el.l.floor(n))).to.deep.equal(['沙发', '板凳', '地板', '5楼']);
    el.lang = 'zh-TW';
    expect([2, 5].map((n) => el.l.floor(n))).to.deep.equal(['沙發', '5樓']);
    el.lang = 'en';
    expect(el.l.floor(2)).to.equal('#2');
  });

  it('should fall back to the document language', async () => {
    const before = document.documentElement.lang;
    document.documentElement.lang = 'zh-CN';
    try {
      const el = await fixture<LangProbe>(html`<teahouse-lang-probe></teahouse-lang-probe>`);
      expect(el.l.locale).to.equal('zh-CN');
      expect(el.l.m.reply).to.equal('回复');
    } finally {
      document.documentElement.lang = before;
    }
  });
});
