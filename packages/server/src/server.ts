import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
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

/** Starts the API on Node's HTTP server once the database is migrated. */
export async function startServer(options: ServerOptions = {}): Promise<RunningServer> {
  const created = await createApp(options);
  const host = options.host ?? '127.0.0.1';
  let server: ReturnType<typeof serve>;
  try {
    server = await new Promise<ReturnType<typeof serve>>((resolve, reject) => {
      const s = serve({ fetch: created.app.fetch, port: options.port ?? 8787, hostname: host }, () => resolve(s));
      s.once('error', reject);
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
