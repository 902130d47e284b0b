import type { ThreadEvent, VisitorToken } from '@teahouse/protocol';
import { endpoints, type Endpoints } from './endpoints.js';
import { createRequester, type ClientOptions, type RequestFn } from './request.js';
import { subscribe, type SubscribeParams } from './subscribe.js';

export type { ClientOptions, Endpoint, GetToken, Query, RequestOptions, RequestFn, Schema } from './request.js';
export type { BootstrapParams, FloorsParams, FloorParams, EditParams, ReactParams, WhoParams, Endpoints } from './endpoints.js';
export type { SubscribeParams } from './subscribe.js';

/** The typed Teahouse API. Every response is checked against the protocol. */
export interface TeahouseClient extends Endpoints {
  /** The server's origin, e.g. `https://comments.example.com`. */
  readonly origin: string;
  /** The site the client talks for. */
  readonly site: string;
  /**
   * A request to any route of the API (`{site}` is filled in), its response checked against
   * `schema`; the other methods, `rewardsApi` and `moderationApi` are built on it.
   */
  request: RequestFn;
  /**
   * Live events of a thread over Server-Sent Events, in order, each once, resuming after the
   * last one seen when the connection drops. Returns the function that stops it.
   */
  subscribe(params: SubscribeParams, onEvent: (event: ThreadEvent, id: string) => void): () => void;
  /** A GET of `route` with the token, its body left to read as it arrives (the notice stream). */
  open(route: string, signal: AbortSignal): Promise<Response>;
  /** Sets the token used from the next request on; `null` logs out. */
  setToken(token: string | null): void;
  /** Gets a visitor token for anonymous reactions and uses it from then on; keep it to stay the same visitor. */
  visitor(): Promise<VisitorToken>;
}

/** Creates a client for one site of a Teahouse server. */
export function createClient(options: ClientOptions): TeahouseClient {
  const core = createRequester(options);
  const api = endpoints(core.request);
  return {
    ...api,
    origin: core.origin,
    site: options.site,
    request: core.request,
    subscribe: (params, onEvent) => subscribe(core, params, onEvent),
    setToken: core.setToken,
    open: core.open,
    async visitor() {
      const issued = await api.visitorToken();
      core.setVisitorToken(issued.token);
      return issued;
    },
  };
}
