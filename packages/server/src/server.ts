import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { serve } from '@hono/node-server';
import type { ErrorCode } from '@teahouse/protocol';
import { createApp, type App, type AppOptions } from './app.js';

export interface ServerOptions extends AppOptions {
  /** 0 picks a free port. @default 8787 */
  port?: number;
  /** @default '127.0.0.1' */
  host?: string;
}

export interface RunningServer extends App {
  url: string;
  port: number;
}

/** How long open connections may take to finish when the server closes. */
const DRAIN_MS = 5000;
/** Node's own limit on the request line and headers together; tokens and cookies fit many times over. */
export const MAX_HEADER_BYTES = 16 * 1024;

const REFUSALS: Record<string, [status: number, reason: string, code: ErrorCode, message: string]> = {
  HPE_HEADER_OVERFLOW: [431, 'Request Header Fields Too Large', 'payload_too_large', `the request headers are over ${MAX_HEADER_BYTES / 1024} KB`],
  ERR_HTTP_REQUEST_TIMEOUT: [408, 'Request Timeout', 'validation_failed', 'the request did not arrive in time'],
};

/**
 * Requests Node refuses before the app sees them (headers too large, bytes that are not HTTP in
 * the request line, a request that never finishes arriving) get the protocol error body too,
 * instead of Node's empty answer. A connection already answering, or gone, is only closed.
 */
export function answerClientError(error: Error & { code?: string }, socket: Duplex): void {
  // Node's own handler checks the same: once an answer has started, raw bytes would corrupt it.
  const answering = (socket as Duplex & { _httpMessage?: { headersSent?: boolean } })._httpMessage?.headersSent === true;
  if (error.code === 'ECONNRESET' || !socket.writable || answering) {
    socket.destroy();
    return;
  }
  const [status, reason, code, message] = REFUSALS[error.code ?? ''] ?? [400, 'Bad Request', 'validation_failed', 'the request is not valid HTTP'];
  const body = JSON.stringify({ error: { code, message } });
  socket.end(
    `HTTP/1.1 ${status} ${reason}\r\nContent-Type: application/json; charset=UTF-8\r\n` +
    `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  );
}

/** Starts the API on Node's HTTP server once the database is migrated. */
export async function startServer(options: ServerOptions = {}): Promise<RunningServer> {
  const created = await createApp(options);
  const host = options.host ?? '127.0.0.1';
  let server: ReturnType<typeof serve>;
  try {
    server = await new Promise<ReturnType<typeof serve>>((resolve, reject) => {
      const s = serve({
        fetch: created.app.fetch, port: options.port ?? 8787, hostname: host, serverOptions: { maxHeaderSize: MAX_HEADER_BYTES },
      }, () => resolve(s));
      s.once('error', reject);
      s.on('clientError', answerClientError);
    });
  } catch (error) {
    await created.close();
    throw error;
  }
  const port = (server.address() as AddressInfo).port;
  const urlHost = host.includes(':') ? `[${host}]` : host;
  let closing: Promise<void> | undefined;
  return {
    ...created,
    url: `http://${urlHost}:${port}`,
    port,
    close() {
      closing ??= (async () => {
        // Live streams never finish by themselves; end them so the drain below is quick.
        created.db.events.close();
        await new Promise<void>((resolve) => {
          const timer = setTimeout(() => {
            if ('closeAllConnections' in server) server.closeAllConnections();
          }, DRAIN_MS);
          timer.unref();
          server.close(() => {
            clearTimeout(timer);
            resolve();
          });
          if ('closeIdleConnections' in server) server.closeIdleConnections();
        });
        await created.close();
      })();
      return closing;
    },
  };
}
