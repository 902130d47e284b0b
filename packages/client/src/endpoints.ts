// The reader endpoints of the API: one method per route, each with the protocol schema its
// response is checked against. No element builds a route of its own.
import {
  Bootstrap, Counts, Floor, FloorPage, FloorSource, GuestToken, PreviewResult, ReactionState, ReactionWho, VisitResult, VisitorToken,
  type CreateFloor, type RecordVisit, type RootNode, type SetReaction, type Sort, type View,
} from '@teahouse/protocol';
import * as api from '@teahouse/protocol/endpoints';
import type { Endpoint, Query, RequestFn, RequestOptions, Schema } from './request.js';

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
  // Method and path from the protocol's route table, the answer checked against the schema.
  const to = <T>(endpoint: Endpoint, schema: Schema<T>, options?: RequestOptions) => request(schema, endpoint.method, endpoint.path, options);
  const query = (query: Query, params?: Record<string, string | number>) => ({ query, params });
  return {
    bootstrap: ({ page, sort, limit, view }) => to(api.bootstrap, Bootstrap, query({ page, sort, limit, view })),
    floors: ({ page, cursor, limit, sort, view, author, from, root }) =>
      to(api.listFloors, FloorPage, query({ page, cursor, limit, sort, view, author, from, root })),
    counts: async (pages) => (await to(api.counts, Counts, query(new URLSearchParams(pages.map((p) => ['page', p]))))).counts,
    floor: ({ page, number }) => to(api.getFloor, Floor, query({ page }, { number })),
    post: (json) => to(api.createFloor, Floor, { json }),
    edit: ({ page, number, body }) => to(api.editFloor, Floor, { json: { page, body }, params: { number } }),
    remove: ({ page, number }) => to(api.deleteFloor, Floor, query({ page }, { number })),
    source: async ({ page, number }) => (await to(api.floorSource, FloorSource, query({ page }, { number }))).source,
    preview: async (body) => (await to(api.preview, PreviewResult, { json: { body } })).body,
    react: (json) => to(api.setReaction, ReactionState, { json }),
    who: ({ page, target, key }) => to(api.reactionWho, ReactionWho, query({ page, target, key })),
    guest: (name) => to(api.createGuest, GuestToken, { json: { name } }),
    visit: (json) => to(api.recordVisit, VisitResult, { json }),
    visitorToken: () => to(api.visitor, VisitorToken),
  };
}
