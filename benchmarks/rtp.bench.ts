/*
 * RTP/RTCP hot-path benchmarks. Run: node --import tsx benchmarks/rtp.bench.ts
 * Prints one JSON line per case: ops/s over about one second, and heap
 * bytes per op measured on a GC-cleared heap over a short batch (pion's
 * ReportAllocs, approximated: a scavenge inside the batch reads as 0).
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
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

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

function bench(name: string, op: () => unknown, targetMs = 1000): void {
  for (let i = 0; i < 20_000; i++) op();
  let ops = 0;
  const start = performance.now();
  while (performance.now() - start < targetMs) {
    for (let i = 0; i < 1000; i++) op();
    ops += 1000;
  }
  const elapsedMs = performance.now() - start;
  const batch = 10_000;
  gc();
  const before = process.memoryUsage().heapUsed;
  for (let i = 0; i < batch; i++) op();
  const heapBytesPerOp = Math.max(0, (process.memoryUsage().heapUsed - before) / batch);
  console.log(
    JSON.stringify({
      case: name,
      opsPerSec: Math.round((ops * 1000) / elapsedMs),
      heapBytesPerOp: Math.round(heapBytesPerOp),
    }),
  );
}

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
