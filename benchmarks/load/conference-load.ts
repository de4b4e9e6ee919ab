/**
 * Conference load (spec 02 §3.11, brief conf2 item 4): N parties (100
 * unless given) call one conference room over SIP and talk at once.
 *
 * The switch (--demo) runs as a child on 127.0.0.66; a room is made over
 * the admin API. SIPp as the demo users (uac-conference-party.xml) places
 * the N calls at --rate per second from 127.0.0.67, each offering PCMU on
 * its own port, and appends the switch's RTP port from each 200 to
 * ports.txt. This process is the parties' RTP side: one socket per party
 * on those ports, sending a party-specific tone (or silence, per case)
 * at 50 packets/s once its call is up and counting
 * what the switch sends back. When every call is up and 2 s have passed,
 * a --hold-s window (30 s) is measured: the switch's CPU from
 * /proc/<pid>/stat (utime+stime) over the window, as % of one core per
 * party; RTP loss of the switch→party streams from sequence numbers; and,
 * after the run, the Mixer alone for the same N in this process (write +
 * mix per 20 ms tick), as % of one core per party. Bounded: SIPp holds each
 * call for a fixed -d and stops by itself (-m, -timeout); the switch is
 * stopped with SIGTERM.
 *
 * Usage: node --import tsx benchmarks/load/conference-load.ts
 *          [--parties N] [--hold-s S] [--rate R] [--cases all,3,3opt]
 *   a case is `all` (every party talks, the default), `K` (K parties talk,
 *   the rest send silence) or `Kopt` (the same with the room's
 *   talkerOptimization on, CF-9); each case runs on a fresh switch.
 */
import { createSocket, type Socket } from 'node:dgram';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { encodeUlaw } from '../../media/codecs/index.ts';
import { Mixer } from '../../media/mixer/index.ts';
import {
  ROOT,
  readSippRow,
  run,
  startDemoSwitch,
  statFlags,
  writeResults,
} from './sipp-harness.ts';
import { numberFlag, processUsage } from './rtp-callers.ts';

const args = process.argv.slice(2);
const flag = (name: string, fallback: number): number => numberFlag(args, name, fallback);
const PARTIES = flag('--parties', 100);
const HOLD_S = flag('--hold-s', 30);
const RATE = flag('--rate', 20);
/** Cases: `all` (every party talks), `<K>` (K talk), `<K>opt` (K talk, talkerOptimization). */
const casesAt = args.indexOf('--cases');
const CASES = (casesAt >= 0 ? (args[casesAt + 1] ?? 'all') : 'all').split(',');
const SWITCH = '127.0.0.66';
const PARTY_IP = '127.0.0.67';
const FIRST_PARTY_PORT = 37_000;
const ROOM_NUMBER = '6900';
const PASSWORD = 'bench-conference-pw-1';
const SETTLE_MS = 2000;
const CLOCK_TICKS_PER_SECOND = 100;

