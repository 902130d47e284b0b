import { BlockList, isIP } from 'node:net';

// Everything that is not the public internet: unspecified, loopback, private, shared (CGNAT),
// link-local (cloud metadata at 169.254.169.254), benchmarking, documentation, multicast and
// reserved ranges. IPv6 forms that carry an IPv4 address (mapped, 6to4) are checked by the
// IPv4 they carry, below.
const blocked = new BlockList();
for (const [net, prefix] of [
  ['0.0.0.0', 8], ['10.0.0.0', 8], ['100.64.0.0', 10], ['127.0.0.0', 8], ['169.254.0.0', 16], ['172.16.0.0', 12],
  ['192.0.0.0', 24], ['192.0.2.0', 24], ['192.88.99.0', 24], ['192.168.0.0', 16], ['198.18.0.0', 15],
  ['198.51.100.0', 24], ['203.0.113.0', 24], ['224.0.0.0', 3],
] as const) blocked.addSubnet(net, prefix, 'ipv4');
for (const [net, prefix] of [
  // ::/96 holds the unspecified address, loopback and the deprecated IPv4-compatible forms.
  ['::', 96], ['64:ff9b::', 96], ['64:ff9b:1::', 48], ['100::', 64], ['2001::', 23], ['2001:db8::', 32],
  ['fc00::', 7], ['fe80::', 10], ['fec0::', 10], ['ff00::', 8],
] as const) blocked.addSubnet(net, prefix, 'ipv6');

/** The eight 16-bit groups of an IPv6 address (already known to be valid). */
function groups(address: string): number[] {
  let text = address.replace(/%.*$/, '');
  const v4 = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(text);
  if (v4) {
    const [a, b, c, d] = v4.slice(1).map(Number) as [number, number, number, number];
    text = `${text.slice(0, v4.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head, tail] = text.split('::') as [string, string | undefined];
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const fill = tail === undefined ? [] : Array<string>(8 - left.length - right.length).fill('0');
  return [...left, ...fill, ...right].map((g) => parseInt(g, 16));
}

const v4Of = (hi: number, lo: number): string => `${hi >> 8}.${hi & 255}.${lo >> 8}.${lo & 255}`;

/**
 * One spelling per address: IPv4 as dotted quad, an IPv4-mapped IPv6 address (`::ffff:7f00:1`,
 * `::ffff:127.0.0.1`) as the IPv4 it maps, IPv6 in lowercase without a zone. Returns null for
 * anything that is not an IP address.
 */
export function normalizeAddress(address: string): string | null {
  const bare = address.trim().replace(/^\[(.*)\]$/, '$1');
  const family = isIP(bare);
  if (family === 4) return bare;
  if (family !== 6) return null;
  const g = groups(bare.toLowerCase());
  if (g.slice(0, 5).every((x) => x === 0) && g[5] === 0xffff) return v4Of(g[6]!, g[7]!);
  return g.map((x) => x.toString(16)).join(':');
}

/**
 * True for any address a server-side request must not reach: loopback, private, link-local,
 * unique-local, CGNAT, multicast, reserved, documentation, and IPv6 forms wrapping one of those
 * (mapped, NAT64, 6to4). Anything that is not an IP address counts as private.
 */
export function isPrivateAddress(address: string): boolean {
  const normal = normalizeAddress(address);
  if (normal === null) return true;
  if (isIP(normal) === 4) return blocked.check(normal, 'ipv4');
  const g = groups(normal);
  // 6to4 (2002::/16) routes to the IPv4 address in its next 32 bits.
  if (g[0] === 0x2002 && blocked.check(v4Of(g[1]!, g[2]!), 'ipv4')) return true;
  return blocked.check(normal, 'ipv6');
}

/** The part of an address that identifies a client for limits: IPv4 whole, IPv6 by its /64 (one subscriber's prefix). */
export function addressKey(address: string): string {
  const normal = normalizeAddress(address);
  if (normal === null) return address;
  if (isIP(normal) === 4) return normal;
  return `${groups(normal).slice(0, 4).map((x) => x.toString(16)).join(':')}::/64`;
}
