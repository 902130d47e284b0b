import { expect, fixture, html } from '@open-wc/testing';
import type { Floor } from '@teahouse/protocol';
import type { TeahouseComment } from './comment.component.js';
import { deep, mountComments, testConfig } from '../test-helpers.js';

/** The floors of the region thread as one locale shows them, by author. */
async function regions(lang: string): Promise<Record<string, string | null>> {
  const { regionPage } = await testConfig();
  const comments = await mountComments({ page: regionPage, lang });
  const thread = deep(comments, 'teahouse-thread')!;
  const floors = [...thread.shadowRoot!.querySelectorAll<TeahouseComment>('teahouse-comment')];
  expect(floors.length).to.equal(3);
  return Object.fromEntries(floors.map((floor) => [
    floor.shadowRoot!.querySelector('.name')!.textContent,
    floor.shadowRoot!.querySelector('.region')?.textContent ?? null,
  ]));
}

// The thread's floors were posted through the test server's trusted proxy with X-Forwarded-For
// set to an address in Guangxi, one in the United States and a private one.
describe('<teahouse-comment> IP属地', () => {
  it('should be accessible with the region shown', async () => {
    const { regionPage } = await testConfig();
    const comments = await mountComments({ page: regionPage, lang: 'zh-CN' });
    await expect(deep(comments, 'teahouse-thread', 'teahouse-comment')!).to.be.accessible();
  });

  it('should show IP属地 in zh-CN from the server', async () => {
    expect(await regions('zh-CN')).to.deep.equal({ 南宁读者: 'IP属地：广西', 'Reader abroad': 'IP属地：美国', 本地读者: null });
  });

  it('should show IP屬地 in zh-TW', async () => {
    expect(await regions('zh-TW')).to.deep.equal({ 南宁读者: 'IP屬地：廣西', 'Reader abroad': 'IP屬地：美國', 本地读者: null });
  });

  it('should show From: in English', async () => {
    expect(await regions('en')).to.deep.equal({ 南宁读者: 'From: Guangxi', 'Reader abroad': 'From: United States', 本地读者: null });
  });

  it("should show a sticker from the Teahouse server's own origin", async () => {
    const { regionPage, server, site, stickerPack } = await testConfig();
    const comments = await mountComments({ page: regionPage, lang: 'zh-CN' });
    const first = deep(comments, 'teahouse-thread', 'teahouse-comment')!;
    const img = first.shadowRoot!.querySelector<HTMLImageElement>('.body img.sticker')!;
    expect(img.getAttribute('src')).to.equal(`${server}/v1/sites/${site}/stickers/${stickerPack}/smile`);
    expect(img.alt).to.equal('smile');
    img.scrollIntoView();
    if (!img.complete) await new Promise((resolve) => img.addEventListener('load', resolve, { once: true }));
    expect(img.naturalWidth).to.equal(2, 'the server served the PNG the pack installed');
  });

  it('should bind a forged sticker node as an attribute only, running nothing', async () => {
    (window as unknown as { __teahousePwned?: number }).__teahousePwned = undefined;
    const hostile = '"><img src=x onerror="window.__teahousePwned=1">';
    const floor: Floor = {
      id: 'x', number: 2, kind: 'reply', author: { id: 'u', name: 'Mallory', avatar: null, role: 'reader' }, isOp: false, parent: null,
      quote: null, status: 'published', createdAt: new Date().toISOString(), editedAt: null,
      region: { code: '"><b>', 'zh-CN': '<img src=x onerror="window.__teahousePwned=1">', 'zh-TW': '', en: '' },
      body: { type: 'root', children: [{ type: 'paragraph', children: [{ type: 'sticker', pack: hostile, name: hostile }] }] },
    };
    const el = await fixture<TeahouseComment>(html`<teahouse-comment lang="zh-CN" .floor=${floor}></teahouse-comment>`);
    const body = el.shadowRoot!.querySelector('.body')!;
    expect(body.querySelectorAll('img').length).to.equal(1);
    expect(body.querySelector('img')!.hasAttribute('onerror')).to.equal(false);
    expect(el.shadowRoot!.querySelector('.region')!.textContent).to.equal('IP属地：<img src=x onerror="window.__teahousePwned=1">');
    expect(el.shadowRoot!.querySelectorAll('b').length).to.equal(0);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect((window as unknown as { __teahousePwned?: number }).__teahousePwned).to.equal(undefined);
  });
});
