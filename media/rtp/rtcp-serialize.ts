import { RTCP_PT } from './rtcp-types.ts';
import type { RtcpPacket, RtcpReportBlock, SdesChunk } from './rtcp-types.ts';

const HEADER_SIZE = 4;
const REPORT_BLOCK_SIZE = 24;

function sdesChunkSize(chunk: SdesChunk): number {
  let size = 4;
  for (const item of chunk.items) size += 2 + item.value.length;
  // At least one null octet ends the chunk, then pad to 32 bits (§6.5).
  return (size + 1 + 3) & ~3;
}

function bodySize(pkt: RtcpPacket): number {
  switch (pkt.type) {
    case 'sr':
      return 24 + pkt.reports.length * REPORT_BLOCK_SIZE + pkt.profileExtension.length;
    case 'rr':
      return 4 + pkt.reports.length * REPORT_BLOCK_SIZE + pkt.profileExtension.length;
    case 'sdes': {
      let size = 0;
      for (const chunk of pkt.chunks) size += sdesChunkSize(chunk);
      return size;
    }
    case 'bye': {
      const ssrcSize = pkt.ssrcs.length * 4;
      return pkt.reason === undefined ? ssrcSize : ssrcSize + ((1 + pkt.reason.length + 3) & ~3);
    }
    case 'app':
      return 8 + pkt.data.length;
    case 'raw':
      return pkt.body.length;
  }
}

/** The number of octets serializeRtcpPacket() writes for `pkt`. */
export function rtcpPacketSize(pkt: RtcpPacket): number {
  return HEADER_SIZE + bodySize(pkt) + alignmentFill(pkt) + pkt.paddingSize;
}

/**
 * Zero octets between the body and the padding when a padding count that is
 * not a multiple of 4 would leave the packet unaligned (RFC 3550 §6.4.1: the
 * length is in 32-bit words). A parsed packet keeps its padding count but
 * not the filler its sender put before it (e.g. after a BYE reason), so the
 * filler is restored here; a receiver reads it as part of the body.
 */
function alignmentFill(pkt: RtcpPacket): number {
  if (pkt.paddingSize === 0) return 0;
  return (4 - ((bodySize(pkt) + pkt.paddingSize) % 4)) % 4;
}

/** Serializes one RTCP packet into a new Buffer. */
export function serializeRtcpPacket(pkt: RtcpPacket): Buffer {
  const buf = Buffer.allocUnsafe(rtcpPacketSize(pkt));
  serializeRtcpPacketInto(pkt, buf, 0);
  return buf;
}

/** Serializes packets back to back as one compound packet (RFC 3550 §6.1). */
export function serializeRtcpCompound(packets: readonly RtcpPacket[]): Buffer {
  let size = 0;
  for (const pkt of packets) size += rtcpPacketSize(pkt);
  const buf = Buffer.allocUnsafe(size);
  let offset = 0;
  for (const pkt of packets) offset += serializeRtcpPacketInto(pkt, buf, offset);
  return buf;
}

function countField(pkt: RtcpPacket): number {
  switch (pkt.type) {
    case 'sr':
    case 'rr':
      return pkt.reports.length;
    case 'sdes':
      return pkt.chunks.length;
    case 'bye':
      return pkt.ssrcs.length;
    case 'app':
      return pkt.subtype;
    case 'raw':
      return pkt.count;
  }
}

function packetTypeOf(pkt: RtcpPacket): number {
  switch (pkt.type) {
    case 'sr':
      return RTCP_PT.SR;
    case 'rr':
      return RTCP_PT.RR;
    case 'sdes':
      return RTCP_PT.SDES;
    case 'bye':
      return RTCP_PT.BYE;
    case 'app':
      return RTCP_PT.APP;
    case 'raw':
      return pkt.packetType;
  }
}

/**
 * Serializes `pkt` into `buf` at `offset` and returns the octets written.
 * Throws RangeError on values that can not be encoded (a count above 31, a
 * size that is not a multiple of 4, a short buffer): programming errors.
 */
