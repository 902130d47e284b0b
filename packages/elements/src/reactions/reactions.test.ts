import { expect, oneEvent } from '@open-wc/testing';
import { createClient } from '@teahouse/client';
import type { TeahouseComments } from '../comments/comments.component.js';
import { deep, mountComments, postFloors, testConfig, testToken, uniqueId } from '../test-helpers.js';
import type { TeahouseReactions } from './reactions.component.js';

const article = (el: TeahouseComments) => deep<TeahouseReactions>(el, 'teahouse-reactions')!;
const onFloor = (el: TeahouseComments, n: number) =>
  deep<TeahouseReactions>(el, 'teahouse-thread', `teahouse-comment[data-floor="${n}"]`, 'teahouse-reactions')!;
const buttons = (bar: TeahouseReactions) => Array.from(bar.shadowRoot!.querySelectorAll<HTMLButtonElement>('button[part="button"]'));
const button = (bar: TeahouseReactions, label: string) => buttons(bar).find((b) => b.textContent!.trim().startsWith(label))!;
/** What a screen reader hears: the text (the emoji is hidden) and the pressed state. */
const state = (bar: TeahouseReactions) =>
  buttons(bar).map((b) => `${b.textContent!.replace(/\s+/g, ' ').trim()}${b.getAttribute('aria-pressed') === 'true' ? ' *' : ''}`);
const message = (bar: TeahouseReactions) => bar.shadowRoot!.querySelector('[role="status"]')!.textContent!.trim();

/** Presses a button and waits for the optimistic render. */
async function press(bar: TeahouseReactions, label: string): Promise<void> {
  button(bar, label).click();
  await bar.updateComplete;
}

/** Waits until every press has been answered. */
const settled = (bar: TeahouseReactions) => until(() => !bar.shadowRoot!.querySelector('[aria-busy="true"]'), 'the server to answer');

