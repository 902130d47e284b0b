import { expect, oneEvent } from '@open-wc/testing';
import { deep, mountComments, postFloors, testToken, uniqueId } from '../test-helpers.js';
import '../comments/comments.js';

describe('<teahouse-comments>', () => {
  it('should be accessible', async () => {
    const el = await mountComments({ lang: 'zh-CN' });
    await expect(el).to.be.accessible();
  });

  it('should load the thread in one request and render it', async () => {
    const page = uniqueId();
    await postFloors(page, ['one', 'two']);
    const entries: PerformanceEntry[] = [];
    const observer = new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) if (entry.name.includes('/v1/')) entries.push(entry);
    });
    observer.observe({ type: 'resource', buffered: false });
    const el = await mountComments({ page, lang: 'zh-CN' });
    const readyAt = performance.now();
    await new Promise((resolve) => setTimeout(resolve, 100));
    observer.disconnect();
    // Elements defined on first use (the share bar) ask for their own data once the thread is there.
    const requests = entries.filter((entry) => entry.startTime < readyAt).map((entry) => entry.name);
    expect(requests.filter((url) => url.includes('/bootstrap'))).to.have.length(1);
    expect(requests).to.have.length(1);
    const thread = deep(el, 'teahouse-thread')!;
    expect(thread.shadowRoot!.querySelector('h2')?.textContent).to.equal('2 条回复');
    expect(thread.shadowRoot!.querySelectorAll('teahouse-comment')).to.have.length(2);
  });

  it('should speak English for lang=en and follow the lang attribute when it changes', async () => {
    const page = uniqueId();
    await postFloors(page, ['one']);
    const el = await mountComments({ page, lang: 'en' });
    const heading = () => deep(el, 'teahouse-thread', 'h2')?.textContent;
    expect(heading()).to.equal('1 reply');
    el.setAttribute('lang', 'zh-TW');
    await new Promise((resolve) => setTimeout(resolve, 50));
    await el.updateComplete;
    const thread = deep(el, 'teahouse-thread') as HTMLElement & { updateComplete: Promise<unknown> };
    await thread.updateComplete;
    expect(heading()).to.equal('1 則回覆');
  });

  it('should follow the closest ancestor lang when the element has none', async () => {
    const host = document.createElement('section');
    host.lang = 'zh-HK';
    document.body.append(host);
    try {
      const el = document.createElement('teahouse-comments');
      const { testConfig } = await import('../test-helpers.js');
      const config = await testConfig();
      el.server = config.server;
      el.site = config.site;
      el.page = uniqueId();
      const ready = oneEvent(el, 'teahouse-ready');
      host.append(el);
      await ready;
      expect(deep(el, 'teahouse-thread', 'h2')?.textContent).to.equal('0 則回覆');
    } finally {
      host.remove();
    }
  });

  it('should reload with the viewer when the token is set, without firing user events', async () => {
    const page = uniqueId();
    const el = await mountComments({ page, lang: 'zh-CN' });
    expect(deep(el, 'teahouse-composer', '.prompt')).to.not.equal(null);
    let userEvents = 0;
    for (const name of ['teahouse-login-request', 'teahouse-comment-created', 'teahouse-reply-request'] as const) {
      el.addEventListener(name, () => (userEvents += 1));
    }
    const ready = oneEvent(el, 'teahouse-ready');
    el.token = await testToken({ name: 'Late' });
    await ready;
    await deep<HTMLElementTagNameMap['teahouse-composer']>(el, 'teahouse-composer')!.updateComplete;
    expect(deep(el, 'teahouse-composer', 'textarea')).to.not.equal(null);
    el.token = null;
    await oneEvent(el, 'teahouse-ready');
    expect(deep(el, 'teahouse-composer', '.prompt')).to.not.equal(null);
    expect(userEvents).to.equal(0);
  });

  it('should reload when the page changes', async () => {
    const first = uniqueId();
    const second = uniqueId();
    await postFloors(second, ['a', 'b', 'c']);
    const el = await mountComments({ page: first, lang: 'en' });
    expect(deep(el, 'teahouse-thread', 'h2')?.textContent).to.equal('0 replies');
    const ready = oneEvent(el, 'teahouse-ready');
    el.page = second;
    await ready;
    expect(deep(el, 'teahouse-thread', 'h2')?.textContent).to.equal('3 replies');
  });

  it('should report a load failure with an alert and fire teahouse-error', async () => {
    const el = document.createElement('teahouse-comments');
    el.server = 'http://127.0.0.1:9';
    el.site = 'wtr';
    el.page = uniqueId();
    el.lang = 'en';
    const failed = oneEvent(el, 'teahouse-error');
    document.body.append(el);
    try {
      const event = await failed;
      expect(event.detail.during).to.equal('load');
      await el.updateComplete;
      const alert = el.shadowRoot!.querySelector('[role="alert"]');
      expect(alert?.textContent).to.contain('could not be loaded');
      expect(el.shadowRoot!.querySelector('button')?.textContent).to.equal('Try again');
    } finally {
      el.remove();
    }
  });

  it('should register the tags idempotently', async () => {
    const { defineAll, TeahouseComments } = await import('../index.js');
    await defineAll();
    await defineAll();
    TeahouseComments.define('teahouse-comments');
    expect(customElements.get('teahouse-comments')).to.equal(TeahouseComments);
    for (const tag of ['teahouse-composer', 'teahouse-count', 'teahouse-share', 'teahouse-points']) expect(customElements.get(tag), tag).to.not.equal(undefined);
  });

  it('should hand its client to a third-party consumer over the community context protocol', async () => {
    const el = await mountComments({ lang: 'zh-CN' });
    const consumer = document.createElement('div');
    el.append(consumer);
    // What @lit/context (or any consumer of the protocol) dispatches, without importing anything of ours.
    const request = Object.assign(new Event('context-request', { bubbles: true, composed: true }), {
      context: 'teahouse-client', contextTarget: consumer, subscribe: false,
      callback: (value: unknown) => (answer = value),
    });
    let answer: unknown;
    consumer.dispatchEvent(request);
    expect(answer).to.equal(el.store.client);
    expect((answer as { origin: string }).origin).to.equal(new URL(el.server).origin);
  });

  it('should reload nothing when a new getToken speaks for the same reader, and reload for another', async () => {
    const page = uniqueId();
    const sub = uniqueId('same');
    const token = await testToken({ sub, name: 'Same' });
    const bootstraps = () => performance.getEntriesByType('resource').filter((e) => e.name.includes(`/bootstrap?page=${page}`)).length;
    const streams = () => performance.getEntriesByType('resource').filter((e) => e.name.includes(`/events?page=${page}`)).length;
    const { testConfig } = await import('../test-helpers.js');
    const config = await testConfig();
    const el = document.createElement('teahouse-comments');
    Object.assign(el, { server: config.server, site: config.site, page, getToken: () => token });
    const ready = oneEvent(el, 'teahouse-ready');
    document.body.append(el);
    try {
      await ready;
      const before = { bootstraps: bootstraps(), client: el.store.client };
      let readies = 0;
      el.addEventListener('teahouse-ready', () => (readies += 1));
      // A React parent re-rendering an inline arrow: a new function each time, the same reader.
      for (let i = 0; i < 3; i++) {
        el.getToken = () => token;
        await el.updateComplete;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      expect(readies).to.equal(0);
      expect(bootstraps()).to.equal(before.bootstraps);
      expect(el.store.client).to.equal(before.client);
      expect(streams()).to.be.at.most(1);
      const other = await testToken({ name: 'Other' });
      const again = oneEvent(el, 'teahouse-ready');
      el.getToken = () => other;
      await again;
      expect(el.store.viewer).to.not.equal(null);
      expect(deep(el, 'teahouse-composer')).to.not.equal(null);
    } finally {
      el.remove();
    }
  });
});
