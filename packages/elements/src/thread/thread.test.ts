import { expect, oneEvent, waitUntil } from '@open-wc/testing';
import { deep, mountComments, postFloors, uniqueId } from '../test-helpers.js';
import type { TeahouseThread } from './thread.component.js';

const numbers = (thread: TeahouseThread) =>
  Array.from(thread.shadowRoot!.querySelectorAll('teahouse-comment')).map((c) => Number(c.getAttribute('data-floor')));

describe('<teahouse-thread>', () => {
  it('should be accessible', async () => {
    const page = uniqueId();
    await postFloors(page, ['one', 'two', 'three']);
    const el = await mountComments({ page, lang: 'zh-CN', pageSize: 2 });
    const thread = deep<TeahouseThread>(el, 'teahouse-thread')!;
    await expect(thread).to.be.accessible();
  });

  it('should page through floors with load more until the end', async () => {
    const page = uniqueId();
    await postFloors(page, ['2', '3', '4', '5', '6']);
    const el = await mountComments({ page, lang: 'zh-CN', pageSize: 2 });
    const thread = deep<TeahouseThread>(el, 'teahouse-thread')!;
    expect(thread.shadowRoot!.querySelector('h2')?.textContent).to.equal('5 条回复');
    expect(numbers(thread)).to.deep.equal([2, 3]);
    const more = () => thread.shadowRoot!.querySelector<HTMLButtonElement>('button.more');
    expect(more()?.textContent?.trim()).to.equal('加载更多');
    for (const expected of [[2, 3, 4, 5], [2, 3, 4, 5, 6]]) {
      more()!.click();
      await thread.updateComplete;
      await new Promise<void>((resolve) => {
        const check = () => (numbers(thread).length === expected.length ? resolve() : setTimeout(check, 20));
        check();
      });
      await thread.updateComplete;
      expect(numbers(thread)).to.deep.equal(expected);
    }
    expect(more()).to.equal(null);
  });

  it('should show the empty state for a thread without replies', async () => {
    const el = await mountComments({ lang: 'en' });
    const thread = deep<TeahouseThread>(el, 'teahouse-thread')!;
    expect(thread.shadowRoot!.querySelector('.empty')?.textContent).to.equal('No replies yet. Be the first.');
    expect(thread.shadowRoot!.querySelector('button.more')).to.equal(null);
  });

  it('should add a posted floor without a reload and count it', async () => {
    const page = uniqueId();
    await postFloors(page, ['first']);
    const el = await mountComments({ page, lang: 'en' });
    const thread = deep<TeahouseThread>(el, 'teahouse-thread')!;
    let reloads = 0;
    el.addEventListener('teahouse-ready', () => (reloads += 1));
    const { createClient } = await import('@teahouse/client');
    const { testConfig, testToken } = await import('../test-helpers.js');
    const config = await testConfig();
    const floor = await createClient({ baseUrl: config.server, site: config.site, token: await testToken() }).post({ page, body: 'second' });
    el.store.add(floor);
    el.store.add(floor);
    await thread.updateComplete;
    expect(numbers(thread)).to.deep.equal([2, 3]);
    expect(thread.shadowRoot!.querySelector('h2')?.textContent).to.equal('2 replies');
    expect(reloads).to.equal(0);
  });

  it('should jump to a quoted floor inside the shadow root', async () => {
    const { testConfig } = await import('../test-helpers.js');
    const { seededPage } = await testConfig();
    const el = await mountComments({ page: seededPage, lang: 'zh-CN' });
    const thread = deep<TeahouseThread>(el, 'teahouse-thread')!;
    const target = thread.findFloor(2)!;
    let scrolled = false;
    target.scrollIntoView = () => {
      scrolled = true;
    };
    const op = thread.findFloor(3)!;
    const link = op.shadowRoot!.querySelector<HTMLAnchorElement>('.quote a')!;
    const clicked = oneEvent(thread, 'click');
    link.click();
    const event = await clicked;
    expect(event.defaultPrevented).to.equal(true);
    await waitUntil(() => scrolled, 'the quoted floor was not scrolled to');
    expect(location.hash).to.equal('#floor-2');
    history.replaceState(null, '', location.pathname + location.search);
  });

  it('should land on #floor-N on a 390 px phone and keep it in view while what is above it still renders', async () => {
    const page = uniqueId();
    await postFloors(page, Array.from({ length: 16 }, (_, i) => `第 ${i + 2} 楼 `.repeat(40)));
    const above = document.createElement('div');
    document.body.prepend(above);
    history.replaceState(null, '', '#floor-15');
    try {
      const el = await mountComments({ page, lang: 'zh-CN', width: '390px' });
      const thread = deep<TeahouseThread>(el, 'teahouse-thread')!;
      const floor = () => thread.findFloor(15)!;
      const top = () => floor().getBoundingClientRect().top;
      await waitUntil(() => floor()?.hasAttribute('highlighted') && Math.abs(top()) < 2, 'the jump to floor 15');
      // The host page's late content (an ad, the share bar's chunk) pushes everything down.
      above.style.height = '900px';
      await waitUntil(() => Math.abs(top()) < 2, `floor 15 pushed out of view (top ${top()})`);
      expect(top()).to.be.below(innerHeight);
    } finally {
      above.remove();
      history.replaceState(null, '', location.pathname + location.search);
    }
  });
});
