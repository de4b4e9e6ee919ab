/**
 * CPU per challenged INVITE through the transaction layer and a real UDP
 * socket (127.0.0.49 → 127.0.0.50), with the TU answering 401 at once as
 * the B2BUA does for an INVITE without credentials (issue 6, D49). Run it
 * with tryingDelayMs 0 (100 Trying before the TU sees the INVITE, the old
 * behaviour) and 200 (RFC 3261 §17.2.1 Figure 7: only if the TU stays
 * silent) to see what the skipped 100 saves in-process. The receiver's
 * cost of the extra datagram (SIPp's wake-up and parse) is not in it.
 * Each transaction ends right after the 401, as if the ACK came at once.
 *
 * Usage: node --import tsx benchmarks/load/invite-trying-cpu.ts [tryingDelayMs] [invites]
 */
import dgram from 'node:dgram';
import { MetricsRegistry, SystemClock, silentLogger } from '../../core/index.ts';
import {
  createRequest,
  createResponse,
  formatVia,
  serializeSipMessage,
} from '../../signaling/message/index.ts';
import {
  DEFAULT_SOURCE_LIMITS,
  RejectLog,
  SourceLimiter,
  UdpTransport,
  type InboundPacket,
} from '../../signaling/transport/index.ts';
import { DEFAULT_TIMERS, TransactionLayer } from '../../signaling/transaction/index.ts';

const delayMs = Number(process.argv[2] ?? 200);
const count = Number(process.argv[3] ?? 15_000);
const WARM_UP = 5_000;
const clock = new SystemClock();
const limits = { ...DEFAULT_SOURCE_LIMITS, messagesPerSec: 1e9, burst: 1e9 };
const udp = new UdpTransport({
  address: '127.0.0.49',
  port: 0,
  maxMessageBytes: 65_535,
  socketBufferBytes: 1 << 22,
  limiter: new SourceLimiter(limits, clock),
  logger: silentLogger(),
});
const local = await udp.listen();
const sink = dgram.createSocket({ type: 'udp4', recvBufferSize: 1 << 22 });
await new Promise<void>((r) => sink.bind(0, '127.0.0.50', () => r()));
const sinkPort = sink.address().port;

let sent = 0;
const layer = new TransactionLayer(
  {
    clock,
    timers: { ...DEFAULT_TIMERS, tryingDelayMs: delayMs },
    transport: {
      send: async (m, d) => {
        const r = await udp.send(serializeSipMessage(m), d);
        if (r.ok) sent++;
        return r;
      },
    },
    logger: silentLogger(),
  },
  new RejectLog(clock, new MetricsRegistry()),
  { allowedMethods: () => ['INVITE', 'ACK'], supportedOptionTags: [], maxServerTransactions: 1e6 },
);
const challenge = 'Digest realm="demo.local", nonce="abc", qop="auth", algorithm=SHA-256';
layer.on('request', (req, tx) => {
  tx.respond(createResponse(req, 401, { headers: [['WWW-Authenticate', challenge]] }));
  // As if the ACK came at once: no transaction piles up to skew GC.
  tx.terminate();
});

const packets: InboundPacket[] = Array.from({ length: WARM_UP + count }, (_, i) => ({
  data: serializeSipMessage(
    createRequest({
      method: 'INVITE',
      requestUri: 'sip:95551234@demo.local',
      via: formatVia({
        transport: 'UDP',
        host: '127.0.0.50',
        port: sinkPort,
        branch: `z9hG4bK-${i}`,
      }),
      from: `<sip:1000@demo.local>;tag=t${i}`,
      to: '<sip:95551234@demo.local>',
      callId: `trying-${i}@127.0.0.50`,
      cseq: 1,
      contact: `<sip:1000@127.0.0.50:${sinkPort}>`,
    }),
  ),
  source: { protocol: 'udp', address: '127.0.0.50', port: sinkPort },
  local,
  connectionId: undefined,
}));

let next = 0;
/** Feeds packets up to `end` in batches, yielding so the sends complete. */
function feed(end: number): Promise<void> {
  return new Promise((resolve) => {
    const step = (): void => {
      for (let k = 0; k < 200 && next < end; k++) layer.receive(packets[next++]!);
      if (next < end) setImmediate(step);
      else setTimeout(resolve, 50);
    };
    step();
  });
}

await feed(WARM_UP);
const sentBefore = sent;
const cpu = process.cpuUsage();
await feed(WARM_UP + count);
const used = process.cpuUsage(cpu);
console.log(
  JSON.stringify({
    tryingDelayMs: delayMs,
    invites: count,
    cpuUsPerInvite: Number(((used.user + used.system) / count).toFixed(1)),
    datagramsPerInvite: Number(((sent - sentBefore) / count).toFixed(2)),
  }),
);
sink.close();
await udp.stop();
process.exit(0);
