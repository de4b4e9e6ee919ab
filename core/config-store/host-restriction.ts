import { isIP } from 'node:net';
import { ok, parseError, type ParseError, type Result } from '../index.ts';

/**
 * EXT-2 主机名 (host lock): the source addresses an extension may REGISTER
 * and INVITE from. Written as one or more IP addresses or CIDR blocks,
 * IPv4 or IPv6, separated by commas or spaces: `192.0.2.10`,
 * `198.51.100.0/24, 2001:db8::/32`. Host names are refused (D40): the
 * check runs on every request, and a DNS lookup there would add latency and
 * let whoever controls the zone widen the lock.
 */
export interface HostRestriction {
  /** The text as stored, for messages. */
  readonly text: string;
  /** Whether a request from `address` (a literal IP) passes the lock. */
  allows(address: string): boolean;
}

const MAX_ENTRIES = 32;

/** One allowed block: the address bytes and how many leading bits must match. */
interface Block {
  readonly bytes: Uint8Array;
  readonly prefixBits: number;
}

/**
 * Parses a host restriction; never throws. The error offset is the
 * character where the bad entry starts.
 */
export function parseHostRestriction(text: string): Result<HostRestriction, ParseError> {
  const blocks: Block[] = [];
  for (const match of text.matchAll(/[^\s,]+/g)) {
    const entry = match[0];
    const offset = match.index;
    if (blocks.length === MAX_ENTRIES) {
      return parseError('ERR_HOST_RESTRICTION', offset, `more than ${MAX_ENTRIES} entries`);
    }
    const slash = entry.indexOf('/');
    const bytes = addressBytes(unbracket(slash < 0 ? entry : entry.slice(0, slash)));
    if (bytes === undefined) {
      const detail = `"${entry}" is not an IP address or CIDR block (host names are not allowed)`;
      return parseError('ERR_HOST_RESTRICTION', offset, detail);
    }
    const maxBits = bytes.length * 8;
    const prefix = slash < 0 ? String(maxBits) : entry.slice(slash + 1);
    if (!/^[0-9]{1,3}$/.test(prefix) || Number(prefix) > maxBits) {
      const detail = `"${entry}" has a prefix length outside 0..${maxBits}`;
      return parseError('ERR_HOST_RESTRICTION', offset, detail);
    }
    blocks.push({ bytes, prefixBits: Number(prefix) });
  }
  if (blocks.length === 0) {
    return parseError('ERR_HOST_RESTRICTION', 0, 'no address given');
  }
  return ok({ text, allows: (address) => matches(blocks, address) });
}

/**
 * A restriction that lets nothing through: what a stored value that no
 * longer parses becomes, so that a broken lock fails closed.
 */
export function denyAllHosts(text: string): HostRestriction {
  return { text, allows: () => false };
}

function matches(blocks: readonly Block[], address: string): boolean {
  const bare = unbracket(address);
  // A dual-stack socket reports IPv4 peers as ::ffff:a.b.c.d (RFC 4291 §2.5.5.2).
  const mapped = /^::ffff:([0-9.]+)$/i.exec(bare);
  const bytes = addressBytes(mapped?.[1] ?? bare);
  if (bytes === undefined) return false;
  return blocks.some((b) => b.bytes.length === bytes.length && hasPrefix(bytes, b));
}

function hasPrefix(bytes: Uint8Array, block: Block): boolean {
  const whole = block.prefixBits >> 3;
  for (let i = 0; i < whole; i++) if (bytes[i] !== block.bytes[i]) return false;
  const rest = block.prefixBits & 7;
  if (rest === 0) return true;
  const mask = (0xff << (8 - rest)) & 0xff;
  return ((bytes[whole]! ^ block.bytes[whole]!) & mask) === 0;
}

/** The 4 or 16 bytes of a literal IPv4 or IPv6 address, else undefined. */
function addressBytes(address: string): Uint8Array | undefined {
  const family = isIP(address);
  if (family === 4) {
    const parts = address.split('.');
    const bytes = new Uint8Array(4);
    for (let i = 0; i < 4; i++) bytes[i] = Number(parts[i]);
    return bytes;
  }
  if (family !== 6) return undefined;
  // RFC 4291 §2.2: `::` stands for the zero groups, an IPv4 tail for two.
  const bytes = new Uint8Array(16);
  let text = address;
  const v4 = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (v4 !== null) {
    const [a, b, c, d] = v4[1]!.split('.').map(Number) as [number, number, number, number];
    text = `${text.slice(0, v4.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head, tail] = text.split('::') as [string, string | undefined];
  const groups = (part: string | undefined) => (part ? part.split(':') : []);
  const left = groups(head);
  const right = groups(tail);
  const all = [...left, ...Array<string>(8 - left.length - right.length).fill('0'), ...right];
  all.forEach((g, i) => {
    const n = parseInt(g, 16);
    bytes[i * 2] = n >> 8;
    bytes[i * 2 + 1] = n & 0xff;
  });
  return bytes;
}

function unbracket(address: string): string {
  return address.startsWith('[') && address.endsWith(']') ? address.slice(1, -1) : address;
}
