// The request core every endpoint goes through: ky for timeouts, retries and Retry-After; the
// reader's token (and the host's getToken) on every request; every response checked against a
// protocol schema; every failure one of the client's typed errors.
import ky, { HTTPError, TimeoutError as KyTimeoutError, type KyInstance } from 'ky';
import { ErrorBody, fillPath } from '@teahouse/protocol';
import { HttpError, NetworkError, TimeoutError, ValidationError } from './errors.js';

/** Where the host's reader token comes from. */
export type GetToken = () => string | null | undefined | Promise<string | null | undefined>;

/** Options of {@link createClient}. */
export interface ClientOptions {
  /** Base URL of the Teahouse server, e.g. `https://comments.example.com`. */
  baseUrl: string;
  /** Site id the client talks for. */
  site: string;
  /** Host SSO token sent as `Authorization: Bearer`. Default: none (anonymous reader). */
  token?: string | null | undefined;
  /**
   * Fetches a reader token from the host: once before the first request when no `token` is given,
   * when the token held expires within a minute (its `exp`), and once more when the server answers
   * `token_expired`. Concurrent requests wait for one call. Default: none.
   */
  getToken?: GetToken | undefined;
  /** Milliseconds before one try of a request fails with {@link TimeoutError}. Default: 10 000. */
  timeout?: number | undefined;
  /**
   * How often an idempotent request (GET, and the PUT of a reaction) is tried again after a
   * network error or a 408/413/429/5xx; a `Retry-After` of 413, 429 or 503 sets the wait, and one
   * longer than `maxRetryAfter` is not waited for. Default: 2.
   */
  retries?: number | undefined;
  /** Longest `Retry-After` (milliseconds) a retry waits for; a longer one fails at once. Default: 10 000. */
  maxRetryAfter?: number | undefined;
  /** The `fetch` to use. Default: `globalThis.fetch`. */
  fetch?: typeof fetch | undefined;
  /**
   * A visitor token from {@link TeahouseClient.visitor}, kept by the page between visits; sent when
   * there is no reader token, on sites that allow anonymous reactions. Default: none.
   */
  visitorToken?: string | null | undefined;
}

/** What {@link Requester.request} checks a response with: any protocol schema. */
export interface Schema<T> {
  safeParse(data: unknown): { success: true; data: T } | { success: false; error: { issues: ValidationIssueLike[] } };
}
interface ValidationIssueLike { path: PropertyKey[]; message: string }

/** Search parameters; `null` and `undefined` values are left out. */
export type Query = Record<string, string | number | null | undefined> | URLSearchParams;
export interface RequestOptions {
  /** Values of the route's `{name}` segments besides `site`. */
  params?: Record<string, string | number> | undefined;
  query?: Query | undefined;
  /** Sent as the JSON body. */
  json?: unknown;
}

/** An operation of the protocol's route table (`@teahouse/protocol/endpoints`): its method and path. */
export interface Endpoint { method: string; path: string }

/** A request to any route of the API (`{site}` is filled in), its response checked against `schema`. */
export type RequestFn = <T>(schema: Schema<T>, method: string, route: string, options?: RequestOptions) => Promise<T>;

/** The core the endpoints are built on. */
export interface Requester {
  readonly origin: string;
  request: RequestFn;
  /** The absolute URL of a route, e.g. for an `EventSource`. */
  url(route: string, params?: Record<string, string | number>, query?: Query): URL;
  setToken(token: string | null): void;
  setVisitorToken(token: string | null): void;
  /** A GET whose body is read as it arrives (a stream read with the token, which EventSource cannot send). */
  open(route: string, signal: AbortSignal): Promise<Response>;
}

/** Statuses worth another try of an idempotent request. */
const RETRY_STATUS = [408, 413, 429, 500, 502, 503, 504];
/** Statuses whose `Retry-After` says how long to wait. */
const AFTER_STATUS = [413, 429, 503];
/** PUT sets a reaction to a state, so sending it twice is harmless. */
const IDEMPOTENT = ['get', 'put'];

/** Whether a JWT's `exp` (read, not verified) is less than a minute away. */
function expiresSoon(jwt: string): boolean {
  try {
    return JSON.parse(atob(jwt.split('.')[1]!.replace(/-/g, '+').replace(/_/g, '/'))).exp * 1000 - Date.now() < 60_000;
  } catch {
    return false;
  }
}

/** Milliseconds a response's `Retry-After` asks for (seconds or an HTTP date); undefined without one. */
function retryAfter(response: Response): number | undefined {
  const value = response.headers.get('retry-after');
  if (!value) return undefined;
  const ms = /^\d+$/.test(value) ? Number(value) * 1000 : Date.parse(value) - Date.now();
  return Number.isNaN(ms) ? undefined : Math.max(0, ms);
}

