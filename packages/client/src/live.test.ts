import { expect } from '@open-wc/testing';
import type { ThreadEvent } from '@teahouse/protocol';
import { testConfig, testToken, uniqueId } from '../../../test/support/browser.js';
import { createClient, HttpError } from './index.js';
import { subscribe } from './live.js';

async function client(token?: string) {
  const { server, site } = await testConfig();
  return createClient({ baseUrl: server, site, token: token ?? null });
}

/** Collects events until `count` have arrived. */
function collect(api: Awaited<ReturnType<typeof client>>, page: string, lastEventId?: string | null) {
  const events: { event: ThreadEvent; id: string }[] = [];
  let waiting: (() => void) | undefined;
  const stop = subscribe(api, { page, lastEventId }, (event, id) => {
    events.push({ event, id });
    waiting?.();
  });
  const until = async (count: number, ms = 5000) => {
    const deadline = Date.now() + ms;
    while (events.length < count) {
      if (Date.now() > deadline) throw new Error(`only ${events.length} of ${count} events arrived`);
      await new Promise<void>((resolve) => {
        waiting = resolve;
        setTimeout(resolve, 100);
      });
    }
    return events;
  };
  return { events, until, stop };
}

describe('client live events and edits', () => {
  it('should deliver new floors, edits and deletions live, in order', async () => {
    const page = uniqueId();
    const writer = await client(await testToken({ name: 'Writer' }));
    const first = await writer.post({ page, body: 'one' });
    const reader = await client();
    const boot = await reader.bootstrap({ page });
    expect(boot.lastEventId).to.be.a('string');
    const live = collect(reader, page, boot.lastEventId);
    try {
      const second = await writer.post({ page, body: 'two' });
      await writer.edit({ page, number: first.number, body: 'one, *edited*' });
      await writer.remove({ page, number: second.number });
      const events = await live.until(3);
      expect(events.map((e) => e.event.type)).to.deep.equal(['floor.created', 'floor.updated', 'floor.updated']);
      const [created, edited, removed] = events.map((e) => e.event);
      expect(created?.type === 'floor.created' && created.floor.number).to.equal(second.number);
      expect(edited?.type === 'floor.updated' && edited.floor.editedAt).to.be.a('string');
      expect(removed?.type === 'floor.updated' && removed.floor.status).to.equal('deleted');
      const ids = events.map((e) => Number(e.id));
      expect([...ids].sort((a, b) => a - b)).to.deep.equal(ids);
    } finally {
      live.stop();
    }
  });

  it('should resume from a bootstrap id without missing what was posted in between', async () => {
    const page = uniqueId();
    const writer = await client(await testToken({ name: 'Writer' }));
    await writer.post({ page, body: 'before' });
    const boot = await (await client()).bootstrap({ page });
    // Posted after the snapshot but before subscribing: must still arrive, once.
    const between = await writer.post({ page, body: 'between' });
    const live = collect(await client(), page, boot.lastEventId);
    try {
      const after = await writer.post({ page, body: 'after' });
      const events = await live.until(2);
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(events.map((e) => (e.event.type === 'floor.created' ? e.event.floor.number : 0))).to.deep.equal([between.number, after.number]);
    } finally {
      live.stop();
    }
  });

  it("should fetch the author's source, preview a body and refuse others' edits", async () => {
    const page = uniqueId();
    const author = await client(await testToken({ name: 'Author' }));
    const floor = await author.post({ page, body: '**bold** text' });
    expect(await author.source({ page, number: floor.number })).to.equal('**bold** text');
    const tree = await author.preview('*hi* @Ann');
    expect(JSON.stringify(tree)).to.contain('"emphasis"').and.contain('"mention"');
    const other = await client(await testToken({ name: 'Other' }));
    let error: unknown;
    try {
      await other.edit({ page, number: floor.number, body: 'mine now' });
    } catch (e) {
      error = e;
    }
    expect(error).to.be.instanceOf(HttpError);
    expect((error as HttpError).status).to.equal(403);
  });
});
