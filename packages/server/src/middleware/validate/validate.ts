import type { Context, MiddlewareHandler } from 'hono';
import type { ErrorIssue } from '@teahouse/protocol';
import { invalid } from '../../errors.js';

/** A Standard Schema, which the protocol's zod/mini schemas are. */
export interface StandardSchema<Out = unknown> {
  readonly '~standard': {
    readonly version: 1;
    readonly vendor: string;
    readonly validate: (value: unknown) => StandardResult<Out> | Promise<StandardResult<Out>>;
    readonly types?: { readonly input: unknown; readonly output: Out } | undefined;
  };
}
type StandardIssue = { readonly message: string; readonly path?: readonly (PropertyKey | { readonly key: PropertyKey })[] | undefined };
type StandardResult<Out> = { readonly value: Out; readonly issues?: undefined } | { readonly issues: readonly StandardIssue[] };

/** What a schema gives a route through `c.req.valid()`. */
export type OutputOf<S> = S extends StandardSchema<infer Out> ? Out : never;

export type Target = 'param' | 'query' | 'json';
const WHAT: Record<Target, string> = { param: 'path', query: 'query', json: 'body' };

/** A lone surrogate: half of a UTF-16 pair, which no text encodes and `encodeURIComponent` throws on. */
const LONE_SURROGATE = /[\uD800-\uDFFF]/u;

/**
 * The first string anywhere in `value` that no text may hold: a NUL (Postgres refuses it) or a
 * lone surrogate. Depth is bounded already (bodies by the JSON reader, the rest are flat).
 */
function badString(value: unknown, path: (string | number)[] = []): ErrorIssue | null {
  if (typeof value === 'string') {
    if (value.includes('\0')) return { path, message: 'contains a NUL character' };
    if (LONE_SURROGATE.test(value)) return { path, message: 'contains a lone surrogate (not UTF-16 text)' };
    return null;
  }
  if (value !== null && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      path.push(Array.isArray(value) ? Number(key) : key);
      const found = badString(item, path);
      if (found) return found.path === path ? { ...found, path: [...path] } : found;
      path.pop();
    }
  }
  return null;
}

/** The schema, behind a check of every string in the value: no route ever sees NUL or a lone surrogate. */
function textOnly<S extends StandardSchema>(schema: S): S {
  return {
    '~standard': {
      ...schema['~standard'],
      validate: (value: unknown) => {
        const bad = badString(value);
        return bad ? { issues: [{ message: bad.message, path: bad.path }] } : schema['~standard'].validate(value);
      },
    },
  } as S;
}

const toIssue = (issue: StandardIssue): ErrorIssue => ({
  path: (issue.path ?? []).map((p) => {
    const key = typeof p === 'object' && p !== null && 'key' in p ? p.key : p;
    return typeof key === 'number' || typeof key === 'string' ? key : String(key);
  }),
  message: issue.message,
});

/** The schema's output for `value`, or a 400 naming every issue (also in `details.issues`). */
export async function validateValue<S extends StandardSchema>(schema: S, value: unknown, what: string): Promise<OutputOf<S>> {
  const result = await textOnly(schema)['~standard'].validate(value);
  if (!result.issues) return result.value as OutputOf<S>;
  const issues = result.issues.map(toIssue);
  const summary = issues.map((i) => (i.path.length ? `${i.path.join('.')}: ${i.message}` : i.message)).join('; ');
  throw invalid(`invalid ${what}: ${summary}`, issues);
}

/** The keys of an object schema that hold lists (zod's own description of the shape). */
function listKeys(schema: unknown): Set<string> {
  const shape = (schema as { shape?: Record<string, { _zod?: { def?: { type?: string } } }> }).shape ?? {};
  return new Set(Object.entries(shape).filter(([, s]) => s._zod?.def?.type === 'array').map(([key]) => key));
}

/** A query key the schema lists (`?page=a&page=b`) is always a list; any other is its one value. */
function queryReader(schema: unknown): (c: Context) => Record<string, string | string[]> {
  const lists = listKeys(schema);
  return (c) => {
    const out: Record<string, string | string[]> = {};
    for (const [key, values] of Object.entries(c.req.queries())) out[key] = lists.has(key) || values.length > 1 ? values : values[0]!;
    return out;
  };
}

/**
 * Validates one part of the request with its protocol schema, which is a Standard Schema; the
 * route reads the output, typed, with `c.req.valid(target)`. The body is the one the JSON reader
 * (middleware/body) parsed within its depth limit: Hono's own `json` target would parse the text
 * again, unbounded, so the parts are read here rather than through `@hono/standard-validator`.
 */
export function validate<T extends Target, S extends StandardSchema>(
  target: T, schema: S,
): MiddlewareHandler<object, string, { out: { [K in T]: OutputOf<S> } }> {
  const read: Record<Target, (c: Context) => unknown> = {
    param: (c) => c.req.param(),
    query: queryReader(schema),
    json: (c) => c.var.jsonBody,
  };
  return async (c, next) => {
    c.req.addValidatedData(target, (await validateValue(schema, read[target](c), WHAT[target])) as object);
    await next();
  };
}
