import { expect } from '@open-wc/testing';
import { testConfig, testToken, uniqueId } from '../../../test/support/browser.js';
import { createClient, HttpError } from './index.js';
import { rewardsApi } from './rewards.js';

async function rewards(token?: string) {
  const { server, site } = await testConfig();
  const client = createClient({ baseUrl: server, site, token });
  return { client, rewards: rewardsApi(client) };
}

describe('rewardsApi', () => {
  it('should read the site rules anonymously', async () => {
    const { rewards: api } = await rewards();
    const rules = await api.pointsRules();
    expect(rules.currency.name).to.be.a('string');
    expect(rules.rules).to.be.an('array');
  });

  it('should check in once a day with the client token and show the balance', async () => {
    const { rewards: api } = await rewards(await testToken());
    await api.checkin();
    const again = await api.checkin();
    expect(again.earned).to.equal(false);
    expect((await api.points()).balance).to.equal(again.balance);
    const history = await api.pointsHistory({ limit: 5 });
    expect(history.entries.length).to.be.at.most(5);
  });

  it('should follow setToken on the client it was made from', async () => {
    const { client, rewards: api } = await rewards(await testToken());
    client.setToken(null);
    const error = await api.points().catch((e: unknown) => e);
    expect(error).to.be.instanceOf(HttpError);
    expect((error as HttpError).status).to.equal(401);
  });

  it('should give a tracked link for a share', async () => {
    const { rewards: api } = await rewards(await testToken());
    const share = await api.share({ page: uniqueId(), channel: 'link', url: 'https://news.example.com/a/1' });
    expect(share.code).to.match(/^[0-9A-Za-z]{8}$/);
    expect(share.url).to.contain(`th_ref=${share.code}`);
    expect((await api.visit({ code: share.code, visitor: uniqueId('visitor') })).recorded).to.be.a('boolean');
  });

  it('should say what a page\'s shares earned per channel', async () => {
    const { shareSite } = await testConfig();
    const token = await testToken({ site: shareSite });
    const client = createClient({ baseUrl: (await testConfig()).server, site: shareSite, token });
    const api = rewardsApi(client);
    const page = uniqueId();
    await api.share({ page, channel: 'link', url: 'https://news.example.com/a/2' });
    const status = await api.shareStatus(page);
    expect(status.channels.find((c) => c.channel === 'link')).to.deep.equal({ channel: 'link', points: 3, earned: 3, exhausted: false });
    expect(status.channels.some((c) => c.channel === 'qzone')).to.equal(false);
    client.setToken(null);
    const error = await api.shareStatus(page).catch((e: unknown) => e);
    expect((error as HttpError).status).to.equal(401);
  });
});
