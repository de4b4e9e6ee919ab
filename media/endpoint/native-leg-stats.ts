/*
 * The counters of a native relay leg: their names, and their order in the
 * Float64Array the addon fills (relay-shard.h).
 */

/**
 * Counters of a leg (or sums over a shard). Received counts are of the
 * leg's own sockets; sent counts are of what left through them. Nothing is
 * dropped without a count (STYLE §4.4).
 */
export interface NativeLegStats {
  rtpReceived: number;
  rtpReceivedBytes: number;
  rtpSent: number;
  rtpSentBytes: number;
  rtcpReceived: number;
  rtcpSent: number;
  /** Too short, not version 2, truncated, or RTCP that is not RTCP. */
  malformed: number;
  /** From a source other than the latched one, or a probation candidate's. */
  wrongSource: number;
  /** Payload type or SSRC not of the negotiated session. */
  unfit: number;
  /** Accepted but with no peer leg, or no far-end address known yet. */
  notSent: number;
  /** sendmmsg refused the packet (a full buffer, an unreachable address). */
  sendErrors: number;
  relatches: number;
  /** Errors read from a socket (ICMP port unreachable) or failed connects. */
  socketErrors: number;
  /** RTP packets copied to JavaScript (setTaps), besides being forwarded. */
  tapped: number;
  /** Tapped packets not copied because the queue to JavaScript was full. */
  tapDropped: number;
  /**
   * RTP received and relayed in the kernel (kernelForward), already counted
   * in rtpReceived here and in rtpSent of the peer leg.
   */
  kernelForwarded: number;
  kernelForwardedBytes: number;
}

/** The counter names in the order the addon fills them (relay-shard.h). */
export const COUNTERS = [
  'rtpReceived',
  'rtpReceivedBytes',
  'rtpSent',
  'rtpSentBytes',
  'rtcpReceived',
  'rtcpSent',
  'malformed',
  'wrongSource',
  'unfit',
  'notSent',
  'sendErrors',
  'relatches',
  'socketErrors',
  'tapped',
  'tapDropped',
  'kernelForwarded',
  'kernelForwardedBytes',
] as const satisfies readonly (keyof NativeLegStats)[];

/** Reads counters the addon filled, in COUNTERS order. */
export function toStats(a: Float64Array): NativeLegStats {
  const s = {} as NativeLegStats;
  COUNTERS.forEach((name, i) => (s[name] = a[i] ?? 0));
  return s;
}
