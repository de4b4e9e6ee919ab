/**
 * Concurrent calls with RTP through the B2BUA (issue 6: "500 concurrent
 * calls with RTP for 60 s with < 0.1 % packet loss"). The switch (--demo,
 * the demo carrier trunk on 127.0.0.237:5080) runs on 127.0.0.236. SIPp
 * as the carrier (uas-carrier-rtp-stream.xml) answers each call with a
 * media port of its own and streams a 1 kHz mu-law tone at 50 packets/s;
 * SIPp as the demo users (uac-hold-call-expect-200.xml) dials 9<number>
 * through the trunk at --rate calls/s and holds each call --seconds. The
 * callers' media is rtp-caller-gen (C, from queue-ivr-load.ts) on
 * 127.0.0.238: it counts what the switch relays from the carrier and,
 * latched onto the switch's leg, sends 50 packets/s back, which the switch
 * relays to the carrier. So every call carries RTP both ways through the
 * anchored relay; loss is measured on the carrier → caller direction from
 * RTP sequence numbers. Reports calls lost, that loss, and the switch's CPU
 * and RSS while every call is up. Bounded: SIPp stops by itself (-m,
 * -timeout), the generator after its duration, and the switch is stopped.
 *
 * Calls without media (issue 6, D44): the carrier SIPp streams only after
 * the ACK, and it used to abort a call (and stream nothing for it) when
 * the switch, stalled for more than T1 under load, retransmitted its
 * INVITE after SIPp's 200; the carrier scenarios now absorb those
 * retransmissions. carrierAbortedCalls counts what SIPp still aborts
 * (from its -trace_err log), so a call without media is told apart from a
 * relay fault. sipp.achievedRate is SIPp's CallRate(C), calls over the
 * whole run; sipp.maxConcurrentCalls is whether all were up at once.
 *
 * Both sides offer RFC 4733 telephone-event, as phones and carriers do,
 * so plain relayed legs run in the native relay (D34) when native/ is
 * built; SWITCHYARD_NATIVE_RELAY=off in the environment keeps them in
 * JavaScript (the switch inherits it). --no-rfc4733 uses the PCMU-only
 * scenarios: the caller's extension leg then needs in-band DTMF detection
 * (hotkeys, D31) and stays in JavaScript. The result says which ran.
 *
 * Usage: node --import tsx benchmarks/load/sipp-rtp-calls-load.ts
 *          [--calls N] [--seconds S] [--rate R] [--no-rfc4733] [--no-write]
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { loadNativeRelay } from '../../media/endpoint/index.ts';
import { numberFlag, processUsage, sleep, startCallers } from './rtp-callers.ts';
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
const CALLS = flag('--calls', 500);
const SECONDS = flag('--seconds', 60);
const RATE = flag('--rate', 50);
const SWITCH = '127.0.0.236';
const CARRIER = '127.0.0.237';
const MEDIA = '127.0.0.238';
const FIRST_CALLER_PORT = 41_000;
const FIRST_CARRIER_PORT = 50_000;
const HAS_RFC4733 = !args.includes('--no-rfc4733');
const CALLER_SCENARIO = HAS_RFC4733
  ? 'uac-hold-call-rfc4733-expect-200.xml'
  : 'uac-hold-call-expect-200.xml';
const CARRIER_SCENARIO = HAS_RFC4733
  ? 'uas-carrier-rtp-stream-rfc4733.xml'
  : 'uas-carrier-rtp-stream.xml';

const HTTP_PORT = 18236;
/** Calls each extension may have at once (the B2BUA's default limit). */
const CALLS_PER_EXTENSION = 2;
const FIRST_EXTENSION = 3000;
const password = randomBytes(12).toString('hex');
process.env.SWITCHYARD_ADMIN_PASSWORD = password;
const sw = await startDemoSwitch(SWITCH, [
  ...['--demo-trunk', `${CARRIER}:5080`],
  ...['--rtp-ports', '20000-29999'],
  ...['--http-port', String(HTTP_PORT)],
]);
const pid = sw.process.pid!;
try {
  const users = await provisionCallers();
  const result = await drive(users);
  console.log(JSON.stringify(result, null, 2));
  if (!args.includes('--no-write')) {
    writeResults(
      'sip-rtp-calls-load',
      [result],
      'the switch, both SIPp instances and rtp-caller-gen share the 2 cores',
    );
  }
} finally {
  sw.process.kill('SIGTERM');
}

