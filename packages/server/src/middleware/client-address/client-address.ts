import type { MiddlewareHandler } from 'hono';
import { resolveClientIp, socketAddress, TrustedProxies } from '../../abuse/client-ip.js';

declare module 'hono' {
  interface ContextVariableMap {
    /**
     * The client's IP address: the socket's, or the one trusted proxies forwarded
     * (`AppOptions.trustProxy`); `unknown` for in-process requests without a socket.
     */
    clientAddress: string;
  }
}

/** Works out the client's address once per request, into `c.var.clientAddress`. */
export function clientAddress(trustProxy: readonly string[] = []): MiddlewareHandler {
  const trusted = new TrustedProxies(trustProxy);
  return async (c, next) => {
    c.set('clientAddress', resolveClientIp(socketAddress(c), {
      forwardedFor: c.req.header('x-forwarded-for'),
      realIp: c.req.header('x-real-ip'),
    }, trusted));
    await next();
  };
}
