/*
 * RTP relay capacity under load (issue 5 §6, brief "endpoint" item 8).
 *
 * Sets up N anchored G.711 calls on 127.0.0.1 (two relay legs each, RTP and
 * RTCP sockets per leg), then runs benchmarks/load/rtp-load-gen.c in its own
 * process as the phones: 50 packets/s of 172 bytes each way per call, for a
 * 1 s warm-up and a measured window, then 300 ms of drain. Prints one JSON
 * line: calls, relay mode, loss %, relay CPU (user+sys of this process, all
 * threads) and generator CPU.
 *
 * Usage:
 *   node --import tsx benchmarks/load/rtp-relay-load.ts [calls] [mode] [seconds]
 *     mode: host (in-process RelayHost), workers=K (RelayWorkerPool), plain
 *     (a bare dgram loop without latching or counters, as a baseline).
 *   node --import tsx benchmarks/load/rtp-relay-load.ts search [mode] [seconds]
 *     finds the largest N (steps of 100) with < 0.1 % loss, one run per N in
 *     a fresh process.
 */
import { execFileSync, spawn } from 'node:child_process';
import { createSocket } from 'node:dgram';
import type { Socket } from 'node:dgram';
import { existsSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { RelayHost, RelayWorkerPool } from '../../media/endpoint/index.ts';

const GEN_A = { address: '127.0.0.2', port: 40_000 };
const GEN_B = { address: '127.0.0.3', port: 40_000 };
const RELAY_IP = '127.0.0.1';
const WARMUP_MS = 1000;
const DRAIN_MS = 300;

function generatorBinary(): string {
  const src = fileURLToPath(new URL('./rtp-load-gen.c', import.meta.url));
  const bin = `${os.tmpdir()}/switchyard-rtp-load-gen`;
  if (!existsSync(bin) || statSync(bin).mtimeMs < statSync(src).mtimeMs) {
    execFileSync('gcc', ['-O2', '-o', bin, src]);
  }
  return bin;
}

async function setUp(calls: number, mode: string): Promise<{ pairs: string[]; stop: () => void }> {
  const pairs: string[] = [];
  if (mode === 'plain') {
    const sockets: Socket[] = [];
    const open = (): Promise<Socket> =>
      new Promise((resolve) => {
        const s = createSocket('udp4');
        s.on('error', () => undefined);
        s.bind(0, RELAY_IP, () => resolve(s));
        sockets.push(s);
      });
    for (let i = 0; i < calls; i++) {
      const a = await open();
      const b = await open();
      a.on('message', (m) => b.send(m, GEN_B.port, GEN_B.address));
      b.on('message', (m) => a.send(m, GEN_A.port, GEN_A.address));
      pairs.push(`${a.address().port} ${b.address().port}`);
    }
    return { pairs, stop: () => sockets.forEach((s) => s.close()) };
  }
  const range = { bindAddress: RELAY_IP, minPort: 20_000, maxPort: 20_000 + calls * 4 + 99 };
  if (mode === 'host') {
    const host = new RelayHost(range);
    for (let i = 0; i < calls; i++) {
      const r = await host.createSession({ sessionId: `c${i}`, remoteA: GEN_A, remoteB: GEN_B });
      if (!r.ok) throw new Error(r.error.detail);
      pairs.push(`${r.value.legA.rtpPort} ${r.value.legB.rtpPort}`);
    }
    return { pairs, stop: () => host.close() };
  }
  const workers = Number(mode.split('=')[1] ?? '2');
  const pool = await RelayWorkerPool.start({ ...range, workers });
  for (let i = 0; i < calls; i++) {
    const r = await pool.createSession({ sessionId: `c${i}`, remoteA: GEN_A, remoteB: GEN_B });
    if (!r.ok) throw new Error(r.error.detail);
    pairs.push(`${r.value.legA.rtpPort} ${r.value.legB.rtpPort}`);
  }
  return { pairs, stop: () => void pool.close() };
}

async function runOnce(calls: number, mode: string, seconds: number): Promise<void> {
  const bin = generatorBinary();
  const { pairs, stop } = await setUp(calls, mode);
  const portsFile = `${os.tmpdir()}/switchyard-rtp-ports-${process.pid}.txt`;
  writeFileSync(portsFile, `${pairs.join('\n')}\n`);
  const args = [RELAY_IP, portsFile, GEN_A.address, String(GEN_A.port), GEN_B.address];
  args.push(String(GEN_B.port), String(WARMUP_MS), String(seconds * 1000), String(DRAIN_MS));
  const loadBefore = os.loadavg()[0]!;
  const cpuBefore = process.cpuUsage();
  const startMs = performance.now();
  const out = await new Promise<string>((resolve, reject) => {
    const gen = spawn(bin, args, { stdio: ['ignore', 'pipe', 'inherit'] });
    let text = '';
    gen.stdout.on('data', (d: Buffer) => (text += d.toString()));
    gen.on('error', reject);
    gen.on('exit', () => resolve(text));
  });
  const wallMs = performance.now() - startMs;
  const cpu = process.cpuUsage(cpuBefore);
  stop();
  unlinkSync(portsFile);
  const gen = JSON.parse(out) as Record<string, number>;
  console.log(
    JSON.stringify({
      bench: 'rtp-relay-load',
      calls,
      mode,
      packetsPerSecondIn: calls * 100,
      lossPercent: gen.lossPercent,
      worstStreamLost: gen.worstStreamLost,
      relayUserCpuPercent: Math.round(cpu.user / 10 / wallMs),
      relaySysCpuPercent: Math.round(cpu.system / 10 / wallMs),
      generatorCpuPercent: Math.round(((gen.generatorCpuMs ?? 0) * 100) / wallMs),
      measuredSeconds: seconds,
      loadAverage1mBefore: Number(loadBefore.toFixed(2)),
      cores: os.availableParallelism(),
      cpu: os.cpus()[0]?.model ?? 'unknown',
      node: process.version,
    }),
  );
  process.exit(0);
}

function search(mode: string, seconds: number): void {
  const self = fileURLToPath(import.meta.url);
  let best = 0;
  for (let calls = 100; calls <= 4000; calls += 100) {
    const line = execFileSync(
      process.execPath,
      ['--import', 'tsx', self, String(calls), mode, String(seconds)],
      { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] },
    ).trim();
    console.log(line);
    const row = JSON.parse(line) as { lossPercent: number };
    if (row.lossPercent >= 0.1) break;
    best = calls;
  }
  console.log(
    JSON.stringify({ bench: 'rtp-relay-load-search', mode, maxCallsUnder01PctLoss: best }),
  );
}

const [first = '500', mode = 'host', secondsArg = '5'] = process.argv.slice(2);
if (first === 'search') search(mode, Number(secondsArg));
else await runOnce(Number(first), mode, Number(secondsArg));
