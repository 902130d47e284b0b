import { expect } from '@open-wc/testing';
import { createClient } from '@teahouse/client';
import { testConfig, testToken, uniqueId } from '../../../../test/support/browser.js';
import type { TeahouseComments } from '../comments/comments.component.js';
import type { TeahouseComposer } from '../composer/composer.component.js';

// Nothing of the elements is imported before the server-rendered thread is in the page: their
// definitions must find it there and wait for hydration, as the embed's do.

function waitFor(check: () => boolean, timeout = 10_000): Promise<void> {
  const start = Date.now();
  return new Promise((resolve, reject) => {
    const poll = () => {
      if (check()) resolve();
      else if (Date.now() - start > timeout) reject(new Error('condition not met in time'));
      else setTimeout(poll, 20);
    };
    poll();
  });
}

const shadow = (root: Element | null | undefined, selector: string) => root?.shadowRoot?.querySelector(selector) ?? null;
const floorsOf = (el: Element) => [...(shadow(el, 'teahouse-thread')?.shadowRoot?.querySelectorAll('teahouse-comment') ?? [])];
const articleOf = (comment: Element) => shadow(comment, 'article');

describe('a server-rendered thread', () => {
  it('should be hydrated without a bootstrap request or a second render of its floors, then follow live floors and post', async () => {
    const config = await testConfig();
    const page = uniqueId();
    const seeder = createClient({ baseUrl: config.server, site: config.site, token: await testToken({ name: '甲' }) });
    await seeder.post({ page, body: '服务器渲染的第一条' });
    await seeder.post({ page, body: '第二条', quote: 2 });

    const html = await (await fetch(`${config.server}/v1/sites/${config.site}/threads/html?page=${encodeURIComponent(page)}`)).text();
    const box = document.createElement('div');
    // Parsed as a host page's HTML is: the declarative shadow roots attach.
    box.setHTMLUnsafe(html);
    document.body.append(box);
    const el = box.querySelector('teahouse-comments') as TeahouseComments;
    expect(el.shadowRoot, 'declarative shadow DOM').to.not.equal(null);
    const painted = floorsOf(el).map(articleOf);
    expect(painted.length).to.equal(2);
    expect(painted[0]!.textContent).to.contain('服务器渲染的第一条');
    performance.clearResourceTimings();

    await import('../define-all.js').then((m) => m.defineAll());
    await customElements.whenDefined('teahouse-comments');
    await el.updateComplete;
    await (shadow(el, 'teahouse-thread') as HTMLElement & { updateComplete: Promise<boolean> }).updateComplete;
    await waitFor(() => !!customElements.get('teahouse-composer') && !!shadow(el, 'teahouse-composer')?.shadowRoot);

    // The very nodes the server rendered, now live.
    expect(floorsOf(el).map(articleOf)).to.deep.equal(painted);
    expect(document.querySelectorAll('[defer-hydration]').length).to.equal(0);
    expect(el.store.floors.map((f) => f.number)).to.deep.equal([2, 3]);
    const requests = performance.getEntriesByType('resource').map((e) => e.name);
    expect(requests.filter((url) => url.includes('/bootstrap')), 'bootstrap requests').to.deep.equal([]);

    // A floor posted elsewhere arrives live.
    await seeder.post({ page, body: '实时到达的第三条' });
    await waitFor(() => el.store.pending.length === 1 || el.store.floors.length === 3);

    // Posting works as on a client-rendered page, once signed in.
    el.token = await testToken({ name: '乙' });
    await waitFor(() => el.store.viewer !== null);
    const composer = shadow(el, 'teahouse-composer') as TeahouseComposer;
    await waitFor(() => !!composer.shadowRoot?.querySelector('textarea'));
    const textarea = composer.shadowRoot!.querySelector('textarea')!;
    textarea.value = '水合之后发的帖';
    textarea.dispatchEvent(new Event('input', { bubbles: true }));
    await composer.updateComplete;
    composer.shadowRoot!.querySelector<HTMLButtonElement>('button[type="submit"]')!.click();
    await waitFor(() => el.store.floors.some((f) => f.author?.name === '乙'));
    box.remove();
  });
});
