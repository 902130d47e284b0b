import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { createClient } from '@teahouse/client';
import type { Floor } from '@teahouse/protocol';
import { deep, testConfig, testToken, uniqueId } from '../test-helpers.js';
import type { TeahouseComments } from '../comments/comments.component.js';
import type { TeahouseComment } from '../comment/comment.component.js';
import type { TeahouseThread } from './thread.component.js';

interface Post { body: string; as?: string; parent?: number }

/** Posts floors as named readers (one token per name); returns them in order. */
async function post(page: string, posts: Post[], site?: string): Promise<Floor[]> {
  const config = await testConfig();
  const clients = new Map<string, ReturnType<typeof createClient>>();
  const out: Floor[] = [];
  for (const { body, as = 'Ann', parent } of posts) {
    let client = clients.get(as);
    if (!client) {
      client = createClient({ baseUrl: config.server, site: site ?? config.site, token: await testToken({ sub: `${page}-${as}`, name: as, site }) });
      clients.set(as, client);
    }
    out.push(await client.post({ page, body, parent }));
  }
  return out;
}

async function mount(page: string, attrs: Record<string, string> = {}): Promise<{ el: TeahouseComments; thread: TeahouseThread }> {
  const config = await testConfig();
  const container = await fixture<HTMLDivElement>(html`<div></div>`);
  const el = document.createElement('teahouse-comments');
  el.server = config.server;
  el.site = config.site;
  el.setAttribute('lang', 'zh-CN');
  for (const [name, value] of Object.entries(attrs)) el.setAttribute(name, value);
  el.page = page;
  const ready = oneEvent(el, 'teahouse-ready');
  container.append(el);
  await ready;
  return { el, thread: deep<TeahouseThread>(el, 'teahouse-thread')! };
}

