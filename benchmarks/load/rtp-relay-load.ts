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
 * The generator runs --threads=T pthreads (2 unless given, one per core of
 * the benchmark machine); call i belongs to thread i % T, whose phones sit
 * on 127.0.0.2 and 127.0.0.3 port 40000 + i % T, so each call's relay legs
 * are pointed (and, for native-kernel, latched) at its thread's phones.
 * The option goes after the other arguments of every form below.
 *
 * Usage:
 *   node --import tsx benchmarks/load/rtp-relay-load.ts [calls] [mode] [seconds]
 *     mode: host (in-process RelayHost), workers=K (RelayWorkerPool), plain
 *     (a bare dgram loop without latching or counters, as a baseline),
 *     native, native=K or native=K,coalesceUs=U (the native/
 *     recvmmsg/sendmmsg relay with K shard threads, 1 unless given, pausing
 *     U µs after a sparse epoll round, 0 unless given; build it first with
 *     `node-gyp rebuild --nodedir=/usr` in native/), native-kernel or
 *     native-kernel=K (the same shards with kernelForward: each pair is
 *     latched on the generator before the run, so the tc ingress program
 *     relays every RTP packet; D43), direct (no relay: the generator's
 *     phones talk straight to each other, the baseline of native-kernel).
 *   node --import tsx benchmarks/load/rtp-relay-load.ts cost [calls] [seconds] [rounds]
 *     runs direct and native-kernel alternately (fresh processes) and prints
 *     the forwarding cost: CPU of generator + relay + ksoftirqd per packet
 *     with the kernel relaying, less the same without a relay.
 *   node --import tsx benchmarks/load/rtp-relay-load.ts prog [runs]
 *     times the tc ingress program alone (BPF_PROG_TEST_RUN, one run per
 *     call, median of `runs`) on a packet it relays and on one it passes.
 *   node --import tsx benchmarks/load/rtp-relay-load.ts search [modes] [seconds] [from] [step]
 *     finds the largest N (from 100 in steps of 100 unless given) with
 *     < 0.1 % loss, one run per N in a fresh process; several modes joined
 *     by '+' (native-kernel+direct) run alternately at each N.
 */
