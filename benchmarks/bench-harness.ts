/**
 * A tiny benchmark harness: runs `fn` for about `durationMs`, reports ops/s
 * and heap bytes allocated per op, and prints one JSON line (the format
 * benchmarks/run.ts collects).
 */
export interface BenchResult {
  name: string;
  opsPerSec: number;
  heapBytesPerOp: number;
  iterations: number;
}

const gc = (globalThis as { gc?: () => void }).gc;

/** Measures `fn`; `batch` calls are made between clock reads. */
export function bench(name: string, fn: () => void, durationMs = 1000, batch = 1000): BenchResult {
  for (let i = 0; i < batch * 5; i++) fn();
  gc?.();
  const heapBefore = process.memoryUsage().heapUsed;
  let iterations = 0;
  const start = process.hrtime.bigint();
  const limit = BigInt(durationMs) * 1_000_000n;
  let elapsed = 0n;
  let heapSamplePerOp = Number.NaN;
  while (elapsed < limit) {
    for (let i = 0; i < batch; i++) fn();
    iterations += batch;
    if (Number.isNaN(heapSamplePerOp) && iterations >= batch * 2) {
      heapSamplePerOp = (process.memoryUsage().heapUsed - heapBefore) / iterations;
    }
    elapsed = process.hrtime.bigint() - start;
  }
  const result: BenchResult = {
    name,
    opsPerSec: Math.round(iterations / (Number(elapsed) / 1e9)),
    heapBytesPerOp: Math.max(0, Math.round(Number.isNaN(heapSamplePerOp) ? 0 : heapSamplePerOp)),
    iterations,
  };
  console.log(JSON.stringify(result));
  return result;
}
