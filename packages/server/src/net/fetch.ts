import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { request as httpRequest, type IncomingHttpHeaders, type OutgoingHttpHeaders } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { isIP, type LookupFunction } from 'node:net';
import { isPrivateAddress, normalizeAddress } from './addresses.js';

/** Options of {@link safeFetch}; every field has a default. */
export interface SafeFetchOptions {
  /** @default 'GET' */
  method?: string;
  /** Sent on the first request; `authorization` and `cookie` are dropped when a redirect leaves the origin. @default {} */
  headers?: Record<string, string>;
  /** Request body; a redirect that turns the request into a GET drops it. @default undefined */
  body?: string | Uint8Array;
  /** For the whole fetch, every redirect hop included. @default 10000 */
  timeoutMs?: number;
  /** Response bodies over this many bytes fail the fetch. @default 1048576 (1 MiB) */
  maxBytes?: number;
  /** Redirects followed; 0 returns the 3xx response itself. @default 5 */
  maxRedirects?: number;
  /**
   * Addresses let through although they are not public, decided per resolved address on every
   * hop. For targets the operator configured on their own network (a webhook receiver on the
   * LAN); never for a URL a reader or a page supplied. @default none
   */
  allowAddress?: (address: string) => boolean;
}

export interface SafeResponse {
  status: number;
  headers: IncomingHttpHeaders;
  /** The URL of the response, after redirects. */
  url: string;
  body: Buffer;
}

/** The fetcher refused a target: a private address, a scheme other than http(s), too many redirects. */
export class UnsafeTargetError extends Error {
  readonly code = 'EUNSAFE';
  override name = 'UnsafeTargetError';
}

const REDIRECTS = new Set([301, 302, 303, 307, 308]);
const CROSS_ORIGIN_DROPPED = new Set(['authorization', 'cookie', 'proxy-authorization']);

/**
 * Resolves the host and refuses it unless every address is allowed, in the same step that hands
 * the address to the socket: a DNS answer cannot change between the check and the connection
 * (no rebinding window).
 */
function guardedLookup(allowed: (address: string) => boolean): LookupFunction {
  return (hostname, options, callback) => {
    dnsLookup(hostname, { ...options, all: true }, (error, addresses) => {
      if (error) return callback(error, '', 0);
      const list = addresses as unknown as LookupAddress[];
      const bad = list.find((a) => !allowed(a.address));
      if (bad || list.length === 0) {
        return callback(new UnsafeTargetError(`${hostname} resolves to a private address (${bad?.address ?? 'none'})`), '', 0);
      }
      if ((options as { all?: boolean }).all) return (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, list);
      callback(null, list[0]!.address, list[0]!.family);
    });
  };
}

interface Hop {
  url: URL;
  method: string;
  headers: Record<string, string>;
  body: string | Uint8Array | undefined;
}

/** One request, no redirects followed; the body is read up to the cap. */
function send(hop: Hop, allowed: (address: string) => boolean, maxBytes: number, signal: AbortSignal): Promise<SafeResponse> {
  return new Promise((resolve, reject) => {
    const { url } = hop;
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
      return reject(new UnsafeTargetError(`only http and https URLs are fetched, not ${url.protocol}`));
    }
    // An address literal is never looked up, so it is checked here, before any connection.
    const host = url.hostname.replace(/^\[|\]$/g, '');
    if (isIP(host) !== 0 && !allowed(host)) {
      return reject(new UnsafeTargetError(`${host} is a private address`));
    }
    const headers: OutgoingHttpHeaders = { ...hop.headers };
    if (hop.body !== undefined) headers['content-length'] = Buffer.byteLength(hop.body);
    const req = (url.protocol === 'https:' ? httpsRequest : httpRequest)(url, {
      method: hop.method,
      headers,
      lookup: guardedLookup(allowed),
      // A pooled connection would skip the lookup above and could have been opened under other rules.
      agent: false,
      signal,
    }, (res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      let over = false;
      res.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > maxBytes && !over) {
          over = true;
          res.destroy();
          reject(new Error(`the response is over ${maxBytes} bytes`));
        }
        if (!over) chunks.push(chunk);
      });
      res.on('end', () => {
        if (!over) resolve({ status: res.statusCode ?? 0, headers: res.headers, url: url.toString(), body: Buffer.concat(chunks) });
      });
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(hop.body);
  });
}

/**
 * The one way the server fetches a URL it did not configure itself. Refuses private, loopback,
 * link-local, unique-local and other non-public addresses (see `isPrivateAddress`) at connect
 * time on every redirect hop, whether the host is a name or an address literal; only http and
 * https; bounded in time and in response size. Rejects with `UnsafeTargetError` for a refused
 * target, and with the network error otherwise.
 */
export async function safeFetch(input: string | URL, options: SafeFetchOptions = {}): Promise<SafeResponse> {
  const extra = options.allowAddress;
  const allowed = (address: string) => !isPrivateAddress(address) || (extra?.(normalizeAddress(address) ?? address) ?? false);
  const maxBytes = options.maxBytes ?? 1024 * 1024;
  const maxRedirects = options.maxRedirects ?? 5;
  const timeoutMs = options.timeoutMs ?? 10_000;
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(new Error(`the fetch took longer than ${timeoutMs} ms`)), timeoutMs);
  let hop: Hop;
  try {
    hop = { url: new URL(input), method: (options.method ?? 'GET').toUpperCase(), headers: { ...options.headers }, body: options.body };
  } catch {
    clearTimeout(timer);
    throw new UnsafeTargetError('not a valid URL');
  }
  try {
    for (let redirects = 0; ; redirects++) {
      const res = await send(hop, allowed, maxBytes, controller.signal).catch((error: unknown) => {
        throw controller.signal.aborted ? controller.signal.reason : error;
      });
      const location = res.headers.location;
      if (!REDIRECTS.has(res.status) || location === undefined || maxRedirects === 0) return res;
      if (redirects >= maxRedirects) throw new UnsafeTargetError(`more than ${maxRedirects} redirects`);
      let next: URL;
      try {
        next = new URL(location, hop.url);
      } catch {
        throw new UnsafeTargetError('the redirect location is not a valid URL');
      }
      const headers = { ...hop.headers };
      if (next.origin !== hop.url.origin) {
        for (const name of Object.keys(headers)) if (CROSS_ORIGIN_DROPPED.has(name.toLowerCase())) delete headers[name];
      }
      // As browsers do: 303, and 301/302 after a POST, become a GET without a body.
      const toGet = res.status === 303 || ((res.status === 301 || res.status === 302) && hop.method === 'POST');
      if (toGet) {
        for (const name of Object.keys(headers)) if (/^content-/i.test(name)) delete headers[name];
      }
      hop = { url: next, method: toGet ? 'GET' : hop.method, headers, body: toGet ? undefined : hop.body };
    }
  } finally {
    clearTimeout(timer);
  }
}
