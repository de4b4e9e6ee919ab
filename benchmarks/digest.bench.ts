/**
 * Digest verification throughput: DigestServer.verify() on raw Authorization
 * values (parse, nonce HMAC check, two or three hashes, nc bookkeeping).
 * Run: node --import tsx benchmarks/digest.bench.ts
 * Prints one JSON line. Heap bytes/op is the median heapUsed growth over
 * batches of 1 000 verifications, each batch started after a full GC.
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { computeHa1 } from '../core/index.ts';
import type { DigestAlgorithm } from '../core/index.ts';
import { DigestClient, DigestServer } from '../signaling/user-agent/digest/index.ts';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

const REALM = 'pbx.example.com';
const URI = 'sip:pbx.example.com';
const CLIENTS = 200;
const REQUESTS_PER_CLIENT = 150;
const BATCH = 1_000;

function prepare(server: DigestServer, algorithm: DigestAlgorithm): string[] {
  const perClient: string[][] = [];
  for (let c = 0; c < CLIENTS; c++) {
    const client = new DigestClient({ username: `user${c}`, password: `pw${c}` });
    const challenge = server.challenge({ realm: REALM, algorithms: [algorithm] });
    const accepted = client.handleChallenge(challenge);
    if (!accepted.ok) throw new Error(accepted.error.detail);
    const list: string[] = [];
    for (let r = 0; r < REQUESTS_PER_CLIENT; r++) {
      list.push(client.authorize({ method: 'REGISTER', uri: URI })!);
    }
    perClient.push(list);
  }
  // Interleave clients so the nonce-count map sees many live nonces.
  const out: string[] = [];
  for (let r = 0; r < REQUESTS_PER_CLIENT; r++) {
    for (const list of perClient) out.push(list[r]!);
  }
  return out;
}

function run(algorithm: DigestAlgorithm): { verificationsPerSec: number; heapBytesPerOp: number } {
  const server = new DigestServer();
  const ha1 = new Map<string, string>();
  for (let c = 0; c < CLIENTS; c++) {
    ha1.set(`user${c}`, computeHa1(algorithm, `user${c}`, REALM, `pw${c}`));
  }
  const lookup = (username: string) => ha1.get(username);
  const credentials = prepare(server, algorithm);
  const verifyAt = (i: number) => {
    const r = server.verify({
      method: 'REGISTER',
      realm: REALM,
      credentials: credentials[i]!,
      ha1: lookup,
      requestUri: URI,
    });
    if (!r.ok) throw new Error(`verification ${i} failed: ${r.reason}`);
  };

  const half = credentials.length / 2;
  const heapDeltas: number[] = [];
  for (let start = 0; start < half; start += BATCH) {
    gc();
    const before = process.memoryUsage().heapUsed;
    for (let i = start; i < start + BATCH; i++) verifyAt(i);
    heapDeltas.push((process.memoryUsage().heapUsed - before) / BATCH);
  }
  heapDeltas.sort((a, b) => a - b);

  const t0 = process.hrtime.bigint();
  for (let i = half; i < credentials.length; i++) verifyAt(i);
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  return {
    verificationsPerSec: Math.round(half / seconds),
    heapBytesPerOp: Math.round(heapDeltas[Math.floor(heapDeltas.length / 2)]!),
  };
}

const md5 = run('MD5');
const sha256 = run('SHA-256');
console.log(
  JSON.stringify({
    bench: 'digest.verify',
    opsPerAlgorithm: (CLIENTS * REQUESTS_PER_CLIENT) / 2,
    md5,
    sha256,
    node: process.version,
  }),
);
