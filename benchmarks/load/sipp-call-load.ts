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
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
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

function run(cmd: string, argv: string[], cwd: string, timeoutMs: number): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(cmd, argv, { cwd, stdio: 'ignore' });
    const t = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('close', (code) => {
      clearTimeout(t);
      resolve(code ?? -1);
    });
  });
}

const dataDir = mkdtempSync(join(os.tmpdir(), 'sy-load-'));
const sw = spawn(
  process.execPath,
  [
    join(ROOT, 'bin/switchyard.js'),
    'start',
    '--demo',
    '--data-dir',
    dataDir,
    '--bind',
    SWITCH,
    '--http-bind',
    SWITCH,
    '--demo-trunk',
    `${CARRIER}:5080`,
    '--rtp-ports',
    '20000-39999',
    '--log-level',
    'warn',
  ],
  { stdio: ['ignore', 'pipe', 'inherit'] },
);
await new Promise<void>((resolve) => {
  let out = '';
  sw.stdout!.on('data', (d: Buffer) => {
    out += d.toString();
    if (out.includes('demo users')) resolve();
  });
});

const carrierDir = mkdtempSync(join(os.tmpdir(), 'sy-sipp-carrier-'));
const totalCalls = rates.reduce((n, r) => n + r * seconds, 0);
const carrier = run(
  'sipp',
  [
    '-sf',
    join(ROOT, 'benchmarks/load/uas-carrier-answer-200.xml'),
    '-i',
    CARRIER,
    '-p',
    '5080',
    '-m',
    String(totalCalls),
    '-nostdin',
    '-timeout',
    `${rates.length * (seconds + 40)}s`,
  ],
  carrierDir,
  rates.length * (seconds + 50) * 1000,
);
await new Promise((r) => setTimeout(r, 500));

const results: unknown[] = [];
for (const rate of rates) {
  const work = mkdtempSync(join(os.tmpdir(), 'sy-sipp-load-'));
  const calls = rate * seconds;
  console.error(`load: ${rate} calls/s for ${seconds} s, ${holdMs} ms each`);
  await run(
    'sipp',
    [
      '-sf',
      join(ROOT, 'benchmarks/load/uac-demo-call-9prefix.xml'),
      '-inf',
      join(dataDir, 'demo-users.csv'),
      '-i',
      '127.0.0.92',
      '-p',
      '5060',
      '-m',
      String(calls),
      '-r',
      String(rate),
      '-d',
      String(holdMs),
      '-l',
      String(rate * 4),
      '-nostdin',
      '-trace_stat',
      '-stf',
      join(work, 'stat.csv'),
      '-trace_rtt',
      '-rtt_freq',
      '1000',
      '-timeout',
      `${seconds + 20}s`,
      `${SWITCH}:5060`,
    ],
    work,
    (seconds + 30) * 1000,
  );
  const rows = readFileSync(join(work, 'stat.csv'), 'utf8').trim().split('\n');
  const header = rows[0]!.split(';');
  const last = rows.at(-1)!.split(';');
  const stat = (name: string) => Number(last[header.indexOf(name)]);
  const rttFile = readdirSync(work).find((f) => f.endsWith('_rtt.csv'));
  const rtts =
    rttFile === undefined
      ? []
      : readFileSync(join(work, rttFile), 'utf8')
          .trim()
          .split('\n')
          .slice(1)
          .map((l) => Number(l.split(';')[1]))
          .filter((n) => Number.isFinite(n))
          .sort((a, b) => a - b);
  const pct = (p: number) =>
    rtts.length === 0 ? null : rtts[Math.min(rtts.length - 1, Math.floor(p * rtts.length))];
  const ok = stat('SuccessfulCall(C)');
  const failed = stat('FailedCall(C)');
  const row = {
    name: 'sipp call setup via the demo trunk',
    holdMs,
    targetRate: rate,
    seconds,
    successful: ok,
    failed,
    failedPercent: Number(((100 * failed) / Math.max(1, ok + failed)).toFixed(3)),
    achievedRate: stat('CallRate(C)'),
    p50Ms: pct(0.5),
    p99Ms: pct(0.99),
  };
  console.log(JSON.stringify(row));
  results.push(row);
}
sw.kill('SIGTERM');
await carrier;
const machine = {
  cpu: os.cpus()[0]?.model,
  cores: os.availableParallelism(),
  memoryGiB: Math.round(os.totalmem() / 2 ** 30),
  node: process.version,
  loadAverage1m: os.loadavg()[0],
  note: 'both SIPp instances and the switch share the 2 cores',
};
const date = new Date().toISOString().slice(0, 10);
mkdirSync(join(ROOT, 'benchmarks/results'), { recursive: true });
writeFileSync(
  join(ROOT, `benchmarks/results/${date}-sip-call-load.json`),
  `${JSON.stringify({ date, machine, results }, null, 2)}\n`,
);