export function serializeRtcpPacketInto(pkt: RtcpPacket, buf: Buffer, offset: number): number {
  const size = rtcpPacketSize(pkt);
  const count = countField(pkt);
  if (size % 4 !== 0) throw new RangeError(`RTCP packet size ${size} is not a multiple of 4`);
  if (size > 0x40000) throw new RangeError(`RTCP packet size ${size} exceeds the length field`);
  if (count > 31) throw new RangeError(`RTCP count ${count} > 31`);
  if (pkt.paddingSize > 255) throw new RangeError(`padding ${pkt.paddingSize} > 255`);
  if (offset < 0 || buf.length - offset < size) {
    throw new RangeError(`RTCP packet needs ${size} octets, buffer has ${buf.length - offset}`);
  }
  buf[offset] = 0x80 | (pkt.paddingSize > 0 ? 0x20 : 0) | count;
  buf[offset + 1] = packetTypeOf(pkt);
  buf.writeUInt16BE(size / 4 - 1, offset + 2);
  const at = offset + HEADER_SIZE;
  const bodyEnd = writeBody(pkt, buf, at);
  const end = bodyEnd + alignmentFill(pkt);
  buf.fill(0, bodyEnd, end);
  if (pkt.paddingSize > 0) {
    buf.fill(0, end, end + pkt.paddingSize - 1);
    buf[end + pkt.paddingSize - 1] = pkt.paddingSize;
  }
  return size;
}

function writeBody(pkt: RtcpPacket, buf: Buffer, at: number): number {
  switch (pkt.type) {
    case 'sr':
      buf.writeUInt32BE(pkt.ssrc >>> 0, at);
      buf.writeUInt32BE(pkt.ntpSeconds >>> 0, at + 4);
      buf.writeUInt32BE(pkt.ntpFraction >>> 0, at + 8);
      buf.writeUInt32BE(pkt.rtpTimestamp >>> 0, at + 12);
      buf.writeUInt32BE(pkt.packetCount >>> 0, at + 16);
      buf.writeUInt32BE(pkt.octetCount >>> 0, at + 20);
      at = writeReportBlocks(pkt.reports, buf, at + 24);
      return at + pkt.profileExtension.copy(buf, at);
    case 'rr':
      buf.writeUInt32BE(pkt.ssrc >>> 0, at);
      at = writeReportBlocks(pkt.reports, buf, at + 4);
      return at + pkt.profileExtension.copy(buf, at);
    case 'sdes':
      for (const chunk of pkt.chunks) {
        const end = at + sdesChunkSize(chunk);
        buf.writeUInt32BE(chunk.ssrc >>> 0, at);
        at += 4;
        for (const item of chunk.items) {
          if (item.value.length > 255) {
            throw new RangeError(`SDES item of ${item.value.length} octets > 255`);
          }
          buf[at] = item.type;
          buf[at + 1] = item.value.length;
          at += 2 + item.value.copy(buf, at + 2);
        }
        buf.fill(0, at, end);
        at = end;
      }
      return at;
    case 'bye':
      for (const ssrc of pkt.ssrcs) {
        buf.writeUInt32BE(ssrc >>> 0, at);
        at += 4;
      }
      if (pkt.reason !== undefined) {
        if (pkt.reason.length > 255) {
          throw new RangeError(`BYE reason of ${pkt.reason.length} octets > 255`);
        }
        const end = at + ((1 + pkt.reason.length + 3) & ~3);
        buf[at] = pkt.reason.length;
        const written = pkt.reason.copy(buf, at + 1);
        buf.fill(0, at + 1 + written, end);
        at = end;
      }
      return at;
    case 'app':
      buf.writeUInt32BE(pkt.ssrc >>> 0, at);
      buf.fill(0x20, at + 4, at + 8);
      buf.write(pkt.name.slice(0, 4), at + 4, 'latin1');
      return at + 8 + pkt.data.copy(buf, at + 8);
    case 'raw':
      return at + pkt.body.copy(buf, at);
  }
}

function writeReportBlocks(blocks: readonly RtcpReportBlock[], buf: Buffer, at: number): number {
  for (const block of blocks) {
    buf.writeUInt32BE(block.ssrc >>> 0, at);
    buf[at + 4] = block.fractionLost & 0xff;
    buf.writeIntBE(clampLost(block.cumulativeLost), at + 5, 3);
    buf.writeUInt32BE(block.extendedHighestSeq >>> 0, at + 8);
    buf.writeUInt32BE(block.jitter >>> 0, at + 12);
    buf.writeUInt32BE(block.lastSr >>> 0, at + 16);
    buf.writeUInt32BE(block.delaySinceLastSr >>> 0, at + 20);
    at += REPORT_BLOCK_SIZE;
  }
  return at;
}

/** RFC 3550 A.3 clamps the cumulative loss to the signed 24-bit field. */
function clampLost(lost: number): number {
  return Math.max(-0x800000, Math.min(0x7fffff, lost));
}
