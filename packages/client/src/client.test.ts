import { expect } from '@open-wc/testing';
import { testConfig, testToken, uniqueId } from '../../../test/support/browser.js';
import {
  createClient, HttpError, NetworkError, TeahouseError, TimeoutError, ValidationError,
} from './index.js';

async function client(options: { token?: string | null; getToken?: () => Promise<string> } = {}) {
  const { server, site } = await testConfig();
  return createClient({ baseUrl: server, site, ...options });
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the promise to reject');
}

describe('createClient', () => {
  it('should bootstrap an unknown page as an empty thread', async () => {
    const api = await client();
    const page = uniqueId();
    const data = await api.bootstrap({ page });
    expect(data.thread.id).to.equal(null);
    expect(data.thread.page).to.equal(page);
    expect(data.page.floors).to.deep.equal([]);
    expect(data.viewer).to.equal(null);
    expect(data.site.maxBodyLength).to.be.greaterThan(0);
  });

  it('should post a floor with a token and see it in the bootstrap', async () => {
    const token = await testToken({ name: 'Poster' });
    const api = await client({ token });
    const page = uniqueId();
    const floor = await api.post({ page, body: 'Hello **world**' });
    expect(floor.number).to.equal(2);
    expect(floor.author?.name).to.equal('Poster');
    const data = await api.bootstrap({ page });
    expect(data.viewer?.user.name).to.equal('Poster');
    expect(data.page.floors.map((f) => f.number)).to.deep.equal([2]);
    expect(data.thread.replyCount).to.equal(1);
  });

  it('should take the token from getToken when none is set', async () => {
    let calls = 0;
    const api = await client({
      getToken: async () => {
        calls += 1;
        return testToken({ name: 'Lazy' });
      },
    });
    const floor = await api.post({ page: uniqueId(), body: 'lazy token' });
    expect(floor.author?.name).to.equal('Lazy');
    expect(calls).to.equal(1);
  });

  it('should reject a post without a token with an HttpError 401', async () => {
    const api = await client();
    const error = await rejection(api.post({ page: uniqueId(), body: 'anonymous' }));
    expect(error).to.be.instanceOf(HttpError);
    expect(error).to.be.instanceOf(TeahouseError);
    const http = error as HttpError;
    expect(http.status).to.equal(401);
    expect(http.code).to.equal('unauthorized');
    expect(http.body?.error.code).to.equal('unauthorized');
  });

  it('should stop sending the token after setToken(null)', async () => {
    const api = await client({ token: await testToken() });
    api.setToken(null);
    const error = await rejection(api.post({ page: uniqueId(), body: 'logged out' }));
    expect((error as HttpError).status).to.equal(401);
  });

  it('should map invalid input to an HttpError with code validation_failed', async () => {
    const api = await client({ token: await testToken() });
    const error = await rejection(api.post({ page: uniqueId(), body: '' }));
    expect(error).to.be.instanceOf(HttpError);
    const http = error as HttpError;
    expect(http.status).to.equal(400);
    expect(http.code).to.equal('validation_failed');
    expect(http.message).to.be.a('string').and.not.equal('');
  });

  it('should page floors with a cursor', async () => {
    const api = await client({ token: await testToken() });
    const page = uniqueId();
    for (let i = 0; i < 3; i += 1) await api.post({ page, body: `floor ${i}` });
    const first = await api.floors({ page, limit: 2 });
    expect(first.floors.map((f) => f.number)).to.deep.equal([2, 3]);
    expect(first.next).to.be.a('string');
    const second = await api.floors({ page, limit: 2, cursor: first.next });
    expect(second.floors.map((f) => f.number)).to.deep.equal([4]);
    expect(second.next).to.equal(null);
  });

  it('should fetch one floor by number and 404 an unknown one', async () => {
    const api = await client({ token: await testToken() });
    const page = uniqueId();
    await api.post({ page, body: 'only floor' });
    const floor = await api.floor({ page, number: 2 });
    expect(floor.number).to.equal(2);
    const error = await rejection(api.floor({ page, number: 99 }));
    expect((error as HttpError).status).to.equal(404);
    expect((error as HttpError).code).to.equal('not_found');
  });

  it('should throw a ValidationError when the response does not match the protocol', async () => {
    const api = createClient({
      baseUrl: 'http://teahouse.invalid',
      site: 'demo',
      fetch: async () => new Response(JSON.stringify({ floors: 'nope' }), {
        status: 200,
        headers: { 'content-type': 'application/json' },
      }),
    });
    const error = await rejection(api.floors({ page: 'p' }));
    expect(error).to.be.instanceOf(ValidationError);
    expect((error as ValidationError).issues.length).to.be.greaterThan(0);
  });

  it('should keep the status when an error body is not the protocol shape', async () => {
    const api = createClient({
      baseUrl: 'http://teahouse.invalid',
      site: 'demo',
      retries: 0,
      fetch: async () => new Response('<h1>Bad gateway</h1>', { status: 502 }),
    });
    const error = await rejection(api.bootstrap({ page: 'p' }));
    expect(error).to.be.instanceOf(HttpError);
    expect((error as HttpError).status).to.equal(502);
    expect((error as HttpError).body).to.equal(undefined);
  });

  it('should throw a TimeoutError when the server is too slow', async () => {
    const api = createClient({
      baseUrl: 'http://teahouse.invalid',
      site: 'demo',
      timeout: 50,
      retries: 0,
      fetch: (_input, init) =>
        new Promise((_resolve, reject) => {
          init?.signal?.addEventListener('abort', () => reject(init.signal?.reason));
        }),
    });
    const error = await rejection(api.bootstrap({ page: 'p' }));
    expect(error).to.be.instanceOf(TimeoutError);
  });

  it('should throw a NetworkError when nothing answers', async () => {
    const api = createClient({ baseUrl: 'http://127.0.0.1:9', site: 'demo', retries: 0 });
    const error = await rejection(api.bootstrap({ page: 'p' }));
    expect(error).to.be.instanceOf(NetworkError);
  });

  it('should retry a GET but never a POST', async () => {
    let calls = 0;
    const failing = async () => {
      calls += 1;
      return new Response('{}', { status: 503 });
    };
    const get = createClient({ baseUrl: 'http://teahouse.invalid', site: 'demo', retries: 1, fetch: failing });
    await rejection(get.bootstrap({ page: 'p' }));
    expect(calls).to.equal(2);
    calls = 0;
    const post = createClient({ baseUrl: 'http://teahouse.invalid', site: 'demo', retries: 1, fetch: failing });
    await rejection(post.post({ page: 'p', body: 'x' }));
    expect(calls).to.equal(1);
  });
});

