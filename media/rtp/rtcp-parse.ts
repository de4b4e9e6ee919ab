import { ok, parseError } from '../../core/index.ts';
import type { ParseError, Result } from '../../core/index.ts';
import { RTCP_PT } from './rtcp-types.ts';
import type { RtcpPacket, RtcpReportBlock, SdesChunk, SdesItem } from './rtcp-types.ts';

const HEADER_SIZE = 4;
const REPORT_BLOCK_SIZE = 24;
const SENDER_INFO_SIZE = 20;

type Failure = { ok: false; error: ParseError };

/**
 * Parses a compound RTCP packet (RFC 3550 §6.1) into its packets. The whole
 * datagram must be consumed exactly; raw fields are views into `buf`.
 *
 * The "first packet is SR or RR" check of A.2 is left to the caller, since
 * reduced-size RTCP (RFC 5506) allows other first packets.
 */
export function parseRtcpCompound(buf: Buffer): Result<RtcpPacket[]> {
  if (buf.length === 0) return parseError('ERR_RTCP_TOO_SHORT', 0, 'empty datagram');
  const packets: RtcpPacket[] = [];
  let offset = 0;
  while (offset < buf.length) {
    const sized = packetSizeAt(buf, offset);
    if (!sized.ok) return sized;
    const parsed = parsePacketAt(buf, offset, sized.value);
    if (!parsed.ok) return parsed;
    packets.push(parsed.value);
    offset += sized.value;
  }
  return ok(packets);
}

/** Parses a buffer that holds exactly one RTCP packet. */
export function parseRtcpPacket(buf: Buffer): Result<RtcpPacket> {
  const sized = packetSizeAt(buf, 0);
  if (!sized.ok) return sized;
  if (sized.value !== buf.length) {
    return parseError(
      'ERR_RTCP_LENGTH',
      2,
      `length field gives ${sized.value} octets != ${buf.length} in buffer`,
    );
  }
  return parsePacketAt(buf, 0, sized.value);
}

/** Checks the common header at `offset` and returns the packet's size. */
function packetSizeAt(buf: Buffer, offset: number): Result<number> {
  if (buf.length - offset < HEADER_SIZE) {
    return parseError(
      'ERR_RTCP_TOO_SHORT',
      offset,
      `${buf.length - offset} octets left < ${HEADER_SIZE} for a header`,
    );
  }
  const version = buf[offset]! >>> 6;
  if (version !== 2) return parseError('ERR_RTCP_VERSION', offset, `version ${version} != 2`);
  const size = (buf.readUInt16BE(offset + 2) + 1) * 4;
  if (size > buf.length - offset) {
    return parseError(
      'ERR_RTCP_LENGTH',
      offset + 2,
      `packet of ${size} octets overruns the ${buf.length - offset} left`,
    );
  }
  return ok(size);
}

function parsePacketAt(buf: Buffer, offset: number, size: number): Result<RtcpPacket> {
  const b0 = buf[offset]!;
  const count = b0 & 0x1f;
  const packetType = buf[offset + 1]!;
  let paddingSize = 0;
  if ((b0 & 0x20) !== 0) {
    // RFC 3550 §6.4.1: the last octet of the padding is its count, "including
    // itself"; it can not reach back into the header.
    paddingSize = buf[offset + size - 1]!;
    if (paddingSize === 0 || paddingSize > size - HEADER_SIZE) {
      return parseError(
        'ERR_RTCP_BAD_PADDING',
        offset + size - 1,
        `padding count ${paddingSize} not in 1..${size - HEADER_SIZE}`,
      );
    }
  }
  const bodyStart = offset + HEADER_SIZE;
  const body = buf.subarray(bodyStart, offset + size - paddingSize);
  switch (packetType) {
    case RTCP_PT.SR:
      return parseSenderReport(body, bodyStart, count, paddingSize);
    case RTCP_PT.RR:
      return parseReceiverReport(body, bodyStart, count, paddingSize);
    case RTCP_PT.SDES:
      return parseSourceDescription(body, bodyStart, count, paddingSize);
    case RTCP_PT.BYE:
      return parseGoodbye(body, bodyStart, count, paddingSize);
    case RTCP_PT.APP:
      if (body.length < 8) {
        return parseError('ERR_RTCP_APP_TRUNCATED', bodyStart, `APP body ${body.length} < 8`);
      }
      return ok({
        type: 'app',
        subtype: count,
        ssrc: body.readUInt32BE(0),
        name: body.toString('latin1', 4, 8),
        data: body.subarray(8),
        paddingSize,
      });
    default:
      return ok({ type: 'raw', packetType, count, body, paddingSize });
  }
}

function truncated(code: string, at: number, need: number, have: number): Failure {
  return parseError(code, at, `body needs ${need} octets > ${have}`);
}

