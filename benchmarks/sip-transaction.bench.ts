/**
 * Transaction matching (RFC 3261 §17.2.3): the key of a received request
 * and its lookup among 10 000 live server transactions, plus the same with
 * the parse in front, as the transaction layer does it per datagram.
 * Run: node --expose-gc --import tsx benchmarks/sip-transaction.bench.ts
 */
import {
  parseSipMessage,
  serializeSipMessage,
  createRequest,
  formatVia,
  type SipRequest,
} from '../signaling/message/index.ts';
import { clientTransactionKey, serverTransactionKey } from '../signaling/transaction/index.ts';
import { bench } from './bench-harness.ts';

function request(i: number): SipRequest {
  return createRequest({
    method: 'REGISTER',
    requestUri: 'sip:demo.local',
    via: formatVia({
      transport: 'UDP',
      host: '10.0.0.1',
      port: 5060,
      branch: `z9hG4bK-bench-${i}`,
    }),
    from: `<sip:${1000 + (i % 100)}@demo.local>;tag=t${i}`,
    to: `<sip:${1000 + (i % 100)}@demo.local>`,
    callId: `bench-${i}@10.0.0.1`,
    cseq: 1,
    contact: `<sip:${1000 + (i % 100)}@10.0.0.1:5060>`,
  });
}

const live = new Map<string, number>();
for (let i = 0; i < 10_000; i++) live.set(serverTransactionKey(request(i))!, i);
const wire = Array.from({ length: 1000 }, (_, i) => serializeSipMessage(request(i * 10)));
const parsed = wire.map((w) => {
  const r = parseSipMessage(w);
  if (!r.ok || !r.value.isRequest) throw new Error('bench request does not parse');
  return r.value;
});

let k = 0;
bench('server transaction key + lookup (parsed)', () => {
  const req = parsed[(k = (k + 1) % parsed.length)]!;
  live.get(serverTransactionKey(req)!);
});
bench('parse + server transaction key + lookup', () => {
  const r = parseSipMessage(wire[(k = (k + 1) % wire.length)]!);
  if (r.ok && r.value.isRequest) live.get(serverTransactionKey(r.value)!);
});
bench('client transaction key', () => {
  clientTransactionKey(parsed[(k = (k + 1) % parsed.length)]!);
});
