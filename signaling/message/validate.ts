import type { ParseError } from '../../core/index.ts';
import { parseDigits, UINT32_MAX } from './syntax.ts';
import { SipErrorCode } from './sip-error-code.ts';
import type { SipMessage, SipRequest, SipResponse } from './sip-message.ts';
import { isSipUri } from './uri.ts';

/**
 * Why a request cannot be processed. With a `status` the caller answers it
 * statelessly (STYLE §4.2); without one it cannot be answered (no usable
 * Via, From, To, Call-ID or CSeq, or it is an ACK) and is dropped and counted
 * under `code` (STYLE §4.3).
 */
export interface RequestDefect {
  readonly code: string;
  readonly status: 400 | 416 | 420 | 483 | 505 | undefined;
  readonly reason: string;
  readonly detail: string;
  /** For 420: the option tags to list in Unsupported (RFC 3261 §8.2.2.3). */
  readonly unsupported?: readonly string[];
}

/** What validateRequest() checks against. */
export interface ValidateOptions {
  /** Option tags we implement; any other in Require gets 420. Default none. */
  readonly supportedOptionTags?: Iterable<string>;
  /** Request-URI schemes we serve; others get 416. Default sip, sips, tel. */
  readonly uriSchemes?: Iterable<string>;
  /** Check Proxy-Require as a proxy does (RFC 3261 §16.3 step 5). */
  readonly checkProxyRequire?: boolean;
  /** Answer Max-Forwards 0 with 483 (RFC 3261 §16.3 step 2). Default true. */
  readonly rejectZeroMaxForwards?: boolean;
}

/** Headers checked for syntax, in the order their defect is reported. */
const CHECKED = [
  'Via',
  'From',
  'To',
  'Call-ID',
  'CSeq',
  'Max-Forwards',
  'Contact',
  'Content-Type',
  'Route',
  'Record-Route',
  'Require',
  'Proxy-Require',
  'Supported',
];
const DEFAULT_SCHEME_SET: ReadonlySet<string> = new Set(['sip', 'sips', 'tel']);

/** A defect the caller answers with `status`. */
function answered(
  code: string,
  status: RequestDefect['status'],
  reason: string,
  detail: string,
  unsupported?: string[],
): RequestDefect {
  return unsupported === undefined
    ? { code, status, reason, detail }
    : { code, status, reason, detail, unsupported };
}

/** The same defect in an ACK: recorded, never answered. */
function unanswered(
  code: string,
  _status: RequestDefect['status'],
  reason: string,
  detail: string,
): RequestDefect {
  return { code, status: undefined, reason, detail };
}

/** A Content-Length defect: bad number, two values, or more than the body. */
function contentLengthDefect(msg: SipMessage): string | undefined {
  const values = msg.getHeaders('Content-Length');
  for (const v of values) {
    const n = parseDigits(v, UINT32_MAX);
    if (n === undefined) return `bad Content-Length ${JSON.stringify(v.slice(0, 20))}`;
    if (n !== msg.body.length) return `Content-Length ${n} but ${msg.body.length} body bytes`;
  }
  return undefined;
}

/** The defect that makes a message unanswerable (no usable Via, From, To, Call-ID, CSeq). */
function unroutable(msg: SipMessage): ParseError | undefined {
  // §8.2.6.2 / §18.2.2: a response copies these and is routed by the top Via.
  for (const name of ['Via', 'From', 'To', 'Call-ID', 'CSeq']) {
    if (!msg.hasHeader(name))
      return { code: SipErrorCode.MISSING_HEADER, offset: 0, detail: `missing ${name}` };
  }
  if (msg.topVia() === undefined) {
    return (
      msg.headerError('Via') ?? { code: SipErrorCode.BAD_HEADER, offset: 0, detail: 'bad top Via' }
    );
  }
  return undefined;
}

/**
 * Checks a parsed request the way a UAS core (RFC 3261 §8.2) or proxy
 * (§16.3) must before processing it, and says how to answer a defect.
 * Returns undefined when the request is fine. From, To and CSeq need only be
 * present to be answerable, since the response copies them as they are: RFC
 * 4475 §3.1.2.4/.6/.14/.15 expect a 400 for defects inside them.
 */
