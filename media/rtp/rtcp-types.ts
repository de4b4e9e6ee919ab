/*
 * RTCP packet types (RFC 3550 §6.4–6.7). Every packet starts with the same
 * common header:
 *
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |V=2|P|   RC    |      PT       |             length            |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *
 * "length" is the packet size in 32-bit words minus one, header and padding
 * included, so a compound packet can be walked packet by packet (§6.4.1).
 */

/** RTCP packet type numbers (RFC 3550 §12.1). */
export const RTCP_PT = {
  SR: 200,
  RR: 201,
  SDES: 202,
  BYE: 203,
  APP: 204,
} as const;

/** SDES item types (RFC 3550 §6.5, §12.2). */
export const SDES_ITEM = {
  END: 0,
  CNAME: 1,
  NAME: 2,
  EMAIL: 3,
  PHONE: 4,
  LOC: 5,
  TOOL: 6,
  NOTE: 7,
  PRIV: 8,
} as const;

/** One reception report block, 24 octets (RFC 3550 §6.4.1). */
export interface RtcpReportBlock {
  /** SSRC of the source this block reports on. */
  readonly ssrc: number;
  /** Loss since the previous report, as a fixed-point fraction of 256. */
  readonly fractionLost: number;
  /** Cumulative packets lost, a signed 24-bit number (duplicates make it negative). */
  readonly cumulativeLost: number;
  /** Cycles in the high 16 bits, highest sequence number in the low 16. */
  readonly extendedHighestSeq: number;
  /** Interarrival jitter in timestamp units (§6.4.1, A.8). */
  readonly jitter: number;
  /** Middle 32 bits of the NTP timestamp of the last SR received, 0 if none. */
  readonly lastSr: number;
  /** Delay since that SR in units of 1/65536 s, 0 if none. */
  readonly delaySinceLastSr: number;
}

/** Sender report, PT 200 (RFC 3550 §6.4.1). */
export interface RtcpSenderReport {
  readonly type: 'sr';
  readonly ssrc: number;
  /** NTP timestamp, integer seconds since 1900. */
  readonly ntpSeconds: number;
  /** NTP timestamp, fraction of a second in units of 2^-32 s. */
  readonly ntpFraction: number;
  readonly rtpTimestamp: number;
  readonly packetCount: number;
  readonly octetCount: number;
  readonly reports: readonly RtcpReportBlock[];
  /** Profile-specific extension after the report blocks, kept raw. */
  readonly profileExtension: Buffer;
  readonly paddingSize: number;
}

/** Receiver report, PT 201 (RFC 3550 §6.4.2). */
export interface RtcpReceiverReport {
  readonly type: 'rr';
  readonly ssrc: number;
  readonly reports: readonly RtcpReportBlock[];
  readonly profileExtension: Buffer;
  readonly paddingSize: number;
}

/** One SDES item. The value is raw octets (UTF-8 text for CNAME and the rest). */
export interface SdesItem {
  readonly type: number;
  readonly value: Buffer;
}

/** One SDES chunk: a source and its items. */
export interface SdesChunk {
  readonly ssrc: number;
  readonly items: readonly SdesItem[];
}

/** Source description, PT 202 (RFC 3550 §6.5). */
export interface RtcpSourceDescription {
  readonly type: 'sdes';
  readonly chunks: readonly SdesChunk[];
  readonly paddingSize: number;
}

/** Goodbye, PT 203 (RFC 3550 §6.6). */
export interface RtcpGoodbye {
  readonly type: 'bye';
  readonly ssrcs: readonly number[];
  /** The optional "reason for leaving", raw octets. */
  readonly reason: Buffer | undefined;
  readonly paddingSize: number;
}

/** Application-defined, PT 204 (RFC 3550 §6.7); the data is kept raw. */
export interface RtcpApplicationDefined {
  readonly type: 'app';
  /** The 5-bit subtype carried in the count field. */
  readonly subtype: number;
  readonly ssrc: number;
  /** Four ASCII characters. */
  readonly name: string;
  readonly data: Buffer;
  readonly paddingSize: number;
}

/**
 * Any other packet type (RTPFB 205, PSFB 206, XR 207, …) kept raw, so a
 * compound packet that carries feedback still parses and relays intact.
 */
export interface RtcpRawPacket {
  readonly type: 'raw';
  readonly packetType: number;
  /** The 5-bit count/format field. */
  readonly count: number;
  /** Everything after the common header, without padding. */
  readonly body: Buffer;
  readonly paddingSize: number;
}

/** Any RTCP packet. */
export type RtcpPacket =
  | RtcpSenderReport
  | RtcpReceiverReport
  | RtcpSourceDescription
  | RtcpGoodbye
  | RtcpApplicationDefined
  | RtcpRawPacket;

/** Builds an SDES item from text (UTF-8). */
export function sdesItem(type: number, text: string): SdesItem {
  return { type, value: Buffer.from(text, 'utf8') };
}

/** The CNAME of an SDES chunk as text, or undefined if it has none. */
export function sdesCname(chunk: SdesChunk): string | undefined {
  const item = chunk.items.find((i) => i.type === SDES_ITEM.CNAME);
  return item?.value.toString('utf8');
}
