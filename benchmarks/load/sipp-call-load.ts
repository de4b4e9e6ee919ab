/**
 * Call setup load (issue 6): starts the switch (--demo, the demo carrier
 * trunk on 127.0.0.94:5080, a wide RTP range) on 127.0.0.91; SIPp as the
 * carrier answers every INVITE (uas-carrier-answer-200.xml) while SIPp
 * as the demo users dials out through the trunk (uac-demo-call-9prefix.xml:
 * INVITE, 401, INVITE with digest, 200, ACK, hold, BYE) at each rate for
 * a fixed time. Reports per rate: successful, failed %, achieved rate and
 * p50/p99 of the setup time (first INVITE to 200, SIPp RTD). Media is
 * anchored (SDP rewritten, ports allocated) but no RTP flows. Bounded:
 * each step stops by itself (-m calls, -timeout). Each row also has the
 * switch's CPU time per successful call (utime+stime from /proc over the
 * step, settling time included) and that of its main thread alone, the
 * number that bounds the rate on one main thread.
 *
 * --warmup N first runs N seconds at --warmup-rate R (100 when absent),
 * reported with `warmUp: true`: V8 is still compiling the call path for
 * the first 30–40 s of load (its compiler threads are busy and much of the
 * code still runs unoptimised), and a switch that has run for a minute
 * spends about half the CPU per call it spent in its first ten seconds.
 *
 * Usage: node --import tsx benchmarks/load/sipp-call-load.ts [rate ...] [--seconds N] [--hold-ms N]
 *        [--warmup N] [--warmup-rate R]
 *        [--write] [--note TEXT]   (--write stores benchmarks/results/<date>-sip-call-load.json,
 *        with TEXT added to the machine note, e.g. what else loaded the machine)
 */
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import {
  ROOT,
  readSippRow,
  run,
  scrapeSwitch,
  startDemoSwitch,
  statFlags,
  writeResults,
} from './sipp-harness.ts';
import { machineUsage, processUsage } from './rtp-callers.ts';

const args = process.argv.slice(2);
let seconds = 10;
let holdMs = 1000;
let shouldWrite = false;
let warmupSeconds = 0;
let warmupRate = 100;
let note = 'both SIPp instances and the switch share the 2 cores';
const rates: number[] = [];
for (let i = 0; i < args.length; i++) {
  if (args[i] === '--write') shouldWrite = true;
  else if (args[i] === '--note') note += `; ${args[++i]}`;
  else if (args[i] === '--seconds') seconds = Number(args[++i]);
  else if (args[i] === '--hold-ms') holdMs = Number(args[++i]);
  else if (args[i] === '--warmup') warmupSeconds = Number(args[++i]);
  else if (args[i] === '--warmup-rate') warmupRate = Number(args[++i]);
  else rates.push(Number(args[i]));
}
if (rates.length === 0) rates.push(100, 200, 400);
if (warmupSeconds > 0) note += `; a ${warmupSeconds} s warm-up at ${warmupRate}/s ran first`;
const SWITCH = '127.0.0.91';
/** The switch's admin API, for /metrics (the default port on the --http-bind address). */
const SWITCH_HTTP = `http://${SWITCH}:8080`;
const CARRIER = '127.0.0.94';

// Each call holds two RTP/RTCP pairs, and a released pair rests 10 s before
// reuse (PortAllocator's quarantine): a range sustains pairs / 20 calls/s.
// 10000-59999 is 25,000 pairs, 1,250 calls/s; 20000-39999 capped the old
// runs at 500/s (the 600/s step failed one call in six for ports, not CPU).
const sw = await startDemoSwitch(SWITCH, [
  ...['--demo-trunk', `${CARRIER}:5080`],
  ...['--rtp-ports', '10000-59999'],
]);
const steps = [
  ...(warmupSeconds > 0 ? [{ rate: warmupRate, seconds: warmupSeconds, isWarmUp: true }] : []),
  ...rates.map((rate) => ({ rate, seconds, isWarmUp: false })),
];
const totalCalls = steps.reduce((n, step) => n + step.rate * step.seconds, 0);
const totalSeconds = steps.reduce((n, step) => n + step.seconds + 40, 0);
const carrier = run(
  'sipp',
  [
    ...['-sf', join(ROOT, 'benchmarks/load/uas-carrier-answer-200.xml')],
    ...['-i', CARRIER, '-p', '5080', '-m', String(totalCalls), '-nostdin'],
    ...['-timeout', `${totalSeconds}s`],
  ],
  mkdtempSync(join(os.tmpdir(), 'sy-sipp-carrier-')),
  (totalSeconds + 10 * steps.length) * 1000,
);
await new Promise((r) => setTimeout(r, 500));

const results: unknown[] = [];
for (const { rate, seconds: stepSeconds, isWarmUp } of steps) {
  const work = mkdtempSync(join(os.tmpdir(), 'sy-sipp-load-'));
  console.error(
    `load: ${rate} calls/s for ${stepSeconds} s, ${holdMs} ms each${isWarmUp ? ' (warm-up)' : ''}`,
  );
  const before = processUsage(sw.process.pid!);
  const machineBefore = machineUsage();
  const metricsBefore = await scrapeSwitch(SWITCH_HTTP);
  const sippExitCode = await run(
    'sipp',
    [
      ...['-sf', join(ROOT, 'benchmarks/load/uac-demo-call-9prefix.xml')],
      ...['-inf', join(sw.dataDir, 'demo-users.csv'), '-i', '127.0.0.92', '-p', '5060'],
      ...['-m', String(rate * stepSeconds), '-r', String(rate), '-d', String(holdMs)],
      ...['-l', String(rate * 4), '-nostdin'],
      ...statFlags(work),
      ...['-timeout', `${stepSeconds + 20}s`, `${SWITCH}:5060`],
    ],
    work,
    (stepSeconds + 30) * 1000,
  );
  const after = processUsage(sw.process.pid!);
  const machineAfter = machineUsage();
  const { row: loop } = await scrapeSwitch(SWITCH_HTTP, metricsBefore.series);
  const sipp = readSippRow(work);
  // USER_HZ is 100 on Linux: one tick is 10 ms of CPU.
  const cpuMs = (after.ticks - before.ticks) * 10;
  const mainMs = (after.mainTicks - before.mainTicks) * 10;
  const row = {
    name: 'sipp call setup via the demo trunk',
    ...(isWarmUp ? { warmUp: true } : {}),
    holdMs,
    targetRate: rate,
    seconds: stepSeconds,
    ...sipp,
    // -1: SIPp did not finish in time and was killed (an overloaded step).
    sippExitCode,
    switchCpuMsPerCall: Number((cpuMs / Math.max(1, sipp.successful)).toFixed(3)),
    switchMainThreadMsPerCall: Number((mainMs / Math.max(1, sipp.successful)).toFixed(3)),
    switchRssMiB: after.rssMiB,
    ...loop,
    // Of both cores, how busy everything together kept them (switch, both SIPps, kernel).
    machineBusyPercent: Number(
      (
        (100 * (machineAfter.busyTicks - machineBefore.busyTicks)) /
        Math.max(1, machineAfter.totalTicks - machineBefore.totalTicks)
      ).toFixed(1),
    ),
  };
  console.log(JSON.stringify(row));
  results.push(row);
}
sw.process.kill('SIGTERM');
await carrier;
if (shouldWrite) {
  writeResults('sip-call-load', results, note);
}
