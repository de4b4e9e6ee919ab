import { ok, parseError } from '../index.ts';
import type { Result } from '../index.ts';

/** One extra header field of INVITEs to a trunk (TRK-11). */
export type SipHeaderLine = readonly [name: string, value: string];

/** RFC 3261 §25.1: `token = 1*(alphanum / "-" / "." / "!" / "%" / "*" / "_" / "+" / "`" / "'" / "~")`. */
const TOKEN = /^[A-Za-z0-9\-.!%*_+`'~]+$/;

/**
 * True when `value` has a character that may not stand in a header value:
 * C0 controls but HTAB, and DEL. A CR or LF would end the header line on
 * the wire and inject headers or a body (RFC 3261 §7.3.1); the others are
 * not `TEXT-UTF8` (§25.1).
 */
function hasControlCharacter(value: string): boolean {
  for (let i = 0; i < value.length; i++) {
    const code = value.charCodeAt(i);
    if ((code < 0x20 && code !== 0x09) || code === 0x7f) return true;
  }
  return false;
}

/** The most lines a trunk may add; the INVITE must stay below the MTU. */
export const MAX_SIP_HEADER_LINES = 20;

/**
 * Headers the B2BUA writes itself on an INVITE to a trunk, by lower-case
 * long and compact name (RFC 3261 §7.3.3). A second copy would break the
 * transaction, dialog or authentication (the brief's list), or duplicate
 * a single-valued field the trunk dialer sets (User-Agent, Allow,
 * P-Asserted-Identity).
 */
const OWNED = new Set([
  'via',
  'v',
  'from',
  'f',
  'to',
  't',
  'call-id',
  'i',
  'cseq',
  'contact',
  'm',
  'content-length',
  'l',
  'content-type',
  'c',
  'max-forwards',
  'route',
  'record-route',
  'authorization',
  'proxy-authorization',
  'require',
  'supported',
  'k',
  'user-agent',
  'allow',
  'p-asserted-identity',
]);

/**
 * Parses a trunk's `sipHeaders` text (TRK-11): one `Name: value` per line,
 * blank lines skipped, CRLF or LF line ends. The error detail names the
 * 1-based line, and the offset is where that line starts.
 */
export function parseSipHeaderLines(text: string): Result<SipHeaderLine[]> {
  const out: SipHeaderLine[] = [];
  let offset = 0;
  for (const [index, raw] of text.split('\n').entries()) {
    const at = offset;
    offset += raw.length + 1;
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (line.trim() === '') continue;
    const where = `line ${index + 1}`;
    const colon = line.indexOf(':');
    if (colon <= 0) return parseError('ERR_SIP_HEADER_LINE', at, `${where}: expected Name: value`);
    const name = line.slice(0, colon).trim();
    const value = line.slice(colon + 1).trim();
    if (!TOKEN.test(name)) {
      return parseError(
        'ERR_SIP_HEADER_NAME',
        at,
        `${where}: ${JSON.stringify(name)} is not a header name (RFC 3261 §25.1 token)`,
      );
    }
    if (hasControlCharacter(value)) {
      return parseError('ERR_SIP_HEADER_VALUE', at, `${where}: control characters in the value`);
    }
    if (value === '') return parseError('ERR_SIP_HEADER_VALUE', at, `${where}: empty value`);
    if (OWNED.has(name.toLowerCase())) {
      return parseError('ERR_SIP_HEADER_OWNED', at, `${where}: ${name} is set by the switch`);
    }
    if (out.length === MAX_SIP_HEADER_LINES) {
      return parseError('ERR_SIP_HEADER_COUNT', at, `${where}: at most ${MAX_SIP_HEADER_LINES}`);
    }
    out.push([name, value]);
  }
  return ok(out);
}
