/**
 * What the SIPp load scripts share: a switch started with --demo in a
 * child process, a bounded child run, SIPp's statistics read back as one
 * result row, and results written with the machine noted.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import {
  createWriteStream,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  writeFileSync,
} from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** Runs `cmd` and resolves to its exit code; killed after timeoutMs. */
export function run(cmd: string, argv: string[], cwd: string, timeoutMs: number): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(cmd, argv, { cwd, stdio: 'ignore' });
    const t = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('close', (code) => {
      clearTimeout(t);
      resolve(code ?? -1);
    });
  });
}

/** Starts `switchyard start --demo` on `address`; resolves once the demo users exist. */
export async function startDemoSwitch(
  address: string,
  extraFlags: string[] = [],
): Promise<{ dataDir: string; process: ChildProcess }> {
  const dataDir = mkdtempSync(join(os.tmpdir(), 'sy-load-'));
  // SY_NODE_ARGS passes flags to the switch's node, e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof`.
  const nodeArgs = (process.env.SY_NODE_ARGS ?? '').split(' ').filter((a) => a !== '');
  const sw = spawn(
    process.execPath,
    [
      ...nodeArgs,
      join(ROOT, 'bin/switchyard.js'),
      'start',
      '--demo',
      ...['--data-dir', dataDir, '--bind', address, '--http-bind', address],
      ...extraFlags,
      ...['--log-level', 'warn'],
    ],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  // SY_SWITCH_STDOUT keeps the switch's stdout in a file, e.g. the lines of
  // SY_NODE_ARGS="--trace-gc" (D59 counts collections per call with them).
  const stdoutFile = process.env.SY_SWITCH_STDOUT;
  if (stdoutFile !== undefined && stdoutFile !== '') sw.stdout!.pipe(createWriteStream(stdoutFile));
  await new Promise<void>((resolve) => {
    let out = '';
    sw.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes('demo users')) resolve();
    });
  });
  return { dataDir, process: sw };
}

/**
 * The SIPp flags that write the statistics readSippRow() reads into `work`.
 * SIPp writes RTD samples only in blocks of -rtt_freq and drops the last
 * partial block, so the block is one sample; a statistics line every
 * second (-fd 1) leaves numbers behind even when an overloaded SIPp has to
 * be killed.
 */
export function statFlags(work: string): string[] {
  return [
    ...['-trace_stat', '-stf', join(work, 'stat.csv'), '-fd', '1'],
    ...['-trace_rtt', '-rtt_freq', '1'],
  ];
}

/** One run's outcome from SIPp's last statistics line and its RTD samples. */
export interface SippRow {
  readonly successful: number;
  readonly failed: number;
  readonly failedPercent: number;
  readonly achievedRate: number;
  /** The most calls up at once in any statistics line (CurrentCall). */
  readonly maxConcurrentCalls: number;
  readonly p50Ms: number | null;
  readonly p99Ms: number | null;
  /**
   * p99 of the calls that started after the run's first WARM_UP_MS: the
   * first seconds of a fresh switch run on unoptimised code (V8 tiers up
   * the hot paths then) and can back the queue up for a second or two.
   * p99Ms still counts every call; this says how much of it is warm-up.
   */
  readonly p99WarmMs: number | null;
  /** One-second windows of the run whose p99 setup time exceeded SLOW_SECOND_MS. */
  readonly slowSeconds: number;
}

/** The start of a run left out of p99WarmMs. */
export const WARM_UP_MS = 3000;
/** A window whose p99 is above this counts in slowSeconds (issue 6's figure). */
export const SLOW_SECOND_MS = 50;

/** The q-quantile of ascending numbers, null when there are none. */
function quantile(sorted: readonly number[], q: number): number | null {
  if (sorted.length === 0) return null;
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
}

/**
 * Reads SIPp's RTD samples (`-trace_rtt`, `Date_ms;response_time_ms;rtd_no`,
 * Date_ms counted from SIPp's start) into [startedAtMs, setupMs] pairs.
 */
function readRtts(work: string): Array<readonly [number, number]> {
  const rttFile = readdirSync(work).find((f) => f.endsWith('_rtt.csv'));
  if (rttFile === undefined) return [];
  const samples: Array<readonly [number, number]> = [];
  for (const line of readFileSync(join(work, rttFile), 'utf8').trim().split('\n').slice(1)) {
    const [at, rtt] = line.split(';').map(Number);
    if (Number.isFinite(at) && Number.isFinite(rtt)) samples.push([at! - rtt!, rtt!]);
  }
  return samples;
}

