import { expect, oneEvent } from '@open-wc/testing';
import type { Floor } from '@teahouse/protocol';
import { deep, testConfig, testToken, uniqueId } from '../test-helpers.js';
import type { TeahouseComments } from './comments.component.js';
import type { TeahouseComposer } from '../composer/composer.component.js';

const containers: Element[] = [];
afterEach(() => {
  for (const container of containers.splice(0)) container.remove();
});

/** A `<teahouse-comments>` whose reader token comes from `getToken` only. */
async function mountWithGetToken(getToken: () => Promise<string | null>): Promise<TeahouseComments> {
  const config = await testConfig();
  const container = document.createElement('div');
  document.body.append(container);
  containers.push(container);
  const el = document.createElement('teahouse-comments');
  el.server = config.server;
  el.site = config.site;
  el.page = uniqueId();
  el.getToken = getToken;
  const ready = oneEvent(el, 'teahouse-ready');
  container.append(el);
  await ready;
  return el;
}

async function post(el: TeahouseComments, text: string): Promise<CustomEvent<{ floor: Floor }> | CustomEvent<{ error: unknown }>> {
  const composer = deep<TeahouseComposer>(el, 'teahouse-composer')!;
  composer.value = text;
  await composer.updateComplete;
  const done = Promise.race([oneEvent(el, 'teahouse-comment-created'), oneEvent(el, 'teahouse-error')]);
  void composer.submit();
  return done;
}

describe('<teahouse-comments> reader tokens', () => {
  it('should ask getToken for a new token a minute before the one held expires', async () => {
    const calls: number[] = [];
    const el = await mountWithGetToken(async () => {
      calls.push(Date.now());
      // The first token has 30 s left: the next request must not go out with it.
      return calls.length === 1 ? testToken({ name: 'Short Lived', ttl: 30 }) : testToken({ name: 'Renewed', ttl: 3600 });
    });
    expect(el.shadowRoot!.querySelector('teahouse-composer')).to.not.equal(null);
    expect(calls.length, 'the bootstrap fetched a token').to.be.at.least(1);
    // The next request after the bootstrap (the share bar's rules, or this post) renews it.
    const first = await post(el, 'with a fresh token');
    expect(first.type).to.equal('teahouse-comment-created');
    expect((first as CustomEvent<{ floor: Floor }>).detail.floor.author?.name).to.equal('Renewed');
    expect(calls.length).to.equal(2);
    await post(el, 'and the same token again');
    expect(calls.length, 'a token with an hour left is kept').to.equal(2);
  });

  it('should ask getToken once more when the server answers token_expired, then retry', async () => {
    // The reader's clock runs ten minutes slow: a token that expired two minutes ago looks good to it.
    const realNow = Date.now;
    Date.now = () => realNow() - 600_000;
    try {
      let calls = 0;
      const el = await mountWithGetToken(async () => {
        calls += 1;
        return testToken({ name: calls === 1 ? 'Stale' : 'Fresh', ttl: calls === 1 ? -120 : 3600 });
      });
      expect(calls, 'the bootstrap was refused once and retried with a new token').to.equal(2);
      expect(el.shadowRoot!.querySelector('[role="alert"]')).to.equal(null);
      const done = await post(el, 'after the retry');
      expect((done as CustomEvent<{ floor: Floor }>).detail.floor.author?.name).to.equal('Fresh');
      expect(calls).to.equal(2);
    } finally {
      Date.now = realNow;
    }
  });

  it('should retry only once when getToken keeps handing out an expired token', async () => {
    const realNow = Date.now;
    Date.now = () => realNow() - 600_000;
    try {
      let calls = 0;
      const config = await testConfig();
      const container = document.createElement('div');
      document.body.append(container);
      containers.push(container);
      const el = document.createElement('teahouse-comments');
      el.server = config.server;
      el.site = config.site;
      el.page = uniqueId();
      el.getToken = async () => {
        calls += 1;
        return testToken({ ttl: -120 });
      };
      const failed = oneEvent(el, 'teahouse-error');
      container.append(el);
      const { detail } = await failed;
      expect((detail.error as { code?: string }).code).to.equal('token_expired');
      expect(calls).to.equal(2);
    } finally {
      Date.now = realNow;
    }
  });
});
