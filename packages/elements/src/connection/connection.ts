import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { createClient, type GetToken, type TeahouseClient } from '@teahouse/client';
import { ContextConsumer, clientContext } from '../context.js';

/** What an element that also works alone takes to reach the server. */
export interface ConnectionHost extends ReactiveControllerHost, HTMLElement {
  server: string;
  site: string;
  token: string | null | undefined;
  getToken: GetToken | undefined;
}

export interface ConnectionOptions {
  /** Called when the reader changed (another `sub`, a login, a logout): what was loaded for the old one is stale. */
  onReader?: () => void;
  /** The token to use when the host gives none (e.g. a guest token this browser keeps). */
  fallbackToken?: () => string | null;
  /** The visitor token this browser keeps, for anonymous reactions. */
  visitorToken?: () => string | null;
}

/** Who a token speaks for, read (not verified) from its `sub`; the token itself when it is no JWT. */
function readerOf(token: string | null | undefined): string | null {
  if (!token) return null;
  try {
    const { sub, aud } = JSON.parse(atob(token.split('.')[1]!.replace(/-/g, '+').replace(/_/g, '/')));
    return `${aud}:${sub}`;
  } catch {
    return token;
  }
}

/**
 * "The context's client, or my own from server/site/token/getToken", for the elements that also
 * work alone (share, points, moderation) and for `<teahouse-comments>`, which makes the client
 * the others share. Its own client is made once per server and site; a new `token` or `getToken`
 * (a React parent re-rendering an inline arrow) is handed to it without a new client, and the
 * host hears of it (`onReader`) only when the reader really changed.
 */
export class ConnectionController implements ReactiveController {
  private readonly shared: ContextConsumer<typeof clientContext> | undefined;
  #own: TeahouseClient | undefined;
  #key = '';
  #token: string | null | undefined;
  #getToken: GetToken | undefined;
  /** The reader of the last token the client got; undefined until one was known. */
  #reader: string | null | undefined;

  constructor(private readonly host: ConnectionHost, private readonly options: ConnectionOptions = {}, { context = true } = {}) {
    this.shared = context ? new ContextConsumer(host, clientContext) : undefined;
    host.addController(this);
  }

  hostConnected(): void {}

  /** Who is reading: the token's `sub`, null when anonymous, undefined while not known yet. */
  get reader(): string | null | undefined {
    return this.#reader;
  }

  /** Whether the client is the element's own (standalone) rather than the one of the comments around it. */
  get own(): boolean {
    return !this.shared?.value && !!this.#own;
  }

  /** The client of the `<teahouse-comments>` around the host, else its own; undefined without `server` and `site`. */
  get client(): TeahouseClient | undefined {
    const shared = this.shared?.value;
    if (shared) return shared;
    const { server, site } = this.host;
    if (!server || !site) return undefined;
    const key = `${server}\n${site}`;
    if (key !== this.#key) {
      this.#key = key;
      this.#token = this.host.token;
      this.#getToken = this.host.getToken;
      // Known now unless the host's getToken is still to be asked.
      const known = this.host.token ?? this.options.fallbackToken?.() ?? null;
      this.#reader = known || !this.host.getToken ? readerOf(known) : undefined;
      this.#own = createClient({
        baseUrl: server,
        site,
        token: this.host.token ?? null,
        visitorToken: this.options.visitorToken?.() ?? null,
        // Always through the host's latest getToken, so a new function never needs a new client.
        // A token the client asks for itself (at start, on expiry) is noted without telling the host:
        // the request under way already speaks for that reader.
        getToken: async () => this.#took((await this.host.getToken?.()) ?? this.host.token ?? this.options.fallbackToken?.() ?? null, false),
      });
    }
    return this.#own;
  }

  hostUpdate(): void {
    const client = this.client;
    if (!client || client !== this.#own) return;
    const { token, getToken } = this.host;
    if (token !== this.#token) {
      this.#token = token;
      client.setToken(token ?? null);
      this.#took(token ?? null);
    }
    if (getToken !== this.#getToken) {
      this.#getToken = getToken;
      // The same reader with a new function: nothing to reload. Asked once, now, to know.
      if (getToken) void Promise.resolve(getToken()).then((value) => client.setToken(this.#took(value ?? null)), () => undefined);
    }
  }

  /** Notes the token the client now holds; tells the host when it speaks for someone else. */
  #took(token: string | null, tell = true): string | null {
    const reader = readerOf(token);
    const before = this.#reader;
    this.#reader = reader;
    // After the update under way: the host reloads from a fresh one.
    if (tell && before !== undefined && before !== reader) queueMicrotask(() => this.options.onReader?.());
    return token;
  }
}
