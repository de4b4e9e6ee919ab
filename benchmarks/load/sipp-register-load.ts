/**
 * REGISTER load: starts the switch (--demo) on 127.0.0.91, runs SIPp's
 * uac-register-digest-expect-200 scenario with the demo users at each rate
 * for a fixed time, and reports per rate: attempted, successful, failed %,
 * achieved rate, and p50/p99 of the whole two-step registration (SIPp RTD).
 * Bounded: each step stops by itself (-m calls, -timeout).
 *
 * Usage: node --import tsx benchmarks/load/sipp-register-load.ts [rate ...] [--seconds N]
 */
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const args = process.argv.slice(2);
let seconds = 10;
const rates: number[] = [];
for (let i = 0; i < args.length; i++) {
  if (args[i] === '--seconds') seconds = Number(args[++i]);
  else rates.push(Number(args[i]));
}
if (rates.length === 0) rates.push(500, 1000, 1500, 2000);
const SWITCH = '127.0.0.91';

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

const results: unknown[] = [];
for (const rate of rates) {
  const work = mkdtempSync(join(os.tmpdir(), 'sy-sipp-load-'));
  const calls = rate * seconds;
  console.error(`load: ${rate} REGISTER/s for ${seconds} s`);
  await run(
    'sipp',
    [
      '-sf',
      join(ROOT, 'benchmarks/load/uac-register-digest-expect-200.xml'),
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
      '-l',
      String(rate * 2),
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
    name: 'sipp register digest',
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
const machine = {
  cpu: os.cpus()[0]?.model,
  cores: os.availableParallelism(),
  memoryGiB: Math.round(os.totalmem() / 2 ** 30),
  node: process.version,
  note: 'SIPp and the switch share the 2 cores',
};
const date = new Date().toISOString().slice(0, 10);
mkdirSync(join(ROOT, 'benchmarks/results'), { recursive: true });
writeFileSync(
  join(ROOT, `benchmarks/results/${date}-sip-register-load.json`),
  `${JSON.stringify({ date, machine, results }, null, 2)}\n`,
);