/** How many one-second windows (by call start) have a p99 above SLOW_SECOND_MS. */
function countSlowSeconds(samples: ReadonlyArray<readonly [number, number]>): number {
  const bySecond = new Map<number, number[]>();
  for (const [at, rtt] of samples) {
    const second = Math.floor(at / 1000);
    const list = bySecond.get(second);
    if (list === undefined) bySecond.set(second, [rtt]);
    else list.push(rtt);
  }
  let slow = 0;
  for (const list of bySecond.values()) {
    if (
      quantile(
        list.sort((a, b) => a - b),
        0.99,
      )! > SLOW_SECOND_MS
    )
      slow++;
  }
  return slow;
}

export function readSippRow(work: string): SippRow {
  const rows = readFileSync(join(work, 'stat.csv'), 'utf8').trim().split('\n');
  const header = rows[0]!.split(';');
  const last = rows.at(-1)!.split(';');
  const stat = (name: string) => Number(last[header.indexOf(name)]);
  const current = header.indexOf('CurrentCall');
  const maxConcurrentCalls = Math.max(
    0,
    ...rows.slice(1).map((r) => Number(r.split(';')[current]) || 0),
  );
  const samples = readRtts(work);
  const rtts = samples.map(([, rtt]) => rtt).sort((a, b) => a - b);
  const firstAt = samples.reduce((min, [at]) => Math.min(min, at), Infinity);
  const warm = samples
    .filter(([at]) => at >= firstAt + WARM_UP_MS)
    .map(([, rtt]) => rtt)
    .sort((a, b) => a - b);
  const successful = stat('SuccessfulCall(C)');
  const failed = stat('FailedCall(C)');
  return {
    successful,
    failed,
    failedPercent: Number(((100 * failed) / Math.max(1, successful + failed)).toFixed(3)),
    achievedRate: stat('CallRate(C)'),
    maxConcurrentCalls,
    p50Ms: quantile(rtts, 0.5),
    p99Ms: quantile(rtts, 0.99),
    p99WarmMs: quantile(warm, 0.99),
    slowSeconds: countSlowSeconds(samples),
  };
}

/** Writes benchmarks/results/<date>-<name>.json with the machine noted. */
export function writeResults(name: string, results: unknown[], note: string): void {
  const machine = {
    cpu: os.cpus()[0]?.model,
    cores: os.availableParallelism(),
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    node: process.version,
    loadAverage1m: os.loadavg()[0],
    note,
  };
  const date = new Date().toISOString().slice(0, 10);
  mkdirSync(join(ROOT, 'benchmarks/results'), { recursive: true });
  writeFileSync(
    join(ROOT, `benchmarks/results/${date}-${name}.json`),
    `${JSON.stringify({ date, machine, results }, null, 2)}\n`,
  );
}

/** What the switch's /metrics told of one step (D115). */
export interface SwitchLoopRow {
  /** How late the event loop ran during the step: its 99th percentile and largest delay. */
  readonly switchLoopDelayP99Ms: number;
  readonly switchLoopDelayMaxMs: number;
  /** Garbage-collection pauses of the main thread during the step, ms: all kinds, and major ones. */
  readonly switchGcPauseMs: number;
  readonly switchGcMajorPauseMs: number;
}

/**
 * Reads the switch's /metrics at `url`. Called before a step it starts the
 * event-loop window (each scrape restarts it); after the step it returns
 * the step's figures, the GC totals taken against `before`.
 */
export async function scrapeSwitch(
  url: string,
  before?: ReadonlyMap<string, number>,
): Promise<{ series: Map<string, number>; row: SwitchLoopRow | undefined }> {
  const text = await (await fetch(`${url}/metrics`)).text();
  const series = new Map<string, number>();
  for (const line of text.split('\n')) {
    if (line.startsWith('#') || line === '') continue;
    const space = line.lastIndexOf(' ');
    series.set(line.slice(0, space), Number(line.slice(space + 1)));
  }
  if (before === undefined) return { series, row: undefined };
  const grew = (name: string): number => (series.get(name) ?? 0) - (before.get(name) ?? 0);
  const gcKinds = ['minor', 'major', 'incremental', 'weakcb', 'other'];
  const ms = (s: number): number => Number((s * 1000).toFixed(1));
  return {
    series,
    row: {
      switchLoopDelayP99Ms: ms(
        series.get('switchyard_event_loop_delay_seconds{quantile="0.99"}') ?? 0,
      ),
      switchLoopDelayMaxMs: ms(
        series.get('switchyard_event_loop_delay_seconds{quantile="1"}') ?? 0,
      ),
      switchGcPauseMs: ms(
        gcKinds.reduce(
          (n, kind) => n + grew(`switchyard_gc_pause_seconds_total{kind="${kind}"}`),
          0,
        ),
      ),
      switchGcMajorPauseMs: ms(grew('switchyard_gc_pause_seconds_total{kind="major"}')),
    },
  };
}
