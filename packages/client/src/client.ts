import {
  Bootstrap, Counts, ErrorBody, Floor, FloorPage, FloorSource, PreviewResult, ThreadEvent, fillPath, routes,
  ReactionState, ReactionWho, VisitorToken,
  type CreateFloor, type SetReaction, type RootNode, type Sort, type View,
} from '@teahouse/protocol';
import { HttpError, NetworkError, TimeoutError, ValidationError } from './errors.js';

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
  getToken?: (() => string | null | undefined | Promise<string | null | undefined>) | undefined;
  /** Milliseconds before a request fails with {@link TimeoutError}. Default: 10 000. */
  timeout?: number | undefined;
  /** How often an idempotent GET is retried after a network error or 408/413/429/5xx. Default: 2. */
  retries?: number | undefined;
  /** The `fetch` to use. Default: `globalThis.fetch`. */
  fetch?: typeof fetch | undefined;
  /**
   * A visitor token from {@link TeahouseClient.visitor}, kept by the page between visits; sent when
   * there is no reader token, on sites that allow anonymous reactions. Default: none.
   */
  visitorToken?: string | null | undefined;
}

export interface BootstrapParams { page: string; sort?: Sort | undefined; limit?: number | undefined; view?: View | undefined }
export interface FloorsParams {
  page: string; cursor?: string | null | undefined; limit?: number | undefined; sort?: Sort | undefined;
  /** `nested`: top-level floors with their first replies in `replies`. */
  view?: View | undefined;
  /** Only this author's floors (`Author.id`). */
  author?: string | undefined;
  /** Start at this floor number. */
  from?: number | undefined;
  /** The replies under this top-level floor. */
  root?: number | undefined;
}
export interface FloorParams { page: string; number: number }
export type ReactParams = SetReaction;
export interface WhoParams { page: string; target: number; key: string }
export interface EditParams { page: string; number: number; body: string }
export interface SubscribeParams {
  page: string;
  /** Start after this event, e.g. the bootstrap's `lastEventId`; default: from now on. */
  lastEventId?: string | null | undefined;
}
/** Event types the stream is listened to for; others are ignored. */
const EVENT_TYPES = ['floor.created', 'floor.updated', 'reactions.changed'] as const;
/** Wait before reopening a stream the browser gave up on (it retries network drops itself). */
const REOPEN_MS = 5000;

/** The typed Teahouse API. Every response is checked against the protocol. */
export interface TeahouseClient {
  /** The server's origin, e.g. `https://comments.example.com`. */
  readonly origin: string;
  /**
   * A request to any route of the API (`{site}` is filled in), its response checked against
   * `schema`; the other methods and `rewardsApi` are built on it. GETs are retried.
   */
  request<T>(schema: Schema<T>, method: string, route: string, options?: RequestOptions): Promise<T>;
  /** Everything first paint needs, in one request. */
  bootstrap(params: BootstrapParams): Promise<Bootstrap>;
  /** A page of floors after `cursor`. */
  floors(params: FloorsParams): Promise<FloorPage>;
  /** One floor by number. */
  floor(params: FloorParams): Promise<Floor>;
  /** Reply counts of up to 100 pages, in one request; a page without a thread counts 0. */
  counts(pages: string[]): Promise<Record<string, number>>;
  /** Posts a floor; needs a token. */
  post(input: CreateFloor): Promise<Floor>;
  /** Edits the viewer's own floor within the site's edit window. */
  edit(params: EditParams): Promise<Floor>;
  /** Deletes the viewer's own floor; resolves to its tombstone. */
  remove(params: FloorParams): Promise<Floor>;
  /** The Markdown of the viewer's own floor, to edit it. */
  source(params: FloorParams): Promise<string>;
  /** Parses a body as a post would be, without saving it. */
  preview(body: string): Promise<RootNode>;
  /**
   * Live events of a thread over Server-Sent Events, in order, each once, resuming after the
   * last one seen when the connection drops. Returns the function that stops it.
   */
  subscribe(params: SubscribeParams, onEvent: (event: ThreadEvent, id: string) => void): () => void;
  /** Sets the token used from the next request on; `null` logs out. */
  setToken(token: string | null): void;
  /** Sets one of the caller's reactions on or off (`target` 1 is the article); resolves to the new counts. */
  react(params: ReactParams): Promise<ReactionState>;
  /** Gets a visitor token for anonymous reactions and uses it from then on; keep it to stay the same visitor. */
  visitor(): Promise<VisitorToken>;
  /** The first page of readers who reacted with `key` (where the site shows it). */
  who(params: WhoParams): Promise<ReactionWho>;
}

/** What {@link TeahouseClient.request} checks a response with: any protocol schema. */
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

/** Statuses worth another try of an idempotent request. */
const RETRY_STATUS = [408, 413, 429, 500, 502, 503, 504];
/** Waits 0.3 s, 0.6 s, 1.2 s… before the next try. */
const backoff = (attempt: number) => new Promise((resolve) => setTimeout(resolve, 300 * 2 ** attempt));

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

async function errorBody(response: Response): Promise<ErrorBody | undefined> {
  try {
    const parsed = ErrorBody.safeParse(await response.json());
    if (parsed.success) return parsed.data;
  } catch {
    // A body that is not the protocol's error JSON still leaves the status to report.
  }
  return undefined;
}

/** Whether a JWT's `exp` (read, not verified) is less than a minute away. */
function expiresSoon(jwt: string): boolean {
  try {
    return JSON.parse(atob(jwt.split('.')[1]!.replace(/-/g, '+').replace(/_/g, '/'))).exp * 1000 - Date.now() < 60_000;
  } catch {
    return false;
  }
}

