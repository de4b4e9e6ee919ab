/**
 * REGISTER load: starts the switch (--demo) on 127.0.0.91, runs SIPp's
 * uac-register-digest-expect-200 scenario with the demo users at each rate
 * for a fixed time, and reports per rate: attempted, successful, failed %,
 * achieved rate, and p50/p99 of the whole two-step registration (SIPp RTD).
 * Bounded: each step stops by itself (-m calls, -timeout).
 *
 * Usage: node --import tsx benchmarks/load/sipp-register-load.ts [rate ...] [--seconds N]
 */
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import {
  ROOT,
  readSippRow,
  run,
  startDemoSwitch,
  statFlags,
  writeResults,
} from './sipp-harness.ts';

const args = process.argv.slice(2);
let seconds = 10;
const rates: number[] = [];
for (let i = 0; i < args.length; i++) {
  if (args[i] === '--seconds') seconds = Number(args[++i]);
  else rates.push(Number(args[i]));
}
if (rates.length === 0) rates.push(500, 1000, 1500, 2000);
const SWITCH = '127.0.0.91';

const sw = await startDemoSwitch(SWITCH);
const results: unknown[] = [];
for (const rate of rates) {
  const work = mkdtempSync(join(os.tmpdir(), 'sy-sipp-load-'));
  console.error(`load: ${rate} REGISTER/s for ${seconds} s`);
  await run(
    'sipp',
    [
      ...['-sf', join(ROOT, 'benchmarks/load/uac-register-digest-expect-200.xml')],
      ...['-inf', join(sw.dataDir, 'demo-users.csv'), '-i', '127.0.0.92', '-p', '5060'],
      ...['-m', String(rate * seconds), '-r', String(rate), '-l', String(rate * 2), '-nostdin'],
      ...statFlags(work),
      ...['-timeout', `${seconds + 20}s`, `${SWITCH}:5060`],
    ],
    work,
    (seconds + 30) * 1000,
  );
  const row = { name: 'sipp register digest', targetRate: rate, seconds, ...readSippRow(work) };
  console.log(JSON.stringify(row));
  results.push(row);
}
sw.process.kill('SIGTERM');
writeResults('sip-register-load', results, 'SIPp and the switch share the 2 cores');