import { execFileSync, spawn } from 'node:child_process';
import { createSocket } from 'node:dgram';
import type { Socket } from 'node:dgram';
import {
  existsSync,
  readFileSync,
  readdirSync,
  statSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import {
  NativeRelayShard,
  RelayHost,
  RelayWorkerPool,
  loadNativeRelay,
} from '../../media/endpoint/index.ts';

const GEN_A = { address: '127.0.0.2', port: 40_000 };
const GEN_B = { address: '127.0.0.3', port: 40_000 };
const RELAY_IP = '127.0.0.1';
const WARMUP_MS = 1000;
const DRAIN_MS = 300;

/** Generator threads (--threads=T): 2 unless given, the cores of this box. */
const THREADS = (() => {
  const flag = process.argv.find((a) => a.startsWith('--threads='));
  const n = Number(flag?.slice('--threads='.length) ?? '2');
  if (!Number.isInteger(n) || n < 1 || n > 64) throw new Error(`bad ${flag}: 1 to 64 threads`);
  return n;
})();

/** The phones of call i: those of generator thread i % THREADS. */
function phonesOf(i: number): { a: typeof GEN_A; b: typeof GEN_B } {
  const port = GEN_A.port + (i % THREADS);
  return { a: { ...GEN_A, port }, b: { ...GEN_B, port } };
}

function generatorBinary(): string {
  const src = fileURLToPath(new URL('./rtp-load-gen.c', import.meta.url));
  const bin = `${os.tmpdir()}/switchyard-rtp-load-gen`;
  if (!existsSync(bin) || statSync(bin).mtimeMs < statSync(src).mtimeMs) {
    execFileSync('gcc', ['-O2', '-pthread', '-o', bin, src]);
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
      const phones = phonesOf(i);
      a.on('message', (m) => b.send(m, phones.b.port, phones.b.address));
      b.on('message', (m) => a.send(m, phones.a.port, phones.a.address));
      pairs.push(`${a.address().port} ${b.address().port}`);
    }
    return { pairs, stop: () => sockets.forEach((s) => s.close()) };
  }
  if (mode === 'direct') {
    // No relay: the ports only give the generator its stream count.
    for (let i = 0; i < calls; i++) pairs.push(`${20_000 + i * 4} ${20_002 + i * 4}`);
    return { pairs, stop: () => undefined };
  }
  if (mode.startsWith('native')) return setUpNative(calls, mode);
  const range = { bindAddress: RELAY_IP, minPort: 20_000, maxPort: 20_000 + calls * 4 + 99 };
  if (mode === 'host') {
    const host = new RelayHost(range);
    for (let i = 0; i < calls; i++) {
      const { a, b } = phonesOf(i);
      const r = await host.createSession({ sessionId: `c${i}`, remoteA: a, remoteB: b });
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
    const { a, b } = phonesOf(i);
    const r = await pool.createSession({ sessionId: `c${i}`, remoteA: a, remoteB: b });
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
  const kernelForward = mode.startsWith('native-kernel');
  const shards: NativeRelayShard[] = [];
  for (let k = 0; k < shardCount; k++) {
    const s = NativeRelayShard.create({ coalesceUs, kernelForward });
    if (!s.ok) throw new Error(s.error.detail);
    if (kernelForward && !s.value.kernelStatus().isActive) {
      throw new Error(`kernel forwarding unavailable: ${s.value.kernelStatus().reason}`);
    }
    shards.push(s.value);
  }
  const pairs: string[] = [];
  for (let i = 0; i < calls; i++) {
    const shard = shards[i % shardCount]!;
    const a = shard.openLeg({ bindAddress: RELAY_IP, rtpPort: 20_000 + i * 4 });
    const b = shard.openLeg({ bindAddress: RELAY_IP, rtpPort: 20_002 + i * 4 });
    if (!a.ok) throw new Error(a.error.detail);
    if (!b.ok) throw new Error(b.error.detail);
    const phones = phonesOf(i);
    shard.setPeer(a.value.id, b.value.id);
    shard.setRemote(a.value.id, phones.a);
    shard.setRemote(b.value.id, phones.b);
    if (kernelForward) {
      // Anchored calls in their steady state: both legs latched.
      shard.setLatched(a.value.id, { ...phones.a, ssrc: 0 });
      shard.setLatched(b.value.id, { ...phones.b, ssrc: 0 });
    }
    pairs.push(`${a.value.rtpPort} ${b.value.rtpPort}`);
  }
  const entries = shards.reduce((n, s) => n + s.kernelStatus().entries, 0);
  if (kernelForward && entries !== calls * 2) {
    throw new Error(
      `${entries} kernel entries for ${calls} calls: ${shards[0]?.kernelStatus().reason}`,
    );
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
  if (mode === 'direct') args.push('direct');
  args.push(`threads=${THREADS}`);
  const loadBefore = os.loadavg()[0]!;
  const softirqBefore = ksoftirqdCpuMs();
  const rcvbufBefore = udpRcvbufErrors();
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
  const softirqMs = ksoftirqdCpuMs() - softirqBefore;
  const rcvbufErrors = udpRcvbufErrors() - rcvbufBefore;
  const after = counted?.();
  stop();
  unlinkSync(portsFile);
  const gen = JSON.parse(out) as Record<string, number>;
  console.log(
    JSON.stringify({
      bench: 'rtp-relay-load',
      calls,
      mode,
      generatorThreads: gen.threads,
      packetsPerSecondIn: calls * 100,
      lossPercent: gen.lossPercent,
      worstStreamLost: gen.worstStreamLost,
      sentMeasured: gen.sentMeasured,
      receivedMeasured: gen.receivedMeasured,
      // What the generator sent in the measured window of what the calls
      // should have (50 packets/s each way): a generator starved of CPU
      // falls behind, and its zero loss then says nothing about N calls.
      offeredPercent: Number(
        ((100 * (gen.sentMeasured ?? 0)) / ((calls * 2 * seconds * 1000) / 20)).toFixed(2),
      ),
      sendErrors: gen.sendErrors,
      foreign: gen.foreign,
      misrouted: gen.misrouted,
      relayUserCpuPercent: Math.round(cpu.user / 10 / wallMs),
      relaySysCpuPercent: Math.round(cpu.system / 10 / wallMs),
      generatorCpuPercent: Math.round(((gen.generatorCpuMs ?? 0) * 100) / wallMs),
      // With the kernel relaying, its work runs in the sender's softirq
      // (the generator's sendmmsg) or in ksoftirqd when deferred: the cost
      // is all three, compared with the same sum without a relay (cost).
      generatorCpuMs: gen.generatorCpuMs,
      relayCpuMs: Math.round((cpu.user + cpu.system) / 1000),
      ksoftirqdCpuMs: softirqMs,
      // Datagrams the kernel dropped because a socket's receive buffer was
      // full, host-wide (other processes' too): where the loss happened
      // when a starved generator or relay does not read in time.
      udpRcvbufErrorsHostWide: rcvbufErrors,
      sentTotal: gen.sentTotal,
      cpuNsPerSentPacket: Math.round(
        (((gen.generatorCpuMs ?? 0) + (cpu.user + cpu.system) / 1000 + softirqMs) * 1e6) /
          Math.max(1, gen.sentTotal ?? 0),
      ),
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

/** RcvbufErrors of /proc/net/snmp (IPv4 UDP, the whole host). */
function udpRcvbufErrors(): number {
  const lines = readFileSync('/proc/net/snmp', 'utf8')
    .split('\n')
    .filter((l) => l.startsWith('Udp:'));
  const names = lines[0]?.split(' ') ?? [];
  const values = lines[1]?.split(' ') ?? [];
  return Number(values[names.indexOf('RcvbufErrors')] ?? 0);
}

/** CPU time of the ksoftirqd threads so far (clock ticks of 10 ms). */
function ksoftirqdCpuMs(): number {
  let ticks = 0;
  for (const pid of readdirSync('/proc')) {
    if (!/^\d+$/.test(pid)) continue;
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      if (!stat.includes('(ksoftirqd/')) continue;
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      ticks += Number(fields[11]) + Number(fields[12]);
    } catch {
      // The process ended while being read.
    }
  }
  return ticks * 10;
}

/**
 * Forwarding cost of the kernel path: alternating runs of the no-relay
 * baseline and native-kernel at the same load, CPU per packet of each, and
 * the difference as ns per packet and calls per core (100 packets/s each).
 */
function cost(calls: number, seconds: number, rounds: number): void {
  const self = fileURLToPath(import.meta.url);
  const rows: Record<string, number[]> = { direct: [], 'native-kernel': [] };
  for (let r = 0; r < rounds; r++) {
    for (const mode of ['direct', 'native-kernel']) {
      const line = execFileSync(
        process.execPath,
        ['--import', 'tsx', self, String(calls), mode, String(seconds), `--threads=${THREADS}`],
        { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] },
      ).trim();
      console.log(line);
      rows[mode]!.push((JSON.parse(line) as { cpuNsPerSentPacket: number }).cpuNsPerSentPacket);
    }
  }
  const median = (xs: number[]): number => [...xs].sort((x, y) => x - y)[xs.length >> 1] ?? 0;
  const base = median(rows.direct!);
  const kernel = median(rows['native-kernel']!);
  const perPacket = kernel - base;
  console.log(
    JSON.stringify({
      bench: 'rtp-relay-kernel-cost',
      calls,
      rounds,
      baselineCpuNsPerPacket: base,
      kernelCpuNsPerPacket: kernel,
      forwardingCostNsPerPacket: perPacket,
      callsPerCore: perPacket > 0 ? Math.round(1e9 / (perPacket * 100)) : null,
    }),
  );
}

/** The BPF object beside the addon (native/binding.gyp). */
const KERNEL_OBJECT = fileURLToPath(
  new URL('../../native/build/Release/relay_kern.bpf.o', import.meta.url),
);

/**
 * Median in-kernel run time of the tc ingress program per packet: for a
 * packet it relays (latched source, PCMU) and one it hands on (another
 * source), with 2 × 1000 entries in the map as in a 1000-call run.
 */
function prog(runs: number): void {
  const load = loadNativeRelay();
  if (load.binding === undefined) throw new Error(load.reason);
  const h = new load.binding.RelayShard(0);
  const reason = h.enableKernel(KERNEL_OBJECT);
  if (reason !== '') throw new Error(reason);
  const args = [false, [0, 8], -1, 2000, 5, 65_536, false] as const;
  const peers: number[] = [];
  for (let i = 0; i < 1000; i++) {
    const a = h.openLeg(RELAY_IP, 20_000 + i * 4, ...args);
    const b = h.openLeg(RELAY_IP, 20_002 + i * 4, ...args);
    h.setLatched(a, GEN_A.address, GEN_A.port, 0);
    h.setLatched(b, GEN_B.address, GEN_B.port, 0);
    h.setPeer(a, b);
    peers.push(b);
  }
  const time = (frame: Buffer): number => {
    const ns: number[] = [];
    for (let i = 0; i < runs; i++) ns.push(h.kernelTestRun(frame).durationNs);
    return ns.sort((x, y) => x - y)[runs >> 1] ?? 0;
  };
  const relayed = time(udpFrame(GEN_A.address, GEN_A.port, 20_000 + 500 * 4));
  const passed = time(udpFrame('127.0.0.9', GEN_A.port, 20_000 + 500 * 4));
  // The same pair after a hold or a prompt: the stream out of the peer goes
  // on with offsets and its own SSRC, rewritten in the kernel (D61).
  const stream = [1, 0xabcdef01, 0, 1234, 56_789, 100, 16_000, 0, 160, 8000, -1, 1];
  h.setStream(peers[500]!, Float64Array.from(stream));
  const rewritten = time(udpFrame(GEN_A.address, GEN_A.port, 20_000 + 500 * 4));
  const status = h.kernelStatus();
  h.destroy();
  console.log(
    JSON.stringify({
      bench: 'rtp-relay-kernel-prog',
      runs,
      entries: status.entries,
      relayedNsMedian: relayed,
      rewrittenNsMedian: rewritten,
      passedNsMedian: passed,
      loadAverage1m: Number(os.loadavg()[0]!.toFixed(2)),
    }),
  );
}

/** An Ethernet + IPv4 + UDP frame to the relay carrying a 172-byte PCMU packet. */
function udpFrame(src: string, srcPort: number, dstPort: number): Buffer {
  const f = Buffer.alloc(14 + 20 + 8 + 172);
  f.writeUInt16BE(0x0800, 12);
  f[14] = 0x45;
  f.writeUInt16BE(20 + 8 + 172, 16);
  f[22] = 64;
  f[23] = 17;
  Buffer.from(src.split('.').map(Number)).copy(f, 26);
  Buffer.from(RELAY_IP.split('.').map(Number)).copy(f, 30);
  f.writeUInt16BE(srcPort, 34);
  f.writeUInt16BE(dstPort, 36);
  f.writeUInt16BE(8 + 172, 38);
  f[42] = 0x80;
  return f;
}

function lossOf(sent: number, received: number): number {
  return sent === 0 ? 0 : Number(((100 * Math.max(0, sent - received)) / sent).toFixed(4));
}

/** A run counts only when the generator sent this much of the load. */
const MIN_OFFERED_PERCENT = 99;

/**
 * Largest N with < 0.1 % loss, the full load offered (MIN_OFFERED_PERCENT),
 * for each of `modes` ('+' between them, e.g.
 * native-kernel+direct): at each N every mode still below the threshold
 * runs once in a fresh process, so the modes see the same machine state.
 */
function search(modes: string, seconds: number, from: number, step: number): void {
  const self = fileURLToPath(import.meta.url);
  const best = new Map(modes.split('+').map((m) => [m, 0]));
  const running = new Set(best.keys());
  for (let calls = from; calls <= 6000 && running.size > 0; calls += step) {
    for (const mode of [...running]) {
      const line = execFileSync(
        process.execPath,
        ['--import', 'tsx', self, String(calls), mode, String(seconds), `--threads=${THREADS}`],
        { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] },
      ).trim();
      console.log(line);
      const row = JSON.parse(line) as { lossPercent: number; offeredPercent: number };
      if (row.lossPercent >= 0.1 || row.offeredPercent < MIN_OFFERED_PERCENT) running.delete(mode);
      else best.set(mode, calls);
    }
  }
  for (const [mode, calls] of best) {
    console.log(
      JSON.stringify({
        bench: 'rtp-relay-load-search',
        mode,
        generatorThreads: THREADS,
        maxCallsUnder01PctLoss: calls,
      }),
    );
  }
}

const positional = process.argv.slice(2).filter((a) => !a.startsWith('--threads='));
const [first = '500', mode = 'host', secondsArg = '5', from = '100', step = '100'] = positional;
if (first === 'search') search(mode, Number(secondsArg), Number(from), Number(step));
else if (first === 'cost') {
  const [calls = '1000', seconds = '3', rounds = '3'] = positional.slice(1);
  cost(Number(calls), Number(seconds), Number(rounds));
} else if (first === 'prog') prog(Number(positional[1] ?? '20000'));
else await runOnce(Number(first), mode, Number(secondsArg));
