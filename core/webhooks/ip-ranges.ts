import { isIPv4, isIPv6 } from 'node:net';
import { ok, parseError, type ParseError, type Result } from '../result.ts';

/** An IP address as bytes: 4 for IPv4, 16 for IPv6. */
export interface IpAddress {
  readonly family: 4 | 6;
  readonly bytes: Uint8Array;
}

/** An address block, `10.0.0.0/8` or `fc00::/7`. */
export interface Cidr {
  readonly family: 4 | 6;
  readonly bytes: Uint8Array;
  readonly prefixLength: number;
}

/** Why an address is not a public unicast one (issue 7). */
export type RefusedRange =
  | 'unspecified'
  | 'loopback'
  | 'private'
  | 'cgnat'
  | 'linkLocal'
  | 'uniqueLocal'
  | 'multicast'
  | 'reserved';

/** Parses a dotted-quad IPv4 address; undefined when it is not one. */
function parseIpv4(text: string): Uint8Array | undefined {
  if (!isIPv4(text)) return undefined;
  return Uint8Array.from(text.split('.').map(Number));
}

/**
 * Parses an IPv6 address in any RFC 4291 §2.2 text form, `::` compression
 * and a trailing dotted quad included; a zone (`%eth0`) is ignored.
 */
function parseIpv6(text: string): Uint8Array | undefined {
  const zone = text.indexOf('%');
  let s = zone >= 0 ? text.slice(0, zone) : text;
  if (!isIPv6(s)) return undefined;
  const lastColon = s.lastIndexOf(':');
  const tail = s.slice(lastColon + 1);
  if (tail.includes('.')) {
    const v4 = parseIpv4(tail);
    if (v4 === undefined) return undefined;
    const hi = ((v4[0]! << 8) | v4[1]!).toString(16);
    const lo = ((v4[2]! << 8) | v4[3]!).toString(16);
    s = `${s.slice(0, lastColon + 1)}${hi}:${lo}`;
  }
  const [head = '', rest] = s.split('::');
  const headGroups = head === '' ? [] : head.split(':');
  const restGroups = rest === undefined || rest === '' ? [] : rest.split(':');
  const fill = rest === undefined ? 0 : 8 - headGroups.length - restGroups.length;
  const groups = [...headGroups, ...new Array<string>(fill).fill('0'), ...restGroups];
  if (groups.length !== 8) return undefined;
  const bytes = new Uint8Array(16);
  groups.forEach((g, i) => {
    const n = parseInt(g, 16);
    bytes[i * 2] = n >> 8;
    bytes[i * 2 + 1] = n & 0xff;
  });
  return bytes;
}

/** Parses an IPv4 or IPv6 address (brackets allowed); undefined if neither. */
export function parseIpAddress(text: string): IpAddress | undefined {
  const bare = text.startsWith('[') && text.endsWith(']') ? text.slice(1, -1) : text;
  const v4 = parseIpv4(bare);
  if (v4 !== undefined) return { family: 4, bytes: v4 };
  const v6 = parseIpv6(bare);
  return v6 === undefined ? undefined : { family: 6, bytes: v6 };
}

/**
 * Parses `address/prefix`, or a bare address as a single host. The host
 * bits must be zero, so `10.1.2.3/8` (a likely typo) is refused.
 */
export function parseCidr(text: string): Result<Cidr, ParseError> {
  const trimmed = text.trim();
  const slash = trimmed.indexOf('/');
  const addressText = slash < 0 ? trimmed : trimmed.slice(0, slash);
  const address = parseIpAddress(addressText);
  if (address === undefined) {
    return parseError('ERR_CIDR_ADDRESS', 0, `"${addressText}" is not an IP address`);
  }
  const maxBits = address.bytes.length * 8;
  const prefixText = slash < 0 ? String(maxBits) : trimmed.slice(slash + 1);
  const prefixLength = /^\d{1,3}$/.test(prefixText) ? Number(prefixText) : Number.NaN;
  if (!(prefixLength >= 0 && prefixLength <= maxBits)) {
    return parseError(
      'ERR_CIDR_PREFIX',
      slash + 1,
      `prefix "${prefixText}" is not in 0..${maxBits}`,
    );
  }
  const cidr: Cidr = { family: address.family, bytes: address.bytes, prefixLength };
  const network = maskTo(address.bytes, prefixLength);
  if (!network.every((b, i) => b === address.bytes[i])) {
    return parseError('ERR_CIDR_HOST_BITS', 0, `${trimmed} has host bits set`);
  }
  return ok(cidr);
}

