/**
 * The CDR writes of one call (start row, answer, end: three commits, D13)
 * in a loop, as the switch's main thread makes them, paced at `--rate`
 * calls/s in 10 ms batches. Reports CPU time, not wall time, so a loaded
 * machine skews it less: the main thread's CPU inside the writes per call
 * (and their wall time, which also holds fsync waits, but also preemption),
 * the worst batch (where a WAL checkpoint inside a commit shows), the main
 * thread's CPU in all per call, and the whole process's per call (every
 * thread, so a checkpoint worker's share counts too).
 *
 * Usage: node --import tsx benchmarks/load/cdr-commit-cpu.ts [--calls N] [--rate R]
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { openCdrStore, type NewCdrRecord } from '../../core/cdr-store/index.ts';

const args = process.argv.slice(2);
const flag = (name: string, fallback: number): number => {
  const i = args.indexOf(name);
  return i >= 0 ? Number(args[i + 1]) : fallback;
};
const calls = flag('--calls', 3000);
const rate = flag('--rate', 1000);

const store = openCdrStore(mkdtempSync(join(os.tmpdir(), 'sy-cdr-bench-')));
const row = (i: number): NewCdrRecord => ({
  callId: `bench-${i}-${'x'.repeat(24)}@192.0.2.1`,
  teamId: 1,
  callType: 'outbound',
  callerNumber: '1000',
  callerName: 'Demo User',
  calledNumber: '0015550100',
  did: null,
  extensionId: 1,
  trunkId: null,
  startedAtMs: Date.now(),
  answeredAtMs: null,
  endedAtMs: null,
  totalDurationSec: 0,
  billableDurationSec: 0,
  result: 'incomplete',
  hangupCause: null,
  hangupSide: null,
  sipStatus: null,
  codec: null,
  mos: null,
  recordingPath: null,
});

/** CPU time of this process's main thread so far, in µs (Linux schedstat: ns on CPU). */
function mainThreadCpuUs(): number {
  const text = readFileSync(`/proc/self/task/${process.pid}/schedstat`, 'utf8');
  return Number(text.split(' ')[0]) / 1000;
}

const write = (i: number): void => {
  const callId = `bench-${i}-${'x'.repeat(24)}@192.0.2.1`;
  store.insert(row(i));
  store.markAnswered(callId, Date.now(), 1);
  store.complete(callId, {
    endedAtMs: Date.now(),
    result: 'answered',
    totalDurationSec: 1,
    billableDurationSec: 1,
    hangupCause: 16,
    hangupSide: 'caller',
    sipStatus: 200,
  });
};
// Batches every 10 ms, sleeping between them, so the machine sees the
// rate as calls would make it and a checkpointer thread gets its turns.
const perBatch = Math.max(1, Math.round(rate / 100));
const batchCpuUs: number[] = [];
let writesWallMs = 0;
const cpuBefore = process.cpuUsage();
const mainBefore = mainThreadCpuUs();
for (let i = 0; i < calls; i += perBatch) {
  const t0 = mainThreadCpuUs();
  const w0 = performance.now();
  for (let j = i; j < Math.min(calls, i + perBatch); j++) write(j);
  writesWallMs += performance.now() - w0;
  batchCpuUs.push(mainThreadCpuUs() - t0);
  await new Promise((r) => setTimeout(r, 10));
}
const mainUs = mainThreadCpuUs() - mainBefore;
const cpu = process.cpuUsage(cpuBefore);
store.close();
batchCpuUs.sort((a, b) => a - b);
const writesUs = batchCpuUs.reduce((s, v) => s + v, 0);
console.log(
  JSON.stringify({
    name: 'cdr writes per call (3 commits)',
    calls,
    rate,
    mainThreadWriteCpuUsPerCall: Math.round(writesUs / calls),
    mainThreadWriteWallUsPerCall: Math.round((writesWallMs * 1000) / calls),
    worstBatchCpuUs: Math.round(batchCpuUs[batchCpuUs.length - 1]!),
    mainThreadCpuUsPerCall: Math.round(mainUs / calls),
    processCpuUsPerCall: Math.round((cpu.user + cpu.system) / calls),
    loadAverage: os.loadavg()[0]!.toFixed(2),
  }),
);
