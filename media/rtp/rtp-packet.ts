import { ok, parseError } from '../../core/index.ts';
import type { Result } from '../../core/index.ts';

/** The only RTP version in use (RFC 3550 §5.1: "V ... is two (2)"). */
export const RTP_VERSION = 2;

/** Size of the fixed RTP header without CSRCs (RFC 3550 §5.1). */
export const RTP_HEADER_SIZE = 12;

/**
 * An RTP header extension (RFC 3550 §5.3.1). The body is kept raw: the
 * RFC 8285 one-byte (0xBEDE) and two-byte (0x100x) element lists are
 * interpreted by whoever negotiated them in SDP.
 */
export interface RtpHeaderExtension {
  /** The 16-bit "defined by profile" field. */
  readonly profile: number;
  /** The extension body; its length is a multiple of 4. */
  readonly data: Buffer;
}

/** One RTP packet (RFC 3550 §5.1). */
export interface RtpPacket {
  /** The M bit; its meaning is set by the profile (start of talkspurt). */
  readonly marker: boolean;
  readonly payloadType: number;
  readonly sequenceNumber: number;
  readonly timestamp: number;
  readonly ssrc: number;
  /** Contributing sources, at most 15. */
  readonly csrcs: readonly number[];
  readonly extension: RtpHeaderExtension | undefined;
  /** The payload without padding. After parse it shares memory with the input. */
  readonly payload: Buffer;
  /** Padding octets after the payload, including the count octet; 0 means none. */
  readonly paddingSize: number;
}

/*
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |V=2|P|X|  CC   |M|     PT      |       sequence number         |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                           timestamp                           |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |           synchronization source (SSRC) identifier            |
 * +=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+
 * |            contributing source (CSRC) identifiers             |
 * |                             ....                              |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |      defined by profile       |           length              |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                        header extension                       |
 * |                             ....                              |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *
 * RFC 3550 §5.1 and §5.3.1. The extension "length" counts 32-bit words
 * after the first extension word.
 */

/**
 * Parses one RTP packet. The payload and extension body are views into
 * `buf` (no copy), so the caller must not reuse `buf` while they are alive.
 */
export function parseRtpPacket(buf: Buffer): Result<RtpPacket> {
  if (buf.length < RTP_HEADER_SIZE) {
    return parseError(
      'ERR_RTP_TOO_SHORT',
      0,
      `packet has ${buf.length} octets < ${RTP_HEADER_SIZE} for the fixed header`,
    );
  }
  const b0 = buf[0]!;
  const version = b0 >>> 6;
  if (version !== RTP_VERSION) {
    return parseError('ERR_RTP_VERSION', 0, `version ${version} != ${RTP_VERSION}`);
  }
  const hasPadding = (b0 & 0x20) !== 0;
  const hasExtension = (b0 & 0x10) !== 0;
  const csrcCount = b0 & 0x0f;
  let offset = RTP_HEADER_SIZE + csrcCount * 4;
  if (buf.length < offset) {
    return parseError(
      'ERR_RTP_CSRC_TRUNCATED',
      RTP_HEADER_SIZE,
      `${csrcCount} CSRCs need ${offset} octets > ${buf.length}`,
    );
  }
  const csrcs: number[] = [];
  for (let i = 0; i < csrcCount; i++) csrcs.push(buf.readUInt32BE(RTP_HEADER_SIZE + i * 4));

  let extension: RtpHeaderExtension | undefined;
  if (hasExtension) {
    if (buf.length < offset + 4) {
      return parseError(
        'ERR_RTP_EXTENSION_TRUNCATED',
        offset,
        `extension header needs ${offset + 4} octets > ${buf.length}`,
      );
    }
    const profile = buf.readUInt16BE(offset);
    const words = buf.readUInt16BE(offset + 2);
    const end = offset + 4 + words * 4;
    if (buf.length < end) {
      return parseError(
        'ERR_RTP_EXTENSION_TRUNCATED',
        offset + 2,
        `extension of ${words} words ends at ${end} > ${buf.length}`,
      );
    }
    extension = { profile, data: buf.subarray(offset + 4, end) };
    offset = end;
  }

  let end = buf.length;
  let paddingSize = 0;
  if (hasPadding) {
    // RFC 3550 §5.1: the last octet of the padding "contains a count of how
    // many padding octets should be ignored, including itself".
    paddingSize = buf[buf.length - 1]!;
    if (paddingSize === 0 || paddingSize > buf.length - offset) {
      return parseError(
        'ERR_RTP_BAD_PADDING',
        buf.length - 1,
        `padding count ${paddingSize} not in 1..${buf.length - offset}`,
      );
    }
    end -= paddingSize;
  }

  return ok({
    marker: (buf[1]! & 0x80) !== 0,
    payloadType: buf[1]! & 0x7f,
    sequenceNumber: buf.readUInt16BE(2),
    timestamp: buf.readUInt32BE(4),
    ssrc: buf.readUInt32BE(8),
    csrcs,
    extension,
    payload: buf.subarray(offset, end),
    paddingSize,
  });
}

