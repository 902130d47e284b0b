import { randomUUID } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';
import { pino, type Logger } from 'pino';

export type { Logger } from 'pino';

declare module 'hono' {
  interface ContextVariableMap {
    /** This request's id: the `X-Request-Id` it came with when that is a sane one, else a new UUID. */
    requestId: string;
    /** The app's logger with this request's id bound (`reqId`). */
    log: Logger;
  }
}

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/**
 * The server's logger: one JSON object per line (pino), never colour codes, on stdout unless
 * told otherwise. Levels are pino's names (`TEAHOUSE_LOG_LEVEL` in `teahouse serve`).
 */
export function createLogger(options: { level?: LogLevel; destination?: NodeJS.WritableStream | number } = {}): Logger {
  return pino(
    { name: 'teahouse', level: options.level ?? 'info', base: { pid: process.pid } },
    typeof options.destination === 'object' ? options.destination : pino.destination({ dest: options.destination ?? 1, sync: false }),
  );
}

/** Accepted from a client or proxy as is: short and plain, so it is safe in headers and logs. */
const REQUEST_ID = /^[A-Za-z0-9._:/+=-]{1,128}$/;

/**
 * Gives every request an id (the sane `X-Request-Id` it came with, or a new one), answered in
 * `X-Request-Id` and bound to `c.var.log`; with `requests`, logs one line per answered request.
 */
export function requestLog(log: Logger, requests: boolean): MiddlewareHandler {
  return async (c, next) => {
    const sent = c.req.header('x-request-id');
    const id = sent !== undefined && REQUEST_ID.test(sent) ? sent : randomUUID();
    c.set('requestId', id);
    c.set('log', log.child({ reqId: id }));
    const started = performance.now();
    await next();
    c.res.headers.set('X-Request-Id', id);
    if (requests) {
      c.var.log.info({
        method: c.req.method,
        path: c.req.path,
        status: c.res.status,
        ms: Math.round((performance.now() - started) * 10) / 10,
        ip: c.var.clientAddress,
      }, 'request');
    }
  };
}
