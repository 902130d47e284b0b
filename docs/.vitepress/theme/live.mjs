// <live-example>: the frame of every live example on the element pages. It points the Teahouse
// elements inside it at the demo server (the docs' own origin, see ../demo.mjs), signs a demo
// reader in when asked (`reader="u-linxiaoyu"`), and lists the events the elements fire. With
// `parts` it also does what <teahouse-comments> does for its parts: one bootstrap, a thread store,
// and the client, the session and the store answered to the parts' `context-request` events (the
// web components community's context protocol). It is defined before the elements load: the
// parts ask as they upgrade.

/** The elements that load on first use, as a host page loads them. */
const LAZY = ['teahouse-composer', 'teahouse-count', 'teahouse-share', 'teahouse-points', 'teahouse-moderation', 'teahouse-report', 'teahouse-notifications'];
/** The elements that talk to the server themselves, given `server`, `site` (and `page`). */
const STANDALONE = ['teahouse-comments', 'teahouse-count', 'teahouse-share', 'teahouse-points', 'teahouse-moderation', 'teahouse-notifications'];
const WITH_PAGE = new Set(['teahouse-comments', 'teahouse-share']);
/** The keys of what <teahouse-comments> hands its parts. */
const CONTEXTS = { client: 'teahouse-client', session: 'teahouse-session', thread: 'teahouse-thread' };
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
  #stop;
  #log = document.createElement('ol');

  constructor() {
    super();
    // Every context request of a part is answered here, as <teahouse-comments> answers its own:
    // at once with what is known, and again when the value arrives.
    this.addEventListener('context-request', (event) => {
      if (!this.hasAttribute('parts') || !Object.values(CONTEXTS).includes(event.context)) return;
      event.stopPropagation();
      const subscribers = this.#subscribers.get(event.context) ?? new Set();
      this.#subscribers.set(event.context, subscribers);
      const unsubscribe = () => subscribers.delete(event.callback);
      if (event.subscribe) subscribers.add(event.callback);
      event.callback(this.#values.get(event.context), event.subscribe ? unsubscribe : undefined);
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
    const subscribers = this.#subscribers.get(context) ?? new Set();
    for (const callback of subscribers) callback(value, () => subscribers.delete(callback));
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
    const [{ ThreadStore }, { createClient }] = await modules;
    const client = createClient({ baseUrl: server, site, token });
    this.#provide(CONTEXTS.client, client);
    const data = await client.bootstrap({ page });
    const store = new ThreadStore();
    store.client = client;
    store.reset(data, page);
    // Live updates follow while the example is on the page.
    store.hostConnected();
    this.#stop = () => store.hostDisconnected();
    this.#provide(CONTEXTS.thread, store);
    this.#provide(CONTEXTS.session, { site: data.site, viewer: data.viewer, page, pageUrl: data.thread.url ?? undefined, pageTitle: data.thread.title ?? undefined });
    const floor = (number) => data.page.floors.find((f) => f.number === number);
    for (const comment of this.querySelectorAll('teahouse-comment[floor-number]')) comment.floor = floor(Number(comment.getAttribute('floor-number')));
    for (const reactions of this.querySelectorAll('teahouse-reactions')) {
      const target = Number(reactions.getAttribute('target') ?? 1);
      reactions.counts = target === 1 ? data.thread.reactions : floor(target)?.reactions;
    }
  }

  disconnectedCallback() {
    this.#stop?.();
    this.#stop = undefined;
  }
}

customElements.define('live-example', LiveExample);

// The docs' light and dark switch applies to the examples too.
new MutationObserver(() => {
  for (const element of document.querySelectorAll(`live-example :is(${STANDALONE.join(',')})`)) element.setAttribute('theme', darkMode() ? 'dark' : 'light');
}).observe(document.documentElement, { attributes: true, attributeFilter: ['class'] });
