import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { ErrorCode } from '@teahouse/protocol';
import { ApiError } from '../../errors.js';

/** Codes for the `HTTPException`s Hono's own middleware throws. */
const CODE_BY_STATUS: Record<number, ErrorCode> = {
  400: 'validation_failed',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not_found',
  405: 'not_found',
  409: 'conflict',
  413: 'payload_too_large',
  415: 'validation_failed',
  422: 'validation_failed',
  429: 'rate_limited',
};

/** The one place failures become the protocol error body. */
export function errorResponse(error: Error, c: Context): Response {
  if (error instanceof ApiError) return c.json(error.toBody(), error.status);
  if (error instanceof HTTPException && error.status < 500) {
    const status = error.status as ContentfulStatusCode;
    const code = CODE_BY_STATUS[status] ?? 'validation_failed';
    return c.json({ error: { code, message: error.message || 'request rejected' } }, status);
  }
  if (c.var.log) c.var.log.error({ err: error, method: c.req.method, path: c.req.path }, 'unexpected error');
  else console.error('teahouse: unexpected error', error);
  return c.json({ error: { code: 'internal' satisfies ErrorCode, message: 'internal server error' } }, 500);
}

export function notFoundResponse(c: Context): Response {
  return c.json({ error: { code: 'not_found' satisfies ErrorCode, message: `no route for ${c.req.method} ${c.req.path}` } }, 404);
}