describe('createClient retries', () => {
  /** A fetch that answers `answers` in turn (the last one from then on), counting the calls and their times. */
  function scripted(answers: (() => Response)[]) {
    const calls: { method: string; at: number }[] = [];
    const fetch = async (input: RequestInfo | URL) => {
      calls.push({ method: (input as Request).method, at: performance.now() });
      return answers[Math.min(calls.length - 1, answers.length - 1)]!();
    };
    return { calls, fetch };
  }
  const busy = (status: number, after?: string) => () =>
    new Response(JSON.stringify({ error: { code: 'rate_limited', message: 'slow down' } }), {
      status, headers: { 'content-type': 'application/json', ...(after ? { 'retry-after': after } : {}) },
    });
  const state = () => new Response(JSON.stringify({ target: 1, counts: { up: 1 }, mine: ['up'] }), { status: 200 });

  it('should wait as long as a 429 Retry-After asks before trying again', async () => {
    const { calls, fetch } = scripted([busy(429, '1'), state]);
    const api = createClient({ baseUrl: 'http://teahouse.invalid', site: 'demo', fetch });
    const result = await api.react({ page: 'p', target: 1, key: 'up', on: true });
    expect(result.mine).to.deep.equal(['up']);
    expect(calls.length).to.equal(2);
    expect(calls[1]!.at - calls[0]!.at).to.be.at.least(950);
  });

  it('should retry the PUT of a reaction after a 503, since it sets a state', async () => {
    const { calls, fetch } = scripted([busy(503), state]);
    const api = createClient({ baseUrl: 'http://teahouse.invalid', site: 'demo', fetch });
    await api.react({ page: 'p', target: 1, key: 'up', on: true });
    expect(calls.map((c) => c.method)).to.deep.equal(['PUT', 'PUT']);
  });

  it('should fail at once when Retry-After asks for longer than a reader waits', async () => {
    const { calls, fetch } = scripted([busy(429, '120'), state]);
    const api = createClient({ baseUrl: 'http://teahouse.invalid', site: 'demo', fetch });
    const error = await rejection(api.bootstrap({ page: 'p' }));
    expect((error as HttpError).status).to.equal(429);
    expect((error as HttpError).code).to.equal('rate_limited');
    expect(calls.length).to.equal(1);
  });

  it('should not retry a 413 without Retry-After, and honour one that has it', async () => {
    const tooLarge = scripted([busy(413), state]);
    await rejection(createClient({ baseUrl: 'http://teahouse.invalid', site: 'demo', fetch: tooLarge.fetch }).react({ page: 'p', target: 1, key: 'up', on: true }));
    expect(tooLarge.calls.length).to.equal(1);
    const later = scripted([busy(413, '0'), state]);
    await createClient({ baseUrl: 'http://teahouse.invalid', site: 'demo', fetch: later.fetch }).react({ page: 'p', target: 1, key: 'up', on: true });
    expect(later.calls.length).to.equal(2);
  });

  it('should sign a guest in and record a visit through its own calls', async () => {
    const { guestSite, site } = await testConfig();
    const guests = createClient({ baseUrl: (await testConfig()).server, site: guestSite });
    const issued = await guests.guest(uniqueId('访客').slice(0, 20));
    expect(issued.token).to.be.a('string');
    const api = createClient({ baseUrl: (await testConfig()).server, site });
    // The visit reaches the server's visits route, which knows no link with this code.
    const error = await rejection(api.visit({ code: 'ZZZZZZZZ' }));
    expect((error as HttpError).status).to.equal(404);
  });
});

