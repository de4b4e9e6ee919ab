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
 *     (a bare dgram loop without latching or counters, as a baseline),
 *     native, native=K or native=K,coalesceUs=U (the native/
 *     recvmmsg/sendmmsg relay with K shard threads, 1 unless given, pausing
 *     U µs after a sparse epoll round, 0 unless given; build it first with
 *     `node-gyp rebuild --nodedir=/usr` in native/).
 *   node --import tsx benchmarks/load/rtp-relay-load.ts search [mode] [seconds] [from] [step]
 *     finds the largest N (from 100 in steps of 100 unless given) with
 *     < 0.1 % loss, one run per N in a fresh process.
 */
import { execFileSync, spawn } from 'node:child_process';
import { createSocket } from 'node:dgram';
import type { Socket } from 'node:dgram';
import { existsSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { NativeRelayShard, RelayHost, RelayWorkerPool } from '../../media/endpoint/index.ts';

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

interface Relay {
  readonly pairs: string[];
  readonly stop: () => void;
  /** RTP packets received and sent so far, where the mode counts them. */
  readonly counted?: () => { readonly received: number; readonly sent: number };
}

async function setUp(calls: number, mode: string): Promise<Relay> {
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
  if (mode.startsWith('native')) return setUpNative(calls, mode);
  const range = { bindAddress: RELAY_IP, minPort: 20_000, maxPort: 20_000 + calls * 4 + 99 };
  if (mode === 'host') {
    const host = new RelayHost(range);
    for (let i = 0; i < calls; i++) {
      const r = await host.createSession({ sessionId: `c${i}`, remoteA: GEN_A, remoteB: GEN_B });
      if (!r.ok) throw new Error(r.error.detail);
      pairs.push(`${r.value.legA.rtpPort} ${r.value.legB.rtpPort}`);
    }
    const counted = (): { received: number; sent: number } => {
      const t = host.stats();
      return { received: t.rtpReceived, sent: t.rtpSent };
    };
    return { pairs, stop: () => host.close(), counted };
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

/** Legs of call i go to shard i mod K; each leg has RTP and RTCP sockets. */
function setUpNative(calls: number, mode: string): Relay {
  const [shardPart, coalescePart] = mode.split(',');
  const shardCount = Number(shardPart?.split('=')[1] ?? '1');
  const coalesceUs = Number(coalescePart?.split('=')[1] ?? '0');
  const shards: NativeRelayShard[] = [];
  for (let k = 0; k < shardCount; k++) {
    const s = NativeRelayShard.create({ coalesceUs });
    if (!s.ok) throw new Error(s.error.detail);
    shards.push(s.value);
  }
  const pairs: string[] = [];
  for (let i = 0; i < calls; i++) {
    const shard = shards[i % shardCount]!;
    const a = shard.openLeg({ bindAddress: RELAY_IP, rtpPort: 20_000 + i * 4 });
    const b = shard.openLeg({ bindAddress: RELAY_IP, rtpPort: 20_002 + i * 4 });
    if (!a.ok) throw new Error(a.error.detail);
    if (!b.ok) throw new Error(b.error.detail);
    shard.setPeer(a.value.id, b.value.id);
    shard.setRemote(a.value.id, GEN_A);
    shard.setRemote(b.value.id, GEN_B);
    pairs.push(`${a.value.rtpPort} ${b.value.rtpPort}`);
  }
  return {
    pairs,
    stop: () => shards.forEach((s) => s.destroy()),
    counted: () =>
      shards.reduce(
        (n, s) => {
          const t = s.totals();
          return { received: n.received + t.rtpReceived, sent: n.sent + t.rtpSent };
        },
        { received: 0, sent: 0 },
      ),
  };
}

async function runOnce(calls: number, mode: string, seconds: number): Promise<void> {
  const bin = generatorBinary();
  const { pairs, stop, counted } = await setUp(calls, mode);
  const portsFile = `${os.tmpdir()}/switchyard-rtp-ports-${process.pid}.txt`;
  writeFileSync(portsFile, `${pairs.join('\n')}\n`);
  const args = [RELAY_IP, portsFile, GEN_A.address, String(GEN_A.port), GEN_B.address];
  args.push(String(GEN_B.port), String(WARMUP_MS), String(seconds * 1000), String(DRAIN_MS));
  const loadBefore = os.loadavg()[0]!;
  const before = counted?.();
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
  const after = counted?.();
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
      // Relay CPU per relayed packet: a figure that holds even when the
      // generator, starved on a busy machine, cannot offer the full load.
      // relayInLossPercent is what the relay never got of what the
      // generator sent; the rest of lossPercent was lost on the way back
      // (the generator's own socket buffers when it is starved).
      ...(before === undefined || after === undefined || after.sent === before.sent
        ? {}
        : {
            relayedPackets: after.sent - before.sent,
            relayCpuNsPerPacket: Math.round(
              ((cpu.user + cpu.system) * 1000) / (after.sent - before.sent),
            ),
            relayInLossPercent: lossOf(gen.sentTotal ?? 0, after.received - before.received),
            relayNotSent: after.received - before.received - (after.sent - before.sent),
          }),
      measuredSeconds: seconds,
      loadAverage1mBefore: Number(loadBefore.toFixed(2)),
      loadAverage1mAfter: Number(os.loadavg()[0]!.toFixed(2)),
      cores: os.availableParallelism(),
      cpu: os.cpus()[0]?.model ?? 'unknown',
      node: process.version,
    }),
  );
  process.exit(0);
}

function lossOf(sent: number, received: number): number {
  return sent === 0 ? 0 : Number(((100 * Math.max(0, sent - received)) / sent).toFixed(4));
}

function search(mode: string, seconds: number, from: number, step: number): void {
  const self = fileURLToPath(import.meta.url);
  let best = 0;
  for (let calls = from; calls <= 6000; calls += step) {
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

const [first = '500', mode = 'host', secondsArg = '5', from = '100', step = '100'] =
  process.argv.slice(2);
if (first === 'search') search(mode, Number(secondsArg), Number(from), Number(step));
else await runOnce(Number(first), mode, Number(secondsArg));
