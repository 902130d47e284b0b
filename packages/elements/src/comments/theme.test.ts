import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { deep, testConfig } from '../test-helpers.js';
import type { TeahouseComments } from './comments.component.js';
import './comments.js';

async function mount(theme: string | null, style = ''): Promise<TeahouseComments> {
  const config = await testConfig();
  const container = await fixture<HTMLDivElement>(html`<div style=${style}></div>`);
  const el = document.createElement('teahouse-comments');
  el.server = config.server;
  el.site = config.site;
  if (theme) el.setAttribute('theme', theme);
  el.page = config.seededPage;
  const ready = oneEvent(el, 'teahouse-ready');
  container.append(el);
  await ready;
  return el;
}

const textColor = (el: TeahouseComments) => {
  const comment = deep(el, 'teahouse-thread', 'teahouse-comment')!;
  return getComputedStyle(comment.shadowRoot!.querySelector('[part=base]')!).color;
};
const LIGHT = 'rgb(31, 35, 41)';
const DARK = 'rgb(230, 232, 235)';

describe('<teahouse-comments theme>', () => {
  it('should be accessible in the dark theme', async () => {
    const el = await mount('dark');
    await expect(el).to.be.accessible();
  });

  it('should be light by default and dark with theme="dark"', async () => {
    const light = await mount(null);
    expect(light.getAttribute('theme')).to.equal('light');
    expect(textColor(light)).to.equal(LIGHT);
    const dark = await mount('dark');
    expect(textColor(dark)).to.equal(DARK);
    expect(getComputedStyle(dark).backgroundColor).to.equal('rgb(24, 25, 28)');
    dark.theme = 'light';
    await dark.updateComplete;
    expect(textColor(dark)).to.equal(LIGHT);
  });

  it('should follow the reader\'s system with theme="auto"', async () => {
    const el = await mount('auto');
    const prefersDark = matchMedia('(prefers-color-scheme: dark)').matches;
    expect(textColor(el)).to.equal(prefersDark ? DARK : LIGHT);
  });

  it('should let the host\'s tokens win over the dark theme', async () => {
    const el = await mount('dark', '--teahouse-sys-text: rgb(1, 2, 3); --teahouse-comment-muted: rgb(4, 5, 6)');
    expect(textColor(el)).to.equal('rgb(1, 2, 3)');
    const comment = deep(el, 'teahouse-thread', 'teahouse-comment')!;
    expect(getComputedStyle(comment.shadowRoot!.querySelector('time')!).color).to.equal('rgb(4, 5, 6)');
  });

  it('should expose the thread\'s parts through ::part()', async () => {
    const el = await mount(null);
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(`
      teahouse-comments::part(thread-header) { outline: 3px solid rgb(9, 9, 9); }
      teahouse-comments::part(footer) { outline: 3px solid rgb(8, 8, 8); }
      teahouse-comments::part(comment) { outline: 3px solid rgb(7, 7, 7); }
    `);
    document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet];
    try {
      const thread = deep(el, 'teahouse-thread')!;
      expect(getComputedStyle(thread.shadowRoot!.querySelector('[part=header]')!).outlineColor).to.equal('rgb(9, 9, 9)');
      expect(getComputedStyle(thread.shadowRoot!.querySelector('[part=footer]')!).outlineColor).to.equal('rgb(8, 8, 8)');
      const comment = thread.shadowRoot!.querySelector('teahouse-comment')!;
      expect(getComputedStyle(comment.shadowRoot!.querySelector('[part=base]')!).outlineColor).to.equal('rgb(7, 7, 7)');
    } finally {
      document.adoptedStyleSheets = document.adoptedStyleSheets.filter((s) => s !== sheet);
    }
  });
});