/** The number of octets serializeRtpPacket() writes for `pkt`. */
export function rtpPacketSize(pkt: RtpPacket): number {
  const extensionSize = pkt.extension === undefined ? 0 : 4 + pad4(pkt.extension.data.length);
  return (
    RTP_HEADER_SIZE + pkt.csrcs.length * 4 + extensionSize + pkt.payload.length + pkt.paddingSize
  );
}

/** Serializes `pkt` into a new Buffer. */
export function serializeRtpPacket(pkt: RtpPacket): Buffer {
  const buf = Buffer.allocUnsafe(rtpPacketSize(pkt));
  serializeRtpPacketInto(pkt, buf, 0);
  return buf;
}

/**
 * Serializes `pkt` into `buf` at `offset` and returns the octets written.
 * Throws RangeError if `buf` is too small or a field is out of range: these
 * are programming errors, not wire input.
 */
export function serializeRtpPacketInto(pkt: RtpPacket, buf: Buffer, offset: number): number {
  const size = rtpPacketSize(pkt);
  if (offset < 0 || buf.length - offset < size) {
    throw new RangeError(`RTP packet needs ${size} octets, buffer has ${buf.length - offset}`);
  }
  if (pkt.csrcs.length > 15) throw new RangeError(`${pkt.csrcs.length} CSRCs > 15`);
  if (pkt.paddingSize > 255) throw new RangeError(`padding ${pkt.paddingSize} > 255`);
  const hasPadding = pkt.paddingSize > 0;
  const hasExtension = pkt.extension !== undefined;
  buf[offset] =
    (RTP_VERSION << 6) | (hasPadding ? 0x20 : 0) | (hasExtension ? 0x10 : 0) | pkt.csrcs.length;
  buf[offset + 1] = (pkt.marker ? 0x80 : 0) | (pkt.payloadType & 0x7f);
  buf.writeUInt16BE(pkt.sequenceNumber & 0xffff, offset + 2);
  buf.writeUInt32BE(pkt.timestamp >>> 0, offset + 4);
  buf.writeUInt32BE(pkt.ssrc >>> 0, offset + 8);
  let at = offset + RTP_HEADER_SIZE;
  for (const csrc of pkt.csrcs) {
    buf.writeUInt32BE(csrc >>> 0, at);
    at += 4;
  }
  if (pkt.extension !== undefined) {
    const data = pkt.extension.data;
    const padded = pad4(data.length);
    buf.writeUInt16BE(pkt.extension.profile & 0xffff, at);
    buf.writeUInt16BE(padded / 4, at + 2);
    data.copy(buf, at + 4);
    buf.fill(0, at + 4 + data.length, at + 4 + padded);
    at += 4 + padded;
  }
  pkt.payload.copy(buf, at);
  at += pkt.payload.length;
  if (hasPadding) {
    buf.fill(0, at, at + pkt.paddingSize - 1);
    at += pkt.paddingSize;
    buf[at - 1] = pkt.paddingSize;
  }
  return at - offset;
}

function pad4(n: number): number {
  return (n + 3) & ~3;
}
