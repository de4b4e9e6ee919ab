import { ok, parseError } from '../../core/index.ts';
import type { Result } from '../../core/index.ts';
import { SipErrorCode } from './sip-error-code.ts';
import { TOKEN, parseParams, scanClass, serializeParams, skipWs, unquote } from './syntax.ts';
import type { Params } from './syntax.ts';

/** The RFC 3261 §8.1.1.7 magic cookie that starts every compliant branch. */
export const BRANCH_MAGIC_COOKIE = 'z9hG4bK';

/**
 * One Via value (RFC 3261 §20.42): `sent-protocol LWS sent-by *( SEMI
 * via-params )`. `host` keeps the brackets of an IPv6 reference.
 */
export interface Via {
  readonly protocolName: string;
  readonly protocolVersion: string;
  /** Transport in upper case: UDP, TCP, TLS, SCTP, WS, WSS or an extension. */
  readonly transport: string;
  readonly host: string;
  readonly port: number | undefined;
  readonly params: Params;
  readonly branch: string | undefined;
  /** The received parameter (RFC 3261 §18.2.1), brackets stripped. */
  readonly received: string | undefined;
  /** rport (RFC 3581): null when present without a value. */
  readonly rport: number | null | undefined;
}

function bad(offset: number, detail: string): ReturnType<typeof parseError> {
  return parseError(SipErrorCode.BAD_HEADER, offset, `Via: ${detail}`);
}

/** Reads a token with optional LWS before it; returns [token, end]. */
function token(s: string, i: number): [string, number] {
  const start = skipWs(s, i);
  const end = scanClass(s, start, TOKEN);
  return [s.slice(start, end), end];
}

/**
 * Parses one Via value. LWS is allowed around the slashes of sent-protocol
 * (RFC 4475 §3.1.1.1); the version is any token so that a SIP/7.0 request
 * still parses far enough to be answered with 505 (§3.1.2.16).
 */
export function parseVia(s: string): Result<Via> {
  const [protocolName, a] = token(s, 0);
  if (protocolName.length === 0) return bad(a, 'missing protocol name');
  let i = skipWs(s, a);
  if (s.charCodeAt(i) !== 47) return bad(i, 'expected "/"');
  const [protocolVersion, b] = token(s, i + 1);
  if (protocolVersion.length === 0) return bad(b, 'missing protocol version');
  i = skipWs(s, b);
  if (s.charCodeAt(i) !== 47) return bad(i, 'expected "/"');
  const [transport, c] = token(s, i + 1);
  if (transport.length === 0) return bad(c, 'missing transport');
  i = skipWs(s, c);
  if (i === c) return bad(i, 'expected LWS before sent-by');
  let hostEnd: number;
  if (s.charCodeAt(i) === 91) {
    const close = s.indexOf(']', i);
    if (close < 0) return bad(i, 'unterminated IPv6 reference');
    hostEnd = close + 1;
  } else {
    hostEnd = i;
    while (hostEnd < s.length) {
      const d = s.charCodeAt(hostEnd);
      const isHostChar =
        (d >= 48 && d <= 57) ||
        (d >= 65 && d <= 90) ||
        (d >= 97 && d <= 122) ||
        d === 45 ||
        d === 46;
      if (!isHostChar) break;
      hostEnd++;
    }
  }
  if (hostEnd === i) return bad(i, 'missing sent-by host');
  const host = s.slice(i, hostEnd);
  i = skipWs(s, hostEnd);
  let port: number | undefined;
  if (s.charCodeAt(i) === 58) {
    const p0 = skipWs(s, i + 1);
    let p = p0;
    let n = 0;
    while (p < s.length && s.charCodeAt(p) >= 48 && s.charCodeAt(p) <= 57 && p - p0 < 6) {
      n = n * 10 + s.charCodeAt(p) - 48;
      p++;
    }
    if (p === p0 || n > 65535) return bad(p0, 'bad sent-by port');
    port = n;
    i = p;
  }
  const parsed = parseParams(s, i);
  if (typeof parsed === 'string') return bad(i, parsed);
  const tail = skipWs(s, parsed.end);
  if (tail !== s.length) return bad(tail, `unexpected ${JSON.stringify(s[tail])}`);
  const params = parsed.params;
  const branch = params.get('branch');
  const receivedRaw = params.get('received');
  const rportRaw = params.get('rport');
  let rport: number | null | undefined;
  if (rportRaw === null) rport = null;
  else if (rportRaw !== undefined) {
    rport = /^[0-9]{1,5}$/.test(rportRaw) ? Number(rportRaw) : undefined;
    if (rport === undefined || rport > 65535) return bad(i, 'bad rport');
  }
  if (branch === null) return bad(i, 'branch without a value');
  let received: string | undefined;
  if (receivedRaw === null) return bad(i, 'received without a value');
  if (receivedRaw !== undefined) {
    const r = unquote(receivedRaw);
    received = r.charCodeAt(0) === 91 && r.endsWith(']') ? r.slice(1, -1) : r;
  }
  return ok({
    protocolName,
    protocolVersion,
    transport: transport.toUpperCase(),
    host,
    port,
    params,
    branch: branch ?? undefined,
    received,
    rport,
  });
}

/** Serializes a Via value in the canonical `SIP/2.0/UDP host:port;params` form. */
export function serializeVia(via: Via): string {
  const sentBy = via.port === undefined ? via.host : `${via.host}:${via.port}`;
  return `${via.protocolName}/${via.protocolVersion}/${via.transport} ${sentBy}${serializeParams(via.params)}`;
}