async function errorBody(response: Response): Promise<ErrorBody | undefined> {
  try {
    const parsed = ErrorBody.safeParse(await response.clone().json());
    if (parsed.success) return parsed.data;
  } catch {
    // A body that is not the protocol's error JSON still leaves the status to report.
  }
  return undefined;
}

export function createRequester(options: ClientOptions): Requester {
  let token = options.token ?? null;
  let visitorToken = options.visitorToken ?? null;
  /** The host's last getToken() call (requests wait for it), and whether it is still under way. */
  let asked: Promise<void> | undefined;
  let asking = false;
  const ask = () => {
    asking = true;
    asked = Promise.resolve(options.getToken!())
      .then((value) => {
        token = value ?? null;
      }, (error: unknown) => {
        // Asked again by the next request.
        asked = undefined;
        throw error;
      })
      .finally(() => (asking = false));
  };
  const authorize = async (headers: Headers) => {
    if (options.getToken) {
      if (!asking && (token ? expiresSoon(token) : !asked)) ask();
      await asked;
    }
    const auth = token ?? visitorToken;
    if (auth) headers.set('authorization', `Bearer ${auth}`);
    else headers.delete('authorization');
  };
  const base = options.baseUrl.replace(/\/?$/, '/');
  const retries = options.retries ?? 2;
  const maxRetryAfter = options.maxRetryAfter ?? 10_000;
  const url = (route: string, params: Record<string, string | number> = {}, search?: Query) => {
    const target = new URL(fillPath(route, { site: options.site, ...params }).slice(1), base);
    if (search instanceof URLSearchParams) target.search = search.toString();
    else for (const [key, value] of Object.entries(search ?? {})) if (value != null) target.searchParams.set(key, String(value));
    return target;
  };

  const http: KyInstance = ky.create({
    timeout: options.timeout ?? 10_000,
    headers: { accept: 'application/json' },
    // Anonymous answers say stale-while-revalidate for CDNs; the browser's own cache would obey
    // it too and hand back a copy up to that old. It asks the server each time instead (a 304
    // when nothing changed).
    cache: 'no-cache',
    retry: {
      limit: retries,
      methods: IDEMPOTENT,
      statusCodes: RETRY_STATUS,
      afterStatusCodes: AFTER_STATUS,
      delay: (attempt) => 300 * 2 ** (attempt - 1),
    },
    hooks: { beforeRequest: [(request) => authorize(request.headers)] },
  });
  // Called through a closure: some browsers reject a detached `window.fetch` call.
  const run = options.fetch ?? ((input: RequestInfo | URL, init?: RequestInit) => fetch(input, init));

  /** One request with ky's retries; the answer, or the typed error of the last try. */
  const attempt = async (target: URL, method: string, json: unknown): Promise<Response> => {
    // A Retry-After longer than a reader waits ends the request at once, with that answer.
    const stop = new AbortController();
    let refused: Response | undefined;
    try {
      return await http(target, {
        method,
        signal: stop.signal,
        ...(json === undefined ? {} : { json }),
        fetch: async (input, init) => {
          const response = await run(input, init);
          const wait = AFTER_STATUS.includes(response.status) ? retryAfter(response) : undefined;
          if (wait !== undefined && wait > maxRetryAfter) {
            refused = response;
            stop.abort();
          }
          return response;
        },
      });
    } catch (error) {
      const response = error instanceof HTTPError ? error.response : refused;
      if (response) throw new HttpError(response.status, await errorBody(response), error instanceof HTTPError ? error.request : new Request(target, { method }));
      if (error instanceof KyTimeoutError) throw new TimeoutError(`${method} ${target} timed out`);
      if (error instanceof TypeError) throw new NetworkError(error.message, { cause: error });
      throw error;
    }
  };

  const request: RequestFn = async (schema, method, route, { params, query, json } = {}) => {
    const target = url(route, params, query);
    let response: Response;
    try {
      response = await attempt(target, method, json);
    } catch (error) {
      // The server refused the token as expired: one fresh token from the host, one more try.
      if (!(error instanceof HttpError) || error.code !== 'token_expired' || !options.getToken) throw error;
      if (!asking) ask();
      response = await attempt(target, method, json);
    }
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
        `The response of ${method} ${target} does not match the protocol`,
        result.error.issues.map(({ path, message }) => ({ path, message })),
      );
    }
    return result.data;
  };

  return {
    origin: new URL(base).origin,
    request,
    url,
    setToken(value) {
      token = value;
    },
    setVisitorToken(value) {
      visitorToken = value;
    },
    async open(route, signal) {
      const headers = new Headers({ accept: 'text/event-stream' });
      await authorize(headers);
      return run(url(route), { headers, signal });
    },
  };
}
