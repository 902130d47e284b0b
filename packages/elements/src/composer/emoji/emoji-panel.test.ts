import { expect, oneEvent } from '@open-wc/testing';
import { deep, describeCatalogs, mountComments, testConfig, testToken } from '../../test-helpers.js';
import type { TeahouseComposer } from '../composer.component.js';
import type { TeahouseEmojiPanel } from './emoji-panel.component.js';
import { EMOJI } from './emoji-data.js';
import * as catalogs from './messages.js';

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

/** A key pressed on the element that has focus, as the browser would dispatch it. */
async function press(key: string): Promise<void> {
  focused()!.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true, composed: true, cancelable: true }));
  await new Promise((resolve) => setTimeout(resolve, 0));
}

/** The element focus is on, through shadow roots. */
function focused(): Element | null {
  let active = document.activeElement;
  while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
  return active;
}

async function openComposer(lang = 'zh-CN') {
  const comments = await mountComments({ token: await testToken({ sub: 'emoji-reader', name: '表情读者' }), lang });
  await waitFor(() => !!deep(comments, 'teahouse-composer')?.shadowRoot?.querySelector('textarea'));
  const composer = deep<TeahouseComposer>(comments, 'teahouse-composer')!;
  const root = composer.shadowRoot!;
  const button = root.querySelector<HTMLButtonElement>('button.emoji')!;
  const textarea = root.querySelector('textarea')!;
  return { comments, composer, root, button, textarea };
}

/** Presses the 表情 button and waits for the panel, its stickers and focus inside it. */
async function openPanel(button: HTMLButtonElement, root: ShadowRoot, stickers = true): Promise<TeahouseEmojiPanel> {
  button.focus();
  // The 表情 button is a native button: a key press on it is a click.
  button.click();
  await waitFor(() => !!root.querySelector('teahouse-emoji-panel'));
  const panel = root.querySelector<TeahouseEmojiPanel>('teahouse-emoji-panel')!;
  if (stickers) await waitFor(() => panel.shadowRoot!.querySelectorAll('button.sticker').length === 2);
  await waitFor(() => focused()?.closest('[role="dialog"]') !== null && !!focused()?.matches('button'));
  return panel;
}

describe('<teahouse-emoji-panel>', () => {
  it('should be accessible', async () => {
    const { root, button } = await openComposer();
    const panel = await openPanel(button, root);
    await expect(panel).to.be.accessible();
    expect(button.getAttribute('aria-expanded')).to.equal('true');
  });

  it('should load as a chunk of its own on the first press only', async () => {
    const { root, button } = await openComposer();
    expect(button.textContent!.trim()).to.equal('表情');
    expect(button.getAttribute('aria-haspopup')).to.equal('dialog');
    expect(button.getAttribute('aria-expanded')).to.equal('false');
    expect(root.querySelector('teahouse-emoji-panel')).to.equal(null);
    await openPanel(button, root);
    expect(customElements.get('teahouse-emoji-panel')).to.not.equal(undefined);
  });

  it('should move through the grid with the arrow keys, Home and End', async () => {
    const { root, button } = await openComposer();
    const panel = await openPanel(button, root);
    const buttons = [...panel.shadowRoot!.querySelectorAll<HTMLButtonElement>('button')];
    expect(buttons.length).to.equal(EMOJI.length + 2);
    expect(focused()).to.equal(buttons[0]);
    expect(buttons.filter((b) => b.tabIndex === 0)).to.deep.equal([buttons[0]], 'one tab stop');
    await press('ArrowRight');
    expect(focused()).to.equal(buttons[1]);
    await press('ArrowLeft');
    await press('ArrowLeft');
    expect(focused()).to.equal(buttons[0], 'stays at the first');
    await press('ArrowDown');
    const below = focused() as HTMLButtonElement;
    const first = buttons[0]!.getBoundingClientRect();
    expect(below.getBoundingClientRect().top).to.be.greaterThan(first.top);
    expect(Math.abs(below.getBoundingClientRect().left - first.left)).to.be.lessThan(first.width / 2, 'the same column');
    await press('ArrowUp');
    expect(focused()).to.equal(buttons[0]);
    await press('End');
    expect(focused()).to.equal(buttons[buttons.length - 1]);
    expect(focused()!.classList.contains('sticker')).to.equal(true);
    await press('Home');
    expect(focused()).to.equal(buttons[0]);
  });

  it('should insert an emoji at the caret with Enter and give focus back to the text field', async () => {
    const { root, button, textarea, composer } = await openComposer();
    textarea.focus();
    textarea.value = '你好世界';
    textarea.dispatchEvent(new Event('input', { bubbles: true }));
    await composer.updateComplete;
    textarea.setSelectionRange(2, 2);
    await openPanel(button, root);
    await press('ArrowRight');
    await press('Enter');
    await waitFor(() => !root.querySelector('teahouse-emoji-panel'));
    expect(composer.value).to.equal(`你好${EMOJI[1]}世界`);
    expect(focused()).to.equal(textarea);
    expect(textarea.selectionStart).to.equal(2 + EMOJI[1]!.length);
    expect(button.getAttribute('aria-expanded')).to.equal('false');
  });

  it('should close on Escape and give focus back to the 表情 button', async () => {
    const { root, button, composer } = await openComposer();
    await openPanel(button, root);
    await press('ArrowRight');
    await press('Escape');
    await waitFor(() => !root.querySelector('teahouse-emoji-panel'));
    expect(focused()).to.equal(button);
    expect(composer.value).to.equal('', 'nothing inserted');
  });

  it("should offer the site's stickers from the server and post one as a sticker", async () => {
    const { server, site, stickerPack } = await testConfig();
    const { comments, root, button, composer } = await openComposer();
    const panel = await openPanel(button, root);
    const stickers = [...panel.shadowRoot!.querySelectorAll<HTMLButtonElement>('button.sticker')];
    expect(stickers.map((b) => b.getAttribute('aria-label'))).to.deep.equal([`表情 smile（${stickerPack}）`, `表情 cup（${stickerPack}）`]);
    expect(stickers.map((b) => b.querySelector('img')!.getAttribute('src'))).to.deep.equal([
      `${server}/v1/sites/${site}/stickers/${stickerPack}/smile`, `${server}/v1/sites/${site}/stickers/${stickerPack}/cup`,
    ]);
    expect(panel.shadowRoot!.querySelector(`#pack-${stickerPack}`)!.textContent).to.equal(stickerPack);
    await press('End');
    await press('Enter');
    await waitFor(() => !root.querySelector('teahouse-emoji-panel'));
    expect(composer.value).to.equal(`:${stickerPack}/cup:`);
    const created = oneEvent(comments, 'teahouse-comment-created');
    await composer.submit();
    const { detail } = await created;
    expect(detail.floor.body).to.deep.equal({ type: 'root', children: [{ type: 'paragraph', children: [{ type: 'sticker', pack: stickerPack, name: 'cup' }] }] });
  });

  it('should speak English on an English page', async () => {
    const { root, button } = await openComposer('en');
    expect(button.textContent!.trim()).to.equal('Emoji');
    const panel = await openPanel(button, root);
    expect(panel.shadowRoot!.querySelector('[role="dialog"]')!.getAttribute('aria-label')).to.equal('Emoji and stickers');
  });
});

describeCatalogs('emoji panel', { catalogs: catalogs.catalogs, en: catalogs.en });
