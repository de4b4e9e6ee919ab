/**
 * Character classes and small scanners of the RFC 3261 §25.1 grammar, shared
 * by the URI, Via, name-addr and header parsers. Everything works on char
 * codes of strings decoded one byte per char (or UTF-8), never throws, and
 * allocates only the substrings it returns.
 */

/** Parameters of a URI, Via or header value: lower-cased name → raw value. */
export type Params = Map<string, string | null>;

function table(chars: string, alnum: boolean): Uint8Array {
  const t = new Uint8Array(256);
  if (alnum) {
    for (let c = 48; c <= 57; c++) t[c] = 1;
    for (let c = 65; c <= 90; c++) t[c] = 1;
    for (let c = 97; c <= 122; c++) t[c] = 1;
  }
  for (let i = 0; i < chars.length; i++) t[chars.charCodeAt(i)] = 1;
  return t;
}

/** token = 1*(alphanum / "-" / "." / "!" / "%" / "*" / "_" / "+" / "`" / "'" / "~"). */
export const TOKEN = table("-.!%*_+`'~", true);
/** unreserved = alphanum / mark. */
const MARK = "-_.!~*'()";
/** Characters of a SIP URI user part: unreserved / user-unreserved (escapes apart). */
export const USER_CHARS = table(MARK + '&=+$,;?/', true);
/** Characters of a SIP URI password: unreserved / "&" "=" "+" "$" ",". */
export const PASSWORD_CHARS = table(MARK + '&=+$,', true);
/** paramchar = param-unreserved / unreserved (escapes apart). */
export const URI_PARAM_CHARS = table(MARK + '[]/:&+$', true);
/** hname / hvalue characters: hnv-unreserved / unreserved (escapes apart). */
export const URI_HEADER_CHARS = table(MARK + '[]/?:+$=&', true);
/** Characters of a hostname, IPv4 address or IPv6 reference. */
export const HOST_CHARS = table('-._[]:', true);
/**
 * Characters of a header-parameter value: token, plus what `host` adds (":"
 * and brackets), because RFC 5118 §4.5 allows received=[2001:db8::1] and RFC
 * 3261 itself received=2001:db8::1.
 */
export const PARAM_VALUE_CHARS = table("-.!%*_+`'~:[]", true);
/** scheme = ALPHA *( ALPHA / DIGIT / "+" / "-" / "." ). */
export const SCHEME_CHARS = table('+-.', true);

/** True for SP and HTAB, the only whitespace left after line unfolding. */
export function isWsp(c: number): boolean {
  return c === 32 || c === 9;
}

/** Index of the first non-WSP char at or after `i`. */
export function skipWs(s: string, i: number): number {
  while (i < s.length && isWsp(s.charCodeAt(i))) i++;
  return i;
}

/** Index after the last char of `s` that is not WSP, scanning back from `end`. */
export function trimEnd(s: string, start: number, end: number): number {
  while (end > start && isWsp(s.charCodeAt(end - 1))) end--;
  return end;
}

/** Index after the run of chars of class `t` starting at `i`. */
export function scanClass(s: string, i: number, t: Uint8Array): number {
  while (i < s.length) {
    const c = s.charCodeAt(i);
    if (c > 255 || t[c] !== 1) break;
    i++;
  }
  return i;
}

/** True when `s` is a non-empty token. */
export function isToken(s: string): boolean {
  return s.length > 0 && scanClass(s, 0, TOKEN) === s.length;
}

/**
 * Scans a quoted-string starting at the opening quote at `i` (RFC 3261
 * §25.1: quoted-pair = "\" (%x00-09 / %x0B-0C / %x0E-7F)). Returns the index
 * after the closing quote, or -1 if the string is not terminated.
 */
