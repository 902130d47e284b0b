import type * as z from 'zod/mini';
import type { Endpoint } from './endpoints.js';

/**
 * Who may call a route, checked by the server before the route runs and stated in the OpenAPI
 * document as the operation's security:
 * - `none`: no token is read;
 * - `optional`: a reader's, guest's or visitor's token is read when sent;
 * - `signedIn`: a reader's or guest's token;
 * - `reader`: a reader's token (the host's sign-in; guests are refused);
 * - `actor`: a reader's, guest's or visitor's token;
 * - `moderator`: a reader's token with the role moderator or admin on the site;
 * - `adminKey`: a site API key (`thk_…`), server to server.
 */
export const Auth = {
  None: 'none',
  Optional: 'optional',
  SignedIn: 'signedIn',
  Reader: 'reader',
  Actor: 'actor',
  Moderator: 'moderator',
  AdminKey: 'adminKey',
} as const;
export type Auth = (typeof Auth)[keyof typeof Auth];

/** One answer of a route: a JSON body of `schema`, another content type, or none (`schema: null`). */
export interface RouteResponse {
  description: string;
  schema: z.ZodMiniType | null;
  /** @default 'application/json' */
  contentType?: string;
  headers?: Record<string, string>;
}

/** A request header a route reads (described in the document; validated by the route itself). */
export interface RouteHeader {
  description: string;
}

/** One entry of the route table. */
export interface Route extends Endpoint {
  summary: string;
  description?: string;
  auth: Auth;
  /** Path parameters, `site` included. */
  params?: z.ZodMiniObject;
  query?: z.ZodMiniObject;
  headers?: Record<string, RouteHeader>;
  /**
   * The JSON request body; `required: false` accepts an empty body as `{}`. `maxBytes` is a
   * tighter limit than the server's 64 KB for every body.
   */
  body?: { schema: z.ZodMiniType; required?: boolean; maxBytes?: number };
  /** Success answers, by status. */
  responses: Partial<Record<200 | 201 | 204 | 304, RouteResponse>>;
  /**
   * What the route itself refuses, by status, described. Failures every route of its kind shares
   * (bad parameters, an unknown site, a refused token, a body too large…) are added by
   * {@link errorsOf}; an entry here replaces the description of one of those.
   */
  errors?: Partial<Record<ErrorStatus, string>>;
}

/**
 * Deepest nesting of objects and arrays in any request body of the protocol, with room to spare;
 * the server refuses deeper bodies while reading them (a test checks every body schema fits).
 */
export const MAX_BODY_DEPTH = 4;

/** Request bodies over this are refused, on every route, before they are read. */
export const MAX_REQUEST_BYTES = 64 * 1024;

export type ErrorStatus = 400 | 401 | 403 | 404 | 409 | 413 | 415 | 422 | 429 | 500 | 503;

const TOKEN_REFUSED = 'Missing, invalid or expired token, or one from another issuer (`unauthorized`, `token_*`)';

/** The 401 and 403 a route's authentication brings. */
const AUTH_ERRORS: Record<Auth, Partial<Record<ErrorStatus, string>>> = {
  none: {},
  optional: { 401: 'The token sent is invalid or expired (`unauthorized`, `token_*`)' },
  signedIn: {
    401: `${TOKEN_REFUSED}; a visitor token is no sign-in`,
    403: 'A guest token while the site has guest mode off (`forbidden`)',
  },
  reader: { 401: `${TOKEN_REFUSED}; a visitor token is no sign-in`, 403: 'Guests cannot do this (`forbidden`)' },
  actor: { 401: TOKEN_REFUSED, 403: 'A guest token while the site has guest mode off (`forbidden`)' },
  moderator: { 401: TOKEN_REFUSED, 403: 'The caller is not a moderator or admin of this site (`forbidden`)' },
  adminKey: {
    401: 'Missing, malformed, unknown or revoked API key (`unauthorized`)',
    403: 'The API key belongs to another site (`forbidden`)',
  },
};

/**
 * Every failure a route answers, described: its own `errors` over those its parameters, body and
 * authentication bring. The server answers nothing else (its tests check), and the OpenAPI
 * document lists exactly these.
 */
export function errorsOf(route: Route): Partial<Record<ErrorStatus, string>> {
  const takesInput = route.params !== undefined || route.query !== undefined || route.body !== undefined;
  const errors: Partial<Record<ErrorStatus, string>> = {
    ...(takesInput ? { 400: route.body ? 'Invalid parameters or body (`validation_failed`)' : 'Invalid parameters (`validation_failed`)' } : {}),
    ...AUTH_ERRORS[route.auth],
    ...(route.path.includes('{site}') ? { 404: 'Unknown site or resource (`not_found`)' } : {}),
    413: route.body
      ? `Request body over ${(route.body.maxBytes ?? MAX_REQUEST_BYTES) / 1024} KB (\`payload_too_large\`)`
      : 'A request body (none is expected) over 64 KB (`payload_too_large`)',
    ...(route.body ? { 415: 'Content-Type is not application/json (`validation_failed`)' } : {}),
    ...route.errors,
    500: 'Unexpected server error (`internal`)',
  };
  // Pages call the site's routes from the browser; one on an origin the site does not list is told so.
  if (route.path.startsWith('/v1/sites/{site}/')) {
    errors[403] = errors[403] ? `${errors[403]}; ${ORIGIN_REFUSED}` : ORIGIN_REFUSED.replace(/^a/, 'A');
  }
  return errors;
}

const ORIGIN_REFUSED = 'a request from an origin the site does not list (`origin_not_allowed`, readable by that origin)';

/** Every status a route may answer. */
export function statusesOf(route: Route): number[] {
  return [...Object.keys(route.responses), ...Object.keys(errorsOf(route))].map(Number);
}

// What a client derives from an entry, as types only (`import type`): the schemas stay out of
// the bundle, the method and path come from ./endpoints.ts.

/** The path values a caller fills besides `site`. */
export type ParamsOf<R> = R extends { params: infer P extends z.ZodMiniType } ? Omit<z.input<P>, 'site'> : Record<string, never>;
/** The query a caller sends, as the route accepts it. */
export type QueryOf<R> = R extends { query: infer Q extends z.ZodMiniType } ? z.input<Q> : Record<string, never>;
/** The JSON body a caller sends; `never` for a route without one. */
export type BodyOf<R> = R extends { body: { schema: infer S extends z.ZodMiniType } } ? z.input<S> : never;
/** What the route answers with `status` (200 unless given); null for an answer without a body. */
export type ResponseOf<R, S extends number = 200> = R extends { responses: { [K in S]: { schema: infer T } } }
  ? T extends z.ZodMiniType ? z.output<T> : null
  : never;
