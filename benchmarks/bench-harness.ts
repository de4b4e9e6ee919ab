/**
 * The benchmark harness shared by benchmarks/*.bench.ts: runs `op` for about
 * `durationMs`, reports ops/s, and heap bytes per op measured on a GC-cleared
 * heap over a short batch (pion's ReportAllocs, approximated: a scavenge
 * inside the batch reads as 0). Prints one JSON line, the format
 * benchmarks/run.ts collects.
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/** One benchmark's figures. */
export interface BenchResult {
  name: string;
  opsPerSec: number;
  heapBytesPerOp: number;
  iterations: number;
}

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

/** Measures `op` and prints one JSON line. */
export function bench(
  name: string,
  op: () => unknown,
  durationMs = 1000,
  batch = 1000,
): BenchResult {
  for (let i = 0; i < batch * 20; i++) op();
  let iterations = 0;
  const start = performance.now();
  while (performance.now() - start < durationMs) {
    for (let i = 0; i < batch; i++) op();
    iterations += batch;
  }
  const elapsedMs = performance.now() - start;
  const heapBatch = Math.max(batch, 10_000);
  gc();
  const before = process.memoryUsage().heapUsed;
  for (let i = 0; i < heapBatch; i++) op();
  const heapBytesPerOp = Math.max(0, (process.memoryUsage().heapUsed - before) / heapBatch);
  const result: BenchResult = {
    name,
    opsPerSec: Math.round((iterations * 1000) / elapsedMs),
    heapBytesPerOp: Math.round(heapBytesPerOp),
    iterations,
  };
  console.log(JSON.stringify(result));
  return result;
}