/**
 * Extensions for the callers: the demo's 100 allow 200 calls at the
 * per-extension limit, so CALLS / 2 more are imported (CSV, with known
 * passwords) into the demo team. Returns SIPp injection lines for them.
 */
async function provisionCallers(): Promise<string[]> {
  const api = async (method: string, path: string, body?: string | object, token?: string) => {
    const res = await fetch(`http://${SWITCH}:${HTTP_PORT}/api/v1${path}`, {
      method,
      headers: {
        ...(token === undefined ? {} : { authorization: `Bearer ${token}` }),
        'content-type': typeof body === 'string' ? 'text/csv' : 'application/json',
      },
      ...(body === undefined
        ? {}
        : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
    });
    const text = await res.text();
    if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${text}`);
    return JSON.parse(text) as { token: string; items: Array<{ id: number; uid?: string }> };
  };
  const { token } = await api('POST', '/auth/login', { username: 'admin', password });
  const team = (await api('GET', '/teams?limit=100', undefined, token)).items.find(
    (t) => t.uid === 'demo',
  )!;
  const count = Math.ceil(CALLS / CALLS_PER_EXTENSION);
  await api('PATCH', `/teams/${team.id}`, { maxExtensions: 100 + count }, token);
  const account = (await api('GET', `/accounts?teamId=${team.id}&limit=1`, undefined, token))
    .items[0]!;
  const lines = ['number,name,password'];
  const users: string[] = [];
  for (let n = FIRST_EXTENSION; n < FIRST_EXTENSION + count; n++) {
    lines.push(`${n},load ${n},pw${n}secret`);
    users.push(`${n};demo.local;[authentication username=${n} password=pw${n}secret]`);
  }
  await api(
    'POST',
    `/extensions/import?accountId=${account.id}&teamId=${team.id}`,
    lines.join('\n'),
    token,
  );
  return users;
}

async function drive(users: readonly string[]) {
  const work = mkdtempSync(join(os.tmpdir(), 'sy-sipp-rtp-'));
  const carrierWork = mkdtempSync(join(os.tmpdir(), 'sy-sipp-rtp-carrier-'));
  // The carrier's scenario streams tone.ulaw from its working directory.
  const tone = join(carrierWork, 'tone.ulaw');
  // 1 s of 1 kHz at 8 kHz mu-law, no header: what SIPp's rtp_stream loops.
  execFileSync(
    'sox',
    ['-n', '-r', '8000', '-c', '1', '-e', 'mu-law', '-t', 'raw', tone].concat([
      'synth',
      '1',
      'sine',
      '1000',
      'vol',
      '0.3',
    ]),
  );
  const rampS = Math.ceil(CALLS / RATE);
  const carrier = run(
    'sipp',
    [
      ...['-sf', join(ROOT, 'benchmarks/load', CARRIER_SCENARIO)],
      ...['-i', CARRIER, '-p', '5080'],
      ...['-mp', String(FIRST_CARRIER_PORT), '-m', String(CALLS), '-nostdin'],
      ...['-timeout', `${SECONDS + rampS + 40}s`],
      // Its errors log names every call SIPp aborted (carrierAbortedCalls).
      '-trace_err',
    ],
    carrierWork,
    (SECONDS + rampS + 50) * 1000,
  );
  const callers = startCallers(MEDIA, FIRST_CALLER_PORT, CALLS, rampS + SECONDS + 8);
  await sleep(500);
  console.error(`load: ${CALLS} calls with RTP both ways, ${SECONDS} s each, ${RATE}/s`);
  const sipp = run(
    'sipp',
    [
      ...['-sf', join(ROOT, 'benchmarks/load', CALLER_SCENARIO)],
      ...['-inf', callsCsv(users, work), '-i', '127.0.0.239', '-p', '5060'],
      ...['-m', String(CALLS), '-r', String(RATE), '-l', String(CALLS)],
      ...['-d', String(SECONDS * 1000), '-nostdin'],
      ...statFlags(work),
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
  const sampler = setInterval(
    () => (rssMaxMiB = Math.max(rssMaxMiB, processUsage(pid).rssMiB)),
    1000,
  );
  await sleep(windowS * 1000);
  clearInterval(sampler);
  const end = processUsage(pid);
  const wallS = (performance.now() - startMs) / 1000;
  await sipp;
  await carrier;
  const media = await callers;
  const row = readSippRow(work);
  const carrierAborted = countAbortedCalls(carrierWork);
  let received = 0;
  let expected = 0;
  let silent = 0;
  const silentIndexes: number[] = [];
  for (const [i, c] of media.entries()) {
    received += c.received;
    expected += c.expectedBySeq;
    if (c.received === 0) {
      silent++;
      silentIndexes.push(i);
    }
  }
  if (silent > 0) console.error(`callers without media: ${silentIndexes.join(' ')}`);
  return {
    name: 'concurrent B2BUA calls through the demo trunk with RTP both ways',
    relay: nativeRelayState(),
    sdp: HAS_RFC4733 ? 'PCMU + telephone-event 101' : 'PCMU only (in-band DTMF detection)',
    calls: CALLS,
    secondsPerCall: SECONDS,
    setupRate: RATE,
    sipp: row,
    callsLost: CALLS - row.successful,
    callsWithoutMedia: silent,
    carrierAbortedCalls: carrierAborted,
    rtpCarrierToCallers: {
      received,
      expectedBySeq: expected,
      lossPercent: Number(((100 * (expected - received)) / Math.max(1, expected)).toFixed(3)),
      sentByCallers: media.reduce((n, c) => n + c.sent, 0),
    },
    switch: {
      // USER_HZ is 100 on Linux.
      cpuPercent: Number(((100 * (end.ticks - start.ticks)) / 100 / wallS).toFixed(1)),
      rssMiBAtStart: start.rssMiB,
      rssMiBMax: rssMaxMiB,
      measuredSeconds: Number(wallS.toFixed(1)),
    },
    loadAverage1mBeforeWindow: load1m,
  };
}

/**
 * Calls the carrier SIPp aborted, from its -trace_err log. An aborted call
 * can still be up at the switch (SIPp sends no BYE), but SIPp streams no
 * RTP for it, so each shows up as a call without media.
 */
function countAbortedCalls(carrierWork: string): number {
  const log = readdirSync(carrierWork).find((f) => f.endsWith('_errors.log'));
  if (log === undefined) return 0;
  return readFileSync(join(carrierWork, log), 'utf8').split('Aborting call').length - 1;
}

/** user;domain;[auth];number;callerPort;callerIp per call, round robin over `users`. */
function callsCsv(users: readonly string[], work: string): string {
  const lines = ['SEQUENTIAL'];
  for (let i = 0; i < CALLS; i++) {
    const number = `9555${String(i).padStart(4, '0')}`;
    lines.push(`${users[i % users.length]};${number};${FIRST_CALLER_PORT + 2 * i};${MEDIA}`);
  }
  const path = join(work, 'calls.csv');
  writeFileSync(path, `${lines.join('\n')}\n`);
  return path;
}

/** Which relay the switch ran: the native shards (D34) or JavaScript. */
function nativeRelayState(): string {
  if (process.env.SWITCHYARD_NATIVE_RELAY === 'off')
    return 'javascript (SWITCHYARD_NATIVE_RELAY=off)';
  const load = loadNativeRelay();
  return load.binding === undefined ? `javascript (${load.reason})` : 'native, 1 shard';
}
