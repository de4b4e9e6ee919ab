/**
 * SIP message hot path: parse a typical INVITE (SDP body, 12 headers) and
 * read what a transaction layer reads (top Via branch and sent-by, From tag,
 * To, Call-ID, CSeq), and serialize it, unchanged and with a new top Via.
 * Prints one JSON line: ops/s and heap bytes allocated per op (from
 * v8.GCProfiler: bytes freed by every GC plus the growth of the used heap).
 *
 *   node --import tsx benchmarks/sip-message.bench.ts
 */
import { cpus } from 'node:os';
import { GCProfiler, getHeapStatistics } from 'node:v8';
import { parseSipMessage, serializeSipMessage } from '../signaling/message/index.ts';
import type { SipMessage } from '../signaling/message/index.ts';

const INVITE = Buffer.from(
  [
    'INVITE sip:bob@biloxi.example.com SIP/2.0',
    'Via: SIP/2.0/UDP pc33.atlanta.example.com:5060;branch=z9hG4bK776asdhds;rport',
    'Max-Forwards: 70',
    'To: Bob <sip:bob@biloxi.example.com>',
    'From: Alice <sip:alice@atlanta.example.com>;tag=1928301774',
    'Call-ID: a84b4c76e66710@pc33.atlanta.example.com',
    'CSeq: 314159 INVITE',
    'Contact: <sip:alice@pc33.atlanta.example.com;transport=udp>',
    'Allow: INVITE, ACK, CANCEL, OPTIONS, BYE, REFER, NOTIFY, MESSAGE, INFO, UPDATE',
    'Supported: replaces, timer, 100rel',
    'User-Agent: Switchyard-bench/0.1',
    'Content-Type: application/sdp',
    'Content-Length: 142',
    '',
    'v=0',
    'o=alice 2890844526 2890844526 IN IP4 pc33.atlanta.example.com',
    's=-',
    'c=IN IP4 192.0.2.101',
    't=0 0',
    'm=audio 49172 RTP/AVP 0',
    'a=rtpmap:0 PCMU/8000',
    '',
  ].join('\r\n'),
);

let sink = 0;

function transactionView(m: SipMessage): void {
  const via = m.topVia();
  sink += (via?.branch?.length ?? 0) + (via?.host.length ?? 0) + (via?.port ?? 0);
  sink += (m.fromTag()?.length ?? 0) + (m.to()?.uri.scheme.length ?? 0);
  sink += (m.callId()?.length ?? 0) + (m.cseq()?.seq ?? 0);
}

function parsed(): SipMessage {
  const r = parseSipMessage(INVITE);
  if (!r.ok) throw new Error(JSON.stringify(r.error));
  return r.value;
}

/** Runs `fn` for about `ms` milliseconds; returns ops/s and heap bytes per op. */
function measure(fn: () => void, ms: number): { opsPerSec: number; heapBytesPerOp: number } {
  for (let i = 0; i < 20_000; i++) fn();
  const profiler = new GCProfiler();
  profiler.start();
  const heapStart = getHeapStatistics().used_heap_size;
  const start = process.hrtime.bigint();
  const deadline = start + BigInt(ms) * 1_000_000n;
  let ops = 0;
  while (process.hrtime.bigint() < deadline) {
    for (let i = 0; i < 1000; i++) fn();
    ops += 1000;
  }
  const elapsedNs = Number(process.hrtime.bigint() - start);
  const heapEnd = getHeapStatistics().used_heap_size;
  const gcs = profiler.stop()?.statistics ?? [];
  let freed = 0;
  for (const s of gcs)
    freed += s.beforeGC.heapStatistics.usedHeapSize - s.afterGC.heapStatistics.usedHeapSize;
  return {
    opsPerSec: Math.round((ops * 1e9) / elapsedNs),
    heapBytesPerOp: Math.round((heapEnd - heapStart + freed) / ops),
  };
}

const msg = parsed();
const results = {
  bench: 'sip-message',
  messageBytes: INVITE.length,
  parse: measure(() => {
    parseSipMessage(INVITE);
  }, 1500),
  parseAndTransactionView: measure(() => transactionView(parsed()), 1500),
  serializeUnchanged: measure(() => {
    sink += serializeSipMessage(msg).length;
  }, 1500),
  parseAddViaSerialize: measure(() => {
    const m = parsed();
    m.addHeader('Via', 'SIP/2.0/UDP proxy.example.com;branch=z9hG4bKproxy1', 'top');
    m.setHeader('Max-Forwards', '69');
    sink += serializeSipMessage(m).length;
  }, 1500),
  node: process.version,
  cpu: cpus()[0]?.model ?? 'unknown',
  sink: sink > 0,
};
console.log(JSON.stringify(results));
