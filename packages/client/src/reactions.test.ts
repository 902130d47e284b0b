import { expect } from '@open-wc/testing';
import { testConfig, testToken, uniqueId } from '../../../test/support/browser.js';
import { createClient, HttpError } from './index.js';

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the promise to reject');
}

describe('client reactions', () => {
  it('should set a reaction on and off and read it back with the bootstrap', async () => {
    const { server, site } = await testConfig();
    const token = await testToken({ name: 'Reactor' });
    const api = createClient({ baseUrl: server, site, token });
    const page = uniqueId();
    await createClient({ baseUrl: server, site, token: await testToken() }).post({ page, body: 'floor' });
    expect(await api.react({ page, target: 2, key: 'up', on: true })).to.deep.equal({ target: 2, counts: { up: 1 }, mine: ['up'] });
    const data = await api.bootstrap({ page });
    expect(data.mine).to.deep.equal({ 2: ['up'] });
    expect(data.site.reactions?.options.map((o) => o.key)).to.deep.equal(['up', 'down']);
    expect(await api.react({ page, target: 2, key: 'up', on: false })).to.deep.equal({ target: 2, counts: {}, mine: [] });
  });

  it('should refuse a visitor token and the names of reactors where the site does not allow them', async () => {
    const { server, site } = await testConfig();
    const api = createClient({ baseUrl: server, site });
    const visitor = await rejection(api.visitor());
    expect(visitor).to.be.instanceOf(HttpError);
    expect((visitor as HttpError).status).to.equal(403);
    const who = await rejection(api.who({ page: uniqueId(), target: 1, key: 'up' }));
    expect((who as HttpError).code).to.equal('forbidden');
  });

  it('should react anonymously with the visitor token it was given', async () => {
    const { server, anonSite } = await testConfig();
    const api = createClient({ baseUrl: server, site: anonSite });
    const page = uniqueId();
    const before = await rejection(api.react({ page, target: 1, key: 'up', on: true }));
    expect((before as HttpError).status).to.equal(401);
    const { token, expiresAt } = await api.visitor();
    expect(token.split('.')).to.have.length(3);
    expect(Date.parse(expiresAt)).to.be.greaterThan(Date.now());
    expect(await api.react({ page, target: 1, key: 'up', on: true })).to.deep.equal({ target: 1, counts: { up: 1 }, mine: ['up'] });
    const again = createClient({ baseUrl: server, site: anonSite, visitorToken: token });
    expect((await again.bootstrap({ page })).mine).to.deep.equal({ 1: ['up'] });
  });
});
