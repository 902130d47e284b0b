import ky, { HTTPError, TimeoutError as KyTimeoutError, type KyInstance } from 'ky';
import {
  Bootstrap, ErrorBody, Floor, FloorPage, fillPath, routes,
  type CreateFloor, type Sort,
} from '@teahouse/protocol';
import { HttpError, NetworkError, TeahouseError, TimeoutError, ValidationError } from './errors.js';

/** Options of {@link createClient}. */
export interface ClientOptions {
  /** Base URL of the Teahouse server, e.g. `https://comments.example.com`. */
  baseUrl: string;
  /** Site id the client talks for. */
  site: string;
  /** Host SSO token sent as `Authorization: Bearer`. Default: none (anonymous reader). */
  token?: string | null | undefined;
  /**
   * Called before each request when no `token` is set, e.g. to fetch a fresh token from the host.
   * Default: none.
   */
  getToken?: (() => string | null | undefined | Promise<string | null | undefined>) | undefined;
  /** Milliseconds before a request fails with {@link TimeoutError}. Default: 10 000. */
  timeout?: number | undefined;
  /** How often an idempotent GET is retried after a network error or 408/413/429/5xx. Default: 2. */
  retries?: number | undefined;
  /** The `fetch` to use. Default: `globalThis.fetch`. */
  fetch?: typeof fetch | undefined;
}

export interface BootstrapParams { page: string; sort?: Sort | undefined; limit?: number | undefined }
export interface FloorsParams { page: string; cursor?: string | null | undefined; limit?: number | undefined; sort?: Sort | undefined }
export interface FloorParams { page: string; number: number }

/** The typed Teahouse API. Every response is checked against the protocol. */
export interface TeahouseClient {
  /** Everything first paint needs, in one request. */
  bootstrap(params: BootstrapParams): Promise<Bootstrap>;
  /** A page of floors after `cursor`. */
  floors(params: FloorsParams): Promise<FloorPage>;
  /** One floor by number. */
  floor(params: FloorParams): Promise<Floor>;
  /** Posts a floor; needs a token. */
  post(input: CreateFloor): Promise<Floor>;
  /** Sets the token used from the next request on; `null` logs out. */
  setToken(token: string | null): void;
}

interface Schema<T> {
  safeParse(data: unknown): { success: true; data: T } | { success: false; error: { issues: ValidationIssueLike[] } };
}
interface ValidationIssueLike { path: PropertyKey[]; message: string }

async function parse<T>(schema: Schema<T>, response: Response): Promise<T> {
  let data: unknown;
  try {
    data = await response.json();
  } catch (error) {
    if (error instanceof TypeError) throw new NetworkError(error.message, { cause: error });
    throw new ValidationError('The response is not JSON', []);
  }
  const result = schema.safeParse(data);
  if (!result.success) {
    throw new ValidationError(
      `The response of ${response.url} does not match the protocol`,
      result.error.issues.map(({ path, message }) => ({ path, message })),
    );
  }
  return result.data;
}

async function toError(error: unknown): Promise<unknown> {
  if (error instanceof TeahouseError) return error;
  if (error instanceof HTTPError) {
    let body: ErrorBody | undefined;
    try {
      const parsed = ErrorBody.safeParse(await error.response.json());
      if (parsed.success) body = parsed.data;
    } catch {
      // A body that is not the protocol's error JSON still leaves the status to report.
    }
    return new HttpError(error.response.status, body, error.request);
  }
  if (error instanceof KyTimeoutError) return new TimeoutError(error.message);
  // Aborts by the caller are theirs to handle; everything else fetch throws is a network failure.
  if (error instanceof Error && error.name === 'AbortError') return error;
  if (error instanceof TypeError) return new NetworkError(error.message, { cause: error });
  return error;
}

/** Creates a client for one site of a Teahouse server. */
export function createClient(options: ClientOptions): TeahouseClient {
  let token = options.token ?? null;
  const customFetch = options.fetch;
  const http: KyInstance = ky.create({
    prefixUrl: options.baseUrl,
    timeout: options.timeout ?? 10_000,
    retry: { limit: options.retries ?? 2, methods: ['get'] },
    // Called through a closure: some browsers reject a detached `window.fetch` call.
    ...(customFetch ? { fetch: (input: RequestInfo | URL, init?: RequestInit) => customFetch(input, init) } : {}),
    hooks: {
      beforeRequest: [
        async (request) => {
          const value = token ?? (await options.getToken?.()) ?? null;
          if (value) request.headers.set('authorization', `Bearer ${value}`);
        },
      ],
    },
  });
  const path = (route: string, params: Record<string, string | number> = {}) =>
    fillPath(route, { site: options.site, ...params }).slice(1);
  const query = (params: Record<string, string | number | null | undefined>) => {
    const search: Record<string, string> = {};
    for (const [key, value] of Object.entries(params)) if (value != null) search[key] = String(value);
    return search;
  };

  async function send<T>(schema: Schema<T>, run: () => Promise<Response>): Promise<T> {
    let response: Response;
    try {
      response = await run();
    } catch (error) {
      throw await toError(error);
    }
    return parse(schema, response);
  }

  return {
    bootstrap: ({ page, sort, limit }) =>
      send(Bootstrap, () => http.get(path(routes.bootstrap), { searchParams: query({ page, sort, limit }) })),
    floors: ({ page, cursor, limit, sort }) =>
      send(FloorPage, () => http.get(path(routes.floors), { searchParams: query({ page, cursor, limit, sort }) })),
    floor: ({ page, number }) =>
      send(Floor, () => http.get(path(routes.floor, { number }), { searchParams: query({ page }) })),
    post: (input) => send(Floor, () => http.post(path(routes.floors), { json: input })),
    setToken(value) {
      token = value;
    },
  };
}
