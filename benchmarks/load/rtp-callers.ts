/*
 * What the load scripts with RTP share: the callers' media (rtp-caller-gen,
 * C, built with gcc on first use), the switch's CPU and memory from /proc,
 * and numeric command-line flags.
 */
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import os from 'node:os';
import { fileURLToPath } from 'node:url';

/** `--name N` from the command line, or `fallback`. */
export function numberFlag(args: readonly string[], name: string, fallback: number): number {
  const i = args.indexOf(name);
  return i < 0 ? fallback : Number(args[i + 1]);
}

/**
 * utime+stime of process `pid` in clock ticks (USER_HZ, 100 on Linux), the
 * same of its main thread alone (the JavaScript; the rest is V8's and
 * libuv's helper threads), and its RSS in MiB.
 */
export function processUsage(pid: number): { ticks: number; mainTicks: number; rssMiB: number } {
  const rss = /^VmRSS:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return {
    ticks: statTicks(`/proc/${pid}/stat`),
    mainTicks: statTicks(`/proc/${pid}/task/${pid}/stat`),
    rssMiB: Math.round(Number(rss?.[1] ?? 0) / 1024),
  };
}

/**
 * The machine's CPU time in clock ticks, all cores: busy and in all (the
 * first line of /proc/stat). Two readings give how busy every process
 * together kept the cores (the switch, SIPp and the kernel).
 */
export function machineUsage(): { busyTicks: number; totalTicks: number } {
  const fields = readFileSync('/proc/stat', 'utf8')
    .split('\n')[0]!
    .trim()
    .split(/\s+/)
    .slice(1)
    .map(Number);
  // user nice system idle iowait irq softirq steal: idle and iowait are not busy.
  const totalTicks = fields.slice(0, 8).reduce((a, b) => a + b, 0);
  return { busyTicks: totalTicks - fields[3]! - fields[4]!, totalTicks };
}

function statTicks(path: string): number {
  const stat = readFileSync(path, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return Number(fields[11]) + Number(fields[12]);
}

/** What rtp-caller-gen reports per caller. */
export interface CallerMedia {
  readonly received: number;
  readonly expectedBySeq: number;
  readonly sent: number;
  readonly listenedMs: number;
  readonly gaps: number;
  readonly gapMs: number;
}

/** Compiles rtp-caller-gen.c when the binary is missing or older. */
function callerGenerator(): string {
  const src = fileURLToPath(new URL('./rtp-caller-gen.c', import.meta.url));
  const bin = `${os.tmpdir()}/switchyard-rtp-caller-gen`;
  if (!existsSync(bin) || statSync(bin).mtimeMs < statSync(src).mtimeMs) {
    execFileSync('gcc', ['-O2', '-o', bin, src]);
  }
  return bin;
}

/**
 * Runs `count` callers' media on `ip`, caller i on port firstPort + 2i, for
 * `seconds`; resolves to their counts (killed 10 s after that at the latest).
 */
export function startCallers(
  ip: string,
  firstPort: number,
  count: number,
  seconds: number,
): Promise<CallerMedia[]> {
  const gen = spawn(
    callerGenerator(),
    [ip, String(firstPort), String(count), String(seconds * 1000)],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  let out = '';
  gen.stdout.on('data', (d: Buffer) => (out += d.toString()));
  const killer = setTimeout(() => gen.kill('SIGKILL'), (seconds + 10) * 1000);
  return new Promise((resolve, reject) =>
    gen.on('close', (code) => {
      clearTimeout(killer);
      if (code === 0) resolve(JSON.parse(out) as CallerMedia[]);
      else reject(new Error(`rtp-caller-gen exited with ${code}`));
    }),
  );
}

export function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
