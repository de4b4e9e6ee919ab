/**
 * The data model of an SDP session description (RFC 8866 §5). Attribute
 * lines are kept raw and in order so that unknown ones (ICE, DTLS, BUNDLE,
 * ssrc, extmap …) survive a parse/serialize round trip byte for byte; the
 * typed views of the attributes we act on live in attributes.ts.
 */

/** One `a=` line: `a=name` (a property) or `a=name:value`. */
export interface SdpAttribute {
  readonly name: string;
  /** Absent for property attributes such as `a=sendrecv`. */
  readonly value?: string;
}

/** The `o=` line (RFC 8866 §5.2). */
export interface SdpOrigin {
  readonly username: string;
  /** Kept as text: it is an opaque numeric string of any length. */
  readonly sessionId: string;
  /** Incremented on every modification of the description (RFC 3264 §8). */
  readonly sessionVersion: bigint;
  readonly netType: string;
  readonly addrType: string;
  readonly address: string;
}

/** A `c=` line (RFC 8866 §5.7). */
export interface SdpConnection {
  readonly netType: string;
  /** `IP4` or `IP6`; other values are kept but not validated. */
  readonly addrType: string;
  /** An IPv4 or IPv6 literal or a host name. */
  readonly address: string;
  /** The multicast TTL (IPv4 multicast only). */
  readonly ttl?: number;
  /** The number of consecutive multicast addresses. */
  readonly numberOfAddresses?: number;
}

/** A `b=` line (RFC 8866 §5.8): `b=AS:64`. */
export interface SdpBandwidth {
  readonly type: string;
  readonly kbps: number;
}

/** A `t=` line with the `r=` lines that follow it (RFC 8866 §5.9, §5.10). */
export interface SdpTiming {
  readonly startTime: bigint;
  readonly stopTime: bigint;
  /** The `r=` values, verbatim. */
  readonly repeats: readonly string[];
}

/** An `m=` section (RFC 8866 §5.14). */
export interface SdpMediaDescription {
  /** `audio`, `video`, `text`, `application`, `message` or an extension. */
  readonly type: string;
  /** 0 marks a rejected or disabled stream (RFC 3264 §6). */
  readonly port: number;
  readonly numberOfPorts?: number;
  /** `RTP/AVP`, `RTP/SAVP`, `UDP/TLS/RTP/SAVPF` … */
  readonly protocol: string;
  /** Payload type numbers for RTP, verbatim tokens otherwise. */
  readonly formats: readonly string[];
  readonly information?: string;
  readonly connections: readonly SdpConnection[];
  readonly bandwidths: readonly SdpBandwidth[];
  readonly encryptionKey?: string;
  readonly attributes: readonly SdpAttribute[];
}

/** A whole session description (RFC 8866 §5). */
export interface SessionDescription {
  /** Always 0. */
  readonly version: number;
  readonly origin: SdpOrigin;
  readonly sessionName: string;
  readonly information?: string;
  readonly uri?: string;
  readonly emails: readonly string[];
  readonly phones: readonly string[];
  readonly connection?: SdpConnection;
  readonly bandwidths: readonly SdpBandwidth[];
  readonly timings: readonly SdpTiming[];
  /** The `z=` value, verbatim. */
  readonly timeZones?: string;
  readonly encryptionKey?: string;
  readonly attributes: readonly SdpAttribute[];
  readonly media: readonly SdpMediaDescription[];
}
