import { RTP_HEADER_SIZE } from './rtp-packet.ts';

/*
 * Header peeks for the relay fast path: they read one field of the fixed
 * header (RFC 3550 §5.1) without parsing or allocating. Each returns -1 when
 * `buf` is shorter than the fixed header or is not version 2, so a caller
 * can drop the packet and count it without a Result object per packet.
 */

function isRtpHeader(buf: Uint8Array): boolean {
  return buf.length >= RTP_HEADER_SIZE && buf[0]! >>> 6 === 2;
}

/** The SSRC of an RTP packet, or -1 if `buf` is not one. */
export function rtpSsrc(buf: Uint8Array): number {
  if (!isRtpHeader(buf)) return -1;
  return ((buf[8]! << 24) | (buf[9]! << 16) | (buf[10]! << 8) | buf[11]!) >>> 0;
}

/** The sequence number of an RTP packet, or -1 if `buf` is not one. */
export function rtpSeq(buf: Uint8Array): number {
  if (!isRtpHeader(buf)) return -1;
  return (buf[2]! << 8) | buf[3]!;
}

/** The RTP timestamp of an RTP packet, or -1 if `buf` is not one. */
export function rtpTimestamp(buf: Uint8Array): number {
  if (!isRtpHeader(buf)) return -1;
  return ((buf[4]! << 24) | (buf[5]! << 16) | (buf[6]! << 8) | buf[7]!) >>> 0;
}

/** The payload type (without the marker bit), or -1 if `buf` is not RTP. */
export function rtpPayloadType(buf: Uint8Array): number {
  if (!isRtpHeader(buf)) return -1;
  return buf[1]! & 0x7f;
}

/**
 * True if a packet received on a muxed RTP/RTCP port is RTCP. RFC 5761 §4:
 * RTCP packet types 200–206 put 192–223 in the second octet, a range RTP
 * payload types 64–95 would occupy with the marker set, which is why those
 * payload types are not used with rtcp-mux.
 */
export function isRtcpPacket(buf: Uint8Array): boolean {
  if (buf.length < 4 || buf[0]! >>> 6 !== 2) return false;
  const pt = buf[1]!;
  return pt >= 192 && pt <= 223;
}
