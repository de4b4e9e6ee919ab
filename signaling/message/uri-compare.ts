import { isSipUri, isTelUri, unescapeUri } from './uri.ts';
import type { SipUri, Uri } from './uri.ts';

/**
 * uri-parameters that make two URIs differ when only one carries them
 * (RFC 3261 §19.1.4: user, ttl, method and maddr; and transport, whose
 * absence "can resolve to different ports and transports", per the example
 * sip:bob@biloxi.com ≠ sip:bob@biloxi.com;transport=udp).
 */
const MUST_MATCH = ['user', 'ttl', 'method', 'maddr', 'transport'];

function paramsEqual(a: SipUri, b: SipUri): boolean {
  for (const [name, value] of a.params) {
    if (!b.params.has(name)) {
      if (MUST_MATCH.includes(name)) return false;
      continue;
    }
    const other = b.params.get(name) ?? null;
    if (value === null || other === null) {
      if (value !== other) return false;
    } else if (unescapeUri(value).toLowerCase() !== unescapeUri(other).toLowerCase()) {
      return false;
    }
  }
  for (const name of MUST_MATCH) if (b.params.has(name) && !a.params.has(name)) return false;
  return true;
}

function headerSet(headers: string | undefined): string[] {
  if (headers === undefined || headers === '') return [];
  return headers
    .split('&')
    .map((h) => {
      const eq = h.indexOf('=');
      const name = unescapeUri(eq < 0 ? h : h.slice(0, eq)).toLowerCase();
      return name + '=' + unescapeUri(eq < 0 ? '' : h.slice(eq + 1));
    })
    .sort();
}

function sipUriEquals(a: SipUri, b: SipUri): boolean {
  // A SIP and a SIPS URI are never equivalent.
  if (a.scheme !== b.scheme) return false;
  // Userinfo is compared case-sensitively after unescaping; a URI with
  // userinfo never equals one without.
  if ((a.user === undefined) !== (b.user === undefined)) return false;
  if (a.user !== undefined && unescapeUri(a.user) !== unescapeUri(b.user ?? '')) return false;
  if ((a.password ?? '') !== (b.password ?? '')) {
    if (unescapeUri(a.password ?? '') !== unescapeUri(b.password ?? '')) return false;
  }
  // Host is case-insensitive; an explicit port never equals an absent one.
  if (a.host.toLowerCase() !== b.host.toLowerCase()) return false;
  if (a.port !== b.port) return false;
  if (!paramsEqual(a, b)) return false;
  // Header components are never ignored and must all match, in any order.
  const ha = headerSet(a.headers);
  const hb = headerSet(b.headers);
  return ha.length === hb.length && ha.every((h, i) => h === hb[i]);
}

/** Strips RFC 3966 §5.1.1 visual separators from a tel number. */
function telDigits(n: string): string {
  return n.replace(/[-.()]/g, '').toLowerCase();
}

/**
 * Compares two URIs per RFC 3261 §19.1.4 (SIP/SIPS), RFC 3966 §4 (tel,
 * ignoring visual separators, parameters in any order) or exactly for other
 * schemes, with the scheme case-insensitive.
 */
export function uriEquals(a: Uri, b: Uri): boolean {
  if (isSipUri(a) && isSipUri(b)) return sipUriEquals(a, b);
  if (isTelUri(a) && isTelUri(b)) {
    if (telDigits(a.number) !== telDigits(b.number) || a.params.size !== b.params.size) {
      return false;
    }
    for (const [name, value] of a.params) {
      const other = b.params.get(name);
      if (other === undefined || (other ?? '').toLowerCase() !== (value ?? '').toLowerCase()) {
        return false;
      }
    }
    return true;
  }
  if (isSipUri(a) || isSipUri(b) || isTelUri(a) || isTelUri(b)) return false;
  return a.scheme === b.scheme && 'opaque' in a && 'opaque' in b && a.opaque === b.opaque;
}
