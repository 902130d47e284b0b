// Shared values (client, session, thread) handed from <teahouse-comments> to the elements in its
// shadow tree, over the web components community's context protocol: a consumer dispatches a
// `context-request` event that bubbles (composed) up to the nearest provider, which answers
// through the event's callback. The keys are plain strings, so a third-party element (or one
// written with @lit/context) asks for `'teahouse-client'` and gets the client, without
// importing anything of ours. These few lines stand in for @lit/context itself, about 1 KB of
// the embed's brotli budget, and speak the same protocol.
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { TeahouseClient } from '@teahouse/client';
import type { SiteConfig, Viewer } from '@teahouse/protocol';
import type { ThreadStore } from './thread/store.js';

/** A key naming a shared value of type `T`. */
export type Context<K, T> = K & { readonly __context__?: () => T };
export const createContext = <T, K = string>(key: K) => key as Context<K, T>;
type ValueOf<C> = C extends Context<unknown, infer T> ? T : never;

/** The community protocol's request: `callback` is called with the value (again on each change when `subscribe`). */
export class ContextRequestEvent<C extends Context<unknown, unknown>> extends Event {
  constructor(
    readonly context: C,
    readonly contextTarget: Element,
    readonly callback: (value: ValueOf<C>, unsubscribe?: () => void) => void,
    readonly subscribe = false,
  ) {
    super('context-request', { bubbles: true, composed: true });
  }
}

declare global {
  interface HTMLElementEventMap {
    'context-request': ContextRequestEvent<Context<unknown, unknown>>;
  }
}

/** Answers requests for `context` from below `host` and calls subscribers back with each new value. */
export class ContextProvider<C extends Context<unknown, unknown>> {
  value: ValueOf<C>;
  #subscribers = new Map<(value: ValueOf<C>, unsubscribe?: () => void) => void, () => void>();

  constructor(host: HTMLElement, context: C, initialValue?: ValueOf<C>) {
    this.value = initialValue as ValueOf<C>;
    host.addEventListener('context-request', (event) => {
      if (event.context !== context) return;
      event.stopPropagation();
      const callback = event.callback as (value: ValueOf<C>, unsubscribe?: () => void) => void;
      if (!event.subscribe) return callback(this.value);
      const unsubscribe = () => this.#subscribers.delete(callback);
      this.#subscribers.set(callback, unsubscribe);
      callback(this.value, unsubscribe);
    });
  }

  setValue(value: ValueOf<C>): void {
    if (value === this.value) return;
    this.value = value;
    for (const [callback, unsubscribe] of this.#subscribers) callback(value, unsubscribe);
  }
}

/** The value of `context` from the nearest provider above the host, asked for on every connect, followed while connected. */
export class ContextConsumer<C extends Context<unknown, unknown>> implements ReactiveController {
  value: ValueOf<C> | undefined;
  #unsubscribe: (() => void) | undefined;

  constructor(private readonly host: ReactiveControllerHost & HTMLElement, private readonly context: C) {
    host.addController(this);
  }

  hostConnected(): void {
    this.host.dispatchEvent(new ContextRequestEvent(this.context, this.host, (value, unsubscribe) => {
      this.#unsubscribe = unsubscribe;
      if (value === this.value) return;
      this.value = value;
      this.host.requestUpdate();
    }, true));
  }

  hostDisconnected(): void {
    this.#unsubscribe?.();
    this.#unsubscribe = undefined;
  }
}

/** The API client shared by every element under one `<teahouse-comments>`. */
export const clientContext = createContext<TeahouseClient | undefined>('teahouse-client');

/** Who is reading which page, shared by every element under one `<teahouse-comments>`. */
export interface Session {
  site: SiteConfig;
  /** The signed-in reader; null for anonymous readers. */
  viewer: Viewer | null;
  page: string;
  pageUrl: string | undefined;
  pageTitle: string | undefined;
}
export const sessionContext = createContext<Session | undefined>('teahouse-session');

/** The state of the thread on screen (floors, counts, the live subscription), owned by `<teahouse-comments>`. */
export const threadContext = createContext<ThreadStore | undefined>('teahouse-thread');
