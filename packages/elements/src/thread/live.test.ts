import type { TeahouseComments } from '../comments/comments.component.js';
import { expect } from '@open-wc/testing';
import { createClient, HttpError, type TeahouseClient } from '@teahouse/client';
import type { Floor } from '@teahouse/protocol';
import { deep, mountComments, testConfig, testToken, uniqueId } from '../test-helpers.js';
import type { TeahouseComment } from '../comment/comment.component.js';
import type { TeahouseComposer } from '../composer/composer.component.js';
import type { TeahouseThread } from './thread.component.js';

const threadOf = (el: Element) => deep<TeahouseThread>(el, 'teahouse-thread')!;
const numbers = (thread: TeahouseThread) =>
  Array.from(thread.shadowRoot!.querySelectorAll('teahouse-comment')).map((c) => Number(c.getAttribute('data-floor')));
const newReplies = (thread: TeahouseThread) => thread.shadowRoot!.querySelector<HTMLButtonElement>('button.new-replies');
const focused = (thread: TeahouseThread) => Number(thread.shadowRoot!.activeElement?.getAttribute('data-floor'));
const text = (comment: Element | null) => comment?.shadowRoot?.textContent?.replace(/\s+/g, ' ') ?? '';

// Live events cross the server's fan-out: on a machine busy with three browsers, seconds apart.
function waitFor(check: () => boolean, timeout = 15_000): Promise<void> {
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

async function writer(sub: string, name = sub): Promise<TeahouseClient> {
  const { server, site } = await testConfig();
  return createClient({ baseUrl: server, site, token: await testToken({ sub, name }) });
}

describe('<teahouse-thread> live', () => {
  it('should be accessible while announcing new replies', async () => {
    const page = uniqueId();
    const other = await writer(uniqueId('u'), 'Other');
    await other.post({ page, body: 'first' });
    const el = await mountComments({ page, lang: 'zh-CN' });
    const thread = threadOf(el);
    await other.post({ page, body: 'second' });
    await waitFor(() => !!newReplies(thread));
    await expect(thread).to.be.accessible();
  });

  it('should hold floors by others behind "N new replies" and show them on click', async () => {
    const page = uniqueId();
    const other = await writer(uniqueId('u'), 'Other');
    await other.post({ page, body: 'first' });
    const el = await mountComments({ page, lang: 'zh-CN', token: await testToken({ name: 'Reader' }) });
    const thread = threadOf(el);
    expect(numbers(thread)).to.deep.equal([2]);
    await other.post({ page, body: 'second' });
    await other.post({ page, body: 'third' });
    await waitFor(() => newReplies(thread)?.textContent === '2 条新回复');
    // Nothing moves under the reader until they ask.
    expect(numbers(thread)).to.deep.equal([2]);
    expect(thread.shadowRoot!.querySelector('h2')?.textContent).to.equal('3 条回复');
    expect(thread.shadowRoot!.querySelector('[role="status"]')?.contains(newReplies(thread))).to.equal(true);
    newReplies(thread)!.click();
    await waitFor(() => !newReplies(thread));
    await thread.updateComplete;
    expect(numbers(thread)).to.deep.equal([2, 3, 4]);
    expect(newReplies(thread)).to.equal(null);
    expect(text(thread.findFloor(4))).to.contain('third');
  });

  it("should show the viewer's own new floor at once and only once", async () => {
    const page = uniqueId();
    const sub = uniqueId('me');
    const me = await writer(sub, 'Me');
    await me.post({ page, body: 'earlier' });
    const el = await mountComments({ page, lang: 'en', token: await testToken({ sub, name: 'Me' }) });
    const thread = threadOf(el);
    const composer = deep<TeahouseComposer>(el, 'teahouse-composer')!;
    composer.value = 'from the composer';
    await composer.submit();
    // From another tab of the same reader: arrives through the stream only.
    await me.post({ page, body: 'from elsewhere' });
    await waitFor(() => numbers(thread).length === 3);
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(numbers(thread)).to.deep.equal([2, 3, 4]);
    expect(newReplies(thread)).to.equal(null);
    expect(thread.shadowRoot!.querySelector('h2')?.textContent).to.equal('3 replies');
  });

  it("should show the viewer's own floor at once beyond the pages loaded, after load more, and in its place once they are", async () => {
    const page = uniqueId();
    const sub = uniqueId('me');
    const me = await writer(sub, 'Me');
    for (const body of ['a', 'b', 'c', 'd']) await me.post({ page, body });
    const el = await mountComments({ page, lang: 'en', pageSize: 2, token: await testToken({ sub, name: 'Me' }) });
    const thread = threadOf(el);
    expect(numbers(thread)).to.deep.equal([2, 3]);
    const composer = deep<TeahouseComposer>(el, 'teahouse-composer')!;
    composer.value = 'mine, on a later page';
    await composer.submit();
    await waitFor(() => numbers(thread).includes(6));
    // At once, after "Load more": floors 4 and 5 are still to come between.
    const more = () => thread.shadowRoot!.querySelector<HTMLButtonElement>('button.more');
    expect(numbers(thread)).to.deep.equal([2, 3, 6]);
    expect(more()!.compareDocumentPosition(thread.findFloor(6)!) & Node.DOCUMENT_POSITION_FOLLOWING).to.not.equal(0);
    expect(thread.shadowRoot!.querySelector('h2')?.textContent).to.equal('5 replies');
    // Its own event on the stream changes nothing.
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(numbers(thread)).to.deep.equal([2, 3, 6]);
    more()!.click();
    await waitFor(() => numbers(thread).length === 5);
    expect(numbers(thread)).to.deep.equal([2, 3, 4, 5, 6]);
    // The page after 5 is the reader's own floor: loading it shows it once, in its place.
    more()!.click();
    await waitFor(() => !more());
    expect(numbers(thread)).to.deep.equal([2, 3, 4, 5, 6]);
  });

  it('should hold floors by others behind "N new replies" while pages remain, and show them after load more', async () => {
    const page = uniqueId();
    const other = await writer(uniqueId('u'), 'Other');
    for (const body of ['a', 'b', 'c']) await other.post({ page, body });
    const el = await mountComments({ page, lang: 'zh-CN', pageSize: 2 });
    const thread = threadOf(el);
    expect(numbers(thread)).to.deep.equal([2, 3]);
    await other.post({ page, body: 'new' });
    await waitFor(() => newReplies(thread)?.textContent === '1 条新回复');
    expect(numbers(thread)).to.deep.equal([2, 3]);
    expect(thread.shadowRoot!.querySelector('h2')?.textContent).to.equal('4 条回复');
    newReplies(thread)!.click();
    await waitFor(() => focused(thread) === 5);
    expect(numbers(thread)).to.deep.equal([2, 3, 5]);
    thread.shadowRoot!.querySelector<HTMLButtonElement>('button.more')!.click();
    await waitFor(() => numbers(thread).length === 4);
    expect(numbers(thread)).to.deep.equal([2, 3, 4, 5]);
    expect(thread.shadowRoot!.querySelector('button.more')).to.equal(null);
  });

  it('should apply edits and deletions in place, and mark quotes of a deleted floor', async () => {
    const page = uniqueId();
    const other = await writer(uniqueId('u'), 'Other');
    const target = await other.post({ page, body: 'original text' });
    await other.post({ page, body: 'quoting it', quote: target.number });
    const el = await mountComments({ page, lang: 'en' });
    const thread = threadOf(el);
    await other.edit({ page, number: target.number, body: 'better text' });
    await waitFor(() => text(thread.findFloor(target.number)).includes('better text'));
    expect(text(thread.findFloor(target.number))).to.match(/edited/);
    await waitFor(() => text(thread.findFloor(3)).includes('better text'));
    await other.remove({ page, number: target.number });
    await waitFor(() => !!thread.findFloor(target.number)?.shadowRoot?.querySelector('.deleted'));
    expect(text(thread.findFloor(target.number))).to.contain('This floor was deleted.');
    expect(text(thread.findFloor(target.number))).not.to.contain('better text');
    const quote = thread.findFloor(3)!.shadowRoot!.querySelector('.quote')!;
    expect(quote.textContent).to.contain('This reply was deleted');
    expect(quote.querySelector('a')?.getAttribute('href')).to.equal(`#floor-${target.number}`);
    expect(numbers(thread)).to.deep.equal([2, 3]);
  });
});

describe('<teahouse-thread> live in every view', () => {
  const tab = (thread: Element, label: string) =>
    Array.from(thread.shadowRoot!.querySelectorAll<HTMLButtonElement>('button')).find((b) => b.textContent?.trim() === label)!;
  const heading = (thread: TeahouseThread) => thread.shadowRoot!.querySelector('h2')?.textContent;
  const shown = (thread: TeahouseThread, expected: number[]) =>
    waitFor(() => JSON.stringify(numbers(thread)) === JSON.stringify(expected) && !thread.shadowRoot!.querySelector('[aria-busy=true]'));
  const depthOf = (comment: Element) => {
    let depth = 0;
    for (let node = comment.parentElement; node; node = node.parentElement) if (node.classList.contains('replies')) depth++;
    return depth;
  };

  it('should move focus to the first revealed floor, oldest first', async () => {
    const page = uniqueId();
    const other = await writer(uniqueId('u'), 'Other');
    await other.post({ page, body: 'first' });
    const thread = threadOf(await mountComments({ page, lang: 'zh-CN' }));
    await other.post({ page, body: 'second' });
    await other.post({ page, body: 'third' });
    await waitFor(() => newReplies(thread)?.textContent === '2 条新回复');
    newReplies(thread)!.focus();
    newReplies(thread)!.click();
    await waitFor(() => focused(thread) === 3);
    expect(numbers(thread)).to.deep.equal([2, 3, 4]);
    expect(thread.shadowRoot!.activeElement).to.equal(thread.findFloor(3));
    expect(heading(thread)).to.equal('3 条回复');
  });

  it('should hold new floors newest first and reveal them at the top', async () => {
    const page = uniqueId();
    const other = await writer(uniqueId('u'), 'Other');
    await other.post({ page, body: 'a' });
    await other.post({ page, body: 'b' });
    const thread = threadOf(await mountComments({ page, lang: 'zh-CN', token: await testToken({ name: 'Reader' }) }));
    tab(thread, '最新').click();
    await shown(thread, [3, 2]);
    await other.post({ page, body: 'c' });
    await other.post({ page, body: 'd' });
    await waitFor(() => newReplies(thread)?.textContent === '2 条新回复');
    expect(numbers(thread)).to.deep.equal([3, 2]);
    expect(heading(thread)).to.equal('4 条回复');
    // Above the floors, where they will appear.
    expect(newReplies(thread)!.compareDocumentPosition(thread.findFloor(3)!) & Node.DOCUMENT_POSITION_FOLLOWING).to.not.equal(0);
    newReplies(thread)!.click();
    await waitFor(() => focused(thread) === 5);
    expect(numbers(thread)).to.deep.equal([5, 4, 3, 2]);
    expect(newReplies(thread)).to.equal(null);
    expect(text(thread.findFloor(5))).to.contain('d');
    await other.edit({ page, number: 4, body: 'c, edited' });
    await waitFor(() => text(thread.findFloor(4)).includes('c, edited'));
  });

  it('should place a new reply under its root in the nested view and hold new top-level floors', async function (this: { timeout(ms: number): void }) {
    // Eight round trips to the server and as many live events: more than the default on a busy machine.
    this.timeout(45_000);
    const page = uniqueId();
    const other = await writer(uniqueId('u'), 'Other');
    await other.post({ page, body: 'root' });
    await other.post({ page, body: 'one', parent: 2 });
    await other.post({ page, body: 'second root' });
    const thread = threadOf(await mountComments({ page, lang: 'zh-CN' }));
    tab(thread, '嵌套').click();
    await waitFor(() => thread.store?.view === 'nested');
    await shown(thread, [2, 3, 4]);
    await other.post({ page, body: 'two', parent: 3 });
    await other.post({ page, body: 'three', parent: 5 });
    // Below the default depth cap of 2: beside its parent, naming whom it answers.
    await shown(thread, [2, 3, 5, 6, 4]);
    expect([3, 5, 6].map((n) => depthOf(thread.findFloor(n)!))).to.deep.equal([1, 2, 2]);
    expect((thread.findFloor(6) as TeahouseComment).replyTo).to.equal('Other');
    expect(newReplies(thread)).to.equal(null);
    expect(heading(thread)).to.equal('5 条回复');
    await other.post({ page, body: 'third root' });
    await waitFor(() => newReplies(thread)?.textContent === '1 条新回复');
    expect(numbers(thread)).to.deep.equal([2, 3, 5, 6, 4]);
    newReplies(thread)!.click();
    await waitFor(() => focused(thread) === 7);
    expect(numbers(thread)).to.deep.equal([2, 3, 5, 6, 4, 7]);
    expect(depthOf(thread.findFloor(7)!)).to.equal(0);
    await other.edit({ page, number: 5, body: 'two, edited' });
    await waitFor(() => text(thread.findFloor(5)).includes('two, edited'));
    await other.remove({ page, number: 3 });
    await waitFor(() => !!thread.findFloor(3)?.shadowRoot?.querySelector('.deleted'));
  });

  it("should count only the filtered author's new floors", async () => {
    const page = uniqueId();
    const ann = await writer(uniqueId('ann'), 'Ann');
    const bob = await writer(uniqueId('bob'), 'Bob');
    await ann.post({ page, body: 'a1' });
    await bob.post({ page, body: 'b1' });
    const thread = threadOf(await mountComments({ page, lang: 'zh-CN' }));
    tab(thread.findFloor(3)!, '只看该作者').click();
    await shown(thread, [3]);
    await ann.post({ page, body: 'a2' });
    await bob.post({ page, body: 'b2' });
    await ann.post({ page, body: 'a3' });
    await waitFor(() => heading(thread) === '5 条回复');
    expect(newReplies(thread)?.textContent).to.equal('1 条新回复');
    newReplies(thread)!.click();
    await waitFor(() => focused(thread) === 5);
    expect(numbers(thread)).to.deep.equal([3, 5]);
  });

  it('should reveal new floors at the end of the hottest ranking, where a floor without reactions ranks', async () => {
    const page = uniqueId();
    const other = await writer(uniqueId('u'), 'Other');
    await other.post({ page, body: 'a' });
    await other.post({ page, body: 'b' });
    const thread = threadOf(await mountComments({ page, lang: 'zh-CN' }));
    tab(thread, '最热').click();
    await waitFor(() => thread.store?.sort === 'hottest');
    await shown(thread, [2, 3]);
    await other.post({ page, body: 'c' });
    await waitFor(() => newReplies(thread)?.textContent === '1 条新回复');
    expect(numbers(thread)).to.deep.equal([2, 3]);
    newReplies(thread)!.click();
    await waitFor(() => focused(thread) === 4);
    expect(numbers(thread)).to.deep.equal([2, 3, 4]);
  });
});

describe('<teahouse-comment> edit and delete', () => {
  async function mine() {
    const page = uniqueId();
    const sub = uniqueId('me');
    const me = await writer(sub, 'Me');
    const own = await me.post({ page, body: 'my **first** words' });
    await (await writer(uniqueId('u'), 'Other')).post({ page, body: 'not mine' });
    const el = await mountComments({ page, lang: 'zh-CN', token: await testToken({ sub, name: 'Me' }) });
    const thread = threadOf(el);
    return { page, own, thread, comment: thread.findFloor(own.number) as TeahouseComment, other: thread.findFloor(own.number + 1) as TeahouseComment };
  }
  /** The `<teahouse-comments>` a floor belongs to, across the shadow roots in between. */
  const commentsOf = (comment: Element): Element => ((comment.getRootNode() as ShadowRoot).host.getRootNode() as ShadowRoot).host;
  const button = (comment: TeahouseComment, selector: string) => comment.shadowRoot!.querySelector<HTMLButtonElement>(selector);

  it('should be accessible with the owner actions and the editor', async () => {
    const { comment } = await mine();
    await expect(comment).to.be.accessible();
    button(comment, 'button.edit')!.click();
    await waitFor(() => comment.shadowRoot!.querySelector('textarea')?.value === 'my **first** words');
    await expect(comment).to.be.accessible();
  });

  it("should offer 编辑 and 删除 on the viewer's own floors only", async () => {
    const { comment, other } = await mine();
    expect(button(comment, 'button.edit')?.textContent).to.equal('编辑');
    expect(button(comment, 'button.delete')?.textContent).to.equal('删除');
    expect(button(comment, 'button.edit')?.getAttribute('aria-label')).to.equal('编辑 沙发');
    expect(button(other, 'button.edit')).to.equal(null);
    expect(button(other, 'button.delete')).to.equal(null);
  });

  it('should edit inline from the source and show 编辑于', async () => {
    const { comment, own, thread } = await mine();
    const updates: Floor[] = [];
    thread.addEventListener('teahouse-comment-updated', (e) => updates.push(e.detail.floor));
    button(comment, 'button.edit')!.click();
    await waitFor(() => comment.shadowRoot!.querySelector('textarea')?.value === 'my **first** words');
    const textarea = comment.shadowRoot!.querySelector('textarea')!;
    expect(comment.shadowRoot!.activeElement).to.equal(textarea);
    textarea.value = 'my *second* words';
    textarea.dispatchEvent(new Event('input'));
    button(comment, 'button.save')!.click();
    await waitFor(() => !comment.shadowRoot!.querySelector('textarea'));
    expect(comment.shadowRoot!.querySelector('.body em')?.textContent).to.equal('second');
    expect(comment.shadowRoot!.querySelector('.edited')?.textContent).to.match(/^编辑于 /);
    expect(updates.map((f) => f.number)).to.deep.equal([own.number]);
    expect(thread.store!.floors.find((f) => f.number === own.number)?.editedAt).to.be.a('string');
  });

  it('should cancel an edit with Escape and leave the floor as it was', async () => {
    const { comment } = await mine();
    button(comment, 'button.edit')!.click();
    await waitFor(() => !!comment.shadowRoot!.querySelector('textarea')?.value);
    const textarea = comment.shadowRoot!.querySelector('textarea')!;
    textarea.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape' }));
    await comment.updateComplete;
    expect(comment.shadowRoot!.querySelector('textarea')).to.equal(null);
    expect(comment.shadowRoot!.querySelector('.body strong')?.textContent).to.equal('first');
    expect(comment.shadowRoot!.querySelector('.edited')).to.equal(null);
  });

  it('should delete after an inline confirmation, leaving a tombstone', async () => {
    const { comment } = await mine();
    let confirms = 0;
    const original = window.confirm;
    window.confirm = () => {
      confirms += 1;
      return true;
    };
    try {
      button(comment, 'button.delete')!.click();
      // The confirmation's code loads on the first press.
      await waitFor(() => !!button(comment, 'button.confirm'));
      const confirm = button(comment, 'button.confirm')!;
      expect(confirm.textContent).to.equal('确认删除');
      expect(comment.shadowRoot!.activeElement).to.equal(confirm);
      // Nothing is deleted before the second press.
      expect(comment.shadowRoot!.querySelector('.deleted')).to.equal(null);
      confirm.click();
      await waitFor(() => !!comment.shadowRoot!.querySelector('.deleted'));
      expect(comment.shadowRoot!.querySelector('.deleted')?.textContent).to.equal('该楼层已删除');
      expect(comment.shadowRoot!.querySelector('.body')).to.equal(null);
      expect(button(comment, 'button.edit')).to.equal(null);
      expect(confirms).to.equal(0);
    } finally {
      window.confirm = original;
    }
  });

  it('should explain when the server says the edit window has passed', async () => {
    const { comment } = await mine();
    // The window closed between render and the press; the server decides and answers 409.
    const host = commentsOf(comment) as TeahouseComments;
    host.store.client!.remove = async () => {
      throw new HttpError(409, { error: { code: 'conflict', message: 'too late' } }, new Request('http://127.0.0.1/'));
    };
    button(comment, 'button.delete')!.click();
    await waitFor(() => !!button(comment, 'button.confirm'));
    button(comment, 'button.confirm')!.click();
    await waitFor(() => !!comment.shadowRoot!.querySelector('[role="alert"]'));
    expect(comment.shadowRoot!.querySelector('[role="alert"]')?.textContent).to.equal('已超过可编辑或删除的时间。');
    expect(comment.shadowRoot!.querySelector('.deleted')).to.equal(null);
  });
});

describe('<teahouse-composer> preview', () => {
  it('should toggle between writing and the formatted preview', async () => {
    const el = await mountComments({ lang: 'zh-CN', token: await testToken() });
    const composer = deep<TeahouseComposer>(el, 'teahouse-composer')!;
    const textarea = composer.shadowRoot!.querySelector('textarea')!;
    textarea.value = '**粗体** 和 `code`';
    textarea.dispatchEvent(new Event('input'));
    await composer.updateComplete;
    const toggle = composer.shadowRoot!.querySelector<HTMLButtonElement>('button.toggle[aria-pressed]')!;
    expect(toggle.textContent?.trim()).to.equal('预览');
    expect(toggle.getAttribute('aria-pressed')).to.equal('false');
    toggle.click();
    await waitFor(() => !!composer.shadowRoot!.querySelector('.preview strong'));
    expect(composer.shadowRoot!.querySelector('.preview strong')?.textContent).to.equal('粗体');
    expect(composer.shadowRoot!.querySelector('.preview code')?.textContent).to.equal('code');
    expect(toggle.getAttribute('aria-pressed')).to.equal('true');
    expect(textarea.hidden).to.equal(true);
    await expect(composer).to.be.accessible();
    toggle.click();
    await composer.updateComplete;
    expect(composer.shadowRoot!.querySelector('.preview')).to.equal(null);
    expect(textarea.hidden).to.equal(false);
    expect(textarea.value).to.equal('**粗体** 和 `code`');
  });
});
