import type { VisitorToken } from '@teahouse/protocol';
import { endpoints, type Endpoints } from './endpoints.js';
import { createRequester, type ClientOptions, type Query, type RequestFn } from './request.js';

export type { ClientOptions, Endpoint, GetToken, Query, RequestOptions, RequestFn, Schema } from './request.js';
export type { BootstrapParams, FloorsParams, FloorParams, EditParams, ReactParams, WhoParams, Endpoints } from './endpoints.js';
export type { SubscribeParams } from './live.js';

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
   * The absolute URL of a route (`{site}` and `params` filled in, `query` appended), e.g. for an
   * `EventSource`; live events of a thread are `subscribe(client, …)` of `@teahouse/client/live`.
   */
  url(route: string, params?: Record<string, string | number>, query?: Query): URL;
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
    url: core.url,
    setToken: core.setToken,
    open: core.open,
    async visitor() {
      const issued = await api.visitorToken();
      core.setVisitorToken(issued.token);
      return issued;
    },
  };
}
