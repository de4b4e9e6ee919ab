/**
 * Heap retained per transaction waiting out its last timer (issue 6, D105):
 * N requests from SIPp-like text go through a TransactionLayer on the
 * system clock, the TU answers each with its final response, and the heap
 * is read after two full collections, while every transaction still waits
 * (64*T1 = 32 s). Two cases: an INVITE answered 200 ('accepted', RFC 6026
 * Timer L) and a BYE answered 200 ('completed', RFC 3261 Timer J). No
 * datagram is sent: the transport answers at once. Heap counts the
 * JavaScript heap and ArrayBuffer backing stores. Exits without waiting
 * for the timers.
 *
 * Usage: node --expose-gc --import tsx benchmarks/load/transaction-heap.ts [requests]
 */
import { MetricsRegistry, silentLogger, systemClock } from '../../core/index.ts';
import { createResponse } from '../../signaling/message/index.ts';
import { RejectLog } from '../../signaling/transport/index.ts';
import { DEFAULT_TIMERS, TransactionLayer } from '../../signaling/transaction/index.ts';

const count = Number(process.argv[2] ?? 20_000);
const gc = (globalThis as { gc?: () => void }).gc;
if (gc === undefined) throw new Error('run with node --expose-gc');

const SDP = [
  'v=0',
  'o=- 1 1 IN IP4 127.0.0.92',
  's=-',
  'c=IN IP4 127.0.0.92',
  't=0 0',
  'm=audio 6000 RTP/AVP 0 8 101',
  'a=rtpmap:0 PCMU/8000',
  'a=rtpmap:8 PCMA/8000',
  'a=rtpmap:101 telephone-event/8000',
  '',
].join('\r\n');

/** A request as SIPp's uac scenario sends it; the INVITE carries an SDP offer. */
function requestText(method: 'INVITE' | 'BYE', i: number): string {
  const body = method === 'INVITE' ? SDP : '';
  return [
    `${method} sip:9555${i}@127.0.0.91:5060 SIP/2.0`,
    `Via: SIP/2.0/UDP 127.0.0.92:5060;branch=z9hG4bK-26582-${i}-${method}`,
    `From: <sip:1005@demo.local>;tag=26582SIPpTag00${i}`,
    method === 'INVITE'
      ? `To: <sip:9555${i}@demo.local>`
      : `To: <sip:9555${i}@demo.local>;tag=x${i}`,
    `Call-ID: ${i}-26582@127.0.0.92`,
    `CSeq: ${method === 'INVITE' ? 2 : 3} ${method}`,
    'Contact: <sip:1005@127.0.0.92:5060;transport=UDP>',
    'Max-Forwards: 70',
    ...(body === '' ? [] : ['Content-Type: application/sdp']),
    `Content-Length: ${body.length}`,
    '',
    body,
  ].join('\r\n');
}

/** JavaScript heap plus ArrayBuffer backing stores (kept response bytes live there). */
function used(): number {
  const usage = process.memoryUsage();
  return usage.heapUsed + usage.arrayBuffers;
}

function bytesPerTransaction(method: 'INVITE' | 'BYE'): number {
  const layer = new TransactionLayer(
    {
      clock: systemClock,
      timers: DEFAULT_TIMERS,
      transport: {
        send: () => Promise.resolve({ ok: true }),
        sendBytes: () => Promise.resolve({ ok: true }),
      },
      logger: silentLogger(),
    },
    new RejectLog(systemClock, new MetricsRegistry()),
    {
      allowedMethods: () => ['INVITE', 'ACK', 'BYE'],
      supportedOptionTags: [],
      maxServerTransactions: count + 1,
    },
  );
  layer.on('request', (request, tx) => tx.respond(createResponse(request, 200, { toTag: 'a1' })));
  gc!();
  gc!();
  const before = used();
  for (let i = 0; i < count; i++) {
    layer.receive({
      data: Buffer.from(requestText(method, i)),
      source: { protocol: 'udp', address: '127.0.0.92', port: 5060 },
      local: { protocol: 'udp', address: '127.0.0.91', port: 5060 },
      connectionId: undefined,
    });
  }
  gc!();
  gc!();
  const bytes = (used() - before) / count;
  if (layer.serverTransactionCount !== count)
    throw new Error('not every request made a transaction');
  layer.stop();
  return bytes;
}

for (const method of ['INVITE', 'BYE'] as const) {
  const bytes = bytesPerTransaction(method);
  console.log(
    JSON.stringify({ method, requests: count, retainedBytesPerTransaction: Math.round(bytes) }),
  );
}
process.exit(0);
