/**
 * Memory and speed of the registrar's binding table: 1M bindings in memory
 * (one contact per AOR, as 1M registered phones), heap bytes per binding,
 * and lookups/s. Run: node --expose-gc --import tsx benchmarks/registrar-bindings.bench.ts
 */
import { BindingTable, type Binding } from '../signaling/registrar/index.ts';
import { bench } from './bench-harness.ts';

const COUNT = Number(process.env.BINDINGS ?? 1_000_000);
const gc = (globalThis as { gc?: () => void }).gc;

function binding(i: number, nowMs: number): Binding {
  const number = String(100000 + i);
  const a = 10 + ((i >> 16) & 0xff);
  const b = (i >> 8) & 0xff;
  const c = i & 0xff;
  return {
    aor: `${1 + (i % 500)}/${number}`,
    teamId: 1 + (i % 500),
    extensionId: i + 1,
    number,
    contactUri: `sip:${number}@10.${a}.${b}.${c}:5060;transport=udp`,
    q: 1,
    expiresAtMs: nowMs + 3_600_000 - (i % 3_600) * 1000,
    callId: `${i.toString(36)}-call-id-abcdef@10.${a}.${b}.${c}`,
    cseq: 2,
    protocol: 'udp',
    sourceAddress: `198.51.${b}.${c}`,
    sourcePort: 5060 + (i % 1000),
    connectionId: undefined,
    isBehindNat: true,
    userAgent: 'Yealink SIP-T46S 66.86.0.15',
    instanceId: undefined,
    registeredAtMs: nowMs,
  };
}

gc?.();
const before = process.memoryUsage().heapUsed;
const table = new BindingTable();
const nowMs = Date.now();
const started = performance.now();
for (let i = 0; i < COUNT; i++) table.put(binding(i, nowMs));
const insertMs = performance.now() - started;
gc?.();
const after = process.memoryUsage().heapUsed;
console.log(
  JSON.stringify({
    name: 'binding table fill',
    bindings: table.size,
    heapBytesPerBinding: Math.round((after - before) / COUNT),
    heapMiB: Math.round((after - before) / 2 ** 20),
    insertsPerSec: Math.round(COUNT / (insertMs / 1000)),
  }),
);
let k = 0;
bench('binding table lookup', () => {
  const i = (k = (k + 7919) % COUNT);
  table.get(`${1 + (i % 500)}/${100000 + i}`);
});
const t0 = performance.now();
const expired = table.sweep(nowMs + 60_000);
console.log(
  JSON.stringify({
    name: 'binding table sweep of 1 minute',
    expired: expired.length,
    ms: Math.round(performance.now() - t0),
  }),
);
