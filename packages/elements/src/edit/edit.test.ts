import { expect } from '@open-wc/testing';
import { createClient } from '@teahouse/client';
import type { TeahouseComment } from '../comment/comment.component.js';
import { imports } from '../lazy/imports.js';
import { deep, mountComments, testConfig, testToken, uniqueId } from '../test-helpers.js';

async function until(check: () => boolean, what: string, ms = 8000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** The reader's own floor, rendered in a thread mounted with their token. */
async function mine(): Promise<TeahouseComment> {
  const { server, site } = await testConfig();
  const sub = uniqueId('me');
  const token = await testToken({ sub, name: 'Me' });
  const page = uniqueId();
  await createClient({ baseUrl: server, site, token }).post({ page, body: 'my words' });
  return deep<TeahouseComment>(await mountComments({ page, lang: 'zh-CN', token }), 'teahouse-thread', 'teahouse-comment')!;
}

const button = (comment: TeahouseComment, selector: string) => comment.shadowRoot!.querySelector<HTMLButtonElement>(selector);
const alert = (comment: TeahouseComment) => comment.shadowRoot!.querySelector('[role="alert"]');

/** Replaces how `<teahouse-edit>` is fetched until `restore()`: the load settles when the test says. */
function holdLoad() {
  const real = imports['teahouse-edit']!;
  const settle = { resolve: () => {}, reject: (_error: Error) => {} };
  imports['teahouse-edit'] = () =>
    new Promise<unknown>((resolve, reject) => {
      settle.resolve = () => resolve(real());
      settle.reject = reject;
    });
  return { settle, restore: () => (imports['teahouse-edit'] = real) };
}

describe('<teahouse-edit> from a floor', () => {
  it('should keep the floor busy while the code loads, say so when it fails, and load on the next press', async () => {
    const comment = await mine();
    expect(customElements.get('teahouse-edit'), 'nothing loaded the form before the first press').to.equal(undefined);
    const load = holdLoad();
    try {
      button(comment, 'button.edit')!.click();
      await comment.updateComplete;
      expect(button(comment, 'button.edit')!.getAttribute('aria-busy')).to.equal('true');
      expect(button(comment, 'button.edit')!.getAttribute('aria-disabled')).to.equal('true');
      expect(button(comment, 'button.delete')!.getAttribute('aria-busy')).to.equal('false');
      expect(comment.shadowRoot!.querySelector('.body')?.textContent).to.contain('my words');
      await expect(comment).to.be.accessible();

      load.settle.reject(new TypeError('Failed to fetch dynamically imported module'));
      await until(() => !!alert(comment), 'the error');
      expect(alert(comment)!.textContent).to.equal('出错了，请重试。');
      expect(button(comment, 'button.edit')!.getAttribute('aria-busy')).to.equal('false');
      expect(button(comment, 'button.edit')!.getAttribute('aria-disabled')).to.equal('false');
      expect(comment.shadowRoot!.querySelector('textarea')).to.equal(null);
      expect(customElements.get('teahouse-edit')).to.equal(undefined);

      // The next press tries again; the code arrives and the confirmation opens.
      button(comment, 'button.delete')!.click();
      await comment.updateComplete;
      expect(alert(comment), 'the error goes with a new try').to.equal(null);
      expect(button(comment, 'button.delete')!.getAttribute('aria-busy')).to.equal('true');
      expect(button(comment, 'button.confirm')).to.equal(null);
      load.settle.resolve();
      await until(() => !!button(comment, 'button.confirm'), 'the confirmation');
      expect(comment.shadowRoot!.activeElement).to.equal(button(comment, 'button.confirm'));
      expect(button(comment, 'button.delete')).to.equal(null);
    } finally {
      // A load this test left pending would hold every later press.
      load.settle.reject(new Error('test over'));
      load.restore();
    }
  });

  it('should go back to 删除 from the confirmation on 取消, then open the form on 编辑', async () => {
    const comment = await mine();
    button(comment, 'button.delete')!.click();
    await until(() => !!button(comment, 'button.confirm'), 'the confirmation');
    const cancel = Array.from(comment.shadowRoot!.querySelectorAll('button')).find((b) => b.textContent === '取消')!;
    cancel.click();
    await until(() => !!button(comment, 'button.delete'), '删除 again');
    expect(comment.shadowRoot!.activeElement).to.equal(button(comment, 'button.delete'));
    button(comment, 'button.edit')!.click();
    await until(() => !!comment.shadowRoot!.querySelector('textarea'), 'the form');
    await until(() => comment.shadowRoot!.querySelector('textarea')!.value === 'my words', 'the source');
    expect(comment.shadowRoot!.querySelector('.body')).to.equal(null);
  });
});
