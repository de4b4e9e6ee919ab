import type { Result } from '../../../core/index.ts';
import { ValidationError, ok, parseError } from '../../../core/index.ts';

/** One auth-param of a challenge or credentials (RFC 3261 §25.1). */
export interface AuthParam {
  /** The name, lower-cased: names are case-insensitive (RFC 7235 §2.1). */
  readonly name: string;
  /** The value, with quoted-pairs resolved and folding made one SP. */
  readonly value: string;
  /** Whether the value was written as a quoted-string rather than a token. */
  readonly isQuoted: boolean;
  /** Offset of the name in the header value (UTF-16 code units). */
  readonly offset: number;
}

/** An auth scheme with its comma-separated auth-param list. */
export interface AuthParamList {
  /** The scheme as written; compare it case-insensitively. */
  readonly scheme: string;
  readonly schemeOffset: number;
  readonly params: readonly AuthParam[];
}

/** Stable error codes of the auth header parsers. */
export const DigestParseErrorCode = {
  empty: 'ERR_DIGEST_EMPTY',
  syntax: 'ERR_DIGEST_SYNTAX',
  unterminatedQuote: 'ERR_DIGEST_UNTERMINATED_QUOTE',
  badChar: 'ERR_DIGEST_BAD_CHAR',
  duplicateParam: 'ERR_DIGEST_DUPLICATE_PARAM',
  scheme: 'ERR_DIGEST_SCHEME',
  missingParam: 'ERR_DIGEST_MISSING_PARAM',
  badValue: 'ERR_DIGEST_BAD_VALUE',
} as const;

const SP = 0x20;
const HTAB = 0x09;
const CR = 0x0d;
const LF = 0x0a;
const DQUOTE = 0x22;
const BACKSLASH = 0x5c;

/**
 * RFC 3261 §25.1: token = 1*(alphanum / "-" / "." / "!" / "%" / "*" / "_" /
 * "+" / "`" / "'" / "~").
 */
const TOKEN_CHARS = new Uint8Array(128);
for (const c of "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-.!%*_+`'~") {
  TOKEN_CHARS[c.charCodeAt(0)] = 1;
}

/** Whether `s` is a non-empty RFC 3261 token. */
export function isToken(s: string): boolean {
  if (s.length === 0) return false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 128 || TOKEN_CHARS[c] !== 1) return false;
  }
  return true;
}

/**
 * Parses `scheme LWS auth-param *(COMMA auth-param)` (RFC 3261 §25.1,
 * RFC 7616 §3.3–3.4). Values may be tokens or quoted-strings whichever the
 * grammar asks for, since peers quote tokens (and vice versa) in the wild;
 * the typed parsers decide what each value means. With `expectedScheme`,
 * another scheme fails with ERR_DIGEST_SCHEME.
 */
export function parseAuthParamList(value: string, expectedScheme?: string): Result<AuthParamList> {
  const p = new Cursor(value);
  p.skipLws();
  if (p.atEnd()) return parseError(DigestParseErrorCode.empty, p.pos, 'empty header value');
  const schemeOffset = p.pos;
  const scheme = p.token();
  if (scheme === '') {
    return parseError(DigestParseErrorCode.syntax, p.pos, `expected auth-scheme at ${p.pos}`);
  }
  // Checked before the parameters: other schemes (Bearer, RFC 8898) may
  // carry a token68 instead of an auth-param list.
  if (expectedScheme !== undefined && scheme.toLowerCase() !== expectedScheme.toLowerCase()) {
    return parseError(
      DigestParseErrorCode.scheme,
      schemeOffset,
      `scheme "${scheme}" is not ${expectedScheme}`,
    );
  }
  const params: AuthParam[] = [];
  const afterScheme = p.pos;
  p.skipLws();
  if (p.atEnd()) return ok({ scheme, schemeOffset, params });
  if (p.pos === afterScheme) {
    return parseError(DigestParseErrorCode.syntax, p.pos, `expected LWS after scheme at ${p.pos}`);
  }
  const seen = new Set<string>();
  for (;;) {
    const offset = p.pos;
    const rawName = p.token();
    if (rawName === '') {
      return parseError(
        DigestParseErrorCode.syntax,
        offset,
        `expected auth-param name at ${offset}`,
      );
    }
    const name = rawName.toLowerCase();
    // RFC 7235 §2.1: each parameter name MUST only occur once per challenge.
    if (seen.has(name)) {
      return parseError(DigestParseErrorCode.duplicateParam, offset, `"${name}" repeated`);
    }
    seen.add(name);
    p.skipLws();
    if (p.peek() !== 0x3d) {
      return parseError(DigestParseErrorCode.syntax, p.pos, `expected "=" at ${p.pos}`);
    }
    p.pos++;
    p.skipLws();
    let parsed: string;
    let isQuoted = false;
    if (p.peek() === DQUOTE) {
      const quoted = p.quotedString();
      if (!quoted.ok) return quoted;
      parsed = quoted.value;
      isQuoted = true;
    } else {
      parsed = p.token();
      if (parsed === '') {
        return parseError(DigestParseErrorCode.syntax, p.pos, `expected value of "${name}"`);
      }
    }
    params.push({ name, value: parsed, isQuoted, offset });
    p.skipLws();
    if (p.atEnd()) return ok({ scheme, schemeOffset, params });
    if (p.peek() !== 0x2c) {
      return parseError(DigestParseErrorCode.syntax, p.pos, `expected "," at ${p.pos}`);
    }
    p.pos++;
    p.skipLws();
  }
}

