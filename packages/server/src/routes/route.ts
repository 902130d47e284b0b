import type { Context, Hono, MiddlewareHandler } from 'hono';
import { statusesOf, type Route } from '@teahouse/protocol/routes';
import { jsonBody } from '../middleware/body/body.js';
import { requireAuth } from '../middleware/identity/identity.js';
import { validate, type OutputOf } from '../middleware/validate/validate.js';

/** `{site}` placeholders of the protocol become Hono's `:site`. */
export const honoPath = (path: string) => path.replace(/\{(\w+)\}/g, ':$1');

type Part<R, K extends string> = R extends { [P in K]: infer S } ? OutputOf<S> : Record<string, never>;
type BodyOf<R> = R extends { body: { schema: infer S } } ? OutputOf<S> : never;

/** What a route's handler reads with `c.req.valid()`, typed by its route table entry. */
export type RouteInput<R> = { out: { param: Part<R, 'params'>; query: Part<R, 'query'>; json: BodyOf<R> } };
export type RouteContext<R> = Context<object, string, RouteInput<R>>;
export type RouteHandler<R> = (c: RouteContext<R>) => Response | Promise<Response>;

export interface RouteOptions {
  /**
   * Answers 500 (and logs why) when a route answers a status its entry in the route table does
   * not list, so that a test suite run proves the table, and the OpenAPI document made from it,
   * complete. @default false
   */
  checkResponses?: boolean;
}

/**
 * Registers one entry of the route table: its method and path, then, in order, its path
 * parameters' validation, its authentication (401/403 before anything is read), its JSON body
 * (415, depth, 400) and the validation of its query and body. The handler does the route's own
 * work, reading `c.req.valid('param' | 'query' | 'json')`, `c.var.site` and `c.var.caller()`.
 */
export function register<R extends Route>(app: Hono, route: R, handler: RouteHandler<R>, options: RouteOptions = {}): void {
  const chain: MiddlewareHandler[] = [];
  if (options.checkResponses) chain.push(checkStatus(route));
  if (route.params) chain.push(validate('param', route.params));
  const gate = requireAuth(route.auth);
  if (gate) chain.push(gate);
  if (route.body) chain.push(jsonBody(route.body));
  if (route.query) chain.push(validate('query', route.query));
  if (route.body) chain.push(validate('json', route.body.schema));
  // Hono types each handler of a literal list; a built list goes through its untyped signature.
  const on = app.on.bind(app) as (method: string, path: string, ...handlers: MiddlewareHandler[]) => unknown;
  on(route.method, honoPath(route.path), ...chain, handler as unknown as MiddlewareHandler);
}

function checkStatus(route: Route): MiddlewareHandler {
  const declared = new Set(statusesOf(route));
  return async (c, next) => {
    await next();
    if (declared.has(c.res.status)) return;
    const message = `${route.method} ${route.path} answered ${c.res.status}, which its route table entry does not list`;
    console.error(`teahouse: ${message}: ${await c.res.clone().text()}`);
    c.res = c.json({ error: { code: 'internal', message } }, 500);
  };
}
