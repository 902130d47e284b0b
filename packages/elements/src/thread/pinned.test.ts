import { expect } from '@open-wc/testing';
import { createClient } from '@teahouse/client';
import { moderationApi } from '@teahouse/client/moderation';
import { deep, mountComments, testConfig, testToken, uniqueId } from '../test-helpers.js';
import type { TeahouseThread } from './thread.component.js';

async function clientAs(site: string, sub: string, name: string) {
  return createClient({ baseUrl: (await testConfig()).server, site, token: await testToken({ site, sub, name }) });
}

const section = (thread: TeahouseThread) => thread.shadowRoot!.querySelector('section.pinned');
const pinnedNumbers = (thread: TeahouseThread) =>
  Array.from(section(thread)?.querySelectorAll('teahouse-comment') ?? []).map((c) => Number(c.getAttribute('data-hot')));

describe('<teahouse-thread> pinned floors (置顶)', () => {
  it('should show a floor a moderator pinned above the thread, to every reader, until it is unpinned', async () => {
    const { modSite } = await testConfig();
    const page = uniqueId();
    const reader = await clientAs(modSite, `${page}-reader`, '读者');
    await reader.post({ page, body: '第一条' });
    const second = await reader.post({ page, body: '值得置顶的一条' });
    const mod = moderationApi(await clientAs(modSite, 'wtr-mod', 'Mod'));

    await mod.act(second.id, 'pin');
    const comments = await mountComments({ site: modSite, page, lang: 'zh-CN' });
    const thread = deep<TeahouseThread>(comments, 'teahouse-thread')!;
    await thread.updateComplete;
    expect(section(thread)?.querySelector('h3')?.textContent).to.equal('置顶');
    expect(pinnedNumbers(thread)).to.deep.equal([second.number]);
    // The floor also stays in its place below.
    expect(thread.shadowRoot!.querySelector(`teahouse-comment[data-floor="${second.number}"]`)).to.not.equal(null);

    await mod.act(second.id, 'unpin');
    const again = await mountComments({ site: modSite, page, lang: 'en' });
    const thread2 = deep<TeahouseThread>(again, 'teahouse-thread')!;
    await thread2.updateComplete;
    expect(section(thread2)).to.equal(null);
  });
});