async function until(check: () => boolean, what: string, ms = 8000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

async function api(name = uniqueId('reader'), site?: string) {
  const config = await testConfig();
  const token = await testToken({ sub: name, name, ...(site ? { site } : {}) });
  return { token, client: createClient({ baseUrl: config.server, site: site ?? config.site, token }) };
}

describe('<teahouse-reactions>', () => {
  it('should be accessible, as the article bar and in a floor\'s action row', async () => {
    const page = uniqueId();
    await postFloors(page, ['one']);
    const el = await mountComments({ page, lang: 'zh-CN', token: (await api()).token });
    await expect(article(el)).to.be.accessible();
    await expect(onFloor(el, 2)).to.be.accessible();
    expect(state(article(el))).to.deep.equal(['牛逼 0', '垃圾 0']);
    expect(onFloor(el, 2).hasAttribute('compact')).to.equal(true);
    for (const b of buttons(article(el))) {
      expect(b.localName, 'a native button is keyboard operable').to.equal('button');
      expect(b.type).to.equal('button');
      expect(b.tabIndex).to.equal(0);
    }
    expect(article(el).shadowRoot!.querySelector('[part="base"]')?.getAttribute('role')).to.equal('group');
  });

  it('should toggle a reaction on at once, keep it on the server, and toggle it off', async () => {
    const page = uniqueId();
    await postFloors(page, ['one']);
    const { token, client } = await api();
    const el = await mountComments({ page, lang: 'zh-CN', token });
    const bar = onFloor(el, 2);
    await press(bar, '牛逼');
    expect(state(bar), 'the count moves before the server answers').to.deep.equal(['牛逼 1 *', '垃圾 0']);
    await settled(bar);
    const saved = await client.bootstrap({ page });
    expect(saved.page.floors[0]?.reactions).to.deep.equal({ up: 1 });
    expect(saved.mine).to.deep.equal({ 2: ['up'] });
    await press(bar, '牛逼');
    expect(state(bar)).to.deep.equal(['牛逼 0', '垃圾 0']);
    await settled(bar);
    expect((await client.bootstrap({ page })).page.floors[0]?.reactions).to.deep.equal({});
  });

  it('should switch the exclusive pair: 垃圾 turns 牛逼 off', async () => {
    const page = uniqueId();
    await postFloors(page, ['one']);
    const { token, client } = await api();
    const el = await mountComments({ page, lang: 'zh-CN', token });
    const bar = article(el);
    await press(bar, '牛逼');
    await settled(bar);
    expect(state(bar)).to.deep.equal(['牛逼 1 *', '垃圾 0']);
    await press(bar, '垃圾');
    expect(state(bar)).to.deep.equal(['牛逼 0', '垃圾 1 *']);
    await settled(bar);
    expect(state(bar)).to.deep.equal(['牛逼 0', '垃圾 1 *']);
    const saved = await client.bootstrap({ page });
    expect(saved.thread.reactions).to.deep.equal({ down: 1 });
    expect(saved.mine?.['1']).to.deep.equal(['down']);
  });

  it('should send quick presses in order and end where the last one left', async () => {
    const page = uniqueId();
    await postFloors(page, ['one']);
    const { token, client } = await api();
    const el = await mountComments({ page, lang: 'zh-CN', token });
    const bar = onFloor(el, 2);
    for (const label of ['牛逼', '垃圾', '牛逼', '牛逼', '垃圾']) await press(bar, label);
    expect(state(bar)).to.deep.equal(['牛逼 0', '垃圾 1 *']);
    await settled(bar);
    expect(state(bar)).to.deep.equal(['牛逼 0', '垃圾 1 *']);
    const saved = await client.bootstrap({ page });
    expect(saved.page.floors[0]?.reactions).to.deep.equal({ down: 1 });
  });

  it('should roll back and say why when the server refuses a reaction to your own floor', async () => {
    const page = uniqueId();
    const name = uniqueId('author');
    const { token, client } = await api(name);
    await client.post({ page, body: 'my own floor' });
    const el = await mountComments({ page, lang: 'zh-CN', token });
    const bar = onFloor(el, 2);
    await press(bar, '牛逼');
    expect(state(bar)).to.deep.equal(['牛逼 1 *', '垃圾 0']);
    await settled(bar);
    expect(state(bar), 'rolled back').to.deep.equal(['牛逼 0', '垃圾 0']);
    expect(message(bar)).to.equal('不能评价自己发的内容。');
  });

  it('should ask a reader who is not signed in to log in, and change nothing', async () => {
    const page = uniqueId();
    await postFloors(page, ['one']);
    const el = await mountComments({ page, lang: 'en' });
    const bar = onFloor(el, 2);
    expect(state(bar)).to.deep.equal(['Great 0', 'Rubbish 0']);
    const request = oneEvent(el, 'teahouse-login-request');
    button(bar, 'Great').click();
    const event = await request;
    expect(event.detail).to.deep.equal({ loginUrl: null, action: 'login' });
    await bar.updateComplete;
    expect(state(bar)).to.deep.equal(['Great 0', 'Rubbish 0']);
    expect(message(bar)).to.equal('Log in to react.');
  });

  it('should not fire a login request when code sets the counts', async () => {
    const page = uniqueId();
    await postFloors(page, ['one']);
    const el = await mountComments({ page, lang: 'zh-CN' });
    let fired = 0;
    el.addEventListener('teahouse-login-request', () => (fired += 1));
    const bar = onFloor(el, 2);
    bar.counts = { up: 7 };
    bar.target = 2;
    await bar.updateComplete;
    expect(fired).to.equal(0);
  });

  it('should update counts live when another reader reacts', async () => {
    const page = uniqueId();
    await postFloors(page, ['one', 'two']);
    const el = await mountComments({ page, lang: 'zh-CN', token: (await api()).token });
    const other = (await api()).client;
    // Let the event stream open before the change happens elsewhere.
    await new Promise((resolve) => setTimeout(resolve, 300));
    await other.react({ page, target: 3, key: 'down', on: true });
    await other.react({ page, target: 1, key: 'up', on: true });
    await until(() => state(onFloor(el, 3)).join() === '牛逼 0,垃圾 1', 'the floor to update');
    await until(() => state(article(el)).join() === '牛逼 1,垃圾 0', 'the article bar to update');
    expect(state(onFloor(el, 2))).to.deep.equal(['牛逼 0', '垃圾 0']);
  });

  it('should react anonymously with a visitor token where the site allows it, and remember it', async () => {
    const config = await testConfig();
    const page = uniqueId();
    await (await api(undefined, config.anonSite)).client.post({ page, body: 'one' });
    localStorage.removeItem(`teahouse-visitor:${config.anonSite}`);
    const el = await mountComments({ page, site: config.anonSite, lang: 'zh-CN' });
    const bar = onFloor(el, 2);
    await press(bar, '牛逼');
    await settled(bar);
    expect(state(bar)).to.deep.equal(['牛逼 1 *', '垃圾 0']);
    expect(localStorage.getItem(`teahouse-visitor:${config.anonSite}`)).to.be.a('string');
    el.remove();
    const again = await mountComments({ page, site: config.anonSite, lang: 'zh-CN' });
    expect(state(onFloor(again, 2)), 'the same visitor sees their reaction').to.deep.equal(['牛逼 1 *', '垃圾 0']);
    localStorage.removeItem(`teahouse-visitor:${config.anonSite}`);
  });

  it('should show 热门回复 above the first page of floors', async () => {
    const page = uniqueId();
    await postFloors(page, ['one', 'two', 'three']);
    for (let i = 0; i < 5; i++) await (await api()).client.react({ page, target: 3, key: 'up', on: true });
    const el = await mountComments({ page, lang: 'zh-CN' });
    const hot = deep(el, 'teahouse-thread', 'section.hot')!;
    expect(hot.querySelector('h3')?.textContent).to.equal('热门回复');
    const copies = Array.from(hot.querySelectorAll('teahouse-comment')).map((c) => c.getAttribute('data-hot'));
    expect(copies).to.deep.equal(['3']);
    const copy = deep<TeahouseReactions>(el, 'teahouse-thread', 'teahouse-comment[data-hot="3"]', 'teahouse-reactions')!;
    expect(state(copy)).to.deep.equal(['牛逼 5', '垃圾 0']);
  });
});
