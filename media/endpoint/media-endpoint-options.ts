/*
 * The settings, counters and events of a MediaEndpoint, and the transport
 * address type the media endpoints share.
 */
import type { Clock, Logger } from '../../core/index.ts';
import type { RtpLatchOptions } from './rtp-latch.ts';

/** A transport address. */
export interface MediaAddress {
  readonly address: string;
  readonly port: number;
}

/** Settings of a MediaEndpoint. */
export interface MediaEndpointOptions extends RtpLatchOptions {
  readonly bindAddress: string;
  readonly rtpPort: number;
  /** The RTCP port; RTCP shares the RTP port (RFC 5761 rtcp-mux) when absent or equal. */
  readonly rtcpPort?: number;
  /**
   * Connect the socket to the latched source, so the kernel filters other
   * sources and sends skip the per-packet route lookup (about a third less
   * CPU per relayed packet here). True unless given. While connected,
   * packets from other sources never reach us and are not counted.
   */
  readonly isKernelFiltered?: boolean;
  /** Keep per-SSRC RTCP-style receive statistics (loss, jitter, late, duplicates); true unless given. */
  readonly isStatsTracked?: boolean;
  /** RTP clock rate for the jitter figure; 8000 unless given. */
  readonly clockRateHz?: number;
  /** Silence before a 'timeout' event; 60 000 unless given. */
  readonly mediaTimeoutMs?: number;
  readonly clock?: Clock;
  readonly logger?: Logger;
}

/** Counters of one endpoint. Nothing is dropped without a count (STYLE §4.4). */
export interface MediaEndpointStats {
  rtpReceived: number;
  rtpSent: number;
  rtcpReceived: number;
  rtcpSent: number;
  /** Too short, not version 2, or RTCP that does not parse as RTCP. */
  malformed: number;
  /** From a source other than the latched one, or a probation candidate's. */
  wrongSource: number;
  /** Payload type or SSRC not of the negotiated session. */
  unfit: number;
  /** Behind the highest sequence number (RFC 3550 A.1), relayed anyway. */
  late: number;
  duplicates: number;
  /** Packets to send with no remote address known yet. */
  notSent: number;
  /** Socket errors, such as ICMP port unreachable on a connected socket. */
  socketErrors: number;
  relatches: number;
}

/** Events of a MediaEndpoint. */
export type MediaEndpointEvents = {
  latched: [MediaAddress & { readonly ssrc: number }];
  relatched: [MediaAddress & { readonly ssrc: number }];
  /** No RTP for mediaTimeoutMs; emitted once per silence. */
  timeout: [{ readonly silentForMs: number }];
  close: [];
};

/** How an endpoint latches and filters, for whoever takes its ports over. */
export interface MediaEndpointLatchSettings extends RtpLatchOptions {
  readonly isKernelFiltered: boolean;
}

/** Receives one packet; the Buffer is the datagram and may be sent on as is. */
export type PacketHandler = (packet: Buffer) => void;
