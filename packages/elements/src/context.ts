// Shared values (client, session, reaction store) handed from <teahouse-comments> to the elements
// in its shadow tree. One provider per value and consumers below it is all the elements need, so a
// few lines here stand in for @lit/context and its general protocol (context roots, provider
// hand-over), about 1 KB of the embed's brotli budget.
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { TeahouseClient } from '@teahouse/client';
import type { SiteConfig, Viewer } from '@teahouse/protocol';

/** A key naming a shared value of type `T`. */
export type Context<T> = symbol & { readonly value?: T };
export const createContext = <T>(key: symbol) => key as Context<T>;

/** Asked for by a consumer; bubbles (composed) up to the nearest provider of `context`. */
export const CONTEXT_REQUEST = 'teahouse-context-request';
interface ContextRequest<T> {
  context: Context<T>;
  subscribe: boolean;
  callback: (value: T) => void;
  /** Set by a provider that took a subscription. */
  unsubscribe?: () => void;
}

/** Answers requests for `context` from below `host` and tells subscribers about each new value. */
export class ContextProvider<T> {
  value: T;
  #subscribers = new Set<(value: T) => void>();

  constructor(host: HTMLElement, { context, initialValue }: { context: Context<T>; initialValue?: T }) {
    this.value = initialValue as T;
    host.addEventListener(CONTEXT_REQUEST, (event) => {
      const request = (event as CustomEvent<ContextRequest<T>>).detail;
      if (request.context !== context) return;
      event.stopPropagation();
      request.callback(this.value);
      if (request.subscribe) {
        const { callback } = request;
        this.#subscribers.add(callback);
        request.unsubscribe = () => this.#subscribers.delete(callback);
      }
    });
  }

  setValue(value: T): void {
    if (value === this.value) return;
    this.value = value;
    for (const callback of this.#subscribers) callback(value);
  }
}

/** The value of `context` from the nearest provider above the host, asked for on every connect. */
export class ContextConsumer<T> implements ReactiveController {
  value: T | undefined;
  #unsubscribe: (() => void) | undefined;

  constructor(
    private readonly host: ReactiveControllerHost & HTMLElement,
    private readonly options: { context: Context<T>; subscribe?: boolean },
  ) {
    host.addController(this);
  }

  hostConnected(): void {
    const detail: ContextRequest<T> = {
      context: this.options.context,
      subscribe: !!this.options.subscribe,
      callback: (value) => {
        if (value === this.value) return;
        this.value = value;
        this.host.requestUpdate();
      },
    };
    this.host.dispatchEvent(new CustomEvent(CONTEXT_REQUEST, { bubbles: true, composed: true, detail }));
    this.#unsubscribe = detail.unsubscribe;
  }

  hostDisconnected(): void {
    this.#unsubscribe?.();
    this.#unsubscribe = undefined;
  }
}

/** The API client shared by every element under one `<teahouse-comments>`. */
export const clientContext = createContext<TeahouseClient | undefined>(Symbol('teahouse-client'));

/** Who is reading which page, shared by every element under one `<teahouse-comments>`. */
export interface Session {
  site: SiteConfig;
  /** The signed-in reader; null for anonymous readers. */
  viewer: Viewer | null;
  page: string;
  pageUrl: string | undefined;
  pageTitle: string | undefined;
}
export const sessionContext = createContext<Session | undefined>(Symbol('teahouse-session'));
