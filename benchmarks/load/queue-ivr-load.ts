/**
 * Queue and IVR load (D30): starts the switch (--demo) on 127.0.0.85 and
 * provisions, through the admin API, a music-on-hold file as the demo
 * team's class `default`, a queue with no members (callers wait and hear
 * the class, Q-3 join-empty) and an IVR whose menu plays a 20 s prompt and
 * waits 2 s for a key, ten times. SIPp (uac-hold-call-expect-200.xml) on
 * 127.0.0.86 places the queue calls and the IVR calls at --rate calls/s
 * and holds each for --seconds; rtp-caller-gen.c (built with gcc on first
 * use) on 127.0.0.87 is the callers' media: it sends 50 packets/s of PCMU
 * to the switch and counts what comes back. Reports calls lost, RTP loss towards the callers (from
 * sequence numbers; and, for queue callers, received against 50/s over
 * the time they listened), switch CPU % and RSS while every call is up.
 * Bounded: SIPp stops by itself (-m, -timeout) and the switch is stopped.
 *
 * Usage: node --import tsx benchmarks/load/queue-ivr-load.ts
 *          [--queue N] [--ivr N] [--seconds S] [--rate R] [--no-write]
 * SY_NODE_ARGS='--cpu-prof --cpu-prof-dir=/tmp/prof' profiles the switch.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { serializeWav } from '../../media/player/index.ts';
import { numberFlag, processUsage, sleep, startCallers, type CallerMedia } from './rtp-callers.ts';
import {
  ROOT,
  readSippRow,
  run,
  startDemoSwitch,
  statFlags,
  writeResults,
} from './sipp-harness.ts';

const args = process.argv.slice(2);
const flag = (name: string, fallback: number): number => numberFlag(args, name, fallback);
const QUEUE_CALLS = flag('--queue', 200);
const IVR_CALLS = flag('--ivr', 50);
const SECONDS = flag('--seconds', 60);
const RATE = flag('--rate', 50);
const SWITCH = '127.0.0.85';
const SIPP = '127.0.0.86';
const MEDIA = '127.0.0.87';
const HTTP_PORT = 18085;
const FIRST_RTP_PORT = 40_000;
const QUEUE_NUMBER = '8400';
const IVR_NUMBER = '8401';
const total = QUEUE_CALLS + IVR_CALLS;

const password = randomBytes(12).toString('hex');
process.env.SWITCHYARD_ADMIN_PASSWORD = password;
const sw = await startDemoSwitch(SWITCH, [
  ...['--rtp-ports', '20000-29999'],
  ...['--http-port', String(HTTP_PORT)],
]);
const pid = sw.process.pid!;
try {
  await provision();
  const result = await drive();
  console.log(JSON.stringify(result, null, 2));
  if (!args.includes('--no-write')) {
    writeResults(
      'queue-ivr-load',
      [result],
      'the switch, SIPp and rtp-caller-gen (C, 12.5k packets/s each way) share the 2 cores',
    );
  }
} finally {
  sw.process.kill('SIGTERM');
}

/** A JSON reply of the admin API, read loosely: this is a script. */
type Reply = { readonly [key: string]: unknown } & {
  readonly id: number;
  readonly token: string;
  readonly items: ReadonlyArray<{ readonly id: number; readonly uid: string }>;
};

