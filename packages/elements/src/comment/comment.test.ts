import { expect, fixture, html } from '@open-wc/testing';
import type { Floor } from '@teahouse/protocol';
import '../comment/comment.js';
import type { TeahouseComment } from './comment.component.js';
import { deep, mountComments, testConfig } from '../test-helpers.js';

const floor = (over: Partial<Floor> = {}): Floor => ({
  id: 'f1',
  number: 3,
  kind: 'reply',
  author: { id: 'u1', name: '山城看点编辑部', avatar: null, role: 'reader' },
  isOp: true,
  parent: null,
  quote: { number: 2, author: '林晓雨', createdAt: '2026-11-24T09:46:00', excerpt: '会员林晓雨转发了该文章', status: 'published' },
  body: {
    type: 'root',
    children: [
      {
        type: 'paragraph',
        children: [
          { type: 'text', value: '谢谢转发！' },
          { type: 'strong', children: [{ type: 'text', value: '骑楼' }] },
          { type: 'link', url: 'https://news.example.com/notice', children: [{ type: 'text', value: '公告' }] },
          { type: 'link', url: 'javascript:alert(1)', children: [{ type: 'text', value: 'bad' }] },
          { type: 'inlineCode', value: 'x < y' },
        ],
      },
      { type: 'code', value: '<b>not bold</b>', lang: null },
    ],
  },
  status: 'published',
  createdAt: new Date(Date.now() - 2 * 3600_000).toISOString(),
  editedAt: null,
  ...over,
});

async function render(value: Floor, lang = 'zh-CN'): Promise<TeahouseComment> {
  return fixture<TeahouseComment>(html`<teahouse-comment lang=${lang} .floor=${value}></teahouse-comment>`);
}

const root = (el: TeahouseComment) => el.shadowRoot!;

