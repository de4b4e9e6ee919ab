import { ok, parseError } from '../../core/index.ts';
import type { Result } from '../../core/index.ts';
import { SipErrorCode } from './sip-error-code.ts';
import {
  TOKEN,
  isWsp,
  parseParams,
  quote,
  scanClass,
  scanQuoted,
  serializeParams,
  skipWs,
  unquote,
} from './syntax.ts';
import type { Params } from './syntax.ts';
import { parseUri, serializeUri } from './uri.ts';
import type { Uri } from './uri.ts';

/**
 * The value of From, To, Contact, Route, Record-Route and similar headers:
 * `( name-addr / addr-spec ) *( SEMI generic-param )` (RFC 3261 §20.10).
 */
export interface NameAddr {
  /** The display name without quotes and escapes, if one was given. */
  readonly displayName: string | undefined;
  readonly uri: Uri;
  /** Header parameters (tag, expires, q, lr …), lower-case names. */
  readonly params: Params;
}

function bad(offset: number, detail: string): ReturnType<typeof parseError> {
  return parseError(SipErrorCode.BAD_HEADER, offset, detail);
}

/**
 * Parses one name-addr or addr-spec with its header parameters. Accepts a
 * token display name with no LWS before "<" (RFC 4475 §3.1.1.6), but not a
 * display name with non-token chars outside quotes (§3.1.2.15), spaces inside
 * <...> (§3.1.2.14), or an addr-spec holding "?" or "," (§3.1.2.13, RFC 3261
 * §20.10: such a URI MUST be enclosed in angle brackets).
 */
export function parseNameAddr(s: string): Result<NameAddr> {
  let i = skipWs(s, 0);
  let displayName: string | undefined;
  let isNameAddr = false;
  const c = s.charCodeAt(i);
  if (c === 34) {
    const end = scanQuoted(s, i);
    if (end < 0) return bad(i, 'unterminated quoted display name');
    displayName = unquote(s.slice(i, end));
    i = skipWs(s, end);
    if (s.charCodeAt(i) !== 60) return bad(i, 'expected "<" after display name');
    isNameAddr = true;
  } else if (c === 60) {
    isNameAddr = true;
  } else {
    let j = i;
    while (j < s.length) {
      const d = s.charCodeAt(j);
      if (isWsp(d) || (d < 256 && TOKEN[d] === 1)) j++;
      else break;
    }
    if (s.charCodeAt(j) === 60) {
      const name = s.slice(i, j).trim();
      if (name.length > 0) displayName = name;
      i = j;
      isNameAddr = true;
    }
  }
  let uriText: string;
  if (isNameAddr) {
    const close = s.indexOf('>', i + 1);
    if (close < 0) return bad(i, 'missing ">"');
    uriText = s.slice(i + 1, close);
    if (
      uriText.length === 0 ||
      isWsp(uriText.charCodeAt(0)) ||
      isWsp(uriText.charCodeAt(uriText.length - 1))
    ) {
      return bad(i + 1, 'LWS inside <...>');
    }
    i = close + 1;
  } else {
    let end = i;
    while (end < s.length) {
      const d = s.charCodeAt(end);
      if (d === 59 || isWsp(d)) break;
      if (d === 63 || d === 44) return bad(end, 'addr-spec with "?" or "," must be in <...>');
      end++;
    }
    uriText = s.slice(i, end);
    i = end;
  }
  const uri = parseUri(uriText);
  if (!uri.ok) return bad(i, `bad URI: ${uri.error.detail}`);
  const parsed = parseParams(s, i);
  if (typeof parsed === 'string') return bad(i, parsed);
  const tail = skipWs(s, parsed.end);
  if (tail !== s.length) return bad(tail, `unexpected ${JSON.stringify(s[tail])}`);
  return ok({ displayName, uri: uri.value, params: parsed.params });
}

/** True when a display name can be written as a token sequence unquoted. */
function isPlainDisplayName(name: string): boolean {
  for (const word of name.split(' ')) {
    if (word.length === 0 || scanClass(word, 0, TOKEN) !== word.length) return false;
  }
  return true;
}

/**
 * Serializes a NameAddr, always with <...> so that URI parameters can never
 * be mistaken for header parameters (RFC 3261 §20.10).
 */
export function serializeNameAddr(na: NameAddr): string {
  let out = '';
  if (na.displayName !== undefined && na.displayName.length > 0) {
    out = (isPlainDisplayName(na.displayName) ? na.displayName : quote(na.displayName)) + ' ';
  }
  return out + '<' + serializeUri(na.uri) + '>' + serializeParams(na.params);
}
