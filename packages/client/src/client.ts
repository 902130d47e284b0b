import ky, { HTTPError, TimeoutError as KyTimeoutError, type KyInstance } from 'ky';
import {
  Bootstrap, Counts, ErrorBody, Floor, FloorPage, FloorSource, PreviewResult, ThreadEvent, fillPath, routes,
  ReactionState, ReactionWho, VisitorToken,
  CheckinResult, Leaderboard, PointsBalance, PointsHistory, PointsRules, Share, VisitResult, rewardRoutes,
  type CreateShare, type RecordVisit,
  type CreateFloor, type SetReaction, type RootNode, type Sort, type View,
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
  /** The viewer's tracked link for a page and channel; an `intent` rule awards the press. Needs a token. */
  share(input: CreateShare): Promise<Share>;
  /** Records a visit through a tracked link (`code` from the page's `th_ref`). */
  visit(input: RecordVisit): Promise<VisitResult>;
  /** The daily check-in. Needs a token. */
  checkin(): Promise<CheckinResult>;
  /** The viewer's balance. Needs a token. */
  points(): Promise<PointsBalance>;
  /** The viewer's ledger entries, newest first. Needs a token. */
  pointsHistory(params?: { cursor?: string | null | undefined; limit?: number | undefined }): Promise<PointsHistory>;
  /** The site's currency and rules (积分规则). */
  pointsRules(): Promise<PointsRules>;
  /** Top earners of today, this week or all time. */
  leaderboard(period?: 'day' | 'week' | 'all'): Promise<Leaderboard>;
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
  let visitorToken = options.visitorToken ?? null;
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
          const value = token ?? (await options.getToken?.()) ?? visitorToken;
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
    bootstrap: ({ page, sort, limit, view }) =>
      send(Bootstrap, () => http.get(path(routes.bootstrap), { searchParams: query({ page, sort, limit, view }) })),
    floors: ({ page, cursor, limit, sort, view, author, from, root }) =>
      send(FloorPage, () => http.get(path(routes.floors), { searchParams: query({ page, cursor, limit, sort, view, author, from, root }) })),
    counts: async (pages) =>
      (await send(Counts, () => http.get(path(routes.counts), { searchParams: new URLSearchParams(pages.map((p) => ['page', p])) }))).counts,
    floor: ({ page, number }) =>
      send(Floor, () => http.get(path(routes.floor, { number }), { searchParams: query({ page }) })),
    post: (input) => send(Floor, () => http.post(path(routes.floors), { json: input })),
    edit: ({ page, number, body }) => send(Floor, () => http.patch(path(routes.floor, { number }), { json: { page, body } })),
    remove: ({ page, number }) =>
      send(Floor, () => http.delete(path(routes.floor, { number }), { searchParams: query({ page }) })),
    source: async ({ page, number }) =>
      (await send(FloorSource, () => http.get(path(routes.floorSource, { number }), { searchParams: query({ page }) }))).source,
    preview: async (body) => (await send(PreviewResult, () => http.post(path(routes.preview), { json: { body } }))).body,
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
        const url = new URL(path(routes.events), options.baseUrl.replace(/\/?$/, '/'));
        url.search = new URLSearchParams(query({ page, lastEventId: last })).toString();
        source = new EventSource(url);
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
    react: (input) => send(ReactionState, () => http.put(path(routes.reactions), { json: input })),
    async visitor() {
      const issued = await send(VisitorToken, () => http.post(path(routes.visitor)));
      visitorToken = issued.token;
      return issued;
    },
    who: ({ page, target, key }) =>
      send(ReactionWho, () => http.get(path(routes.reactionsWho), { searchParams: query({ page, target, key }) })),
    share: (input) => send(Share, () => http.post(path(rewardRoutes.shares), { json: input })),
    visit: (input) => send(VisitResult, () => http.post(path(rewardRoutes.visits), { json: input })),
    checkin: () => send(CheckinResult, () => http.post(path(rewardRoutes.checkin))),
    points: () => send(PointsBalance, () => http.get(path(rewardRoutes.pointsMe))),
    pointsHistory: ({ cursor, limit } = {}) =>
      send(PointsHistory, () => http.get(path(rewardRoutes.pointsHistory), { searchParams: query({ cursor, limit }) })),
    pointsRules: () => send(PointsRules, () => http.get(path(rewardRoutes.pointsRules))),
    leaderboard: (period) => send(Leaderboard, () => http.get(path(rewardRoutes.leaderboard), { searchParams: query({ period }) })),
  };
}
