/**
 * Call setup load (issue 6): starts the switch (--demo, the demo carrier
 * trunk on 127.0.0.94:5080, a wide RTP range) on 127.0.0.91; SIPp as the
 * carrier answers every INVITE (uas-carrier-answer-200.xml) while SIPp
 * as the demo users dials out through the trunk (uac-demo-call-9prefix.xml:
 * INVITE, 401, INVITE with digest, 200, ACK, hold, BYE) at each rate for
 * a fixed time. Reports per rate: successful, failed %, achieved rate and
 * p50/p99 of the setup time (first INVITE to 200, SIPp RTD). Media is
 * anchored (SDP rewritten, ports allocated) but no RTP flows. Bounded:
 * each step stops by itself (-m calls, -timeout).
 *
 * Usage: node --import tsx benchmarks/load/sipp-call-load.ts [rate ...] [--seconds N] [--hold-ms N]
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
let holdMs = 1000;
const rates: number[] = [];
for (let i = 0; i < args.length; i++) {
  if (args[i] === '--seconds') seconds = Number(args[++i]);
  else if (args[i] === '--hold-ms') holdMs = Number(args[++i]);
  else rates.push(Number(args[i]));
}
if (rates.length === 0) rates.push(100, 200, 400);
const SWITCH = '127.0.0.91';
const CARRIER = '127.0.0.94';

const sw = await startDemoSwitch(SWITCH, [
  ...['--demo-trunk', `${CARRIER}:5080`],
  ...['--rtp-ports', '20000-39999'],
]);
const totalCalls = rates.reduce((n, r) => n + r * seconds, 0);
const carrier = run(
  'sipp',
  [
    ...['-sf', join(ROOT, 'benchmarks/load/uas-carrier-answer-200.xml')],
    ...['-i', CARRIER, '-p', '5080', '-m', String(totalCalls), '-nostdin'],
    ...['-timeout', `${rates.length * (seconds + 40)}s`],
  ],
  mkdtempSync(join(os.tmpdir(), 'sy-sipp-carrier-')),
  rates.length * (seconds + 50) * 1000,
);
await new Promise((r) => setTimeout(r, 500));

const results: unknown[] = [];
for (const rate of rates) {
  const work = mkdtempSync(join(os.tmpdir(), 'sy-sipp-load-'));
  console.error(`load: ${rate} calls/s for ${seconds} s, ${holdMs} ms each`);
  await run(
    'sipp',
    [
      ...['-sf', join(ROOT, 'benchmarks/load/uac-demo-call-9prefix.xml')],
      ...['-inf', join(sw.dataDir, 'demo-users.csv'), '-i', '127.0.0.92', '-p', '5060'],
      ...['-m', String(rate * seconds), '-r', String(rate), '-d', String(holdMs)],
      ...['-l', String(rate * 4), '-nostdin'],
      ...statFlags(work),
      ...['-timeout', `${seconds + 20}s`, `${SWITCH}:5060`],
    ],
    work,
    (seconds + 30) * 1000,
  );
  const row = {
    name: 'sipp call setup via the demo trunk',
    holdMs,
    targetRate: rate,
    seconds,
    ...readSippRow(work),
  };
  console.log(JSON.stringify(row));
  results.push(row);
}
sw.process.kill('SIGTERM');
await carrier;
writeResults('sip-call-load', results, 'both SIPp instances and the switch share the 2 cores');
