import { expect, waitUntil } from '@open-wc/testing';
import { createClient } from '@teahouse/client';
import { notificationsApi } from '@teahouse/client/notifications';
import { deep, mountComments, testConfig, testToken, uniqueId } from '../test-helpers.js';
import type { TeahouseNotifications } from './notifications.js';

async function readerClient(sub: string, name: string) {
  const config = await testConfig();
  return createClient({ baseUrl: config.server, site: config.site, token: await testToken({ sub, name }) });
}

const badge = (el: TeahouseNotifications) => el.shadowRoot?.querySelector('[part="badge"]')?.textContent?.trim() ?? '';
const entry = (el: TeahouseNotifications) => el.shadowRoot!.querySelector<HTMLButtonElement>('[part="button"]')!;

describe('<teahouse-notifications>', function (this: { timeout(ms: number): void }) {
  // Two readers, several posts and a live stream each: more than mocha's default on a loaded machine.
  this.timeout(30_000);

  it('should show nothing to a reader who is not signed in', async () => {
    const el = await mountComments();
    expect(deep(el, 'teahouse-notifications')).to.equal(null);
  });

  it('should raise the unread count live when another reader replies, and lower it on read', async () => {
    const page = uniqueId();
    const sub = uniqueId('alice');
    const el = await mountComments({ page, lang: 'zh-CN', token: await testToken({ sub, name: uniqueId('Alice') }) });
    await waitUntil(() => customElements.get('teahouse-notifications') && deep(el, 'teahouse-notifications')?.shadowRoot?.querySelector('[part="button"]'),
      'the 消息 entry appears for a signed-in reader', { timeout: 10_000 });
    const notices = deep<TeahouseNotifications>(el, 'teahouse-notifications')!;
    await expect(notices).to.be.accessible();
    expect(badge(notices)).to.equal('');
    expect(entry(notices).getAttribute('aria-label')).to.equal('消息');

    // Alice posts; Bob, in another browser as far as the server knows, replies to her floor twice over two floors.
    const alice = await readerClient(sub, 'Alice');
    const first = await alice.post({ page, body: 'First floor' });
    const second = await alice.post({ page, body: 'Second floor' });
    const bob = await readerClient(uniqueId('bob'), uniqueId('Bob'));
    await bob.post({ page, body: 'A reply', parent: first.number });
    await waitUntil(() => badge(notices) === '1', 'the count rises to 1 without a reload', { timeout: 10_000 });
    await bob.post({ page, body: 'A quote', quote: second.number });
    await waitUntil(() => badge(notices) === '2', 'the count rises to 2', { timeout: 10_000 });
    expect(entry(notices).getAttribute('aria-label')).to.equal('消息 2 条未读');

    // Open the list: two notices, each a link to its floor on this page.
    entry(notices).click();
    await waitUntil(() => notices.shadowRoot!.querySelectorAll('[part="notice"]').length === 2, 'the list shows both notices', { timeout: 10_000 });
    expect(entry(notices).getAttribute('aria-expanded')).to.equal('true');
    await expect(notices).to.be.accessible();
    const links = [...notices.shadowRoot!.querySelectorAll<HTMLAnchorElement>('[part="notice"] a')].map((a) => a.getAttribute('href'));
    expect(links).to.deep.equal([`#floor-${second.number + 2}`, `#floor-${second.number + 1}`]);
    expect(notices.shadowRoot!.querySelector('[part="notice"]')!.textContent).to.contain('引用了你的回复');

    // Reading one lowers the count by one; 全部标为已读 brings it to none, and the server agrees.
    notices.shadowRoot!.querySelector<HTMLAnchorElement>('[part="notice"] a')!.click();
    await waitUntil(() => badge(notices) === '1', 'reading one notice lowers the count', { timeout: 10_000 });
    notices.shadowRoot!.querySelector<HTMLButtonElement>('.all')!.click();
    await waitUntil(() => badge(notices) === '', 'reading all clears the count', { timeout: 10_000 });
    expect(entry(notices).getAttribute('aria-label')).to.equal('消息');
    expect(await notificationsApi(alice).unread()).to.equal(0);

    // Escape closes the list and gives the focus back to the entry.
    notices.shadowRoot!.querySelector<HTMLButtonElement>('.all')!.focus();
    notices.shadowRoot!.querySelector('[part="base"]')!.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true, composed: true }));
    await waitUntil(() => entry(notices).getAttribute('aria-expanded') === 'false', 'Escape closes the list');
    expect(notices.shadowRoot!.activeElement).to.equal(entry(notices));
  });

  // Last: Firefox may keep the connections of streams this test aborts for a while, and the page has only so many.
  it('should work alone with server, site and token, and show nothing without a token', async () => {
    const config = await testConfig();
    const sub = uniqueId('dora');
    const dora = await readerClient(sub, 'Dora');
    const page = uniqueId();
    const floor = await dora.post({ page, body: 'Mine', url: 'https://news.example.com/a/1', title: '老街开市' });
    const other = await readerClient(uniqueId('erin'), 'Erin');
    await other.post({ page, body: 'Reply', parent: floor.number });
    await import('./notifications.js');
    const el = document.createElement('teahouse-notifications');
    el.server = config.server;
    el.site = config.site;
    el.setAttribute('lang', 'en');
    document.body.append(el);
    try {
      await el.updateComplete;
      expect(el.shadowRoot!.querySelector('[part="button"]')).to.equal(null);
      el.token = await testToken({ sub, name: 'Dora' });
      await waitUntil(() => badge(el) === '1', 'the standalone entry shows the count', { timeout: 10_000 });
      await expect(el).to.be.accessible();
      expect(entry(el).getAttribute('aria-label')).to.equal('Notifications 1 unread');
      entry(el).click();
      await waitUntil(() => el.shadowRoot!.querySelector('[part="notice"] a'), 'the list opens', { timeout: 10_000 });
      // Another page than any thread on this one: the link is the article's, with the floor.
      expect(el.shadowRoot!.querySelector('[part="notice"] a')!.getAttribute('href')).to.equal(`https://news.example.com/a/1#floor-${floor.number + 1}`);
      expect(el.shadowRoot!.querySelector('[part="notice"]')!.textContent).to.contain('Erin replied to you');
    } finally {
      el.remove();
    }
  });
});