async function until(check: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 5000;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

const comments = (thread: TeahouseThread) => Array.from(thread.shadowRoot!.querySelectorAll<TeahouseComment>('teahouse-comment'));
const numbers = (thread: TeahouseThread) => comments(thread).map((c) => Number(c.dataset['floor']));
const shown = (thread: TeahouseThread, expected: number[]) =>
  until(() => JSON.stringify(numbers(thread)) === JSON.stringify(expected), `floors ${expected.join(',')}`).then(() => thread.updateComplete);
const button = (root: Element, text: string) =>
  Array.from(root.shadowRoot!.querySelectorAll('button')).find((b) => b.textContent?.trim() === text)!;
const depthOf = (c: Element) => {
  let depth = 0;
  for (let node = c.parentElement; node; node = node.parentElement) if (node.classList.contains('replies')) depth++;
  return depth;
};

describe('<teahouse-thread> reading', () => {
  it('should be accessible with tabs, pager and footer', async () => {
    const page = uniqueId();
    await post(page, [{ body: 'a' }, { body: 'b', as: 'Bob' }, { body: 'c' }]);
    const { thread } = await mount(page, { 'page-size': '2' });
    expect(thread.shadowRoot!.querySelector('[part=pager]')).to.not.equal(null);
    expect(thread.shadowRoot!.querySelector('[part=footer]')).to.not.equal(null);
    await expect(thread).to.be.accessible();
  });

  it('should switch to the nested view by the reader and cap the depth with 回复 @name', async () => {
    const page = uniqueId();
    await post(page, [
      { body: 'root', as: 'Ann' },
      { body: 'one', as: 'Bob', parent: 2 },
      { body: 'two', as: 'Cat', parent: 3 },
      { body: 'three', as: 'Dan', parent: 4 },
      { body: 'second root', as: 'Eve' },
    ]);
    const { el, thread } = await mount(page);
    const changes: unknown[] = [];
    el.addEventListener('teahouse-view-change', (e) => changes.push(e.detail));
    const tab = button(thread, '嵌套');
    expect(tab.getAttribute('aria-pressed')).to.equal('false');
    tab.click();
    await until(() => comments(thread).some((c) => depthOf(c) > 0), 'the nested view');
    await thread.updateComplete;
    expect(changes).to.deep.equal([{ view: 'nested', sort: 'oldest' }]);
    expect(tab.getAttribute('aria-pressed')).to.equal('true');
    expect(numbers(thread)).to.deep.equal([2, 3, 4, 5, 6]);
    expect(comments(thread).map(depthOf)).to.deep.equal([0, 1, 2, 2, 0]);
    const deepest = thread.findFloor(5) as TeahouseComment;
    await deepest.updateComplete;
    expect(deepest.shadowRoot!.querySelector('.reply-to')?.textContent).to.equal('回复 @Cat');
    expect((thread.findFloor(4) as TeahouseComment).shadowRoot!.querySelector('.reply-to')).to.equal(null);
    // Code that changes the view (here the store's intent) fires no change event.
    void thread.store!.choose('floors', thread.store!.sort);
    await shown(thread, [2, 3, 4, 5, 6]);
    await until(() => comments(thread).every((c) => depthOf(c) === 0), 'the flat view');
    expect(changes).to.have.length(1, 'setting the property fires nothing');
  });

  it('should start nested from the view attribute and follow the site\'s depth cap', async () => {
    const config = await testConfig();
    const page = uniqueId();
    await post(page, [
      { body: 'root', as: 'Ann' },
      { body: 'one', as: 'Bob', parent: 2 },
      { body: 'two', as: 'Cat', parent: 3 },
      { body: 'three', as: 'Dan', parent: 4 },
      { body: 'four', as: 'Eve', parent: 5 },
    ], config.rulesSite);
    const { thread } = await mount(page, { view: 'nested', site: config.rulesSite });
    expect(comments(thread).map(depthOf)).to.deep.equal([0, 1, 2, 3, 3]);
    const capped = thread.findFloor(6) as TeahouseComment;
    await capped.updateComplete;
    expect(capped.shadowRoot!.querySelector('.reply-to')?.textContent).to.equal('回复 @Dan');
  });

  it('should show 20 replies under a root and load the rest on request', async () => {
    const page = uniqueId();
    await post(page, [{ body: 'root' }, ...Array.from({ length: 22 }, (_, i) => ({ body: `r${i}`, as: 'Bob', parent: 2 }))]);
    const { thread } = await mount(page, { view: 'nested' });
    expect(numbers(thread)).to.have.length(21);
    const more = button(thread, '还有 2 条回复');
    expect(more).to.not.equal(undefined);
    more.click();
    await until(() => numbers(thread).length === 23, 'the rest of the replies');
    expect(numbers(thread).slice(-2)).to.deep.equal([23, 24]);
    await thread.updateComplete;
    expect(button(thread, '还有 2 条回复')).to.equal(undefined);
  });

  it('should order floors by the sort tabs', async () => {
    const page = uniqueId();
    await post(page, [{ body: 'a' }, { body: 'b' }, { body: 'c' }]);
    const { el, thread } = await mount(page);
    button(thread, '最新').click();
    await shown(thread, [4, 3, 2]);
    expect(button(thread, '最新').getAttribute('aria-pressed')).to.equal('true');
    expect(button(thread, '最早').getAttribute('aria-pressed')).to.equal('false');
    expect(el.store.sort).to.equal('newest');
    button(thread, '嵌套').click();
    await until(() => thread.store?.view === 'nested', 'nested');
    button(thread, '最热').click();
    await thread.updateComplete;
    expect(thread.store?.view).to.equal('floors', 'hottest ranks single floors');
    expect(button(thread, '最热').getAttribute('aria-pressed')).to.equal('true');
    await until(() => numbers(thread).length === 3 && !thread.shadowRoot!.querySelector('[aria-busy=true]'), 'hottest floors');
    button(thread, '最早').click();
    await shown(thread, [2, 3, 4]);
  });

  it('should show only one author\'s floors with a banner and go back to all', async () => {
    const page = uniqueId();
    await post(page, [{ body: 'a1', as: 'Ann' }, { body: 'b1', as: 'Bob' }, { body: 'a2', as: 'Ann' }, { body: 'b2', as: 'Bob' }]);
    const { thread } = await mount(page);
    const bob = thread.findFloor(3) as TeahouseComment;
    const only = button(bob, '只看该作者');
    expect(only.getAttribute('aria-label')).to.equal('只看该作者 Bob');
    only.click();
    await shown(thread, [3, 5]);
    const banner = thread.shadowRoot!.querySelector('[part=filter-banner]')!;
    expect(banner.textContent?.replace(/\s+/g, ' ').trim()).to.equal('只看 Bob 的回复 · 查看全部');
    expect(thread.shadowRoot!.querySelector('[part=pager]')).to.equal(null);
    button(thread, '查看全部').click();
    await shown(thread, [2, 3, 4, 5]);
    expect(thread.shadowRoot!.querySelector('[part=filter-banner]')).to.equal(null);
  });

  it('should filter to the 楼主 from the footer and link the site\'s points rules', async () => {
    const config = await testConfig();
    const { thread } = await mount(config.seededPage);
    const footer = thread.shadowRoot!.querySelector('[part=footer]')!;
    expect(footer.querySelector('a')).to.equal(null, 'no rules link without a rules URL');
    footer.querySelector<HTMLButtonElement>('button[aria-label="只看该作者 山城看点编辑部"]')!.click();
    await shown(thread, [3]);
    const page = uniqueId();
    await post(page, [{ body: 'x' }], config.rulesSite);
    const ruled = await mount(page, { site: config.rulesSite });
    const rules = ruled.thread.shadowRoot!.querySelector<HTMLAnchorElement>('[part=footer] a')!;
    expect(rules.textContent).to.equal('本版积分规则');
    expect(rules.href).to.equal('https://news.example.com/rules');
  });

  it('should page by numbers with load more kept', async () => {
    const page = uniqueId();
    await post(page, Array.from({ length: 7 }, (_, i) => ({ body: `f${i}` })));
    const { thread } = await mount(page, { 'page-size': '2' });
    const pager = () => thread.shadowRoot!.querySelector('[part=pager]')!;
    const labels = () => Array.from(pager().querySelectorAll('button')).map((b) => b.textContent!.trim());
    const current = () => Array.from(pager().querySelectorAll('[aria-current=page]')).map((b) => b.textContent!.trim());
    expect(labels()).to.deep.equal(['上一页', '1', '2', '3', '4', '下一页']);
    expect(current()).to.deep.equal(['1']);
    expect(pager().querySelector<HTMLButtonElement>('button')!.disabled).to.equal(true);
    pager().querySelector<HTMLButtonElement>('button[aria-label="第 3 页"]')!.click();
    await shown(thread, [6, 7]);
    expect(current()).to.deep.equal(['3']);
    Array.from(pager().querySelectorAll('button')).find((b) => b.textContent?.trim() === '上一页')!.click();
    await shown(thread, [4, 5]);
    thread.shadowRoot!.querySelector<HTMLButtonElement>('button.more')!.click();
    await shown(thread, [4, 5, 6, 7]);
    expect(current()).to.deep.equal(['2', '3']);
    Array.from(pager().querySelectorAll('button')).find((b) => b.textContent?.trim() === '下一页')!.click();
    await shown(thread, [8]);
    expect(pager().querySelector<HTMLButtonElement>('button:last-of-type')!.disabled).to.equal(true);
  });

  it('should jump to a floor from 电梯直达, loading its page and highlighting it', async () => {
    const page = uniqueId();
    await post(page, Array.from({ length: 7 }, (_, i) => ({ body: `f${i}` })));
    const { thread } = await mount(page, { 'page-size': '2' });
    const form = thread.shadowRoot!.querySelector<HTMLFormElement>('[part=footer] form')!;
    const input = form.querySelector('input')!;
    expect(input.labels?.[0]?.textContent?.replace(/\s+/g, ' ').trim()).to.equal('电梯直达 楼');
    input.value = '7';
    form.querySelector<HTMLButtonElement>('button[type=submit]')!.click();
    await shown(thread, [6, 7]);
    await until(() => thread.findFloor(7)?.hasAttribute('highlighted') === true, 'the highlight');
    expect(thread.findFloor(6)!.hasAttribute('highlighted')).to.equal(false);
    expect(await thread.jumpTo(99)).to.equal(false);
    await thread.updateComplete;
    expect(thread.shadowRoot!.querySelector('.status')?.textContent).to.equal('没有 99 楼。');
  });

  it('should open the page of #floor-N on first load and follow later hash changes', async () => {
    const page = uniqueId();
    await post(page, Array.from({ length: 7 }, (_, i) => ({ body: `f${i}` })));
    const base = location.pathname + location.search;
    history.replaceState(null, '', `${base}#floor-6`);
    try {
      const { thread } = await mount(page, { 'page-size': '2' });
      await shown(thread, [6, 7]);
      await until(() => thread.findFloor(6)?.hasAttribute('highlighted') === true, 'floor 6 highlighted');
      location.hash = '#floor-3';
      await shown(thread, [2, 3]);
      await until(() => thread.findFloor(3)?.hasAttribute('highlighted') === true, 'floor 3 highlighted');
    } finally {
      history.replaceState(null, '', base);
    }
  });

  it('should load the quoted floor\'s page when it is not on screen', async () => {
    const page = uniqueId();
    const floors = await post(page, Array.from({ length: 4 }, (_, i) => ({ body: `f${i}` })));
    const config = await testConfig();
    const client = createClient({ baseUrl: config.server, site: config.site, token: await testToken() });
    await client.post({ page, body: 'quoting two', quote: floors[0]!.number });
    const { thread } = await mount(page, { 'page-size': '2' });
    const base = location.pathname + location.search;
    try {
      thread.shadowRoot!.querySelector<HTMLButtonElement>('[aria-label="第 3 页"]')!.click();
      await shown(thread, [6]);
      const quoting = thread.findFloor(6) as TeahouseComment;
      quoting.shadowRoot!.querySelector<HTMLAnchorElement>('.quote a')!.click();
      await shown(thread, [2, 3]);
      await until(() => thread.findFloor(2)?.hasAttribute('highlighted') === true, 'floor 2 highlighted');
    } finally {
      history.replaceState(null, '', base);
    }
  });

  it('should give the absolute time on hover and focus in the reader\'s locale and zone', async () => {
    const page = uniqueId();
    const [floor] = await post(page, [{ body: 'timed' }]);
    const { el, thread } = await mount(page);
    const comment = () => thread.findFloor(2) as TeahouseComment;
    const time = () => comment().shadowRoot!.querySelector('time')!;
    // The local getters are the reader's zone: that is the zone the page must show.
    const date = new Date(floor!.createdAt);
    const pad = (n: number) => String(n).padStart(2, '0');
    const zh = `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())} ${pad(date.getHours())}:${pad(date.getMinutes())}`;
    expect(time().title).to.equal(zh);
    expect(time().tabIndex).to.equal(0);
    expect(time().nextElementSibling?.textContent).to.equal(zh, 'screen readers hear it after the relative time');
    time().focus();
    expect(comment().shadowRoot!.activeElement).to.equal(time());
    el.setAttribute('lang', 'en');
    await until(() => time().title !== zh, 'English times');
    expect(time().title).to.equal(date.toLocaleString('en', { dateStyle: 'medium', timeStyle: 'short' }));
  });
});
