import { expect, fixture, html } from '@open-wc/testing';
import { createClient } from '@teahouse/client';
import { deep, mountComments, testConfig, testToken, uniqueId } from '../test-helpers.js';
import type { TeahouseComposer } from '../composer/composer.component.js';
import type { TeahouseCount } from './count.component.js';
import './count.js';

async function posts(page: string, count: number): Promise<void> {
  const config = await testConfig();
  const client = createClient({ baseUrl: config.server, site: config.site, token: await testToken() });
  for (let i = 0; i < count; i++) await client.post({ page, body: `reply ${i}` });
}

async function until(check: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 15_000;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

// A full resource timing buffer drops new entries; each test starts from an empty one.
beforeEach(() => performance.clearResourceTimings());

const countRequests = () => performance.getEntriesByType('resource').filter((e) => /\/counts\?/.test(e.name)).length;

async function mountCounts(pages: string[], lang = 'zh-CN'): Promise<TeahouseCount[]> {
  const config = await testConfig();
  const list = await fixture<HTMLUListElement>(html`<ul lang=${lang}></ul>`);
  for (const page of pages) {
    const item = document.createElement('li');
    const count = document.createElement('teahouse-count');
    count.setAttribute('server', config.server);
    count.setAttribute('site', config.site);
    count.setAttribute('page', page);
    item.append(count);
    list.append(item);
  }
  const counts = Array.from(list.querySelectorAll('teahouse-count'));
  await until(() => counts.every((c) => c.shadowRoot?.querySelector('[part=base]')), 'every count');
  return counts;
}

const text = (count: TeahouseCount) => count.shadowRoot!.querySelector('[part=base]')!.textContent;

describe('<teahouse-count>', function (this: unknown) {
  // Background tabs get their timers throttled while other files run; 101 elements then take a while.
  (this as { timeout(ms: number): void }).timeout(30_000);

  it('should be accessible', async () => {
    const page = uniqueId();
    await posts(page, 1);
    const [count] = await mountCounts([page]);
    await expect(count).to.be.accessible();
  });

  it('should fetch every count on the page in one request', async () => {
    const [a, b, none] = [uniqueId(), uniqueId(), uniqueId()];
    await posts(a, 2);
    await posts(b, 1);
    const before = countRequests();
    const counts = await mountCounts([a, b, none, a]);
    expect(counts.map(text)).to.deep.equal(['2 条评论', '1 条评论', '0 条评论', '2 条评论']);
    await until(() => countRequests() > before, 'the resource timing entry');
    expect(countRequests() - before).to.equal(1);
  });

  it('should split more than 100 pages into requests of 100', async () => {
    const pages = Array.from({ length: 101 }, () => uniqueId());
    const before = countRequests();
    const counts = await mountCounts(pages, 'en');
    expect(counts.every((c) => text(c) === '0 comments')).to.equal(true);
    await until(() => countRequests() - before >= 2, 'two requests');
    expect(countRequests() - before).to.equal(2);
  });

  it('should say "1 comment" in English and follow a new page key', async () => {
    const [one, two] = [uniqueId(), uniqueId()];
    await posts(one, 1);
    await posts(two, 2);
    const [count] = await mountCounts([one], 'en');
    expect(text(count!)).to.equal('1 comment');
    count!.setAttribute('page', two);
    await until(() => text(count!) === '2 comments', 'the new count');
  });

  it('should follow the thread of its own page after a post there, without asking again', async () => {
    const page = uniqueId();
    await posts(page, 1);
    const [count] = await mountCounts([page]);
    expect(count!.shadowRoot!.textContent).to.contain('1 条评论');
    const asked = countRequests();
    const comments = await mountComments({ page, lang: 'zh-CN', token: await testToken() });
    const composer = deep<TeahouseComposer>(comments, 'teahouse-composer')!;
    composer.value = 'a new floor';
    await composer.submit();
    await until(() => count!.shadowRoot!.textContent!.includes('2 条评论'), 'the count after the post');
    expect(countRequests()).to.equal(asked);
  });
});