function maskTo(bytes: Uint8Array, prefixLength: number): Uint8Array {
  const out = new Uint8Array(bytes.length);
  for (let i = 0; i < bytes.length; i++) {
    const bits = Math.max(0, Math.min(8, prefixLength - i * 8));
    out[i] = bytes[i]! & ((0xff << (8 - bits)) & 0xff);
  }
  return out;
}

/** True when `address` lies in `cidr` (same family only). */
export function cidrContains(cidr: Cidr, address: IpAddress): boolean {
  if (cidr.family !== address.family) return false;
  const masked = maskTo(address.bytes, cidr.prefixLength);
  return masked.every((b, i) => b === cidr.bytes[i]);
}

/** The CIDR of a constant range; throws only on a typo in this file. */
function range(text: string): Cidr {
  const parsed = parseCidr(text);
  if (!parsed.ok) throw new Error(`bad built-in range ${text}`);
  return parsed.value;
}

/**
 * Blocks that are never a public web service: RFC 6890's special-purpose
 * registries narrowed to what can reach a host of ours or our neighbours.
 */
const REFUSED: ReadonlyArray<readonly [RefusedRange, Cidr]> = [
  // RFC 1122 §3.2.1.3: "this host on this network"; 0.0.0.0 reaches us.
  ['unspecified', range('0.0.0.0/8')],
  ['loopback', range('127.0.0.0/8')],
  // RFC 1918 §3.
  ['private', range('10.0.0.0/8')],
  ['private', range('172.16.0.0/12')],
  ['private', range('192.168.0.0/16')],
  // RFC 6598: carrier-grade NAT space, internal to a provider.
  ['cgnat', range('100.64.0.0/10')],
  // RFC 3927: link-local, where cloud metadata (169.254.169.254) lives.
  ['linkLocal', range('169.254.0.0/16')],
  // RFC 6890 §2.2.2: IETF protocol assignments, not routable.
  ['reserved', range('192.0.0.0/24')],
  ['multicast', range('224.0.0.0/4')],
  // RFC 1112 §4: class E, and 255.255.255.255 broadcast.
  ['reserved', range('240.0.0.0/4')],
  ['unspecified', range('::/128')],
  ['loopback', range('::1/128')],
  // RFC 4193: unique local addresses, the IPv6 private space.
  ['uniqueLocal', range('fc00::/7')],
  // RFC 4291 §2.5.6: link-local unicast.
  ['linkLocal', range('fe80::/10')],
  // RFC 3879: deprecated site-local, still private where used.
  ['private', range('fec0::/10')],
  ['multicast', range('ff00::/8')],
  // RFC 4291 §2.5.5.1: deprecated IPv4-compatible addresses.
  ['reserved', range('::/96')],
  // RFC 8215: the local-use NAT64 prefix, translated inside a site.
  ['private', range('64:ff9b:1::/48')],
];

const MAPPED_V4 = range('::ffff:0:0/96');
/** RFC 6052 §2.1: the well-known NAT64 prefix embeds an IPv4 address. */
const NAT64_V4 = range('64:ff9b::/96');
/** RFC 3056 §2: a 6to4 address carries its IPv4 gateway in bits 16-47. */
const SIX_TO_FOUR = range('2002::/16');

/**
 * The IPv4 address an IPv6 one stands for (RFC 4291 §2.5.5.2 mapped,
 * RFC 6052 NAT64 or RFC 3056 6to4), else the address itself:
 * `::ffff:127.0.0.1` is loopback however it is written.
 */
export function effectiveAddress(address: IpAddress): IpAddress {
  if (address.family !== 6) return address;
  if (cidrContains(MAPPED_V4, address) || cidrContains(NAT64_V4, address)) {
    return { family: 4, bytes: address.bytes.slice(12) };
  }
  if (cidrContains(SIX_TO_FOUR, address)) return { family: 4, bytes: address.bytes.slice(2, 6) };
  return address;
}

/** The refused range `address` is in, or undefined for a public address. */
export function refusedRangeOf(address: IpAddress): RefusedRange | undefined {
  const effective = effectiveAddress(address);
  for (const [name, cidr] of REFUSED) {
    if (cidrContains(cidr, effective)) return name;
  }
  return undefined;
}
