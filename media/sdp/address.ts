/**
 * Address syntax checks for `c=`, `o=` and `a=rtcp` (RFC 8866 §9 grammar:
 * IP4-address, IP6-address, FQDN). Written here rather than with node:net so
 * that sdp/ stays free of socket modules (STYLE §2).
 */

/** Returns true for a dotted-quad IPv4 literal such as `192.0.2.10`. */
export function isIPv4(text: string): boolean {
  const parts = text.split('.');
  if (parts.length !== 4) return false;
  for (const part of parts) {
    if (part.length === 0 || part.length > 3 || !/^\d+$/.test(part)) return false;
    if (part.length > 1 && part.startsWith('0')) return false;
    if (Number(part) > 255) return false;
  }
  return true;
}

/** Returns true for an IPv6 literal (RFC 4291 §2.2), with `::` and an IPv4 tail. */
export function isIPv6(text: string): boolean {
  if (text.length < 2 || text.length > 45) return false;
  let groupsText = text;
  let tailGroups = 0;
  const lastColon = text.lastIndexOf(':');
  if (lastColon >= 0 && text.includes('.', lastColon)) {
    if (!isIPv4(text.slice(lastColon + 1))) return false;
    groupsText = text.slice(0, lastColon + 1) + '0';
    tailGroups = 1;
  }
  const halves = groupsText.split('::');
  if (halves.length > 2) return false;
  const countGroups = (half: string): number => {
    if (half === '') return 0;
    const groups = half.split(':');
    for (const g of groups) if (!/^[0-9a-fA-F]{1,4}$/.test(g)) return -1;
    return groups.length;
  };
  const head = countGroups(halves[0] ?? '');
  const tail = halves.length === 2 ? countGroups(halves[1] ?? '') : 0;
  if (head < 0 || tail < 0) return false;
  const total = head + tail + tailGroups;
  return halves.length === 2 ? total <= 8 : total === 8;
}

/** Returns true for a host name made of letters, digits, hyphens and dots. */
export function isHostname(text: string): boolean {
  if (text.length === 0 || text.length > 253) return false;
  return /^[A-Za-z0-9]([A-Za-z0-9-]{0,62})?(\.[A-Za-z0-9]([A-Za-z0-9-]{0,62})?)*\.?$/.test(text);
}

/**
 * Checks an address against its `addrtype`. Unknown address types are
 * accepted as any non-empty token, as RFC 8866 §5.7 allows extensions.
 */
export function isValidAddress(addrType: string, address: string): boolean {
  if (addrType === 'IP4')
    return isIPv4(address) || (!/^[\d.]+$/.test(address) && isHostname(address));
  if (addrType === 'IP6') return isIPv6(address) || (!address.includes(':') && isHostname(address));
  return address.length > 0 && !address.includes(' ');
}

/** The unspecified addresses used by RFC 2543 style hold (RFC 3264 §8.4). */
export function isUnspecifiedAddress(address: string): boolean {
  return address === '0.0.0.0' || address === '::';
}