/** A read position over a header value. */
class Cursor {
  pos = 0;
  readonly #s: string;

  constructor(s: string) {
    this.#s = s;
  }

  atEnd(): boolean {
    return this.pos >= this.#s.length;
  }

  /** The code unit at the position, or -1 at the end. */
  peek(): number {
    return this.pos < this.#s.length ? this.#s.charCodeAt(this.pos) : -1;
  }

  /**
   * Skips LWS = [*WSP CRLF] 1*WSP (RFC 3261 §25.1). A CRLF not followed by
   * whitespace is not LWS and is left for the caller to reject.
   */
  skipLws(): void {
    const s = this.#s;
    for (;;) {
      const c = s.charCodeAt(this.pos);
      if (c === SP || c === HTAB) {
        this.pos++;
      } else if (
        c === CR &&
        s.charCodeAt(this.pos + 1) === LF &&
        isWsp(s.charCodeAt(this.pos + 2))
      ) {
        this.pos += 3;
      } else {
        return;
      }
    }
  }

  /** Reads a token; returns '' when none starts here. */
  token(): string {
    const start = this.pos;
    const s = this.#s;
    while (this.pos < s.length) {
      const c = s.charCodeAt(this.pos);
      if (c >= 128 || TOKEN_CHARS[c] !== 1) break;
      this.pos++;
    }
    return s.slice(start, this.pos);
  }

  /**
   * Reads a quoted-string starting at DQUOTE: qdtext is LWS, %x21, %x23-5B,
   * %x5D-7E or UTF8-NONASCII, and quoted-pair is "\" followed by any octet
   * but CR and LF (RFC 3261 §25.1).
   */
  quotedString(): Result<string> {
    const s = this.#s;
    const start = this.pos;
    this.pos++;
    let out = '';
    let runStart = this.pos;
    while (this.pos < s.length) {
      const c = s.charCodeAt(this.pos);
      if (c === DQUOTE) {
        out += s.slice(runStart, this.pos);
        this.pos++;
        return ok(out);
      }
      if (c === BACKSLASH) {
        const next = s.charCodeAt(this.pos + 1);
        if (Number.isNaN(next)) break;
        if (next === CR || next === LF || next >= 0x80) {
          return parseError(
            DigestParseErrorCode.badChar,
            this.pos + 1,
            `quoted-pair of 0x${next.toString(16)} at ${this.pos + 1}`,
          );
        }
        out += s.slice(runStart, this.pos) + s[this.pos + 1];
        this.pos += 2;
        runStart = this.pos;
        continue;
      }
      if (c === CR && s.charCodeAt(this.pos + 1) === LF && isWsp(s.charCodeAt(this.pos + 2))) {
        // RFC 3261 §7.3.1: folded whitespace is equivalent to one SP.
        out += s.slice(runStart, this.pos) + ' ';
        this.pos += 3;
        runStart = this.pos;
        continue;
      }
      if ((c < 0x20 && c !== HTAB) || c === 0x7f) {
        return parseError(
          DigestParseErrorCode.badChar,
          this.pos,
          `control character 0x${c.toString(16)} in quoted-string at ${this.pos}`,
        );
      }
      this.pos++;
    }
    return parseError(
      DigestParseErrorCode.unterminatedQuote,
      start,
      `quoted-string opened at ${start} is not closed by ${s.length}`,
    );
  }
}

function isWsp(c: number): boolean {
  return c === SP || c === HTAB;
}

/**
 * Writes `value` as a quoted-string, escaping DQUOTE and backslash. Returns
 * undefined when the value holds a character no quoted-string can carry
 * (CR, LF or another control character).
 */
export function quoteString(value: string): string | undefined {
  let out = '"';
  let runStart = 0;
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if ((c < 0x20 && c !== HTAB) || c === 0x7f) return undefined;
    if (c === DQUOTE || c === BACKSLASH) {
      out += value.slice(runStart, i) + '\\';
      runStart = i;
    }
  }
  return out + value.slice(runStart) + '"';
}

/** An auth-param we do not interpret, kept so that it survives a round trip. */
export type AuthExtensionParam = Pick<AuthParam, 'name' | 'value' | 'isQuoted'>;

/**
 * Writes `name=value`, quoted or as a token. Serializers are fed our own
 * values, so a value no header can carry is a programming error and throws.
 */
export function formatAuthParam(name: string, value: string, isQuoted: boolean): string {
  if (!isToken(name)) throw new ValidationError(name, `"${name}" is not a parameter name`);
  if (!isQuoted) {
    if (!isToken(value)) {
      throw new ValidationError(name, `"${value}" is not a token and cannot be sent unquoted`);
    }
    return `${name}=${value}`;
  }
  const quoted = quoteString(value);
  if (quoted === undefined) {
    throw new ValidationError(name, `the ${name} value holds a control character`);
  }
  return `${name}=${quoted}`;
}
