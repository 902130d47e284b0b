import type { MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { MAX_BODY_DEPTH, MAX_REQUEST_BYTES } from '@teahouse/protocol/routes';
import { invalid, payloadTooLarge } from '../../errors.js';

export { MAX_REQUEST_BYTES };

const JSON_TYPE = /^application\/json\s*(;|$)/i;

declare module 'hono' {
  interface ContextVariableMap {
    /** The request's JSON body as the body reader parsed it, for the validator. */
    jsonBody: unknown;
  }
}
/** Node hands these methods to the app without their body, so their size is judged by the headers. */
const BODYLESS = new Set(['GET', 'HEAD']);

const tooLarge = (maxSize: number) => payloadTooLarge(`the request body is over ${maxSize / 1024} KB`);

/**
 * Refuses a body over `maxSize` bytes with 413 before anything reads it: by its Content-Length,
 * or while it streams in. A GET or HEAD declaring a body over the limit, or one of undeclared
 * length, is refused alike, though no route reads it: every body over the limit is refused.
 */
export function limitBody(maxSize = MAX_REQUEST_BYTES): MiddlewareHandler {
  const streamed = bodyLimit({ maxSize, onError: () => { throw tooLarge(maxSize); } });
  return async (c, next) => {
    if (BODYLESS.has(c.req.method)) {
      const length = c.req.header('content-length');
      if ((length !== undefined && !(Number(length) <= maxSize)) || c.req.header('transfer-encoding') !== undefined) {
        throw payloadTooLarge(`a ${c.req.method} request carries no body over ${maxSize / 1024} KB (nor one of undeclared length)`);
      }
      return next();
    }
    return streamed(c, next);
  };
}

/**
 * Parses JSON text, refusing nesting deeper than any request of the protocol needs before
 * `JSON.parse` sees it: one pass over the text that counts brackets outside strings, so the
 * cost stays linear in the body size however the body is nested.
 */
export function parseJson(text: string, maxDepth = MAX_BODY_DEPTH): unknown {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    if (ch === 0x22) {
      // Skip the string: to its closing quote, stepping over escapes.
      for (i++; i < text.length; i++) {
        const s = text.charCodeAt(i);
        if (s === 0x5c) i++;
        else if (s === 0x22) break;
      }
    } else if (ch === 0x7b || ch === 0x5b) {
      if (++depth > maxDepth) {
        throw invalid(`the request body nests deeper than ${maxDepth} levels`, [{ path: [], message: `more than ${maxDepth} levels of nesting` }]);
      }
    } else if (ch === 0x7d || ch === 0x5d) {
      depth--;
    }
  }
  try {
    return JSON.parse(text);
  } catch {
    throw invalid('the request body is not valid JSON');
  }
}

/**
 * Reads a route's JSON body for the validator (`c.req.valid('json')`): 415 unless it says it is
 * JSON, 400 unless it parses within the depth limit. An optional body may be empty (read as `{}`).
 */
export function jsonBody(options: { required?: boolean | undefined; maxBytes?: number | undefined } = {}): MiddlewareHandler {
  const required = options.required ?? true;
  const limit = options.maxBytes === undefined ? undefined : limitBody(options.maxBytes);
  const read: MiddlewareHandler = async (c, next) => {
    const text = await c.req.text();
    if (!required && text.trim() === '') {
      c.set('jsonBody', {});
      return next();
    }
    if (!JSON_TYPE.test(c.req.header('content-type') ?? '')) {
      throw invalid('the request body must be JSON (Content-Type: application/json)', undefined, 415);
    }
    c.set('jsonBody', parseJson(text));
    await next();
  };
  return limit ? (c, next) => limit(c, async () => { await read(c, next); }) : read;
}
