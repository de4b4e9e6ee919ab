import { parseError, ok } from '../../core/index.ts';
import type { ParseError, Result } from '../../core/index.ts';
import {
  HOST_CHARS,
  PASSWORD_CHARS,
  SCHEME_CHARS,
  URI_HEADER_CHARS,
  URI_PARAM_CHARS,
  USER_CHARS,
  scanClass,
} from './syntax.ts';
import type { Params } from './syntax.ts';
import { SipErrorCode } from './sip-error-code.ts';

/**
 * A SIP or SIPS URI (RFC 3261 §19.1). User, password, parameter values and
 * headers are kept as written, escapes included; `host` keeps the brackets of
 * an IPv6 reference (RFC 5118 §4.3). Parameter names are lower case.
 */
export interface SipUri {
  readonly scheme: 'sip' | 'sips';
  readonly user: string | undefined;
  readonly password: string | undefined;
  readonly host: string;
  readonly port: number | undefined;
  readonly params: Params;
  /** The `?hname=hvalue&…` part without the "?", as written. */
  readonly headers: string | undefined;
}

/** A tel URI (RFC 3966): the number and its parameters, kept as written. */
export interface TelUri {
  readonly scheme: 'tel';
  readonly number: string;
  readonly params: Params;
}

/** Any other absolute URI, kept opaque (RFC 3261 §19.1: absoluteURI). */
export interface OpaqueUri {
  readonly scheme: string;
  readonly opaque: string;
}

/** A URI as found in a Request-URI or a name-addr. */
export type Uri = SipUri | TelUri | OpaqueUri;

/** True when `uri` is a sip: or sips: URI. */
export function isSipUri(uri: Uri): uri is SipUri {
  return uri.scheme === 'sip' || uri.scheme === 'sips';
}

/** True when `uri` is a tel: URI. */
export function isTelUri(uri: Uri): uri is TelUri {
  return uri.scheme === 'tel';
}

function bad(offset: number, detail: string): { ok: false; error: ParseError } {
  return parseError(SipErrorCode.BAD_URI, offset, detail);
}

/** Checks that every "%" in s[start, end) starts a valid %HEX HEX escape. */
function escapesValid(s: string, start: number, end: number): boolean {
  for (let i = s.indexOf('%', start); i >= 0 && i < end; i = s.indexOf('%', i + 1)) {
    if (i + 2 >= end) return false;
    if (!isHex(s.charCodeAt(i + 1)) || !isHex(s.charCodeAt(i + 2))) return false;
  }
  return true;
}

function isHex(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 70) || (c >= 97 && c <= 102);
}

/** Scans chars of class `t` or %HEX HEX escapes. */
function scanEscaped(s: string, i: number, t: Uint8Array): number {
  for (;;) {
    const j = scanClass(s, i, t);
    if (s.charCodeAt(j) === 37 && isHex(s.charCodeAt(j + 1)) && isHex(s.charCodeAt(j + 2))) {
      i = j + 3;
    } else {
      return j;
    }
  }
}

/** Parses a host and optional port, returning the index after them. */
function parseHostPort(
  s: string,
  i: number,
  end: number,
): { host: string; port: number | undefined; end: number } | string {
  let hostEnd: number;
  if (s.charCodeAt(i) === 91) {
    const close = s.indexOf(']', i);
    if (close < 0 || close >= end) return 'unterminated IPv6 reference';
    // RFC 5118 §4.10: be liberal about the colons inside the brackets.
    if (scanClass(s, i + 1, HOST_CHARS) < close || close === i + 1) return 'bad IPv6 reference';
    hostEnd = close + 1;
  } else {
    hostEnd = i;
    while (hostEnd < end) {
      const c = s.charCodeAt(hostEnd);
      if (c === 58 || c > 255 || HOST_CHARS[c] !== 1 || c === 91 || c === 93) break;
      hostEnd++;
    }
    if (hostEnd === i) return 'empty host';
  }
  const host = s.slice(i, hostEnd);
  if (hostEnd < end && s.charCodeAt(hostEnd) === 58) {
    let p = hostEnd + 1;
    let port = 0;
    while (p < end && s.charCodeAt(p) >= 48 && s.charCodeAt(p) <= 57) {
      port = port * 10 + s.charCodeAt(p) - 48;
      p++;
    }
    if (p === hostEnd + 1 || p - hostEnd > 6 || port > 65535) return 'bad port';
    return { host, port, end: p };
  }
  return { host, port: undefined, end: hostEnd };
}

