/**
 * Hot paths of media/sdp, media/jitter-buffer and media/dtmf. Run with
 * `node --import tsx benchmarks/media-misc.bench.ts`; prints one JSON line
 * per case with ops/s and heap bytes per op (pion's b.ReportAllocs()).
 * Heap bytes come from heapUsed across short batches after a forced GC, so
 * they are approximate (young-generation scavenges can hide some).
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { DtmfDetector } from '../media/dtmf/index.ts';
import { JitterBuffer } from '../media/jitter-buffer/index.ts';
import { parseSdp } from '../media/sdp/index.ts';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

interface Case {
  readonly name: string;
  readonly op: () => void;
}

function measure({ name, op }: Case, seconds = 1.5): void {
  for (let i = 0; i < 2000; i++) op();
  let ops = 0;
  const start = performance.now();
  const endMs = start + seconds * 1000;
  while (performance.now() < endMs) {
    for (let i = 0; i < 200; i++) op();
    ops += 200;
  }
  const opsPerSec = Math.round((ops * 1000) / (performance.now() - start));
  const samples: number[] = [];
  for (let batch = 0; batch < 7; batch++) {
    gc();
    const before = process.memoryUsage().heapUsed;
    for (let i = 0; i < 1000; i++) op();
    samples.push((process.memoryUsage().heapUsed - before) / 1000);
  }
  samples.sort((a, b) => a - b);
  const heapBytesPerOp = Math.max(0, Math.round(samples[3] ?? 0));
  console.log(JSON.stringify({ name, opsPerSec, heapBytesPerOp, node: process.version }));
}

const OFFER = [
  'v=0',
  'o=alice 2890844526 2890844526 IN IP4 192.0.2.10',
  's=-',
  'c=IN IP4 192.0.2.10',
  't=0 0',
  'm=audio 49170 RTP/AVP 0 8 9 101',
  'a=rtpmap:0 PCMU/8000',
  'a=rtpmap:8 PCMA/8000',
  'a=rtpmap:9 G722/8000',
  'a=rtpmap:101 telephone-event/8000',
  'a=fmtp:101 0-16',
  'a=ptime:20',
  'a=sendrecv',
  '',
].join('\r\n');

const jb = new JitterBuffer();
const frame = new Uint8Array(160);
let seq = 0;
let nowMs = 0;

const tone = new Int16Array(160);
for (let i = 0; i < tone.length; i++) {
  tone[i] = Math.round(
    6000 * (Math.sin((2 * Math.PI * 770 * i) / 8000) + Math.sin((2 * Math.PI * 1336 * i) / 8000)),
  );
}
const detector = new DtmfDetector();

const cases: Case[] = [
  {
    name: 'sdp.parse typical offer',
    op: () => {
      if (!parseSdp(OFFER).ok) throw new Error('parse failed');
    },
  },
  {
    name: 'jitter-buffer push+pop 20 ms frame',
    op: () => {
      jb.push({ sequenceNumber: seq & 0xffff, timestamp: (seq * 160) >>> 0 }, frame, nowMs);
      jb.pop(nowMs);
      seq++;
      nowMs += 20;
    },
  },
  { name: 'dtmf goertzel detector 160-sample frame', op: () => void detector.process(tone) },
];

for (const c of cases) measure(c);