describe('createClient against a failing server', () => {
  /** A client whose requests go through the runner's fault routes in front of the real server. */
  async function faulty(prefix: string, options: { token?: string; timeout?: number; retries?: number } = {}) {
    const { site } = await testConfig();
    return createClient({ baseUrl: `${location.origin}/__teahouse/${prefix}`, site, ...options });
  }
  const hits = async (key: string) => ((await (await fetch(`/__teahouse/hits/${key}`)).json()) as { hits: number }).hits;

  it('should retry a GET after a 503 and get the real answer', async () => {
    const key = uniqueId('flaky');
    const api = await faulty(`flaky/${key}/2`, { retries: 2 });
    const page = uniqueId();
    const data = await api.bootstrap({ page });
    expect(data.thread.page).to.equal(page);
    expect(await hits(key)).to.equal(3);
  });

  it('should give up on a GET after `retries` tries with the HttpError', async () => {
    const key = uniqueId('flaky');
    const api = await faulty(`flaky/${key}/5`, { retries: 1 });
    const error = await rejection(api.bootstrap({ page: uniqueId() }));
    expect(error).to.be.instanceOf(HttpError);
    expect((error as HttpError).status).to.equal(503);
    expect((error as HttpError).code).to.equal('internal');
    expect(await hits(key)).to.equal(2);
  });

  it('should never retry a POST', async () => {
    const key = uniqueId('flaky');
    const api = await faulty(`flaky/${key}/1`, { token: await testToken(), retries: 2 });
    const page = uniqueId();
    const error = await rejection(api.post({ page, body: 'sent once' }));
    expect((error as HttpError).status).to.equal(503);
    expect(await hits(key)).to.equal(1);
    // The next POST goes through to the real server.
    const floor = await api.post({ page, body: 'sent once' });
    expect(floor.number).to.equal(2);
    expect(await hits(key)).to.equal(2);
  });

  it('should time out a slow answer with a TimeoutError and not retry it', async () => {
    const api = await faulty('slow/1500', { timeout: 200, retries: 2 });
    const started = performance.now();
    const error = await rejection(api.bootstrap({ page: uniqueId() }));
    expect(error).to.be.instanceOf(TimeoutError);
    expect(performance.now() - started).to.be.below(1200);
  });

  it('should answer within the timeout when the server is only a bit slow', async () => {
    const api = await faulty('slow/100', { timeout: 2000 });
    const page = uniqueId();
    expect((await api.bootstrap({ page })).thread.page).to.equal(page);
  });

  it('should retry a GET after a network failure and report a NetworkError in the end', async () => {
    let calls = 0;
    const api = createClient({
      baseUrl: 'http://127.0.0.1:9',
      site: 'demo',
      retries: 1,
      fetch: (input, init) => {
        calls += 1;
        return fetch(input, init);
      },
    });
    const error = await rejection(api.bootstrap({ page: 'p' }));
    expect(error).to.be.instanceOf(NetworkError);
    expect(calls).to.equal(2);
  });
});
