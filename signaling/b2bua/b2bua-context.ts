import type { Clock, Logger, MediaControl } from '../../core/index.ts';
import type { ViaSource } from '../dialog/index.ts';
import { createResponse, type SipRequest, type SipResponse } from '../message/index.ts';
import type { TimerSettings, TransactionLayer } from '../transaction/index.ts';
import type { TransportProtocol } from '../transport/index.ts';

/** Settings of the B2BUA. */
export interface B2buaOptions {
  /** Calls an extension may be in at once, as caller or callee; beyond it 486. */
  maxCallsPerExtension: number;
  /** Server / User-Agent header value. */
  serverName: string;
}

/** Defaults: two calls per extension (call waiting for one more). */
export const DEFAULT_B2BUA_OPTIONS: B2buaOptions = {
  maxCallsPerExtension: 2,
  serverName: 'Switchyard',
};

/** How a party sends and takes keys (T-2 `dtmfmode`, D88). */
export type DtmfMode = 'rfc4733' | 'info' | 'inband';

/**
 * The configured DTMF mode of extensions and trunks; undefined is
 * automatic (RFC 4733 when negotiated, else tones).
 */
export interface DtmfModes {
  extension(extensionId: number): DtmfMode | undefined;
  trunk(trunkId: number): DtmfMode | undefined;
}

/** What legs and calls share: the transaction layer, time and media. */
export interface B2buaContext {
  readonly transactions: TransactionLayer;
  readonly clock: Clock;
  readonly timers: TimerSettings;
  readonly logger: Logger;
  /** Absent: no media anchoring, SDP passes through unchanged. */
  readonly media: MediaControl | undefined;
  readonly options: B2buaOptions;
  /** Parties' configured DTMF modes; all automatic when absent. */
  readonly dtmfModes?: DtmfModes | undefined;
  /**
   * The SDP encodings an extension's phone may use (its `allow=`, T-2,
   * D94), lower case; undefined when it is not narrowed.
   */
  readonly extensionCodecs?: ((extensionId: number) => readonly string[] | undefined) | undefined;
  /** Our Via sent-by on a transport; undefined when it is not listening. */
  viaSource(protocol: TransportProtocol): ViaSource | undefined;
}

/** Our Contact on a transport, with `user` as user part (RFC 3261 §8.1.1.8). */
export function contactFor(via: ViaSource, user: string): string {
  const transport = via.transport.toLowerCase();
  const param = transport === 'udp' ? '' : `;transport=${transport}`;
  const host = via.host.includes(':') ? `[${via.host}]` : via.host;
  return `<sip:${user}@${host}:${via.port}${param}>`;
}

/** Our response to `request`, with our User-Agent and any `headers`. */
export function responseTo(
  ctx: B2buaContext,
  request: SipRequest,
  status: number,
  headers: Array<[string, string]> = [],
): SipResponse {
  return createResponse(request, status, {
    headers: [['User-Agent', ctx.options.serverName], ...headers],
  });
}
