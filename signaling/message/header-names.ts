/**
 * Header names: compact forms (RFC 3261 §7.3.3 and the extensions that
 * register one), canonical spelling, and which headers are comma lists.
 */

/** Compact form → canonical name (IANA SIP header registry). */
const COMPACT: Readonly<Record<string, string>> = {
  a: 'Accept-Contact',
  b: 'Referred-By',
  c: 'Content-Type',
  d: 'Request-Disposition',
  e: 'Content-Encoding',
  f: 'From',
  i: 'Call-ID',
  j: 'Reject-Contact',
  k: 'Supported',
  l: 'Content-Length',
  m: 'Contact',
  n: 'Identity-Info',
  o: 'Event',
  r: 'Refer-To',
  s: 'Subject',
  t: 'To',
  u: 'Allow-Events',
  v: 'Via',
  x: 'Session-Expires',
  y: 'Identity',
};

const KNOWN = [
  'Accept',
  'Accept-Contact',
  'Accept-Encoding',
  'Accept-Language',
  'Alert-Info',
  'Allow',
  'Allow-Events',
  'Authentication-Info',
  'Authorization',
  'Call-ID',
  'Call-Info',
  'Contact',
  'Content-Disposition',
  'Content-Encoding',
  'Content-Language',
  'Content-Length',
  'Content-Type',
  'CSeq',
  'Date',
  'Error-Info',
  'Event',
  'Expires',
  'From',
  'Identity',
  'Identity-Info',
  'In-Reply-To',
  'Max-Forwards',
  'Min-Expires',
  'Min-SE',
  'MIME-Version',
  'Organization',
  'P-Asserted-Identity',
  'P-Preferred-Identity',
  'Path',
  'Priority',
  'Privacy',
  'Proxy-Authenticate',
  'Proxy-Authorization',
  'Proxy-Require',
  'RAck',
  'Reason',
  'Record-Route',
  'Refer-To',
  'Referred-By',
  'Reject-Contact',
  'Reply-To',
  'Request-Disposition',
  'Require',
  'Retry-After',
  'Route',
  'RSeq',
  'Server',
  'Service-Route',
  'Session-Expires',
  'Subject',
  'Subscription-State',
  'Supported',
  'Timestamp',
  'To',
  'Unsupported',
  'User-Agent',
  'Via',
  'Warning',
  'WWW-Authenticate',
];

/** A header name in canonical spelling and its lower-case lookup key. */
export interface HeaderName {
  readonly name: string;
  readonly key: string;
}

/**
 * Header name as written on the wire (any case, or compact) → canonical name.
 * Exact spellings are cached as they are seen, so the common case is one Map
 * lookup; the cache is bounded so hostile traffic cannot grow it.
 */
const CANONICAL = new Map<string, HeaderName>();
for (const name of KNOWN) {
  const entry = { name, key: name.toLowerCase() };
  CANONICAL.set(name, entry);
  CANONICAL.set(entry.key, entry);
}
for (const [short, long] of Object.entries(COMPACT)) {
  const entry = { name: long, key: long.toLowerCase() };
  CANONICAL.set(short, entry);
  CANONICAL.set(short.toUpperCase(), entry);
}
const CACHE_LIMIT = 4096;

/**
 * The canonical name and key of a header: compact forms expand (RFC 3261
 * §7.3.3), known names get their registered spelling, and unknown names are
 * kept as written, since header names are case-insensitive (§7.3.1).
 */
export function lookupHeaderName(name: string): HeaderName {
  const hit = CANONICAL.get(name);
  if (hit !== undefined) return hit;
  const entry = CANONICAL.get(name.toLowerCase()) ?? { name, key: name.toLowerCase() };
  if (CANONICAL.size < CACHE_LIMIT) CANONICAL.set(name, entry);
  return entry;
}

/** The canonical spelling of a header name. */
export function canonicalHeaderName(name: string): string {
  return lookupHeaderName(name).name;
}

/** The lookup key of a header name: its canonical name in lower case. */
export function headerKey(name: string): string {
  return lookupHeaderName(name).key;
}

/**
 * Headers whose grammar is a comma-separated list (RFC 3261 §7.3.1), so that
 * several values may share one line. Others, such as WWW-Authenticate,
 * Authorization, Date or any unknown header, are never split at commas.
 */
const LIST_HEADERS = new Set([
  'accept',
  'accept-contact',
  'accept-encoding',
  'accept-language',
  'alert-info',
  'allow',
  'allow-events',
  'call-info',
  'contact',
  'content-encoding',
  'content-language',
  'error-info',
  'in-reply-to',
  'p-asserted-identity',
  'p-preferred-identity',
  'path',
  'privacy',
  'proxy-require',
  'reason',
  'record-route',
  'reject-contact',
  'require',
  'route',
  'service-route',
  'supported',
  'unsupported',
  'via',
  'warning',
]);

/** True when the header with this key is a comma-separated list. */
export function isListHeader(key: string): boolean {
  return LIST_HEADERS.has(key);
}