interface Party {
  readonly socket: Socket;
  readonly port: number;
  readonly frames: Buffer[];
  target: number | undefined;
  seq: number;
  received: number;
  /** Extended sequence numbers of the window's first and highest packet. */
  firstSeq: number | undefined;
  lastSeq: number;
  maxSeq: number;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** One second of a tone as 50 PCMU payloads, looped by the sender. */
function toneFrames(frequencyHz: number): Buffer[] {
  const frames: Buffer[] = [];
  for (let f = 0; f < 50; f++) {
    const pcm = new Int16Array(160);
    for (let i = 0; i < 160; i++) {
      pcm[i] = Math.round(3000 * Math.sin((2 * Math.PI * frequencyHz * (f * 160 + i)) / 8000));
    }
    frames.push(encodeUlaw(pcm));
  }
  return frames;
}

/** PCMU silence (0xff is µ-law zero), the frames of a party that listens. */
function silenceFrames(): Buffer[] {
  return Array.from({ length: 50 }, () => Buffer.alloc(160, 0xff));
}

async function openParty(index: number, isTalking: boolean): Promise<Party> {
  const socket = createSocket('udp4');
  const port = FIRST_PARTY_PORT + index * 2;
  await new Promise<void>((resolve) => socket.bind(port, PARTY_IP, resolve));
  const party: Party = {
    socket,
    port,
    frames: isTalking ? toneFrames(300 + 23 * index) : silenceFrames(),
    target: undefined,
    seq: 0,
    received: 0,
    firstSeq: undefined,
    lastSeq: 0,
    maxSeq: 0,
  };
  socket.on('message', (m) => {
    if (m.length < 12) return;
    const seq = m.readUInt16BE(2);
    // Extended against the last one, so a wrap past 65535 keeps counting.
    const delta = ((seq - (party.lastSeq & 0xffff) + 0x8000) & 0xffff) - 0x8000;
    const ext = party.firstSeq === undefined ? seq + 0x10000 : party.lastSeq + delta;
    party.lastSeq = ext;
    party.received++;
    if (party.firstSeq === undefined) {
      party.firstSeq = ext;
      party.maxSeq = ext;
    } else if (ext > party.maxSeq) {
      party.maxSeq = ext;
    }
  });
  return party;
}

async function api(
  base: string,
  token: string | undefined,
  method: string,
  path: string,
  body?: unknown,
): Promise<unknown> {
  const res = await fetch(`${base}/api/v1${path}`, {
    method,
    headers: {
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      ...(token === undefined ? {} : { authorization: `Bearer ${token}` }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
  return res.json();
}

/**
 * The Mixer alone, as the switch runs it for this case: N parties, the
 * first `talkers` sending their tone and the rest silence, write + mix per
 * 20 ms tick; µs per tick.
 */
function mixerTickUs(parties: number, talkers: number, isOptimized: boolean): number {
  const mixer = new Mixer({ sampleRateHz: 8000 });
  const frames: Int16Array[] = [];
  for (let k = 0; k < parties; k++) {
    mixer.addParty(`p${k}`, { isMixedOnlyWhileTalking: isOptimized });
    const pcm = new Int16Array(160);
    const hz = 300 + 23 * k;
    if (k < talkers) {
      for (let i = 0; i < 160; i++)
        pcm[i] = Math.round(3000 * Math.sin((2 * Math.PI * hz * i) / 8000));
    }
    frames.push(pcm);
  }
  const members = frames.map((_, k) => mixer.party(`p${k}`)!);
  const tick = () => {
    for (let k = 0; k < parties; k++) members[k]!.write(frames[k]!);
    mixer.mix();
  };
  for (let i = 0; i < 500; i++) tick();
  const ticks = 2000;
  const start = process.hrtime.bigint();
  for (let i = 0; i < ticks; i++) tick();
  return Number(process.hrtime.bigint() - start) / 1000 / ticks;
}

/** Calls the parties into the room, measures the window, and returns the row. */
async function runCase(talkers: number, isOptimized: boolean): Promise<Record<string, unknown>> {
  process.env.SWITCHYARD_ADMIN_PASSWORD = PASSWORD;
  const loadBefore = os.loadavg();
  const sw = await startDemoSwitch(SWITCH, ['--rtp-ports', '36000-36999']);
  const pid = sw.process.pid!;
  const base = `http://${SWITCH}:8080`;
  const parties: Party[] = [];
  try {
    const login = (await api(base, undefined, 'POST', '/auth/login', {
      username: 'admin',
      password: PASSWORD,
    })) as { token: string };
    const teams = (await api(base, login.token, 'GET', '/teams')) as {
      items: Array<{ id: number; uid: string }>;
    };
    const team = teams.items.find((t) => t.uid === 'demo');
    if (team === undefined) throw new Error('no demo team');
    await api(base, login.token, 'POST', '/conference-rooms', {
      teamId: team.id,
      number: ROOM_NUMBER,
      name: 'load',
      quietMode: true,
      talkerDetection: true,
      talkerOptimization: isOptimized,
    });

    for (let i = 0; i < PARTIES; i++) parties.push(await openParty(i, i < talkers));
    const byPort = new Map(parties.map((p) => [p.port, p]));
    const demoUsers = readFileSync(join(sw.dataDir, 'demo-users.csv'), 'utf8').trim().split('\n');
    const users = demoUsers.slice(1);
    const work = mkdtempSync(join(os.tmpdir(), 'sy-sipp-conf-'));
    const lines = parties.map((p, i) => `${users[i % users.length]!};${p.port}`);
    writeFileSync(join(work, 'parties.csv'), `${['SEQUENTIAL', ...lines].join('\n')}\n`);

    const rampS = Math.ceil(PARTIES / RATE);
    const holdMs = (rampS + HOLD_S + 8) * 1000;
    console.error(
      `conference load: ${PARTIES} parties (${talkers} talking) at ${RATE}/s, ` +
        `talkerOptimization ${isOptimized}, ${HOLD_S} s measured`,
    );
    const sipp = run(
      'sipp',
      [
        ...['-sf', join(ROOT, 'benchmarks/load/uac-conference-party.xml')],
        ...['-inf', join(work, 'parties.csv'), '-i', PARTY_IP, '-p', '5060', '-s', ROOM_NUMBER],
        ...['-m', String(PARTIES), '-r', String(RATE), '-l', String(PARTIES)],
        ...['-d', String(holdMs), '-nostdin', ...statFlags(work), '-rtt_freq', '10'],
        ...['-timeout', `${holdMs / 1000 + 30}s`, `${SWITCH}:5060`],
      ],
      work,
      (holdMs / 1000 + 40) * 1000,
    );

    // Every 20 ms each party whose call is up sends its next frame.
    const sender = setInterval(() => {
      for (const p of parties) {
        if (p.target === undefined) continue;
        const packet = Buffer.alloc(172);
        packet[0] = 0x80;
        packet.writeUInt16BE(p.seq & 0xffff, 2);
        packet.writeUInt32BE((p.seq * 160) >>> 0, 4);
        packet.writeUInt32BE(0x10000 + p.port, 8);
        p.frames[p.seq % 50]!.copy(packet, 12);
        p.seq++;
        p.socket.send(packet, p.target, SWITCH);
      }
    }, 20);
    const portsFile = join(work, 'ports.txt');
    const rampDeadline = Date.now() + (rampS + 20) * 1000;
    let up = 0;
    while (up < PARTIES && Date.now() < rampDeadline) {
      await sleep(100);
      if (!existsSync(portsFile)) continue;
      up = 0;
      for (const line of readFileSync(portsFile, 'utf8').trim().split('\n')) {
        const [own, remote] = line.split(' ').map(Number);
        const party = byPort.get(own!);
        if (party === undefined || !Number.isFinite(remote)) continue;
        party.target ??= remote;
        up++;
      }
    }
    await sleep(SETTLE_MS);
    for (const p of parties) {
      p.received = 0;
      p.firstSeq = undefined;
    }
    const sent0 = parties.reduce((n, p) => n + p.seq, 0);
    const ticks0 = processUsage(pid).ticks;
    const t0 = process.hrtime.bigint();
    await sleep(HOLD_S * 1000);
    const ticks1 = processUsage(pid).ticks;
    const windowS = Number(process.hrtime.bigint() - t0) / 1e9;
    const sent = parties.reduce((n, p) => n + p.seq, 0) - sent0;
    const inWindow = parties.filter((p) => p.firstSeq !== undefined);
    let expected = 0;
    let received = 0;
    for (const p of inWindow) {
      expected += p.maxSeq - p.firstSeq! + 1;
      received += p.received;
    }
    const loadDuring = os.loadavg();
    clearInterval(sender);
    await sipp;
    const switchCorePercent = ((ticks1 - ticks0) / CLOCK_TICKS_PER_SECOND / windowS) * 100;
    const mixerUs = mixerTickUs(PARTIES, talkers, isOptimized);
    const perParty = (n: number) => n / Math.max(1, inWindow.length) / windowS;
    return {
      name: `conference of ${PARTIES} parties over SIP, ${talkers} talking, PCMU`,
      talkers,
      talkerOptimization: isOptimized,
      partiesUp: up,
      windowSeconds: Number(windowS.toFixed(2)),
      switchCpuPercentOfCore: Number(switchCorePercent.toFixed(1)),
      switchCpuPercentOfCorePerParty: Number((switchCorePercent / PARTIES).toFixed(3)),
      mixerTickUs: Number(mixerUs.toFixed(1)),
      mixerPercentOfCorePerParty: Number((((mixerUs / 20_000) * 100) / PARTIES).toFixed(4)),
      rtpPartiesToSwitch: {
        packetsPerSecondPerParty: Number((sent / PARTIES / windowS).toFixed(1)),
      },
      rtpSwitchToParties: {
        streams: inWindow.length,
        expected,
        received,
        lossPercent: Number(
          ((100 * Math.max(0, expected - received)) / Math.max(1, expected)).toFixed(3),
        ),
        packetsPerSecondPerParty: Number(perParty(received).toFixed(1)),
        percentOfRealTime: Number(((perParty(received) / 50) * 100).toFixed(1)),
      },
      sipp: readSippRow(work),
      loadAverageBefore: loadBefore,
      loadAverageDuring: loadDuring,
    };
  } finally {
    for (const p of parties) p.socket.close();
    sw.process.kill('SIGTERM');
    await new Promise((resolve) => sw.process.once('exit', resolve));
  }
}

const results: unknown[] = [];
for (const c of CASES) {
  const row = await runCase(c === 'all' ? PARTIES : parseInt(c, 10), c.endsWith('opt'));
  console.log(JSON.stringify(row));
  results.push(row);
}
writeResults(
  'conference-load',
  results,
  'switch, SIPp and the RTP parties (this process) share the 2 cores; other helpers were ' +
    'running tests and builds at the same time (see loadAverageBefore/During)',
);