function parseSip(s: string, scheme: 'sip' | 'sips', start: number): Result<SipUri> {
  const end = s.length;
  let i = start;
  let user: string | undefined;
  let password: string | undefined;
  // The user part may contain ";" and "?" (RFC 4475 §3.1.1.9), so the
  // userinfo is everything up to the first "@".
  const at = s.indexOf('@', start);
  if (at >= 0) {
    const userEnd = scanEscaped(s, start, USER_CHARS);
    if (userEnd !== at && s.charCodeAt(userEnd) !== 58) return bad(userEnd, 'bad char in user');
    user = s.slice(start, userEnd);
    if (userEnd < at) {
      const pwEnd = scanEscaped(s, userEnd + 1, PASSWORD_CHARS);
      if (pwEnd !== at) return bad(pwEnd, 'bad char in password');
      password = s.slice(userEnd + 1, at);
    }
    i = at + 1;
  }
  const hp = parseHostPort(s, i, end);
  if (typeof hp === 'string') return bad(i, hp);
  i = hp.end;
  const params: Params = new Map();
  while (s.charCodeAt(i) === 59) {
    const nameEnd = scanEscaped(s, i + 1, URI_PARAM_CHARS);
    if (nameEnd === i + 1) return bad(i, 'empty uri-parameter');
    const name = s.slice(i + 1, nameEnd).toLowerCase();
    let value: string | null = null;
    i = nameEnd;
    if (s.charCodeAt(i) === 61) {
      const valueEnd = scanEscaped(s, i + 1, URI_PARAM_CHARS);
      if (valueEnd === i + 1) return bad(i, `empty value of uri-parameter ${name}`);
      value = s.slice(i + 1, valueEnd);
      i = valueEnd;
    }
    if (!params.has(name)) params.set(name, value);
  }
  let headers: string | undefined;
  if (s.charCodeAt(i) === 63) {
    const hEnd = scanEscaped(s, i + 1, URI_HEADER_CHARS);
    headers = s.slice(i + 1, hEnd);
    i = hEnd;
  }
  if (i !== end) return bad(i, `unexpected char ${JSON.stringify(s[i])} in SIP URI`);
  return ok({ scheme, user, password, host: hp.host, port: hp.port, params, headers });
}

function parseTel(s: string, start: number): Result<TelUri> {
  const semi = s.indexOf(';', start);
  const number = semi < 0 ? s.slice(start) : s.slice(start, semi);
  if (number.length === 0 || !/^[+]?[0-9A-Fa-f*#().-]+$/.test(number)) {
    return bad(start, 'bad telephone-subscriber');
  }
  const params: Params = new Map();
  if (semi >= 0) {
    for (const part of s.slice(semi + 1).split(';')) {
      const eq = part.indexOf('=');
      const name = (eq < 0 ? part : part.slice(0, eq)).toLowerCase();
      if (name.length === 0 || !escapesValid(part, 0, part.length)) {
        return bad(semi, 'bad tel parameter');
      }
      if (!params.has(name)) params.set(name, eq < 0 ? null : part.slice(eq + 1));
    }
  }
  return ok({ scheme: 'tel', number, params });
}

/**
 * Parses a URI: sip:, sips: and tel: in full, any other scheme as an opaque
 * absoluteURI. Never throws; the error offset is relative to `text`.
 */
export function parseUri(text: string): Result<Uri> {
  const schemeEnd = scanClass(text, 0, SCHEME_CHARS);
  const c0 = text.charCodeAt(0);
  const isAlpha = (c0 >= 65 && c0 <= 90) || (c0 >= 97 && c0 <= 122);
  if (!isAlpha || text.charCodeAt(schemeEnd) !== 58) return bad(0, 'missing or bad scheme');
  const scheme = text.slice(0, schemeEnd).toLowerCase();
  if (scheme === 'sip' || scheme === 'sips') return parseSip(text, scheme, schemeEnd + 1);
  if (scheme === 'tel') return parseTel(text, schemeEnd + 1);
  const opaque = text.slice(schemeEnd + 1);
  for (let i = 0; i < opaque.length; i++) {
    const c = opaque.charCodeAt(i);
    if (c <= 32 || c === 127 || c === 34 || c === 60 || c === 62) {
      return bad(schemeEnd + 1 + i, 'bad char in absoluteURI');
    }
  }
  if (opaque.length === 0) return bad(schemeEnd + 1, 'empty absoluteURI');
  return ok({ scheme, opaque });
}

/** Serializes a URI to its wire form. */
export function serializeUri(uri: Uri): string {
  if (isSipUri(uri)) {
    let out = uri.scheme + ':';
    if (uri.user !== undefined) {
      out += uri.user;
      if (uri.password !== undefined) out += ':' + uri.password;
      out += '@';
    }
    out += uri.host;
    if (uri.port !== undefined) out += ':' + uri.port;
    for (const [name, value] of uri.params)
      out += value === null ? ';' + name : `;${name}=${value}`;
    if (uri.headers !== undefined) out += '?' + uri.headers;
    return out;
  }
  if (isTelUri(uri)) {
    let out = 'tel:' + uri.number;
    for (const [name, value] of uri.params)
      out += value === null ? ';' + name : `;${name}=${value}`;
    return out;
  }
  return `${uri.scheme}:${(uri as OpaqueUri).opaque}`;
}

/** Replaces %HEX HEX escapes by the chars they encode (one char per octet). */
export function unescapeUri(s: string): string {
  if (s.indexOf('%') < 0) return s;
  return s.replace(/%([0-9A-Fa-f]{2})/g, (_m, h: string) => String.fromCharCode(parseInt(h, 16)));
}
