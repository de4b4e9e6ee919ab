import { ok, parseError } from '../../core/index.ts';
import type { Result } from '../../core/index.ts';
import { parseNameAddr } from './name-addr.ts';
import type { NameAddr } from './name-addr.ts';
import { SipErrorCode } from './sip-error-code.ts';
import {
  TOKEN,
  UINT32_MAX,
  isToken,
  parseDigits,
  parseParams,
  scanClass,
  skipWs,
  splitList,
} from './syntax.ts';
import type { Params } from './syntax.ts';

function bad(header: string, detail: string): ReturnType<typeof parseError> {
  return parseError(SipErrorCode.BAD_HEADER, 0, `${header}: ${detail}`);
}

const DIGITS = new Uint8Array(256);
for (let c = 48; c <= 57; c++) DIGITS[c] = 1;

/** The CSeq header (RFC 3261 §20.16). */
export interface CSeq {
  readonly seq: number;
  readonly method: string;
}

/**
 * Parses CSeq: `1*DIGIT LWS Method`. The number MUST fit in 32 bits
 * (RFC 3261 §8.1.1.5); a larger one is an error (RFC 4475 §3.1.2.4).
 */
export function parseCSeq(s: string): Result<CSeq> {
  const digitsEnd = scanClass(s, 0, DIGITS);
  const seq = parseDigits(s.slice(0, digitsEnd), UINT32_MAX);
  if (seq === undefined) return bad('CSeq', 'sequence number missing or above 2**32-1');
  const m = skipWs(s, digitsEnd);
  if (m === digitsEnd) return bad('CSeq', 'expected LWS after the number');
  const method = s.slice(m).trimEnd();
  if (!isToken(method)) return bad('CSeq', 'bad method');
  return ok({ seq, method });
}

/** Parses Max-Forwards: 1*DIGIT in 0..255 (RFC 3261 §20.22, §25.1). */
export function parseMaxForwards(s: string): Result<number> {
  const n = parseDigits(s, 255);
  return n === undefined ? bad('Max-Forwards', `not an integer in 0..255: ${s}`) : ok(n);
}

/** Parses a delta-seconds value (Expires, Min-Expires): 0..2**32-1. */
export function parseDeltaSeconds(s: string, header: string): Result<number> {
  const n = parseDigits(s, UINT32_MAX);
  return n === undefined ? bad(header, `not delta-seconds: ${s.slice(0, 40)}`) : ok(n);
}

/** A media type (Content-Type, RFC 3261 §20.15): lower-case type/subtype. */
export interface MediaType {
  readonly type: string;
  readonly subtype: string;
  readonly params: Params;
}

/** Parses `m-type SLASH m-subtype *( SEMI m-parameter )`. */
export function parseMediaType(s: string): Result<MediaType> {
  const a = skipWs(s, 0);
  const typeEnd = scanClass(s, a, TOKEN);
  const slash = skipWs(s, typeEnd);
  if (typeEnd === a || s.charCodeAt(slash) !== 47)
    return bad('Content-Type', 'expected type/subtype');
  const b = skipWs(s, slash + 1);
  const subEnd = scanClass(s, b, TOKEN);
  if (subEnd === b) return bad('Content-Type', 'missing subtype');
  const parsed = parseParams(s, subEnd);
  if (typeof parsed === 'string') return bad('Content-Type', parsed);
  if (skipWs(s, parsed.end) !== s.length) return bad('Content-Type', 'trailing characters');
  return ok({
    type: s.slice(a, typeEnd).toLowerCase(),
    subtype: s.slice(b, subEnd).toLowerCase(),
    params: parsed.params,
  });
}

/**
 * Parses the option-tag lists of Require, Supported, Proxy-Require and
 * Unsupported (RFC 3261 §20.32): tokens separated by commas. Each argument is
 * one header line's value; empty lines (Supported with no tags) are allowed.
 */
export function parseOptionTags(values: readonly string[], header: string): Result<string[]> {
  const tags: string[] = [];
  for (const value of values) {
    if (value.length === 0) continue;
    for (const tag of splitList(value)) {
      if (!isToken(tag)) return bad(header, `bad option-tag ${JSON.stringify(tag)}`);
      tags.push(tag);
    }
  }
  return ok(tags);
}

/** One Contact value: a NameAddr with its expires and q parameters read. */
export interface Contact extends NameAddr {
  /** The expires parameter in seconds, if present and valid. */
  readonly expires: number | undefined;
  /** The q parameter (0..1), if present and valid. */
  readonly q: number | undefined;
}

/** The Contact header: `*` (RFC 3261 §10.2.2) or a list of contacts. */
export type ContactList =
  | { readonly isWildcard: true }
  | { readonly isWildcard: false; readonly contacts: readonly Contact[] };

/**
 * Parses all Contact lines of a message. `*` must stand alone (RFC 3261
 * §10.3 step 6 rejects it next to other values with 400).
 */
export function parseContacts(values: readonly string[]): Result<ContactList> {
  const contacts: Contact[] = [];
  let hasWildcard = false;
  for (const value of values) {
    for (const item of splitList(value)) {
      if (item === '*') {
        hasWildcard = true;
        continue;
      }
      if (item.length === 0) return bad('Contact', 'empty list element');
      const na = parseNameAddr(item);
      if (!na.ok) return bad('Contact', na.error.detail);
      const { params } = na.value;
      const expiresRaw = params.get('expires');
      const qRaw = params.get('q');
      const expires =
        typeof expiresRaw === 'string' ? parseDigits(expiresRaw, UINT32_MAX) : undefined;
      const q =
        typeof qRaw === 'string' && /^(0(\.\d{0,3})?|1(\.0{0,3})?)$/.test(qRaw)
          ? Number(qRaw)
          : undefined;
      contacts.push({ ...na.value, expires, q });
    }
  }
  if (hasWildcard) {
    if (contacts.length > 0) return bad('Contact', '"*" mixed with other contacts');
    return ok({ isWildcard: true });
  }
  return ok({ isWildcard: false, contacts });
}

/** Parses a list of name-addr values (Route, Record-Route, Path …). */
export function parseNameAddrList(values: readonly string[], header: string): Result<NameAddr[]> {
  const out: NameAddr[] = [];
  for (const value of values) {
    for (const item of splitList(value)) {
      const na = parseNameAddr(item);
      if (!na.ok) return bad(header, na.error.detail);
      out.push(na.value);
    }
  }
  return ok(out);
}
