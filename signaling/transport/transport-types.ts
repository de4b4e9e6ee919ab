/** The SIP transports we speak (RFC 3261 §18, RFC 7118 for WebSocket). */
export type TransportProtocol = 'udp' | 'tcp' | 'tls' | 'ws' | 'wss';

/** Where a message came from or goes to. */
export interface TransportAddress {
  readonly protocol: TransportProtocol;
  readonly address: string;
  readonly port: number;
}

/** A received message: raw bytes plus where they came from. */
export interface InboundPacket {
  readonly data: Buffer;
  readonly source: TransportAddress;
  /** The local address it arrived on. */
  readonly local: TransportAddress;
  /** Set for stream transports: responses and in-dialog requests reuse it. */
  readonly connectionId: string | undefined;
}

/** Why a transport dropped bytes before they became a message. */
export type TransportDropReason =
  'rate-limited' | 'too-large' | 'too-many-connections' | 'framing' | 'banned';

/** Events every transport emits. */
export type TransportEvents = {
  packet: [InboundPacket];
  /** A CRLF keepalive (RFC 5626 §3.5.1) arrived and was answered. */
  keepalive: [TransportAddress];
  drop: [TransportAddress, TransportDropReason, Buffer];
  error: [Error];
  listenererror: [string, unknown];
};

/** The result of a send: a transport error is reported to the TU (§18.4). */
export type SendResult = { ok: true } | { ok: false; error: Error };

/** Key of a remote endpoint, used by connection pools and limiters. */
export function addressKey(a: { address: string; port: number }): string {
  return a.address.includes(':') ? `[${a.address}]:${a.port}` : `${a.address}:${a.port}`;
}
