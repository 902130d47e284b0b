// <live-example>: the frame of every live example on the element pages. It points the Teahouse
// elements inside it at the demo server (the docs' own origin, see ../demo.mjs), signs a demo
// reader in when asked (`reader="u-linxiaoyu"`), and lists the events the elements fire. With
// `parts` it also does what <teahouse-comments> does for its parts: one bootstrap, and the client,
// the session and the reaction counts handed down through the elements' context requests.
// It is defined before the elements load: the parts ask for their context as they upgrade.

/** The elements that load on first use, as a host page loads them. */
const LAZY = ['teahouse-share', 'teahouse-points', 'teahouse-moderation', 'teahouse-report'];
/** The elements that talk to the server themselves, given `server`, `site` (and `page`). */
const STANDALONE = ['teahouse-comments', 'teahouse-count', 'teahouse-share', 'teahouse-points', 'teahouse-moderation'];
const WITH_PAGE = new Set(['teahouse-comments', 'teahouse-share']);
/** How a part asks for a shared value (the elements' context.ts). */
const CONTEXT_REQUEST = 'teahouse-context-request';
const EVENTS = [
  'ready', 'comment-created', 'comment-updated', 'reply-request', 'login-request', 'author-filter', 'view-change',
  'share', 'award', 'report', 'guest', 'error',
].map((name) => `teahouse-${name}`);
const DEMO_SITE = 'demo';
// Loaded after <live-example> is defined, so that it hears the parts' requests as they upgrade.
const modules = Promise.all([import('@teahouse/elements'), import('@teahouse/client')]);
const DEMO_PAGE = 'a-20261124-laojie';

/** The Teahouse server: `?server=` in the address, else the docs' own origin (the demo server behind it). */
const demoServer = () => new URLSearchParams(location.search).get('server') ?? location.origin;
const darkMode = () => document.documentElement.classList.contains('dark');

class LiveExample extends HTMLElement {
  #values = new Map();
  #subscribers = new Map();
  #log = document.createElement('ol');

  constructor() {
    super();
    // Every context request of a part is answered here, as <teahouse-comments> answers its own:
    // at once with what is known, and again when the value arrives.
    this.addEventListener(CONTEXT_REQUEST, (event) => {
      const request = event.detail;
      if (!this.hasAttribute('parts')) return;
      event.stopPropagation();
      request.callback(this.#values.get(request.context));
      if (!request.subscribe) return;
      const subscribers = this.#subscribers.get(request.context) ?? new Set();
      this.#subscribers.set(request.context, subscribers.add(request.callback));
      request.unsubscribe = () => subscribers.delete(request.callback);
    });
    for (const name of EVENTS) this.addEventListener(name, (event) => this.#record(event));
  }

  connectedCallback() {
    this.#log.className = 'live-events';
    this.#log.setAttribute('aria-label', 'Events fired');
    if (!this.#log.isConnected) this.append(this.#log);
    void this.#start();
  }

  #provide(context, value) {
    this.#values.set(context, value);
    for (const callback of this.#subscribers.get(context) ?? []) callback(value);
  }

  #record(event) {
    // The host would open its own login here; the docs stay on the page.
    if (event.type === 'teahouse-login-request') event.preventDefault();
    const item = document.createElement('li');
    const detail = event.detail && typeof event.detail === 'object' ? Object.keys(event.detail).join(', ') : '';
    item.textContent = `${event.type}${detail ? ` {${detail}}` : ''}`;
    this.#log.append(item);
  }

  async #start() {
    this.dataset.state = 'loading';
    try {
      const server = demoServer();
      const site = this.getAttribute('site') ?? DEMO_SITE;
      const page = this.getAttribute('page') ?? DEMO_PAGE;
      const reader = this.getAttribute('reader');
      const [{ loadElement }] = await modules;
      await Promise.all(LAZY.filter((tag) => this.querySelector(tag)).map((tag) => loadElement(tag)));
      const token = reader ? (await (await fetch(`/demo/token?reader=${encodeURIComponent(reader)}`)).json()).token : null;
      for (const element of this.querySelectorAll(STANDALONE.join(','))) {
        element.setAttribute('server', server);
        if (!element.hasAttribute('site')) element.setAttribute('site', site);
        if (WITH_PAGE.has(element.localName) && !element.hasAttribute('page')) element.setAttribute('page', page);
        if (!element.hasAttribute('theme')) element.setAttribute('theme', darkMode() ? 'dark' : 'light');
        if (token) element.token = token;
      }
      if (this.hasAttribute('parts')) await this.#feedParts({ server, site, page, token });
      this.dataset.state = 'ready';
    } catch (error) {
      this.dataset.state = 'failed';
      console.error('live example:', error);
    }
  }

  async #feedParts({ server, site, page, token }) {
    const [{ ReactionStore, clientContext, reactionStoreContext, sessionContext }, { createClient }] = await modules;
    const client = createClient({ baseUrl: server, site, token });
    const store = new ReactionStore();
    this.#provide(clientContext, client);
    this.#provide(reactionStoreContext, store);
    const data = await client.bootstrap({ page });
    store.load([...ReactionStore.floorsOf(data.page), ...(data.hot ?? [])], data.mine, data.thread.reactions);
    this.#provide(sessionContext, { site: data.site, viewer: data.viewer, page, pageUrl: data.thread.url ?? undefined, pageTitle: data.thread.title ?? undefined });
    for (const thread of this.querySelectorAll('teahouse-thread')) {
      Object.assign(thread, {
        page, floors: data.page.floors, next: data.page.next, hot: data.hot ?? [], pinned: data.pinned ?? [],
        replyCount: data.thread.replyCount, sort: data.sort, view: data.view ?? 'floors', lastFloor: data.thread.lastFloor,
        lastEventId: data.lastEventId, op: data.thread.author, replies: data.page.replies ?? [],
      });
    }
    for (const comment of this.querySelectorAll('teahouse-comment[floor-number]')) {
      comment.floor = data.page.floors.find((floor) => floor.number === Number(comment.getAttribute('floor-number'))) ?? null;
    }
    for (const reactions of this.querySelectorAll('teahouse-reactions')) {
      reactions.counts = store.counts(Number(reactions.getAttribute('target') ?? 1));
    }
  }
}

customElements.define('live-example', LiveExample);

// The docs' light and dark switch applies to the examples too.
new MutationObserver(() => {
  for (const element of document.querySelectorAll(`live-example :is(${STANDALONE.join(',')})`)) element.setAttribute('theme', darkMode() ? 'dark' : 'light');
}).observe(document.documentElement, { attributes: true, attributeFilter: ['class'] });