describe('<teahouse-comment>', () => {
  it('should be accessible', async () => {
    const el = await render(floor());
    await expect(el).to.be.accessible();
  });

  it('should show the name, the 楼主 badge, the floor label and an anchor', async () => {
    const el = await render(floor());
    expect(root(el).querySelector('.name')?.textContent).to.equal('山城看点编辑部');
    expect(root(el).querySelector('.badge')?.textContent).to.equal('楼主');
    expect(root(el).querySelector('.label')?.textContent).to.equal('板凳');
    expect(root(el).querySelector('[part="base"]')?.id).to.equal('floor-3');
  });

  it('should not show the badge for other readers and label #N in English', async () => {
    const el = await render(floor({ isOp: false, number: 12 }), 'en');
    expect(root(el).querySelector('.badge')).to.equal(null);
    expect(root(el).querySelector('.label')?.textContent).to.equal('#12');
  });

  it('should show a relative time with the absolute time in a time element', async () => {
    const el = await render(floor());
    const time = root(el).querySelector('time')!;
    expect(time.getAttribute('datetime')).to.equal(el.floor!.createdAt);
    expect(time.textContent).to.equal(new Intl.RelativeTimeFormat('zh-CN', { numeric: 'auto' }).format(-2, 'hour'));
    expect(time.title).to.match(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/);
  });

  it('should show the quote block linking to the quoted floor', async () => {
    const el = await render(floor());
    const quote = root(el).querySelector('.quote')!;
    const link = quote.querySelector('a')!;
    expect(link.getAttribute('href')).to.equal('#floor-2');
    expect(link.textContent).to.equal('林晓雨 发表于 2026-11-24 09:46');
    expect(quote.querySelector('p')?.textContent).to.equal('会员林晓雨转发了该文章');
  });

  it('should render the body tree with safe links and code as text', async () => {
    const el = await render(floor());
    const body = root(el).querySelector('.body')!;
    expect(body.querySelector('strong')?.textContent).to.equal('骑楼');
    const links = body.querySelectorAll('a');
    expect(links.length).to.equal(1);
    expect(links[0]!.getAttribute('href')).to.equal('https://news.example.com/notice');
    expect(links[0]!.getAttribute('rel')).to.equal('ugc nofollow noopener');
    expect(links[0]!.getAttribute('target')).to.equal('_blank');
    expect(body.textContent).to.contain('bad');
    expect(body.querySelector('code')?.textContent).to.equal('x < y');
    expect(body.querySelector('pre code')?.textContent).to.equal('<b>not bold</b>');
    expect(body.querySelector('b')).to.equal(null);
  });

  it('should show an image avatar only for http(s) URLs and an initial otherwise', async () => {
    const withImage = await render(floor({ author: { id: 'u', name: 'Ann', avatar: 'https://cdn.example.com/a.png', role: 'reader' } }));
    expect(root(withImage).querySelector('img.avatar')?.getAttribute('src')).to.equal('https://cdn.example.com/a.png');
    const initial = await render(floor());
    expect(root(initial).querySelector('img')).to.equal(null);
    expect(root(initial).querySelector('.avatar')?.textContent).to.equal('山');
  });

  it('should ask to reply or quote when the reader presses the buttons', async () => {
    const el = await render(floor());
    const seen: unknown[] = [];
    el.addEventListener('teahouse-reply-request', (e) => seen.push(e.detail));
    const [reply, quote] = Array.from(root(el).querySelectorAll<HTMLButtonElement>('.actions button'));
    expect(reply!.textContent).to.equal('回复');
    expect(reply!.getAttribute('aria-label')).to.equal('回复 板凳');
    reply!.click();
    quote!.click();
    expect(seen).to.deep.equal([
      { number: 3, mode: 'reply', author: '山城看点编辑部' },
      { number: 3, mode: 'quote', author: '山城看点编辑部' },
    ]);
  });

  it('should fire no event when code sets the floor', async () => {
    const el = await render(floor());
    let fired = 0;
    el.addEventListener('teahouse-reply-request', () => (fired += 1));
    el.floor = floor({ number: 4 });
    await el.updateComplete;
    expect(root(el).querySelector('.label')?.textContent).to.equal('地板');
    expect(fired).to.equal(0);
  });

  it('should show a tombstone for a deleted floor', async () => {
    const el = await render(floor({ status: 'deleted', author: null }));
    expect(root(el).querySelector('.deleted')?.textContent).to.equal('该楼层已删除');
    expect(root(el).querySelector('.actions')).to.equal(null);
  });

  it('should render server-parsed markup-looking text as text, creating no element', async () => {
    (window as unknown as { __teahousePwned?: number }).__teahousePwned = undefined;
    const { seededPage } = await testConfig();
    const comments = await mountComments({ page: seededPage, lang: 'zh-CN' });
    const thread = deep(comments, 'teahouse-thread')!;
    const hostile = thread.shadowRoot!.querySelector<TeahouseComment>('teahouse-comment[data-floor="4"]')!;
    const body = hostile.shadowRoot!.querySelector('.body')!;
    expect(body.textContent).to.contain('<img src=x onerror=');
    expect(body.querySelector('img')).to.equal(null);
    expect(body.querySelector('a')).to.equal(null);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect((window as unknown as { __teahousePwned?: number }).__teahousePwned).to.equal(undefined);
  });

  it('should show the OP badge and the quote of a seeded thread from the server', async () => {
    const { seededPage } = await testConfig();
    const comments = await mountComments({ page: seededPage, lang: 'zh-CN' });
    const thread = deep(comments, 'teahouse-thread')!;
    const op = thread.shadowRoot!.querySelector<TeahouseComment>('teahouse-comment[data-floor="3"]')!;
    expect(op.shadowRoot!.querySelector('.badge')?.textContent).to.equal('楼主');
    const link = op.shadowRoot!.querySelector('.quote a')!;
    expect(link.getAttribute('href')).to.equal('#floor-2');
    expect(link.textContent).to.match(/^林晓雨 发表于 \d{4}-\d{2}-\d{2} \d{2}:\d{2}$/);
    expect(op.shadowRoot!.querySelector('.quote p')?.textContent).to.contain('骑楼');
    const first = thread.shadowRoot!.querySelector<TeahouseComment>('teahouse-comment[data-floor="2"]')!;
    expect(first.shadowRoot!.querySelector('.badge')).to.equal(null);
    const link2 = first.shadowRoot!.querySelector('.body a')!;
    expect(link2.getAttribute('rel')).to.equal('ugc nofollow noopener');
    expect(first.shadowRoot!.querySelector('.body strong')?.textContent).to.equal('终于');
    expect(first.shadowRoot!.querySelector('.body code')?.textContent).to.equal('code');
  });

  it('should request only https avatars, showing the letter avatar for any other claim', async () => {
    for (const avatar of ['http://127.0.0.1:1/admin', 'http://news.example.com/a.png']) {
      const el = await render(floor({ author: { id: 'u', name: 'Eve', avatar, role: 'reader' } }));
      expect(root(el).querySelector('img'), avatar).to.equal(null);
      expect(root(el).querySelector('.avatar')?.textContent).to.equal('E');
    }
    const own = `${location.origin}/avatar.png`;
    const el = await render(floor({ author: { id: 'u', name: 'Own', avatar: own, role: 'reader' } }));
    expect(root(el).querySelector('img.avatar')?.getAttribute('src'), 'the page\'s own origin').to.equal(own);
  });

  it('should isolate names, so a right-to-left override in one never reverses the words around it', async () => {
    const evil = 'evil\u202Egnp.exe';
    const el = await render(floor({
      author: { id: 'u', name: evil, avatar: null, role: 'reader' },
      quote: { number: 2, author: evil, createdAt: '2026-11-24T09:46:00', excerpt: '原文', status: 'published' },
    }));
    const head = root(el).querySelector('.quote a')!;
    const bdi = head.querySelector('bdi');
    expect(bdi?.textContent).to.equal(evil);
    expect(head.textContent).to.match(/ 发表于 /);
    // The words after the name are not inside the isolate.
    const words = [...head.childNodes].find((node) => node.nodeType === Node.TEXT_NODE && node.textContent!.includes('发表于'))!;
    expect(words.textContent).to.match(/^ 发表于/);
    expect(root(el).querySelector('header .name')?.tagName).to.equal('BDI');
    // Laid out as read: "发表于" sits to the right of the name, not reversed into it.
    const range = document.createRange();
    range.selectNodeContents(bdi!);
    const nameBox = range.getBoundingClientRect();
    range.setStart(words, 1);
    range.setEnd(words, 4);
    expect(range.getBoundingClientRect().left).to.be.at.least(nameBox.right - 1);
  });

  it('should word an award floor from its award in the reader\'s locale', async () => {
    const award = floor({
      kind: 'share_award', isOp: false, quote: null,
      author: { id: 'u', name: '小林', avatar: null, role: 'reader' },
      award: { action: 'share', channel: 'wechat_moments', points: 20, currency: '看点币' },
      body: { type: 'root', children: [{ type: 'paragraph', children: [{ type: 'text', value: '会员小林转发了该文章到微信朋友圈,获得20看点币' }] }] },
    });
    const en = await render(award, 'en');
    expect(root(en).querySelector('.body')?.textContent?.trim()).to.equal('小林 shared this article via WeChat Moments and earned 20 看点币');
    expect(root(en).querySelector('.body bdi')?.textContent).to.equal('小林');
    const tw = await render(award, 'zh-TW');
    expect(root(tw).querySelector('.body')?.textContent?.trim()).to.equal('會員小林轉發了這篇文章到微信朋友圈，獲得20看点币');
    expect(root(tw).querySelector('.label')?.textContent).to.equal('板凳');
    const sofa = await render(floor({ number: 2 }), 'zh-TW');
    expect(root(sofa).querySelector('.label')?.textContent).to.equal('沙發');
  });
});
