import { expect, oneEvent } from '@open-wc/testing';
import { deep, deepAll, mountComments, testConfig, testToken, uniqueId } from '../test-helpers.js';
import type { TeahouseComposer } from './composer.component.js';
import './composer.js';

const composerOf = (el: Element) => deep<TeahouseComposer>(el, 'teahouse-composer')!;
const field = <T extends Element>(composer: TeahouseComposer, selector: string) => composer.shadowRoot!.querySelector<T>(selector);

async function fill(composer: TeahouseComposer, nickname: string | null, text: string): Promise<void> {
  const nick = field<HTMLInputElement>(composer, 'input[name="name"]');
  if (nickname !== null) nick!.value = nickname;
  const textarea = field<HTMLTextAreaElement>(composer, 'textarea')!;
  textarea.value = text;
  textarea.dispatchEvent(new Event('input', { bubbles: true }));
  await composer.updateComplete;
}

const submit = (composer: TeahouseComposer) => field<HTMLButtonElement>(composer, 'button[type="submit"]')!.click();

describe('<teahouse-composer> in guest mode', () => {
  afterEach(async () => {
    localStorage.removeItem(`teahouse-visitor:${(await testConfig()).guestSite}:guest`);
  });

  it('should be accessible with the nickname field', async () => {
    const { guestSite } = await testConfig();
    const el = await mountComments({ site: guestSite, lang: 'zh-CN' });
    await expect(composerOf(el)).to.be.accessible();
  });

  it('should show a nickname field and the login link to an anonymous reader', async () => {
    const { guestSite, site } = await testConfig();
    const composer = composerOf(await mountComments({ site: guestSite, lang: 'zh-CN' }));
    const nick = field<HTMLInputElement>(composer, 'input[name="name"]');
    expect(nick, 'nickname field').to.not.equal(null);
    expect(nick!.getAttribute('aria-label')).to.equal('昵称');
    expect(field(composer, 'textarea')).to.not.equal(null);
    expect(field<HTMLAnchorElement>(composer, '.prompt a')!.getAttribute('href')).to.equal('https://login.example.com/login');

    const plain = composerOf(await mountComments({ site, lang: 'zh-CN' }));
    expect(field(plain, 'input'), 'no nickname field where guest mode is off').to.equal(null);
    expect(field(plain, 'textarea'), 'only the login prompt where guest mode is off').to.equal(null);
    expect(field(plain, '.prompt')).to.not.equal(null);

    const reader = composerOf(await mountComments({ site: guestSite, token: await testToken({ site: guestSite }) }));
    expect(field(reader, 'input'), 'a signed-in reader has no nickname field').to.equal(null);
  });

  it('should post under the nickname, mark the floor 游客, and keep the guest for the next visit', async () => {
    const { guestSite } = await testConfig();
    const page = uniqueId();
    const el = await mountComments({ site: guestSite, page, lang: 'zh-CN' });
    const composer = composerOf(el);
    await fill(composer, '路过的猫', '楼主说得对');
    const guest = oneEvent(el, 'teahouse-guest');
    const created = oneEvent(el, 'teahouse-comment-created');
    submit(composer);
    const { detail } = await guest;
    expect(detail.author).to.include({ name: '路过的猫', role: 'guest' });
    const { detail: { floor } } = await created;
    expect(floor.author).to.deep.equal(detail.author);
    await composer.updateComplete;
    expect(field(composer, 'input'), 'the nickname field goes once the reader is a guest').to.equal(null);
    expect(composer.value).to.equal('');

    const comment = deepAll(el, ['teahouse-thread'], 'teahouse-comment').at(-1)!;
    await (comment as HTMLElement & { updateComplete: Promise<unknown> }).updateComplete;
    const header = comment.shadowRoot!.querySelector('header')!;
    expect(header.querySelector('.name')!.textContent).to.equal('路过的猫');
    expect(header.querySelector('.mark')!.textContent).to.equal('游客');

    // The browser keeps the guest token: the next page view is the same guest, posting at once.
    const again = await mountComments({ site: guestSite, page, lang: 'zh-CN' });
    const next = composerOf(again);
    expect(field(next, 'input'), 'no nickname asked again').to.equal(null);
    await fill(next, null, '再来一条');
    const second = oneEvent(again, 'teahouse-comment-created');
    submit(next);
    expect((await second).detail.floor.author).to.deep.equal(detail.author);
  });

  it('should ask for the nickname first and say when it is taken', async () => {
    const { guestSite } = await testConfig();
    const el = await mountComments({ site: guestSite, lang: 'zh-CN' });
    const composer = composerOf(el);
    await fill(composer, '  ', '没有昵称');
    submit(composer);
    await composer.updateComplete;
    expect(composer.shadowRoot!.activeElement).to.equal(field(composer, 'input'), 'the empty nickname gets focus');
    expect(field(composer, '[role="alert"]')).to.equal(null, 'nothing was sent');

    await fill(composer, '管理员', '冒充管理员');
    const failed = oneEvent(el, 'teahouse-error');
    submit(composer);
    await failed;
    await composer.updateComplete;
    expect(field(composer, '[role="alert"]')!.textContent).to.equal('该昵称已被占用，请换一个');
    expect(field(composer, 'input'), 'still anonymous').to.not.equal(null);
    expect(composer.value).to.equal('冒充管理员');
  });
});
