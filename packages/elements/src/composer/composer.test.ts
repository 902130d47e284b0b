import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { ContextProvider } from '../context.js';
import { createClient } from '@teahouse/client';
import { clientContext, sessionContext } from '../context.js';
import { deep, mountComments, testConfig, testToken, uniqueId } from '../test-helpers.js';
import type { TeahouseComposer } from './composer.component.js';
import type { TeahouseThread } from '../thread/thread.component.js';
import './composer.js';

const composerOf = (el: Element) => deep<TeahouseComposer>(el, 'teahouse-composer')!;

async function type(composer: TeahouseComposer, text: string): Promise<void> {
  const textarea = composer.shadowRoot!.querySelector('textarea')!;
  textarea.value = text;
  textarea.dispatchEvent(new Event('input', { bubbles: true }));
  await composer.updateComplete;
}

function waitFor(check: () => boolean, timeout = 5000): Promise<void> {
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

describe('<teahouse-composer>', () => {
  it('should be accessible', async () => {
    const el = await mountComments({ token: await testToken(), lang: 'zh-CN' });
    const composer = composerOf(el);
    await expect(composer).to.be.accessible();
    const prompt = await mountComments({ lang: 'zh-CN' });
    await expect(composerOf(prompt)).to.be.accessible();
  });

  it('should show the login prompt without a token and ask for login on click only', async () => {
    const el = await mountComments({ lang: 'zh-CN' });
    const composer = composerOf(el);
    const prompt = composer.shadowRoot!.querySelector('.prompt')!;
    expect(prompt.textContent!.replace(/\s+/g, ' ').trim()).to.equal('您需要 登录 后才可以回帖');
    expect(composer.shadowRoot!.querySelector('textarea')).to.equal(null);
    let fired = 0;
    el.addEventListener('teahouse-login-request', () => (fired += 1));
    await composer.updateComplete;
    expect(fired).to.equal(0);
    const button = prompt.querySelector('button')!;
    expect(button.textContent).to.equal('登录');
    const event = oneEvent(document.body, 'teahouse-login-request');
    button.click();
    const { detail } = await event;
    expect(detail).to.deep.equal({ loginUrl: null, action: 'login' });
    expect(fired).to.equal(1);
  });

  it("should link to the site's login and register pages and let the host take over", async () => {
    const config = await testConfig();
    const el = await mountComments({ site: config.loginSite, lang: 'zh-CN' });
    const composer = composerOf(el);
    const links = composer.shadowRoot!.querySelectorAll('.prompt a');
    expect(Array.from(links).map((a) => a.textContent)).to.deep.equal(['登录', '立即注册']);
    expect(links[0]!.getAttribute('href')).to.equal(config.loginUrl);
    const handled = (event: Event) => event.preventDefault();
    el.addEventListener('teahouse-login-request', handled);
    const click = new MouseEvent('click', { bubbles: true, composed: true, cancelable: true });
    links[0]!.dispatchEvent(click);
    el.removeEventListener('teahouse-login-request', handled);
    expect(click.defaultPrevented).to.equal(true);
  });

  it('should post through the composer and show the new floor without reload', async () => {
    const el = await mountComments({ token: await testToken({ name: '周建国' }), lang: 'zh-CN' });
    const composer = composerOf(el);
    const textarea = composer.shadowRoot!.querySelector('textarea')!;
    expect(textarea.labels?.[0]?.textContent).to.equal('回帖内容');
    await type(composer, '小时候天天在这条街上跑，**骑楼**终于修好了。');
    expect(composer.shadowRoot!.querySelector('.counter')?.textContent).to.match(/^\d+ \/ \d+$/);
    const created = oneEvent(el, 'teahouse-comment-created');
    composer.shadowRoot!.querySelector<HTMLButtonElement>('button[type="submit"]')!.click();
    await composer.updateComplete;
    expect(textarea.disabled).to.equal(true);
    const { detail } = await created;
    expect(detail.floor.number).to.equal(2);
    const thread = deep<TeahouseThread>(el, 'teahouse-thread')!;
    await thread.updateComplete;
    const comment = thread.findFloor(2)!;
    expect(comment).to.not.equal(null);
    await (comment as HTMLElement & { updateComplete: Promise<unknown> }).updateComplete;
    expect(comment.shadowRoot!.querySelector('.body strong')?.textContent).to.equal('骑楼');
    expect(thread.shadowRoot!.querySelector('h2')?.textContent).to.equal('1 条回复');
    await composer.updateComplete;
    expect(textarea.value).to.equal('');
    expect(textarea.disabled).to.equal(false);
  });

  it('should fill the composer when a floor asks to quote and post the quote', async () => {
    const page = uniqueId();
    const token = await testToken({ name: 'Quoter' });
    const el = await mountComments({ page, token, lang: 'zh-CN' });
    const composer = composerOf(el);
    await type(composer, 'first floor');
    const first = oneEvent(el, 'teahouse-comment-created');
    composer.shadowRoot!.querySelector<HTMLButtonElement>('button[type="submit"]')!.click();
    await first;
    const thread = deep<TeahouseThread>(el, 'teahouse-thread')!;
    await thread.updateComplete;
    const floor = thread.findFloor(2)! as HTMLElement & { updateComplete: Promise<unknown> };
    await floor.updateComplete;
    floor.shadowRoot!.querySelectorAll<HTMLButtonElement>('.actions button')[1]!.click();
    await composer.updateComplete;
    expect(composer.replyTo).to.deep.equal({ number: 2, mode: 'quote', author: 'Quoter' });
    expect(composer.shadowRoot!.querySelector('.chip span')?.textContent).to.equal('引用 沙发');
    await type(composer, 'quoting you');
    const second = oneEvent(el, 'teahouse-comment-created');
    composer.shadowRoot!.querySelector<HTMLButtonElement>('button[type="submit"]')!.click();
    const { detail } = await second;
    expect(detail.floor.quote?.number).to.equal(2);
    await composer.updateComplete;
    expect(composer.replyTo).to.equal(null);
  });

  it('should show the reply chip and clear it with cancel', async () => {
    const el = await mountComments({ token: await testToken(), lang: 'zh-CN' });
    const composer = composerOf(el);
    let fired = 0;
    el.addEventListener('teahouse-reply-request', () => (fired += 1));
    composer.replyTo = { number: 12, mode: 'reply' };
    await composer.updateComplete;
    expect(fired).to.equal(0);
    expect(composer.shadowRoot!.querySelector('.chip span')?.textContent).to.equal('回复 12楼');
    const cancel = composer.shadowRoot!.querySelector<HTMLButtonElement>('.chip button')!;
    expect(cancel.getAttribute('aria-label')).to.equal('取消回复');
    cancel.click();
    await composer.updateComplete;
    expect(composer.shadowRoot!.querySelector('.chip')).to.equal(null);
  });

  it('should disable posting past the length limit', async () => {
    const el = await mountComments({ token: await testToken(), lang: 'en' });
    const composer = composerOf(el);
    const bootstrap = await createClient({ baseUrl: el.server, site: el.site }).bootstrap({ page: el.page });
    await type(composer, 'x'.repeat(bootstrap.site.maxBodyLength + 1));
    const submit = composer.shadowRoot!.querySelector<HTMLButtonElement>('button[type="submit"]')!;
    expect(submit.disabled).to.equal(true);
    expect(composer.shadowRoot!.querySelector('textarea')!.getAttribute('aria-invalid')).to.equal('true');
  });

  it('should show the server refusal inline as an alert', async () => {
    const config = await testConfig();
    const host = await fixture<HTMLDivElement>(html`<div lang="zh-CN"></div>`);
    const page = uniqueId();
    const client = createClient({ baseUrl: config.server, site: config.site, token: 'not-a-valid-token' });
    const bootstrap = await client.bootstrap({ page }).catch(() =>
      createClient({ baseUrl: config.server, site: config.site }).bootstrap({ page }),
    );
    new ContextProvider(host, clientContext, client);
    new ContextProvider(host, sessionContext, {
      site: bootstrap.site,
      viewer: { user: { id: 'x', name: 'Stale', avatar: null, role: 'reader' } },
      page,
      pageUrl: undefined,
      pageTitle: undefined,
    });
    const composer = document.createElement('teahouse-composer');
    host.append(composer);
    await composer.updateComplete;
    await type(composer, 'rejected');
    const failed = oneEvent(composer, 'teahouse-error');
    composer.shadowRoot!.querySelector<HTMLButtonElement>('button[type="submit"]')!.click();
    const { detail } = await failed;
    expect(detail.during).to.equal('post');
    await waitFor(() => composer.shadowRoot!.querySelector('[role="alert"]') !== null);
    expect(composer.shadowRoot!.querySelector('[role="alert"]')?.textContent).to.equal('登录已过期，请重新登录。');
    expect(composer.value).to.equal('rejected');
  });

  it('should say when a repeated text or one post too many is refused, and how long to wait', async () => {
    const config = await testConfig();
    const token = await testToken({ site: config.limitsSite, sub: uniqueId() });
    const el = await mountComments({ site: config.limitsSite, token, lang: 'zh-CN' });
    const composer = composerOf(el);
    const submit = async (text: string, outcome: 'teahouse-comment-created' | 'teahouse-error') => {
      await type(composer, text);
      const done = oneEvent(composer, outcome);
      composer.shadowRoot!.querySelector<HTMLButtonElement>('button[type="submit"]')!.click();
      await done;
      await composer.updateComplete;
      return composer.shadowRoot!.querySelector('[role="alert"]')?.textContent ?? null;
    };
    expect(await submit('楼上说得对', 'teahouse-comment-created')).to.equal(null);
    expect(await submit('  楼上说得对 ', 'teahouse-error')).to.equal('请勿重复发言');
    expect(await submit('第二条', 'teahouse-comment-created')).to.equal(null);
    // The site allows two posts per reader in ten minutes: the wait comes from the server's Retry-After.
    const alert = await submit('第三条', 'teahouse-error');
    const wait = Number(/^发言太快了，请 (\d+) 秒后再试$/.exec(alert ?? '')?.[1]);
    expect(wait, alert ?? 'no alert').to.be.within(540, 600);
    expect(composer.value).to.equal('第三条');
  });
});