/** Creates a client for one site of a Teahouse server. */
export function createClient(options: ClientOptions): TeahouseClient {
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
  const base = options.baseUrl.replace(/\/?$/, '/');
  const timeout = options.timeout ?? 10_000;
  const retries = options.retries ?? 2;
  // Called through a closure: some browsers reject a detached `window.fetch` call.
  const run = options.fetch ?? ((input: RequestInfo | URL, init?: RequestInit) => fetch(input, init));
  const url = (route: string, params: Record<string, string | number> = {}, search?: Query) => {
    const target = new URL(fillPath(route, { site: options.site, ...params }).slice(1), base);
    if (search instanceof URLSearchParams) target.search = search.toString();
    else for (const [key, value] of Object.entries(search ?? {})) if (value != null) target.searchParams.set(key, String(value));
    return target;
  };

  async function request<T>(schema: Schema<T>, method: string, route: string, { params, query, json }: RequestOptions = {}): Promise<T> {
    const target = url(route, params, query);
    let renewed = false;
    for (let attempt = 0; ; attempt += 1) {
      const headers = new Headers({ accept: 'application/json' });
      if (options.getToken) {
        if (!asking && (token ? expiresSoon(token) : !asked)) ask();
        await asked;
      }
      const auth = token ?? visitorToken;
      if (auth) headers.set('authorization', `Bearer ${auth}`);
      if (json !== undefined) headers.set('content-type', 'application/json');
      const init: RequestInit = { method, headers, body: json === undefined ? null : JSON.stringify(json) };
      const timer = new AbortController();
      const clock = setTimeout(() => timer.abort(), timeout);
      // Only GETs are retried: a POST that timed out may still have been saved.
      const again = method === 'GET' && attempt < retries;
      let response: Response;
      try {
        response = await run(target, { ...init, signal: timer.signal });
      } catch (error) {
        if (timer.signal.aborted) throw new TimeoutError(`${method} ${target} timed out after ${timeout} ms`);
        if (!(error instanceof TypeError)) throw error;
        if (again) {
          await backoff(attempt);
          continue;
        }
        throw new NetworkError(error.message, { cause: error });
      } finally {
        clearTimeout(clock);
      }
      if (response.ok) return parse(schema, response);
      if (again && RETRY_STATUS.includes(response.status)) {
        await backoff(attempt);
        continue;
      }
      const body = await errorBody(response);
      // The server refused the token as expired: one fresh token from the host, one more try.
      if (body?.error.code === 'token_expired' && options.getToken && !renewed) {
        renewed = true;
        if (!asking) ask();
        attempt -= 1;
        continue;
      }
      throw new HttpError(response.status, body, new Request(target, init));
    }
  }
  const get = <T>(schema: Schema<T>, route: string, query?: Query, params?: Record<string, string | number>) =>
    request(schema, 'GET', route, { query, params });
  const send = <T>(schema: Schema<T>, method: string, route: string, json?: unknown, params?: Record<string, string | number>) =>
    request(schema, method, route, { json, params });

  return {
    origin: new URL(base).origin,
    request,
    bootstrap: ({ page, sort, limit, view }) => get(Bootstrap, routes.bootstrap, { page, sort, limit, view }),
    floors: ({ page, cursor, limit, sort, view, author, from, root }) =>
      get(FloorPage, routes.floors, { page, cursor, limit, sort, view, author, from, root }),
    counts: async (pages) => (await get(Counts, routes.counts, new URLSearchParams(pages.map((p) => ['page', p])))).counts,
    floor: ({ page, number }) => get(Floor, routes.floor, { page }, { number }),
    post: (input) => send(Floor, 'POST', routes.floors, input),
    edit: ({ page, number, body }) => send(Floor, 'PATCH', routes.floor, { page, body }, { number }),
    remove: ({ page, number }) => request(Floor, 'DELETE', routes.floor, { query: { page }, params: { number } }),
    source: async ({ page, number }) => (await get(FloorSource, routes.floorSource, { page }, { number })).source,
    preview: async (body) => (await send(PreviewResult, 'POST', routes.preview, { body })).body,
    subscribe({ page, lastEventId }, onEvent) {
      let last = lastEventId ?? null;
      let source: EventSource | undefined;
      let timer: ReturnType<typeof setTimeout> | undefined;
      const handle = (message: MessageEvent<string>) => {
        // A reopened stream may replay what was already seen; ids only grow.
        if (last !== null && Number(message.lastEventId) <= Number(last)) return;
        let parsed;
        try {
          parsed = ThreadEvent.safeParse(JSON.parse(message.data));
        } catch {
          return;
        }
        last = message.lastEventId;
        if (parsed.success) onEvent(parsed.data, last);
      };
      const open = () => {
        source = new EventSource(url(routes.events, {}, { page, lastEventId: last }));
        for (const type of EVENT_TYPES) source.addEventListener(type, handle);
        // The browser reconnects by itself (sending Last-Event-ID) unless the server refused
        // the stream; then it is reopened here after a pause, from the last event seen.
        source.onerror = () => {
          if (source?.readyState !== EventSource.CLOSED) return;
          timer = setTimeout(open, REOPEN_MS);
        };
      };
      open();
      return () => {
        clearTimeout(timer);
        source?.close();
      };
    },
    setToken(value) {
      token = value;
    },
    react: (input) => send(ReactionState, 'PUT', routes.reactions, input),
    async visitor() {
      const issued = await send(VisitorToken, 'POST', routes.visitor);
      visitorToken = issued.token;
      return issued;
    },
    who: ({ page, target, key }) => get(ReactionWho, routes.reactionsWho, { page, target, key }),
  };
}
