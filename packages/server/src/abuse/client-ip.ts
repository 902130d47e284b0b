import { BlockList, isIP } from 'node:net';
import type { Context } from 'hono';
import { getConnInfo } from '@hono/node-server/conninfo';
import { normalizeAddress } from '../net/addresses.js';

/** Names accepted in `trustProxy` besides addresses and CIDR ranges. */
const NAMED: Record<string, [string, number, 'ipv4' | 'ipv6'][]> = {
  loopback: [['127.0.0.0', 8, 'ipv4'], ['::1', 128, 'ipv6']],
  linklocal: [['169.254.0.0', 16, 'ipv4'], ['fe80::', 10, 'ipv6']],
  uniquelocal: [['10.0.0.0', 8, 'ipv4'], ['172.16.0.0', 12, 'ipv4'], ['192.168.0.0', 16, 'ipv4'], ['fc00::', 7, 'ipv6']],
};

/** Addresses whose trust is remembered; past this many the memory starts again. */
const MAX_KNOWN = 4096;

/** The proxies whose forwarding headers are believed: addresses, CIDR ranges and the names above. */
export class TrustedProxies {
  readonly #list = new BlockList();
  /** Answers already worked out, by address as given: a server sees the same few peers again and again. */
  readonly #known = new Map<string, boolean>();
  readonly size: number;

  /** Throws on an entry that is neither an address, a CIDR range nor a known name. */
  constructor(entries: readonly string[] = []) {
    let size = 0;
    for (const raw of entries) {
      const entry = raw.trim();
      if (entry === '') continue;
      size++;
      const named = NAMED[entry.toLowerCase()];
      if (named) {
        for (const [net, prefix, family] of named) this.#list.addSubnet(net, prefix, family);
        continue;
      }
      const [address = '', prefixText] = entry.split('/');
      const normal = normalizeAddress(address);
      const family = normal === null ? 0 : isIP(normal);
      const max = family === 4 ? 32 : 128;
      const prefix = prefixText === undefined ? max : Number(prefixText);
      if (normal === null || !/^\d*$/.test(prefixText ?? '') || !Number.isInteger(prefix) || prefix < 0 || prefix > max) {
        throw new Error(`trustProxy: "${entry}" is not an IP address, a CIDR range or one of ${Object.keys(NAMED).join(', ')}`);
      }
      this.#list.addSubnet(normal, prefix, family === 4 ? 'ipv4' : 'ipv6');
    }
    this.size = size;
  }

  has(address: string): boolean {
    if (this.size === 0) return false;
    let trusted = this.#known.get(address);
    if (trusted === undefined) {
      const normal = normalizeAddress(address);
      trusted = normal !== null && this.#list.check(normal, isIP(normal) === 4 ? 'ipv4' : 'ipv6');
      if (this.#known.size >= MAX_KNOWN) this.#known.clear();
      this.#known.set(address, trusted);
    }
    return trusted;
  }
}

/** `203.0.113.7`, `203.0.113.7:5678`, `[2001:db8::1]:443` or `2001:db8::1` → the address; else null. */
function forwardedAddress(entry: string): string | null {
  const text = entry.trim();
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(text);
  if (bracketed) return normalizeAddress(bracketed[1]!);
  const v4port = /^(\d{1,3}(?:\.\d{1,3}){3}):\d+$/.exec(text);
  return normalizeAddress(v4port ? v4port[1]! : text);
}

/**
 * The client's address. The socket's peer, unless that peer is a trusted proxy: then
 * `X-Forwarded-For` is walked from the right, each trusted proxy stepping back one hop, and the
 * first address that is not a trusted proxy is the client. `X-Real-IP` counts only from a trusted
 * peer that sent no `X-Forwarded-For`. Headers from anyone else are ignored: they are whatever the
 * client chose to write.
 */
export function resolveClientIp(
  peer: string | undefined,
  headers: { forwardedFor?: string | undefined; realIp?: string | undefined },
  trusted: TrustedProxies,
): string {
  const socket = (peer && normalPeer(peer)) || 'unknown';
  if (!trusted.has(socket)) return socket;
  const hops = (headers.forwardedFor ?? '').split(',').map((h) => h.trim()).filter(Boolean);
  if (hops.length === 0) return (headers.realIp && forwardedAddress(headers.realIp)) || socket;
  let client = socket;
  for (let i = hops.length - 1; i >= 0; i--) {
    const address = forwardedAddress(hops[i]!);
    // Garbage where an address should be: the last hop vouched for is as far as anyone can tell.
    if (address === null) return client;
    client = address;
    if (!trusted.has(address)) return address;
  }
  return client;
}

/** Socket peers' addresses in their one spelling, remembered: connections come from few peers. */
const peers = new Map<string, string | null>();
function normalPeer(peer: string): string | null {
  let normal = peers.get(peer);
  if (normal === undefined) {
    normal = normalizeAddress(peer);
    if (peers.size >= MAX_KNOWN) peers.clear();
    peers.set(peer, normal);
  }
  return normal;
}

/** The socket peer's address as @hono/node-server exposes it; undefined for in-process requests. */
export function socketAddress(c: Context): string | undefined {
  // The socket's own field first: getConnInfo builds a SocketAddress object on every call.
  const remote = (c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined)?.incoming?.socket?.remoteAddress;
  if (remote !== undefined) return remote;
  try {
    return getConnInfo(c).remote.address;
  } catch {
    return undefined;
  }
}

/**
 * The address of the client behind a request, as `AppOptions.trustProxy` allows it to be known:
 * every per-address limit and the rewards' visit checks use this. In-process requests
 * (`app.request` without a socket) count as one address, `unknown`.
 */
export function clientIp(c: Context): string {
  return c.var.clientAddress ?? resolveClientIp(socketAddress(c), {}, new TrustedProxies());
}