export function validateRequest(
  req: SipRequest,
  opts: ValidateOptions = {},
): RequestDefect | undefined {
  // §17.1.1.3: an ACK is never answered.
  const isAck = req.method === 'ACK';
  const drop = unroutable(req);
  if (drop !== undefined)
    return { code: drop.code, status: undefined, reason: '', detail: drop.detail };
  const answer = isAck ? unanswered : answered;

  // §8.1.1 / §21.5.20: we implement SIP/2.0 only; the version is
  // case-insensitive (§7.1).
  if (req.version.toUpperCase() !== 'SIP/2.0') {
    return answer(SipErrorCode.BAD_VERSION, 505, 'Version Not Supported', `version ${req.version}`);
  }
  // §8.2: a request whose headers do not follow §25 gets 400, naming the header.
  for (const name of CHECKED) {
    const e = req.headerError(name);
    if (e !== undefined) return answer(SipErrorCode.BAD_HEADER, 400, `Bad ${name}`, e.detail);
  }
  const cl = contentLengthDefect(req);
  if (cl !== undefined) return answer(SipErrorCode.CONTENT_LENGTH, 400, 'Bad Content-Length', cl);
  // §8.1.1.5: the CSeq method MUST match the request method (RFC 4475 §3.1.2.17).
  const cseq = req.cseq();
  if (cseq !== undefined && cseq.method !== req.method) {
    return answer(
      SipErrorCode.BAD_HEADER,
      400,
      'CSeq Method Mismatch',
      `CSeq ${cseq.method} in ${req.method}`,
    );
  }
  // §8.2.2.1: a Request-URI scheme we do not understand gets 416.
  const uri = req.uriResult();
  if (!uri.ok) return answer(SipErrorCode.BAD_URI, 400, 'Bad Request-URI', uri.error.detail);
  const schemes = opts.uriSchemes === undefined ? DEFAULT_SCHEME_SET : new Set(opts.uriSchemes);
  if (!schemes.has(uri.value.scheme)) {
    return answer(
      SipErrorCode.BAD_URI,
      416,
      'Unsupported URI Scheme',
      `scheme ${uri.value.scheme}`,
    );
  }
  // §19.1.1 (table 1): headers are not allowed in a Request-URI (RFC 4475 §3.1.2.11).
  if (isSipUri(uri.value) && uri.value.headers !== undefined) {
    return answer(SipErrorCode.BAD_URI, 400, 'Bad Request-URI', 'headers in Request-URI');
  }
  // §16.3 step 2: a request that has run out of hops is not forwarded.
  if ((opts.rejectZeroMaxForwards ?? true) && req.maxForwards() === 0) {
    return answer(SipErrorCode.TOO_MANY_HOPS, 483, 'Too Many Hops', 'Max-Forwards is 0');
  }
  // §8.2.2.3: unknown option tags in Require get 420 listing them in
  // Unsupported; ACK and CANCEL are exempt.
  const required = req.require() ?? [];
  const proxyRequired = opts.checkProxyRequire === true ? (req.proxyRequire() ?? []) : [];
  // Most requests carry no Require: no set to build for them.
  if (req.method === 'CANCEL' || required.length + proxyRequired.length === 0) return undefined;
  const supported = new Set(opts.supportedOptionTags ?? []);
  const unknown = [...required, ...proxyRequired].filter((t) => !supported.has(t));
  if (unknown.length > 0) {
    return answer(
      SipErrorCode.BAD_EXTENSION,
      420,
      'Bad Extension',
      `unsupported ${unknown.join(', ')}`,
      unknown,
    );
  }
  return undefined;
}

/**
 * Checks a parsed response before a client transaction sees it. A defect
 * means the response is discarded (RFC 3261 §18.1.2, RFC 4475 §3.1.2.5):
 * responses are never answered.
 */
export function validateResponse(res: SipResponse): ParseError | undefined {
  const drop = unroutable(res);
  if (drop !== undefined) return drop;
  for (const name of ['From', 'To', 'Call-ID', 'CSeq']) {
    const e = res.headerError(name);
    if (e !== undefined) return e;
  }
  const cl = contentLengthDefect(res);
  return cl === undefined
    ? undefined
    : { code: SipErrorCode.CONTENT_LENGTH, offset: 0, detail: cl };
}
