import { isAscii, isUtf8 } from 'node:buffer';
import { ok } from '../../core/index.ts';
import type { ParseError, Result } from '../../core/index.ts';
import { lookupHeaderName } from './header-names.ts';
import { SipErrorCode } from './sip-error-code.ts';
import { SipRequest, SipResponse } from './sip-message.ts';
import type { HeaderEncoding, HeaderField, SipMessage } from './sip-message.ts';
import { TOKEN, UINT32_MAX, isToken, isWsp, parseDigits, scanClass, trimEnd } from './syntax.ts';

/**
 * A parse failure. When the start line and the header section were read but
 * the framing is wrong (Content-Length, RFC 4475 §3.1.2.2/.3, §3.3.9),
 * `partial` holds the message without its body, so that the caller can still
 * answer it with 400 (STYLE §4.2) after validateRequest().
 */
export interface SipParseError extends ParseError {
  readonly partial?: SipMessage;
}

const CRLFCRLF = Buffer.from('\r\n\r\n');
const VERSION = /^SIP\/[0-9]+\.[0-9]+$/i;

function fail(
  code: string,
  offset: number,
  detail: string,
  partial?: SipMessage,
): { ok: false; error: SipParseError } {
  return {
    ok: false,
    error: partial === undefined ? { code, offset, detail } : { code, offset, detail, partial },
  };
}

/** Decodes the header section: UTF-8 when valid (RFC 3261 §7.3.1), else byte per char. */
function decode(buf: Buffer, start: number, end: number): [string, HeaderEncoding] {
  const head = buf.subarray(start, end);
  if (isAscii(head)) return [buf.toString('latin1', start, end), 'utf8'];
  if (isUtf8(head)) return [buf.toString('utf8', start, end), 'utf8'];
  return [buf.toString('latin1', start, end), 'latin1'];
}

/** Byte offset in `buf` of char `i` of the decoded header text. */
function byteOffset(text: string, enc: HeaderEncoding, start: number, i: number): number {
  return start + (enc === 'latin1' ? i : Buffer.byteLength(text.slice(0, i), 'utf8'));
}

/** Replaces each CRLF + WSP run of a folded line by one SP (RFC 3261 §7.3.1). */
function unfold(s: string): string {
  return s.replace(/\r\n[ \t]+/g, ' ');
}

function trimWsp(s: string, start: number, end: number): string {
  while (start < end && isWsp(s.charCodeAt(start))) start++;
  return s.slice(start, trimEnd(s, start, end));
}

type StartLine =
  | { isRequest: true; method: string; uri: string; version: string }
  | { isRequest: false; status: number; reason: string; version: string };

/**
 * Parses a Request-Line or Status-Line. Extra SP between the elements and
 * after the version are tolerated (RFC 4475 §3.1.2.9 and §3.1.2.10 allow
 * either rejecting or ignoring them); LWS inside the Request-URI is kept so
 * that validateRequest() answers it with 400 (§3.1.2.8).
 */
function parseStartLine(line: string): StartLine | [code: string, offset: number, detail: string] {
  if (line.length >= 4 && line.slice(0, 4).toUpperCase() === 'SIP/') {
    const sp = line.indexOf(' ');
    if (sp < 0) return [SipErrorCode.BAD_START_LINE, 0, 'Status-Line without status code'];
    const version = line.slice(0, sp);
    if (!VERSION.test(version)) return [SipErrorCode.BAD_VERSION, 0, `bad SIP-Version ${version}`];
    const codeEnd = line.indexOf(' ', sp + 1) < 0 ? line.length : line.indexOf(' ', sp + 1);
    const status = parseDigits(line.slice(sp + 1, codeEnd), 999);
    if (status === undefined || codeEnd - sp - 1 !== 3 || status < 100 || status > 699) {
      return [
        SipErrorCode.BAD_START_LINE,
        sp + 1,
        `bad status code ${line.slice(sp + 1, codeEnd).slice(0, 20)}`,
      ];
    }
    return { isRequest: false, status, reason: line.slice(codeEnd + 1), version };
  }
  const methodEnd = scanClass(line, 0, TOKEN);
  if (methodEnd === 0 || line.charCodeAt(methodEnd) !== 32) {
    return [SipErrorCode.BAD_START_LINE, methodEnd, 'Request-Line must start with a method and SP'];
  }
  const end = trimEnd(line, methodEnd, line.length);
  const lastSp = line.lastIndexOf(' ', end - 1);
  const version = line.slice(lastSp + 1, end);
  if (!VERSION.test(version)) {
    const code = version.toUpperCase().startsWith('SIP/')
      ? SipErrorCode.BAD_VERSION
      : SipErrorCode.BAD_START_LINE;
    return [code, lastSp + 1, `bad SIP-Version ${JSON.stringify(version.slice(0, 20))}`];
  }
  const uri = trimWsp(line, methodEnd, lastSp);
  if (uri.length === 0) return [SipErrorCode.BAD_START_LINE, methodEnd, 'missing Request-URI'];
  return { isRequest: true, method: line.slice(0, methodEnd), uri, version };
}