export function scanQuoted(s: string, i: number): number {
  for (let j = i + 1; j < s.length; j++) {
    const c = s.charCodeAt(j);
    if (c === 92) {
      const n = s.charCodeAt(j + 1);
      if (Number.isNaN(n) || n === 10 || n === 13) return -1;
      j++;
    } else if (c === 34) {
      return j + 1;
    }
  }
  return -1;
}

/** Removes the quotes and quoted-pair escapes of a quoted-string. */
export function unquote(s: string): string {
  if (s.length < 2 || s.charCodeAt(0) !== 34) return s;
  const inner = s.slice(1, -1);
  return inner.indexOf('\\') < 0 ? inner : inner.replace(/\\([\s\S])/g, '$1');
}

/** Quotes a display name or parameter value, escaping `"` and `\`. */
export function quote(s: string): string {
  return '"' + s.replace(/(["\\])/g, '\\$1') + '"';
}

/**
 * Splits a header value at the commas that separate list elements (RFC 3261
 * §7.3.1), but not at commas inside quoted strings or <...>. Elements are
 * trimmed; empty elements are kept so callers can reject them.
 */
export function splitList(value: string): string[] {
  if (value.indexOf(',') < 0) return [value];
  const out: string[] = [];
  let start = 0;
  let angle = false;
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c === 34) {
      const end = scanQuoted(value, i);
      if (end < 0) break;
      i = end - 1;
    } else if (c === 60) angle = true;
    else if (c === 62) angle = false;
    else if (c === 44 && !angle) {
      out.push(value.slice(start, i).trim());
      start = i + 1;
    }
  }
  out.push(value.slice(start).trim());
  return out;
}

/** The outcome of parseParams: the parameters and the index after them. */
export interface ParsedParams {
  readonly params: Params;
  readonly end: number;
}

/**
 * Parses `*( SEMI generic-param )` from `i` (RFC 3261 §25.1). LWS around ";"
 * and "=" is allowed (SEMI and EQUAL include SWS). Stops at the first char
 * that cannot continue the list and returns its index in `end`; returns a
 * string describing the defect when a parameter is empty or malformed.
 */
export function parseParams(s: string, i: number): ParsedParams | string {
  const params: Params = new Map();
  for (;;) {
    let j = skipWs(s, i);
    if (s.charCodeAt(j) !== 59) return { params, end: i };
    j = skipWs(s, j + 1);
    const nameEnd = scanClass(s, j, TOKEN);
    if (nameEnd === j) return `empty or bad parameter name at ${j}`;
    const name = s.slice(j, nameEnd).toLowerCase();
    j = skipWs(s, nameEnd);
    let value: string | null = null;
    if (s.charCodeAt(j) === 61) {
      j = skipWs(s, j + 1);
      let valueEnd: number;
      if (s.charCodeAt(j) === 34) {
        valueEnd = scanQuoted(s, j);
        if (valueEnd < 0) return `unterminated quoted parameter value at ${j}`;
      } else {
        valueEnd = scanClass(s, j, PARAM_VALUE_CHARS);
        if (valueEnd === j) return `empty value of parameter ${name} at ${j}`;
      }
      value = s.slice(j, valueEnd);
      i = valueEnd;
    } else {
      i = nameEnd;
    }
    if (!params.has(name)) params.set(name, value);
  }
}

/** Serializes parameters as `;name=value` pairs. */
export function serializeParams(params: ReadonlyMap<string, string | null>): string {
  let out = '';
  for (const [name, value] of params) out += value === null ? `;${name}` : `;${name}=${value}`;
  return out;
}

/** The largest value of a 32-bit unsigned field (RFC 3261 §25.1 scalar limits). */
export const UINT32_MAX = 4294967295;

/**
 * Parses 1*DIGIT into a number no larger than `max`; leading zeros are
 * allowed (RFC 4475 §3.1.1.1). Returns undefined for anything else.
 */
export function parseDigits(s: string, max: number): number | undefined {
  if (s.length === 0) return undefined;
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return undefined;
    n = n * 10 + c;
    if (n > max) return undefined;
  }
  return n;
}