function parseSenderReport(
  body: Buffer,
  at: number,
  count: number,
  paddingSize: number,
): Result<RtcpPacket> {
  const need = 4 + SENDER_INFO_SIZE + count * REPORT_BLOCK_SIZE;
  if (body.length < need) return truncated('ERR_RTCP_SR_TRUNCATED', at, need, body.length);
  return ok({
    type: 'sr',
    ssrc: body.readUInt32BE(0),
    ntpSeconds: body.readUInt32BE(4),
    ntpFraction: body.readUInt32BE(8),
    rtpTimestamp: body.readUInt32BE(12),
    packetCount: body.readUInt32BE(16),
    octetCount: body.readUInt32BE(20),
    reports: parseReportBlocks(body, 24, count),
    profileExtension: body.subarray(need),
    paddingSize,
  });
}

function parseReceiverReport(
  body: Buffer,
  at: number,
  count: number,
  paddingSize: number,
): Result<RtcpPacket> {
  const need = 4 + count * REPORT_BLOCK_SIZE;
  if (body.length < need) return truncated('ERR_RTCP_RR_TRUNCATED', at, need, body.length);
  return ok({
    type: 'rr',
    ssrc: body.readUInt32BE(0),
    reports: parseReportBlocks(body, 4, count),
    profileExtension: body.subarray(need),
    paddingSize,
  });
}

/*
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+
 * |                 SSRC_1 (SSRC of first source)                 |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * | fraction lost |       cumulative number of packets lost       |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |           extended highest sequence number received           |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                      interarrival jitter                      |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                         last SR (LSR)                         |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                   delay since last SR (DLSR)                  |
 * +=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+
 *
 * RFC 3550 §6.4.1. The caller has checked that `count` blocks fit.
 */
function parseReportBlocks(body: Buffer, start: number, count: number): RtcpReportBlock[] {
  const blocks: RtcpReportBlock[] = [];
  for (let i = 0; i < count; i++) {
    const at = start + i * REPORT_BLOCK_SIZE;
    blocks.push({
      ssrc: body.readUInt32BE(at),
      fractionLost: body[at + 4]!,
      cumulativeLost: body.readIntBE(at + 5, 3),
      extendedHighestSeq: body.readUInt32BE(at + 8),
      jitter: body.readUInt32BE(at + 12),
      lastSr: body.readUInt32BE(at + 16),
      delaySinceLastSr: body.readUInt32BE(at + 20),
    });
  }
  return blocks;
}

/*
 * Each SDES chunk is an SSRC/CSRC followed by items of {type, length, text},
 * ended by one or more null octets up to the next 32-bit boundary
 * (RFC 3550 §6.5). Chunks start on 32-bit boundaries.
 */
function parseSourceDescription(
  body: Buffer,
  at: number,
  count: number,
  paddingSize: number,
): Result<RtcpPacket> {
  const chunks: SdesChunk[] = [];
  let offset = 0;
  for (let c = 0; c < count; c++) {
    if (body.length - offset < 4) {
      return truncated('ERR_RTCP_SDES_TRUNCATED', at + offset, offset + 4, body.length);
    }
    const ssrc = body.readUInt32BE(offset);
    offset += 4;
    const items: SdesItem[] = [];
    for (;;) {
      if (offset >= body.length) {
        return parseError('ERR_RTCP_SDES_TRUNCATED', at + offset, `chunk ${c} has no end item`);
      }
      const type = body[offset]!;
      if (type === 0) break;
      if (body.length - offset < 2) {
        return truncated('ERR_RTCP_SDES_TRUNCATED', at + offset, offset + 2, body.length);
      }
      const length = body[offset + 1]!;
      const end = offset + 2 + length;
      if (end > body.length) {
        return truncated('ERR_RTCP_SDES_TRUNCATED', at + offset, end, body.length);
      }
      items.push({ type, value: body.subarray(offset + 2, end) });
      offset = end;
    }
    // Skip the end item and the null octets that pad the chunk.
    offset = Math.min(body.length, (offset + 4) & ~3);
    chunks.push({ ssrc, items });
  }
  return ok({ type: 'sdes', chunks, paddingSize });
}

function parseGoodbye(
  body: Buffer,
  at: number,
  count: number,
  paddingSize: number,
): Result<RtcpPacket> {
  const need = count * 4;
  if (body.length < need) return truncated('ERR_RTCP_BYE_TRUNCATED', at, need, body.length);
  const ssrcs: number[] = [];
  for (let i = 0; i < count; i++) ssrcs.push(body.readUInt32BE(i * 4));
  let reason: Buffer | undefined;
  if (body.length > need) {
    const length = body[need]!;
    if (need + 1 + length > body.length) {
      return parseError(
        'ERR_RTCP_BYE_TRUNCATED',
        at + need,
        `reason of ${length} octets overruns the ${body.length - need - 1} left`,
      );
    }
    reason = body.subarray(need + 1, need + 1 + length);
  }
  return ok({ type: 'bye', ssrcs, reason, paddingSize });
}
