// The reader endpoints of the API: one method per route, each with the protocol schema its
// response is checked against. No element builds a route of its own.
import {
  Bootstrap, Counts, Floor, FloorPage, FloorSource, GuestToken, PreviewResult, ReactionState, ReactionWho, VISITS_ROUTE,
  VisitResult, VisitorToken, routes,
  type CreateFloor, type RecordVisit, type RootNode, type SetReaction, type Sort, type View,
} from '@teahouse/protocol';
import type { Query, RequestFn, Schema } from './request.js';

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

/** The reader endpoints, as {@link TeahouseClient} offers them. */
export interface Endpoints {
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
  /** Sets one of the caller's reactions on or off (`target` 1 is the article); resolves to the new counts. Retried: it sets a state. */
  react(params: ReactParams): Promise<ReactionState>;
  /** The first page of readers who reacted with `key` (where the site shows it). */
  who(params: WhoParams): Promise<ReactionWho>;
  /** Guest mode: a guest token for a nickname. The client does not use it until told (`setToken`). */
  guest(name: string): Promise<GuestToken>;
  /** Records a visit through a tracked link (`code` from the page's `th_ref`). */
  visit(input: RecordVisit): Promise<VisitResult>;
  /** A visitor token for anonymous reactions (the client uses it from then on, see `visitor()`). */
  visitorToken(): Promise<VisitorToken>;
}

export function endpoints(request: RequestFn): Endpoints {
  const get = <T>(schema: Schema<T>, route: string, query?: Query, params?: Record<string, string | number>) =>
    request(schema, 'GET', route, { query, params });
  return {
    bootstrap: ({ page, sort, limit, view }) => get(Bootstrap, routes.bootstrap, { page, sort, limit, view }),
    floors: ({ page, cursor, limit, sort, view, author, from, root }) =>
      get(FloorPage, routes.floors, { page, cursor, limit, sort, view, author, from, root }),
    counts: async (pages) => (await get(Counts, routes.counts, new URLSearchParams(pages.map((p) => ['page', p])))).counts,
    floor: ({ page, number }) => get(Floor, routes.floor, { page }, { number }),
    post: (json) => request(Floor, 'POST', routes.floors, { json }),
    edit: ({ page, number, body }) => request(Floor, 'PATCH', routes.floor, { json: { page, body }, params: { number } }),
    remove: ({ page, number }) => request(Floor, 'DELETE', routes.floor, { query: { page }, params: { number } }),
    source: async ({ page, number }) => (await get(FloorSource, routes.floorSource, { page }, { number })).source,
    preview: async (body) => (await request(PreviewResult, 'POST', routes.preview, { json: { body } })).body,
    react: (json) => request(ReactionState, 'PUT', routes.reactions, { json }),
    who: ({ page, target, key }) => get(ReactionWho, routes.reactionsWho, { page, target, key }),
    guest: (name) => request(GuestToken, 'POST', routes.guests, { json: { name } }),
    visit: (json) => request(VisitResult, 'POST', VISITS_ROUTE, { json }),
    visitorToken: () => request(VisitorToken, 'POST', routes.visitor),
  };
}
