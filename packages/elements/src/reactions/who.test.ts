import { expect } from '@open-wc/testing';
import { createClient } from '@teahouse/client';
import type { TeahouseComments } from '../comments/comments.component.js';
import { deep, mountComments, testConfig, testToken, uniqueId } from '../test-helpers.js';
import type { TeahouseReactions } from './reactions.component.js';

const article = (el: TeahouseComments) => deep<TeahouseReactions>(el, 'teahouse-reactions')!;
const whoButtons = (bar: TeahouseReactions) => Array.from(bar.shadowRoot!.querySelectorAll<HTMLButtonElement>('button.who'));
const list = (bar: TeahouseReactions) => bar.shadowRoot!.querySelector<HTMLElement>('#who');
const names = (bar: TeahouseReactions) => Array.from(list(bar)?.querySelectorAll('li') ?? []).map((li) => li.textContent!.trim());
const message = (bar: TeahouseReactions) => bar.shadowRoot!.querySelector('[role="status"]')!.textContent!.trim();

/** Waits for the list to show exactly these items. */
const shows = (bar: TeahouseReactions, items: string[]) => until(() => names(bar).join('|') === items.join('|'), `the list ${items.join(', ')}`);

async function until(check: () => boolean, what: string, ms = 8000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

async function reader(site: string, name = uniqueId('reader')) {
  const config = await testConfig();
  return createClient({ baseUrl: config.server, site, token: await testToken({ sub: name, name, site }) });
}

/** A page of `site` whose article got 牛逼 from each named reader, in order. */
async function reacted(site: string, readers: string[]): Promise<string> {
  const page = uniqueId();
  await (await reader(site)).post({ page, body: 'one' });
  for (const name of readers) await (await reader(site, name)).react({ page, target: 1, key: 'up', on: true });
  return page;
}

const escape = (target: Element) =>
  target.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true, composed: true }));

describe('<teahouse-reactions> who reacted', () => {
  it('should be accessible with the list closed and open', async () => {
    const { whoSite } = await testConfig();
    const name = uniqueId('甲');
    const page = await reacted(whoSite, [name]);
    const bar = article(await mountComments({ page, site: whoSite, lang: 'zh-CN' }));
    await expect(bar).to.be.accessible();
    const [who] = whoButtons(bar);
    expect(who!.localName, 'a native button is keyboard operable').to.equal('button');
    expect(who!.type).to.equal('button');
    expect(who!.tabIndex).to.equal(0);
    expect(who!.textContent!.trim()).to.equal('谁点了');
    expect(who!.getAttribute('aria-label')).to.equal('谁点了牛逼');
    expect(who!.getAttribute('aria-expanded')).to.equal('false');
    who!.click();
    await shows(bar, [name]);
    await expect(bar).to.be.accessible();
    expect(who!.getAttribute('aria-expanded')).to.equal('true');
    expect(who!.getAttribute('aria-controls')).to.equal('who');
    expect(list(bar)!.getAttribute('aria-label')).to.equal('谁点了牛逼');
  });

  it('should list the readers who reacted, newest first, only for keys with a count', async () => {
    const { whoSite } = await testConfig();
    const first = uniqueId('Ann');
    const second = uniqueId('Bob');
    const page = await reacted(whoSite, [first, second]);
    const bar = article(await mountComments({ page, site: whoSite, lang: 'en' }));
    expect(whoButtons(bar).map((b) => b.getAttribute('aria-label')), 'Rubbish has no reactions').to.deep.equal(['Who reacted Great']);
    expect(list(bar)).to.equal(null);
    whoButtons(bar)[0]!.click();
    await shows(bar, [second, first]);
    whoButtons(bar)[0]!.click();
    await bar.updateComplete;
    expect(list(bar), 'a second press closes the list').to.equal(null);
    expect(whoButtons(bar)[0]!.getAttribute('aria-expanded')).to.equal('false');
  });

  it('should say how many more reacted than the names shown', async () => {
    const config = await testConfig();
    const name = uniqueId('Ann');
    const page = await reacted(config.whoSite, [name]);
    // A visitor counts but has no name to show.
    const visitor = createClient({ baseUrl: config.server, site: config.whoSite });
    await visitor.visitor();
    await visitor.react({ page, target: 1, key: 'up', on: true });
    const bar = article(await mountComments({ page, site: config.whoSite, lang: 'en' }));
    whoButtons(bar)[0]!.click();
    await shows(bar, [name, 'and 1 more']);
  });

  it('should show nothing where the site does not list who reacted', async () => {
    const { site } = await testConfig();
    const page = await reacted(site, [uniqueId('Ann'), uniqueId('Bob')]);
    const bar = article(await mountComments({ page, lang: 'en' }));
    expect(bar.shadowRoot!.querySelector('.count')!.textContent).to.equal('2');
    expect(whoButtons(bar)).to.deep.equal([]);
    expect(list(bar)).to.equal(null);
  });

  it('should open from its button and close on Escape, keeping the focus', async () => {
    const { whoSite } = await testConfig();
    const name = uniqueId('Ann');
    const page = await reacted(whoSite, [name]);
    const bar = article(await mountComments({ page, site: whoSite, lang: 'zh-TW' }));
    const who = whoButtons(bar)[0]!;
    expect(who.textContent!.trim()).to.equal('誰按了');
    who.focus();
    who.click();
    await shows(bar, [name]);
    let outside = 0;
    const count = () => (outside += 1);
    document.addEventListener('keydown', count);
    escape(who);
    document.removeEventListener('keydown', count);
    await bar.updateComplete;
    expect(list(bar)).to.equal(null);
    expect(who.getAttribute('aria-expanded')).to.equal('false');
    expect(bar.shadowRoot!.activeElement, 'focus stays on the button').to.equal(who);
    expect(outside, 'the Escape that closed the list goes no further').to.equal(0);
    // With the list closed, Escape is left to the page.
    document.addEventListener('keydown', count);
    escape(who);
    document.removeEventListener('keydown', count);
    expect(outside).to.equal(1);
  });

  it('should say so in the status region when the names cannot be loaded', async () => {
    const { whoSite } = await testConfig();
    const page = await reacted(whoSite, [uniqueId('Ann')]);
    const original = window.fetch;
    window.fetch = (input, init) =>
      String(input instanceof Request ? input.url : input).includes('/reactions/who')
        ? Promise.reject(new TypeError('offline'))
        : original.call(window, input, init);
    try {
      const bar = article(await mountComments({ page, site: whoSite, lang: 'en' }));
      const who = whoButtons(bar)[0]!;
      who.click();
      await until(() => message(bar) !== '', 'the error');
      expect(message(bar)).to.equal('The names could not be loaded.');
      expect(list(bar)).to.equal(null);
      expect(who.getAttribute('aria-expanded')).to.equal('false');
    } finally {
      window.fetch = original;
    }
  });
});
