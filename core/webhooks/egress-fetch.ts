import { lookup as dnsLookup } from 'node:dns/promises';
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { isIP } from 'node:net';
import { SwitchyardError } from '../errors.ts';
import type { Logger } from '../logger.ts';
import type { MetricsRegistry } from '../metrics.ts';
import { loggableUrl, type EgressPolicy } from './egress-policy.ts';

/** What an egress request carries; the shape of fetch()'s init. */
export interface EgressRequestInit {
  readonly method: 'GET' | 'POST';
  readonly headers?: Record<string, string>;
  readonly body?: string;
  readonly signal?: AbortSignal;
}

/** The answer, read in full (up to the size cap) before it is returned. */
export interface EgressResponse {
  readonly ok: boolean;
  readonly status: number;
  text(): Promise<string>;
}

/** A fetch()-like function that only reaches addresses the policy allows. */
export type EgressFetch = (url: string, init: EgressRequestInit) => Promise<EgressResponse>;

/** Why a request was refused before any connection was opened. */
export type EgressRefusal = 'badUrl' | 'scheme' | 'credentials' | 'dns' | 'address';

/** The guard refused a URL; nothing was sent. */
export class EgressRefusedError extends SwitchyardError {
  readonly reason: EgressRefusal;

  constructor(reason: EgressRefusal, message: string, options?: { cause?: unknown }) {
    super('ERR_EGRESS_REFUSED', message, options);
    this.reason = reason;
  }
}

/** The answer was larger than the cap; the connection was cut. */
export class EgressResponseTooLargeError extends SwitchyardError {
  constructor(maxBytes: number) {
    super('ERR_EGRESS_RESPONSE_TOO_LARGE', `response body over ${maxBytes} bytes`);
  }
}

/** The request took longer than the guard's own timeout. */
export class EgressTimeoutError extends SwitchyardError {
  constructor(timeoutMs: number) {
    super('ERR_EGRESS_TIMEOUT', `no complete answer in ${timeoutMs} ms`);
  }
}

/** Resolves a host name to all its addresses, as dns.lookup(all) does. */
export type LookupAll = (hostname: string) => Promise<ReadonlyArray<{ address: string }>>;

/** Settings of createEgressFetch(). */
export interface EgressFetchOptions {
  readonly policy: EgressPolicy;
  readonly logger: Logger;
  /** Counts refusals as `switchyard_egress_refused_total{reason}`. */
  readonly metrics?: MetricsRegistry | undefined;
  /** dns.lookup with `all: true` unless given (tests pass a fake). */
  readonly lookup?: LookupAll | undefined;
  /** Bytes of an answer kept before the request fails (64 KiB unless given). */
  readonly maxResponseBytes?: number | undefined;
  /** A hard cap on one request, whatever the caller's signal (30 s unless given). */
  readonly timeoutMs?: number | undefined;
}

/** Bytes of an answer read before the request fails. */
export const DEFAULT_MAX_RESPONSE_BYTES = 64 * 1024;
/** The guard's own cap on one request. */
export const DEFAULT_EGRESS_TIMEOUT_MS = 30_000;

const systemLookup: LookupAll = (hostname) => dnsLookup(hostname, { all: true, verbatim: true });

/**
 * The egress guard (issue 7, D47). Every URL a tenant types goes through
 * it: the host is resolved once, every address is checked against the
 * policy, and the connection goes to the checked address, never to a
 * second lookup, so a DNS rebinding answer cannot slip in between. TLS
 * still verifies the certificate against the host name (servername).
 * Redirects are returned, not followed; an answer is read up to a cap.
 */
export function createEgressFetch(options: EgressFetchOptions): EgressFetch {
  const lookup = options.lookup ?? systemLookup;
  const maxBytes = options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES;
  const timeoutMs = options.timeoutMs ?? DEFAULT_EGRESS_TIMEOUT_MS;
  const refused = options.metrics?.counter(
    'switchyard_egress_refused_total',
    'Outgoing webhook requests refused by the egress guard, by reason',
  );
  const refuse = (
    reason: EgressRefusal,
    where: Record<string, unknown>,
    message: string,
  ): never => {
    refused?.inc({ reason });
    options.logger.warn({ ...where, reason }, `egress refused: ${message}`);
    throw new EgressRefusedError(reason, message);
  };

  return async (text, init) => {
    if (!URL.canParse(text)) return refuse('badUrl', {}, 'not a URL');
    const url = new URL(text);
    const target = loggableUrl(url);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
      return refuse('scheme', { target }, `scheme ${url.protocol} is not http(s)`);
    }
    if (url.username !== '' || url.password !== '') {
      return refuse('credentials', { target }, 'URL carries user info');
    }
    const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
    let addresses: ReadonlyArray<{ address: string }>;
    if (isIP(host) !== 0) {
      addresses = [{ address: host }];
    } else {
      try {
        addresses = await lookup(host);
      } catch (cause) {
        const code = (cause as NodeJS.ErrnoException).code ?? 'error';
        return refuse('dns', { target, code }, `cannot resolve ${host} (${code})`);
      }
    }
    if (addresses.length === 0) return refuse('dns', { target }, `${host} has no address`);
    for (const { address } of addresses) {
      const verdict = options.policy.check(address);
      if (!verdict.isAllowed) {
        return refuse(
          'address',
          { target, address, range: verdict.range },
          `${host} resolves to ${address} (${verdict.range})`,
        );
      }
    }
    return send(url, host, addresses[0]!.address, init, maxBytes, timeoutMs);
  };
}

/** One request to the checked `address`, with Host and SNI from the URL. */
function send(
  url: URL,
  host: string,
  address: string,
  init: EgressRequestInit,
  maxBytes: number,
  timeoutMs: number,
): Promise<EgressResponse> {
  return new Promise<EgressResponse>((resolve, reject) => {
    const isHttps = url.protocol === 'https:';
    const headers: Record<string, string> = { ...init.headers, host: url.host };
    if (init.body !== undefined) {
      headers['content-length'] = String(Buffer.byteLength(init.body));
    }
    const req = (isHttps ? httpsRequest : httpRequest)({
      host: address,
      port: url.port === '' ? (isHttps ? 443 : 80) : Number(url.port),
      path: `${url.pathname}${url.search}`,
      method: init.method,
      headers,
      // RFC 6066 §3: no SNI for an IP literal; the certificate is still
      // checked against the URL's host.
      ...(isHttps ? { servername: isIP(host) === 0 ? host : '' } : {}),
      ...(init.signal === undefined ? {} : { signal: init.signal }),
      // A fresh connection per request: a pooled socket might belong to
      // an address checked under another name.
      agent: false,
    });
    // Settles once: a cut connection reports errors after we gave up.
    const fail = (e: unknown): void => {
      clearTimeout(timer);
      reject(e);
      req.destroy();
    };
    const timer = setTimeout(() => fail(new EgressTimeoutError(timeoutMs)), timeoutMs);
    req.on('error', fail);
    req.on('response', (res: IncomingMessage) => {
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > maxBytes) return fail(new EgressResponseTooLargeError(maxBytes));
        chunks.push(chunk);
      });
      res.on('error', fail);
      res.on('end', () => {
        clearTimeout(timer);
        const status = res.statusCode ?? 0;
        const body = Buffer.concat(chunks).toString('utf8');
        resolve({ ok: status >= 200 && status < 300, status, text: async () => body });
      });
    });
    req.end(init.body);
  });
}
