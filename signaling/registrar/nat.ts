import { isIPv4 } from 'node:net';

/**
 * True for addresses that cannot be reached from the public Internet:
 * RFC 1918, RFC 6598 shared space, link-local, and IPv6 unique-local and
 * link-local. A Contact with such a host, sent from another address, is
 * behind NAT.
 */
export function isPrivateAddress(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, '').toLowerCase();
  if (isIPv4(h)) {
    const [a, b] = h.split('.').map(Number) as [number, number];
    return (
      a === 10 ||
      (a === 172 && b >= 16 && b <= 31) ||
      (a === 192 && b === 168) ||
      (a === 100 && b >= 64 && b <= 127) ||
      (a === 169 && b === 254)
    );
  }
  return h.startsWith('fc') || h.startsWith('fd') || h.startsWith('fe80:');
}

/**
 * NAT detection for a registration (as Kamailio's nathelper does): the
 * Contact's host or port differs from where the REGISTER came from.
 */
export function isContactBehindNat(
  contactHost: string,
  contactPort: number | undefined,
  sourceAddress: string,
  sourcePort: number,
  defaultPort: number,
): boolean {
  const host = contactHost.replace(/^\[|\]$/g, '').toLowerCase();
  if (host !== sourceAddress.toLowerCase()) return true;
  return (contactPort ?? defaultPort) !== sourcePort;
}