/** The admin API as the superadmin. */
async function api(method: string, path: string, body?: unknown, token?: string): Promise<Reply> {
  const isWav = Buffer.isBuffer(body);
  const res = await fetch(`http://${SWITCH}:${HTTP_PORT}/api/v1${path}`, {
    method,
    headers: {
      ...(token === undefined ? {} : { authorization: `Bearer ${token}` }),
      ...(body === undefined ? {} : { 'content-type': isWav ? 'audio/wav' : 'application/json' }),
    },
    ...(body === undefined ? {} : { body: isWav ? body : JSON.stringify(body) }),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${text}`);
  return (text === '' ? {} : JSON.parse(text)) as Reply;
}

/** A chord that changes every second, so hold music is not one steady tone. */
function musicWav(seconds: number, baseHz: number): Buffer {
  const samples = new Int16Array(8000 * seconds);
  for (let i = 0; i < samples.length; i++) {
    const step = Math.floor(i / 8000) % 4;
    const f = baseHz * (1 + step / 4);
    samples[i] = Math.round(
      4000 * Math.sin((2 * Math.PI * f * i) / 8000) +
        2000 * Math.sin((2 * Math.PI * 1.5 * f * i) / 8000),
    );
  }
  return serializeWav({ encoding: 'pcm16', channels: 1, sampleRateHz: 8000, samples });
}

async function provision(): Promise<void> {
  const login = await api('POST', '/auth/login', { username: 'admin', password });
  const token = login.token;
  const teams = await api('GET', '/teams?limit=100', undefined, token);
  const teamId = teams.items.find((t) => t.uid === 'demo')!.id;
  const upload = (name: string, wav: Buffer) =>
    api('POST', `/voice-files?name=${name}&teamId=${teamId}`, wav, token);
  const music = await upload('load-hold-music', musicWav(30, 440));
  await api(
    'POST',
    '/moh-classes',
    { teamId, name: 'load hold music', identifier: 'default', voiceFileIds: [music.id] },
    token,
  );
  await api(
    'POST',
    '/queues',
    { teamId, number: QUEUE_NUMBER, name: 'load queue', maxWaitTimeSec: 3600 },
    token,
  );
  const menuFile = await upload('load-menu', musicWav(20, 300));
  const prompt = await api(
    'POST',
    '/call-prompts',
    { teamId, name: 'load menu', voiceFileId: menuFile.id },
    token,
  );
  await api(
    'POST',
    '/ivrs',
    {
      teamId,
      name: 'load menu',
      internalNumber: IVR_NUMBER,
      maxLoops: 10,
      actions: [{ action: 'input', promptId: prompt.id, maxDigits: 1, timeoutSec: 2 }],
      transitions: [
        { condition: '1', destination: { type: 'hangup', targetId: null, targetValue: null } },
      ],
    },
    token,
  );
}

/** user;domain;[authentication …] lines of the demo CSV, round robin. */
function callsCsv(dataDir: string): string {
  const users = readFileSync(join(dataDir, 'demo-users.csv'), 'utf8').trim().split('\n').slice(1);
  const lines = ['SEQUENTIAL'];
  for (let i = 0; i < total; i++) {
    const number = i < QUEUE_CALLS ? QUEUE_NUMBER : IVR_NUMBER;
    lines.push(`${users[i % users.length]};${number};${FIRST_RTP_PORT + 2 * i};${MEDIA}`);
  }
  const path = join(mkdtempSync(join(os.tmpdir(), 'sy-qivr-')), 'calls.csv');
  writeFileSync(path, `${lines.join('\n')}\n`);
  return path;
}

async function drive() {
  const rampS = Math.ceil(total / RATE);
  const callers = startCallers(MEDIA, FIRST_RTP_PORT, total, rampS + SECONDS + 8);
  await sleep(300);
  const work = mkdtempSync(join(os.tmpdir(), 'sy-sipp-qivr-'));
  console.error(`load: ${QUEUE_CALLS} queue + ${IVR_CALLS} IVR calls, ${SECONDS} s each`);
  const sipp = run(
    'sipp',
    [
      ...['-sf', join(ROOT, 'benchmarks/load/uac-hold-call-expect-200.xml')],
      ...['-inf', callsCsv(sw.dataDir), '-i', SIPP, '-p', '5060'],
      ...['-m', String(total), '-r', String(RATE), '-l', String(total)],
      ...['-d', String(SECONDS * 1000), '-nostdin'],
      ...statFlags(work),
      // Fewer calls than statFlags' 1000 per RTD dump: dump every 50.
      ...['-rtt_freq', '50'],
      ...['-timeout', `${SECONDS + rampS + 30}s`, `${SWITCH}:5060`],
    ],
    work,
    (SECONDS + rampS + 40) * 1000,
  );
  // Measure while every call is up: after the ramp, until the first BYE.
  const windowS = Math.max(1, SECONDS - 4);
  await sleep((rampS + 2) * 1000);
  const load1m = os.loadavg()[0];
  const start = processUsage(pid);
  const startMs = performance.now();
  let rssMaxMiB = start.rssMiB;
  const sampler = setInterval(() => {
    rssMaxMiB = Math.max(rssMaxMiB, processUsage(pid).rssMiB);
  }, 1000);
  await sleep(windowS * 1000);
  clearInterval(sampler);
  const end = processUsage(pid);
  const wallS = (performance.now() - startMs) / 1000;
  const hz = 100; // USER_HZ on Linux.
  await sipp;
  const media = await callers;
  const row = readSippRow(work);
  const queue = summarise(media.slice(0, QUEUE_CALLS), true);
  const ivr = summarise(media.slice(QUEUE_CALLS), false);
  return {
    name: 'queue + IVR callers held with RTP both ways',
    queueCalls: QUEUE_CALLS,
    ivrCalls: IVR_CALLS,
    secondsPerCall: SECONDS,
    setupRate: RATE,
    sipp: row,
    callsLost: total - row.successful,
    callsWithoutMedia: queue.silent + ivr.silent,
    rtpTowardsCallers: { queue, ivr },
    switch: {
      cpuPercent: Number(((100 * (end.ticks - start.ticks)) / hz / wallS).toFixed(1)),
      rssMiBAtStart: start.rssMiB,
      rssMiBMax: rssMaxMiB,
      measuredSeconds: Number(wallS.toFixed(1)),
    },
    loadAverage1mBeforeWindow: load1m,
  };
}

/**
 * Loss from sequence numbers, and for a stream that should never pause
 * (MOH; an IVR pauses while it waits for a key) how much of 50 packets/s
 * over the listening time arrived.
 */
function summarise(calls: readonly CallerMedia[], isContinuous: boolean) {
  let received = 0;
  let expectedBySeq = 0;
  let expectedByTime = 0;
  let sent = 0;
  let silent = 0;
  let gaps = 0;
  let gapMs = 0;
  for (const c of calls) {
    received += c.received;
    expectedBySeq += c.expectedBySeq;
    sent += c.sent;
    gaps += c.gaps;
    gapMs += c.gapMs;
    if (c.received === 0) silent++;
    else expectedByTime += Math.round(c.listenedMs / 20) + 1;
  }
  const pct = (lost: number, of: number) => Number(((100 * lost) / Math.max(1, of)).toFixed(3));
  return {
    calls: calls.length,
    silent,
    received,
    expectedBySeq,
    lossPercentBySeq: pct(expectedBySeq - received, expectedBySeq),
    ...(isContinuous
      ? {
          expectedAt50PerS: expectedByTime,
          deficitPercentAt50PerS: pct(expectedByTime - received, expectedByTime),
        }
      : {}),
    sentByCallers: sent,
    /** Pauses of over 60 ms between arrivals: stalls, or an IVR waiting. */
    gapsOver60MsPerCall: Number((gaps / Math.max(1, calls.length)).toFixed(1)),
    gapSecondsPerCall: Number((gapMs / 1000 / Math.max(1, calls.length)).toFixed(2)),
  };
}
