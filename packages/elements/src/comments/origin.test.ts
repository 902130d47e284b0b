import { expect, oneEvent } from '@open-wc/testing';
import { HttpError } from '@teahouse/client';
import { testConfig, uniqueId } from '../test-helpers.js';
import type { TeahouseComments } from './comments.component.js';
import './comments.js';

/** The widget on this page for a site that lists only another host's origin; resolves with its load error. */
async function mountElsewhere(lang: string): Promise<{ el: TeahouseComments; error: unknown }> {
  const config = await testConfig();
  const el = document.createElement('teahouse-comments');
  el.server = config.server;
  el.site = 'wtr-elsewhere';
  el.page = uniqueId();
  el.setAttribute('lang', lang);
  const failed = oneEvent(el, 'teahouse-error');
  document.body.append(el);
  const { detail } = await failed;
  await el.updateComplete;
  return { el, error: detail.error };
}

describe('<teahouse-comments> on a page whose origin the site does not list', () => {
  afterEach(() => document.querySelectorAll('teahouse-comments').forEach((el) => el.remove()));

  it('should be accessible, and say the site is not configured for this page rather than blame the connection', async () => {
    const { el, error } = await mountElsewhere('en');
    await expect(el).to.be.accessible();
    expect(error).to.be.instanceOf(HttpError);
    expect((error as HttpError).status).to.equal(403);
    expect((error as HttpError).code).to.equal('origin_not_allowed');
    const alert = el.shadowRoot!.querySelector('[role="alert"]')!.textContent!;
    expect(alert).to.contain('This site is not configured for this page');
    expect(alert).not.to.contain('Check your connection');
  });

  it('should say so in Chinese on a Chinese page', async () => {
    for (const [lang, words] of [['zh-CN', '尚未为此页面配置'], ['zh-TW', '尚未為此頁面設定']] as const) {
      const { el } = await mountElsewhere(lang);
      expect(el.shadowRoot!.querySelector('[role="alert"]')!.textContent).to.contain(words);
      el.remove();
    }
  });
});