function build(
  sl: StartLine,
  fields: HeaderField[],
  body: Buffer,
  enc: HeaderEncoding,
): SipMessage {
  return sl.isRequest
    ? new SipRequest(sl.method, sl.uri, sl.version, fields, body, enc)
    : new SipResponse(sl.status, sl.reason, sl.version, fields, body, enc);
}

/**
 * Parses one SIP message from a datagram or a framed stream message
 * (RFC 3261 §7). The start line and header lines are split eagerly; header
 * values are parsed on demand by the SipMessage accessors. Never throws.
 *
 * Framing follows §18.3: octets after Content-Length bytes of body are
 * discarded (RFC 4475 §3.1.1.8); a shorter body is an error (§3.1.2.2);
 * without Content-Length the body runs to the end of the datagram.
 */
export function parseSipMessage(buf: Buffer): Result<SipMessage, SipParseError> {
  // §7.5: CRLFs before the start-line are ignored.
  let start = 0;
  while (start + 1 < buf.length && buf[start] === 13 && buf[start + 1] === 10) start += 2;
  if (start >= buf.length - 1) return fail(SipErrorCode.EMPTY, start, 'no message');
  const headerEnd = buf.indexOf(CRLFCRLF, start);
  if (headerEnd < 0) {
    return fail(SipErrorCode.TRUNCATED, buf.length, 'no empty line after the header section');
  }
  const [text, enc] = decode(buf, start, headerEnd);
  const lineEnd0 = text.indexOf('\r\n');
  const firstLineEnd = lineEnd0 < 0 ? text.length : lineEnd0;
  const sl = parseStartLine(text.slice(0, firstLineEnd));
  if (Array.isArray(sl)) return fail(sl[0], byteOffset(text, enc, start, sl[1]), sl[2]);

  const fields: HeaderField[] = [];
  let contentLength: number | undefined;
  let clError: string | undefined;
  let clOffset = 0;
  let pos = firstLineEnd + 2;
  while (pos < text.length) {
    let eol = text.indexOf('\r\n', pos);
    if (eol < 0) eol = text.length;
    let isFolded = false;
    while (eol < text.length && isWsp(text.charCodeAt(eol + 2))) {
      isFolded = true;
      const next = text.indexOf('\r\n', eol + 2);
      eol = next < 0 ? text.length : next;
    }
    const colon = text.indexOf(':', pos);
    const nameEnd = trimEnd(text, pos, colon < 0 || colon > eol ? pos : colon);
    const rawName = text.slice(pos, nameEnd);
    if (colon < 0 || colon > eol || !isToken(rawName)) {
      return fail(
        SipErrorCode.BAD_HEADER,
        byteOffset(text, enc, start, pos),
        `bad header line ${JSON.stringify(text.slice(pos, Math.min(eol, pos + 40)))}`,
      );
    }
    const { name, key } = lookupHeaderName(rawName);
    const raw = text.slice(pos, eol);
    let value: string;
    if (isFolded) {
      const unfolded = unfold(raw.slice(colon - pos + 1));
      value = trimWsp(unfolded, 0, unfolded.length);
    } else {
      value = trimWsp(text, colon + 1, eol);
    }
    fields.push({ name, key, value, raw });
    if (key === 'content-length') {
      const n = parseDigits(value, UINT32_MAX);
      if (n === undefined) clError ??= `bad Content-Length ${JSON.stringify(value.slice(0, 20))}`;
      else if (contentLength !== undefined && contentLength !== n)
        clError ??= `Content-Length ${contentLength} and ${n}`;
      else contentLength = n;
      if (clError !== undefined && clOffset === 0) clOffset = byteOffset(text, enc, start, pos);
    }
    pos = eol + 2;
  }

  const bodyStart = headerEnd + 4;
  const available = buf.length - bodyStart;
  if (clError !== undefined) {
    return fail(
      SipErrorCode.CONTENT_LENGTH,
      clOffset,
      clError,
      build(sl, fields, Buffer.alloc(0), enc),
    );
  }
  if (contentLength === undefined) return ok(build(sl, fields, buf.subarray(bodyStart), enc));
  if (contentLength > available) {
    return fail(
      SipErrorCode.CONTENT_LENGTH,
      buf.length,
      `Content-Length ${contentLength} > ${available} body bytes`,
      build(sl, fields, Buffer.alloc(0), enc),
    );
  }
  return ok(build(sl, fields, buf.subarray(bodyStart, bodyStart + contentLength), enc));
}
