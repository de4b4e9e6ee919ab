/*
 * RTP/RTCP hot-path benchmarks. Run: node --import tsx benchmarks/rtp.bench.ts
 * Prints one JSON line per case: ops/s over about one second, and heap
 * bytes per op measured on a GC-cleared heap over a short batch (pion's
 * ReportAllocs, approximated: a scavenge inside the batch reads as 0).
 */
import { bench } from './bench-harness.ts';
import {
  parseRtcpCompound,
  parseRtpPacket,
  serializeRtcpCompound,
  serializeRtpPacket,
  serializeRtpPacketInto,
  sdesItem,
  SDES_ITEM,
} from '../media/rtp/index.ts';
import type { RtpPacket } from '../media/rtp/index.ts';

const packet: RtpPacket = {
  marker: false,
  payloadType: 0,
  sequenceNumber: 1,
  timestamp: 160,
  ssrc: 0x12345678,
  csrcs: [],
  extension: undefined,
  payload: Buffer.alloc(160, 0xff),
  paddingSize: 0,
};
const wire = serializeRtpPacket(packet);
const out = Buffer.alloc(1500);
const block = {
  ssrc: 1,
  fractionLost: 3,
  cumulativeLost: 10,
  extendedHighestSeq: 70000,
  jitter: 40,
  lastSr: 0x12345678,
  delaySinceLastSr: 1000,
};
const rtcp = serializeRtcpCompound([
  {
    type: 'sr',
    ssrc: 1,
    ntpSeconds: 1,
    ntpFraction: 2,
    rtpTimestamp: 3,
    packetCount: 4,
    octetCount: 5,
    reports: [block],
    profileExtension: Buffer.alloc(0),
    paddingSize: 0,
  },
  {
    type: 'sdes',
    chunks: [{ ssrc: 1, items: [sdesItem(SDES_ITEM.CNAME, 'switchyard@192.0.2.1')] }],
    paddingSize: 0,
  },
]);

bench('rtp parse (172 B PCMU)', () => parseRtpPacket(wire));
bench('rtp serializeInto (172 B PCMU)', () => serializeRtpPacketInto(packet, out, 0));
bench('rtcp parse (SR+1 block, SDES)', () => parseRtcpCompound(rtcp));
