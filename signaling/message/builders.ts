import { randomToken } from '../../core/index.ts';
import { lookupHeaderName } from './header-names.ts';
import { serializeNameAddr } from './name-addr.ts';
import type { NameAddr } from './name-addr.ts';
import { reasonPhrase } from './reason-phrases.ts';
import { SipRequest, SipResponse } from './sip-message.ts';
import type { HeaderField } from './sip-message.ts';
import { serializeUri } from './uri.ts';
import type { Uri } from './uri.ts';
import { BRANCH_MAGIC_COOKIE } from './via.ts';

/** What createRequest() needs; header values are wire text or parsed values. */
export interface RequestInit {
  readonly method: string;
  readonly requestUri: string | Uri;
  /** Via values, topmost first; usually added later by the transaction layer. */
  readonly via?: string | readonly string[];
  readonly from: string | NameAddr;
  readonly to: string | NameAddr;
  readonly callId: string;
  readonly cseq: number;
  /** The CSeq method when it differs from `method` (never, except in tests). */
  readonly cseqMethod?: string;
  /** Defaults to 70 (RFC 3261 §8.1.1.6). */
  readonly maxForwards?: number;
  readonly contact?: string | NameAddr;
  /** Further headers, in order. */
  readonly headers?: ReadonlyArray<readonly [name: string, value: string]>;
  readonly body?: Buffer | string;
  readonly contentType?: string;
}

function field(name: string, value: string): HeaderField {
  const n = lookupHeaderName(name);
  return { name: n.name, key: n.key, value, raw: undefined };
}

function text(v: string | NameAddr): string {
  return typeof v === 'string' ? v : serializeNameAddr(v);
}

/** A new branch: the magic cookie plus 16 random chars (RFC 3261 §8.1.1.7). */
export function generateBranch(): string {
  return BRANCH_MAGIC_COOKIE + randomToken(16);
}

/** A new From or To tag with at least 32 bits of randomness (RFC 3261 §19.3). */
export function generateTag(): string {
  return randomToken(10);
}

/** Formats a Via value: `SIP/2.0/TRANSPORT host[:port];branch=…[;rport]`. */
export function formatVia(opts: {
  readonly transport: string;
  readonly host: string;
  readonly port?: number;
  readonly branch: string;
  readonly rport?: boolean;
}): string {
  const host = opts.host.includes(':') && !opts.host.startsWith('[') ? `[${opts.host}]` : opts.host;
  const sentBy = opts.port === undefined ? host : `${host}:${opts.port}`;
  return `SIP/2.0/${opts.transport.toUpperCase()} ${sentBy};branch=${opts.branch}${opts.rport === true ? ';rport' : ''}`;
}

/**
 * Builds a request with the headers RFC 3261 §8.1.1 requires: Via (when
 * given), Max-Forwards, To, From, Call-ID, CSeq, then Contact and the rest.
 */
export function createRequest(init: RequestInit): SipRequest {
  const fields: HeaderField[] = [];
  const vias = init.via === undefined ? [] : typeof init.via === 'string' ? [init.via] : init.via;
  for (const v of vias) fields.push(field('Via', v));
  fields.push(field('Max-Forwards', String(init.maxForwards ?? 70)));
  fields.push(field('To', text(init.to)));
  fields.push(field('From', text(init.from)));
  fields.push(field('Call-ID', init.callId));
  fields.push(field('CSeq', `${init.cseq} ${init.cseqMethod ?? init.method}`));
  if (init.contact !== undefined) fields.push(field('Contact', text(init.contact)));
  for (const [name, value] of init.headers ?? []) fields.push(field(name, value));
  const uri = typeof init.requestUri === 'string' ? init.requestUri : serializeUri(init.requestUri);
  const req = new SipRequest(init.method, uri, 'SIP/2.0', fields, Buffer.alloc(0));
  req.setBody(init.body ?? Buffer.alloc(0), init.contentType);
  return req;
}

/** Options of createResponse(). */
export interface ResponseInit {
  /** Defaults to the RFC 3261 §21 phrase of the status. */
  readonly reason?: string;
  /** The To tag to add when the request has none; generated when absent. */
  readonly toTag?: string;
  readonly headers?: ReadonlyArray<readonly [name: string, value: string]>;
  readonly body?: Buffer | string;
  readonly contentType?: string;
}

/**
 * Builds a response to `req` per RFC 3261 §8.2.6: From, Call-ID, CSeq and
 * every Via (in order) are copied, received lines byte for byte; To is copied
 * and, unless the status is 100 or it has one, gets a tag (§8.2.6.2). A 100
 * copies Timestamp (§8.2.6.1).
 */
export function createResponse(
  req: SipRequest,
  status: number,
  init: ResponseInit = {},
): SipResponse {
  const fields: HeaderField[] = [];
  for (const f of req.headerFields()) {
    if (f.key === 'via' || f.key === 'from' || f.key === 'call-id' || f.key === 'cseq') {
      fields.push(f);
    } else if (f.key === 'to') {
      const to = req.to();
      const needsTag = status !== 100 && to !== undefined && !to.params.has('tag');
      fields.push(needsTag ? field('To', `${f.value};tag=${init.toTag ?? generateTag()}`) : f);
    } else if (f.key === 'timestamp' && status === 100) {
      fields.push(f);
    }
  }
  for (const [name, value] of init.headers ?? []) fields.push(field(name, value));
  const res = new SipResponse(
    status,
    init.reason ?? reasonPhrase(status),
    'SIP/2.0',
    fields,
    Buffer.alloc(0),
  );
  res.setBody(init.body ?? Buffer.alloc(0), init.contentType);
  return res;
}
