import type { Context, MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { ApiError, invalid } from '../errors.js';

/** Request bodies over this are refused before any parsing. */
export const MAX_REQUEST_BYTES = 64 * 1024;

const JSON_TYPE = /^application\/json\s*(;|$)/i;

/** Refuses a body over `maxSize` bytes with 413 before anything reads it. */
export function limitBody(maxSize = MAX_REQUEST_BYTES): MiddlewareHandler {
  return bodyLimit({
    maxSize,
    onError: () => {
      throw new ApiError(413, 'payload_too_large', `the request body is over ${maxSize / 1024} KB`);
    },
  });
}

/** Parses JSON text, turning a syntax error into the protocol's 400. */
export function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new ApiError(400, 'validation_failed', 'the request body is not valid JSON');
  }
}

/** The request's JSON body: 415 unless it says it is JSON, 400 unless it parses. */
export async function jsonBody(c: Context): Promise<unknown> {
  if (!JSON_TYPE.test(c.req.header('content-type') ?? '')) {
    throw new ApiError(415, 'validation_failed', 'the request body must be JSON (Content-Type: application/json)');
  }
  return parseJson(await c.req.text());
}

/** Postgres rejects NUL in text; no page key or body needs one. */
function findNul(value: unknown, path: (string | number)[]): (string | number)[] | null {
  if (typeof value === 'string') return value.includes('\0') ? path : null;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = findNul(value[i], [...path, i]);
      if (found) return found;
    }
  } else if (value && typeof value === 'object') {
    for (const [key, v] of Object.entries(value)) {
      const found = findNul(v, [...path, key]);
      if (found) return found;
    }
  }
  return null;
}

/** The part of a zod schema used here; the protocol owns zod, the server only calls it. */
interface Schema<T> {
  safeParse(value: unknown):
    | { success: true; data: T }
    | { success: false; error: { issues: readonly { path: readonly PropertyKey[]; message: string }[] } };
}

/** Every parameter, query and body goes through its protocol schema here; failures are 400s. */
export function validate<T>(schema: Schema<T>, value: unknown, what: string): T {
  const nul = findNul(value, []);
  if (nul) throw invalid(`invalid ${what}: NUL characters are not allowed`, [{ path: nul, message: 'contains a NUL character' }]);
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issues = result.error.issues.map((issue) => ({
    path: issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p)),
    message: issue.message,
  }));
  const summary = issues.map((i) => (i.path.length ? `${i.path.join('.')}: ${i.message}` : i.message)).join('; ');
  throw invalid(`invalid ${what}: ${summary}`, issues);
}
