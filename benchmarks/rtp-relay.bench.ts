/*
 * Media endpoint benchmarks. Run: node --import tsx benchmarks/rtp-relay.bench.ts
 *
 * 1. scheduler-200-streams: 200 terminated PCMU streams sending through real
 *    loopback sockets, paced by one MediaScheduler for 3 s; reports the tick
 *    lateness and send jitter (|interval − 20 ms|) it measures.
 * 2. relay-load: one short run of benchmarks/load/rtp-relay-load.ts (500
 *    calls, in-process relay, C load generator in its own process); the full
 *    capacity search lives in that script.
 * One JSON line per case.
 */
import { execFileSync } from 'node:child_process';
import { createSocket } from 'node:dgram';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { createPcmu } from '../media/codecs/index.ts';
import { MediaEndpoint, MediaScheduler, TerminatedStream } from '../media/endpoint/index.ts';

async function schedulerJitter(streamCount: number, seconds: number): Promise<void> {
  const sink = createSocket('udp4');
  await new Promise<void>((r) => sink.bind(0, '127.0.9.2', r));
  let received = 0;
  sink.on('message', () => received++);
  const scheduler = new MediaScheduler();
  const endpoints: MediaEndpoint[] = [];
  const pcm = new Int16Array(160).map((_, i) => Math.round(4000 * Math.sin(i / 3)));
  for (let i = 0; i < streamCount; i++) {
    const ep = await MediaEndpoint.open({ bindAddress: '127.0.9.1', rtpPort: 46000 + i * 2 });
    if (!ep.ok) throw new Error(ep.error.detail);
    ep.value.setRemote({ address: '127.0.9.2', port: sink.address().port });
    endpoints.push(ep.value);
    const stream = new TerminatedStream({ endpoint: ep.value, codec: createPcmu({}) });
    scheduler.add({
      tick: (dueMs) => {
        stream.sendFrame(pcm);
        stream.tick(dueMs);
      },
    });
  }
  scheduler.start();
  await new Promise((r) => setTimeout(r, 500));
  scheduler.resetStats();
  const cpuBefore = process.cpuUsage();
  await new Promise((r) => setTimeout(r, seconds * 1000));
  const cpu = process.cpuUsage(cpuBefore);
  scheduler.stop();
  for (const ep of endpoints) ep.close();
  sink.close();
  console.log(
    JSON.stringify({
      case: `scheduler-${streamCount}-streams`,
      ...scheduler.stats,
      packetsReceivedBySink: received,
      cpuPercent: Math.round((cpu.user + cpu.system) / 10 / (seconds * 1000)),
      loadAverage1m: Number(os.loadavg()[0]!.toFixed(2)),
    }),
  );
}

function relayLoad(calls: number, seconds: number): void {
  const script = fileURLToPath(new URL('./load/rtp-relay-load.ts', import.meta.url));
  const line = execFileSync(
    process.execPath,
    ['--import', 'tsx', script, String(calls), 'host', String(seconds)],
    { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] },
  ).trim();
  console.log(JSON.stringify({ case: `relay-load-${calls}-calls`, ...JSON.parse(line) }));
}

await schedulerJitter(200, 3);
relayLoad(500, 3);
