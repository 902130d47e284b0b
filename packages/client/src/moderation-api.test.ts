import { expect } from '@open-wc/testing';
import { testConfig, testToken, uniqueId } from '../../../test/support/browser.js';
import { createClient, HttpError } from './index.js';
import { moderationApi, reportFloor } from './moderation.js';

async function clientFor(sub: string, name = sub) {
  const { server, modSite } = await testConfig();
  return createClient({ baseUrl: server, site: modSite, token: await testToken({ site: modSite, sub, name }) });
}

describe('moderationApi', () => {
  it('should report a floor once and let a moderator hide it from the queue', async () => {
    const page = uniqueId();
    const author = await clientFor(uniqueId('author'));
    const floor = await author.post({ page, body: 'a floor worth a report' });
    const reader = await clientFor(uniqueId('reader'));
    const first = await reportFloor(reader, { page, number: floor.number, reason: 'spam', note: 'ads' });
    expect(first.created).to.equal(true);
    expect((await moderationApi(reader).report({ page, number: floor.number, reason: 'abuse' })).created).to.equal(false);

    const mod = moderationApi(await clientFor('wtr-mod', 'Moderator'));
    const queued = await mod.queue({ page, kind: 'reported' });
    expect(queued.items.map((item) => item.floor.id)).to.deep.equal([floor.id]);
    expect(queued.items[0]!.reports.notes[0]!.note).to.equal('ads');
    const result = await mod.act(floor.id, 'hide', 'advertising');
    expect(result.item.floor.status).to.equal('hidden');
    expect((await mod.queue({ page })).items).to.deep.equal([]);
    const context = await mod.floor(floor.id);
    expect(context.item.floor.status).to.equal('hidden');
    expect((await author.bootstrap({ page })).page.floors).to.deep.equal([]);
    const log = await mod.audit({ page });
    expect(log.entries[0]!.action).to.equal('hide');
    expect(log.entries[0]!.reason).to.equal('advertising');
  });

  it('should ban and unban a commenter, and keep word lists', async () => {
    const page = uniqueId();
    const sub = uniqueId('troll');
    const troll = await clientFor(sub);
    const floor = await troll.post({ page, body: 'first post' });
    const admin = moderationApi(await clientFor('wtr-admin', 'Admin'));
    const until = new Date(Date.now() + 3_600_000).toISOString();
    const ban = await admin.ban({ user: floor.author!.id, reason: 'trolling', until });
    expect(ban.until).to.equal(until);
    const refused = await troll.post({ page, body: 'again' }).catch((e: unknown) => e);
    expect(refused).to.be.instanceOf(HttpError);
    expect((refused as HttpError).status).to.equal(403);
    expect((refused as HttpError).body?.error.details?.ban?.until).to.equal(until);
    expect((await admin.bans({ kind: 'ban' })).bans.some((b) => b.user.id === floor.author!.id)).to.equal(true);
    expect((await admin.unban(floor.author!.id, { reason: 'served' })).lifted).to.deep.equal(['ban']);
    expect((await troll.post({ page, body: 'reformed' })).status).to.equal('published');

    const before = await admin.words();
    const lists = await admin.setWords({ banned: [...before.banned, 'wtr-banned-word'], suspect: before.suspect });
    expect(lists.banned).to.include('wtr-banned-word');
    const rejected = await troll.post({ page, body: 'say wtr-banned-word' }).catch((e: unknown) => e);
    expect((rejected as HttpError).status).to.equal(422);
    await admin.setWords(before);
    expect((await admin.settings()).reportThreshold).to.equal(2);
  });

  it('should refuse the moderation API to a reader', async () => {
    const reader = moderationApi(await clientFor(uniqueId('reader')));
    const error = await reader.queue().catch((e: unknown) => e);
    expect(error).to.be.instanceOf(HttpError);
    expect((error as HttpError).status).to.equal(403);
    expect((error as HttpError).code).to.equal('forbidden');
  });
});
