/*
 * The real-audio proofs through the MediaServer on loopback UDP:
 * a sox tone played to a phone and recorded from its echo, RFC 4733 and
 * in-band digits detected exactly, and no digits invented from espeak-ng
 * speech. sox and espeak-ng must be installed (CI installs them).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { MediaDtmfNotification } from '../../core/index.ts';
import { encodeUlaw } from '../../media/codecs/index.ts';
import { TelephoneEventSender, serializeTelephoneEvent } from '../../media/dtmf/index.ts';
import { MediaServer } from '../../media/media-server/index.ts';
import {
  openRtpTestPeer,
  phoneSdp,
  rtpPacket,
  sdpTarget,
} from '../../media/media-server/rtp-test-peer.ts';
import type { RtpTestPeer } from '../../media/media-server/rtp-test-peer.ts';
import { parseWav } from '../../media/player/index.ts';
import { soxSine, soxStat } from '../helpers/audio/sox.ts';
import { soxRoughToTrueHz } from '../helpers/audio/tone.ts';

const ALL_DIGITS = '123A456B789C*0#D';
const KEYS: Record<string, [number, number]> = {};
['123A', '456B', '789C', '*0#D'].forEach((row, r) =>
  [...row].forEach((d, c) => (KEYS[d] = [[697, 770, 852, 941][r]!, [1209, 1336, 1477, 1633][c]!])),
);

let dir: string;
let server: MediaServer;
let alice: RtpTestPeer;
let bob: RtpTestPeer;
let digits: MediaDtmfNotification[];

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'sy-media-'));
  server = new MediaServer({
    bindAddress: '127.0.21.1',
    minPort: 47200,
    maxPort: 47299,
    quarantineMs: 0,
    statsIntervalMs: 0,
    recordingsDir: dir,
  });
  await server.start();
  digits = [];
  server.on('dtmf', (d) => digits.push(d));
  alice = await openRtpTestPeer('127.0.21.2');
  bob = await openRtpTestPeer('127.0.21.3');
});

afterEach(async () => {
  await server.stop();
  alice.close();
  bob.close();
});

async function call(aliceCodecs: string[]): Promise<void> {
  const toBob = await server.offer('c1', 'a', phoneSdp(alice, aliceCodecs));
  if (!toBob.ok) throw new Error(toBob.error.detail);
  bob.target = sdpTarget(toBob.value);
  const toAlice = await server.answer('c1', 'b', phoneSdp(bob, aliceCodecs));
  if (!toAlice.ok) throw new Error(toAlice.error.detail);
  alice.target = sdpTarget(toAlice.value);
}

/** Sends 8 kHz PCM from Alice as µ-law RTP, 20 ms per packet, paced every `gapMs`. */
async function sendPcm(samples: Int16Array, gapMs = 4): Promise<void> {
  for (let i = 0, seq = 1; i + 160 <= samples.length; i += 160, seq++) {
    await alice.send(rtpPacket(seq, encodeUlaw(samples.subarray(i, i + 160)), { ts: i }));
    await new Promise((r) => setTimeout(r, gapMs));
  }
}

function wavSamples(path: string): Int16Array {
  const wav = parseWav(readFileSync(path));
  if (!wav.ok) throw new Error(wav.error.detail);
  expect(wav.value.sampleRateHz).toBe(8000);
  return wav.value.samples;
}

const waitUntil = async (fn: () => boolean, timeoutMs = 3000): Promise<void> => {
  const end = Date.now() + timeoutMs;
  while (!fn() && Date.now() < end) await new Promise((r) => setTimeout(r, 10));
};

describe('MediaServer on real audio', () => {
  it('a 1 kHz sox tone played to a phone and recorded from its echo → sox reads 1 kHz', async () => {
    await call(['0 PCMU/8000']);
    const tone = join(dir, 'tone.wav');
    soxSine(tone, 1000, 8000, 1);
    alice.onPacket((p) => void alice.send(p));
    const ref = { callId: 'c1', legId: 'a' };
    const rec = await server.record(ref, { path: 'echo.wav', mode: 'inbound' });
    if (!rec.ok) throw new Error(rec.error.detail);
    const play = await server.play(ref, { file: tone });
    if (!play.ok) throw new Error(play.error.detail);
    expect((await play.value.finished).reason).toBe('completed');
    await new Promise((r) => setTimeout(r, 150));
    await rec.value.stop();
    expect((await rec.value.finished).reason).toBe('stopped');

    const source = soxStat(tone);
    const recorded = soxStat(join(dir, 'echo.wav'));
    expect(recorded.lengthSeconds).toBeGreaterThan(0.9);
    // sox's rough frequency is biased at 8 kHz (974 Hz for 1 kHz): compare
    // with the source's reading, and the corrected value with 1 kHz.
    expect(Math.abs(recorded.roughFrequencyHz / source.roughFrequencyHz - 1)).toBeLessThan(0.02);
    const trueHz = soxRoughToTrueHz(recorded.roughFrequencyHz, 8000);
    expect(Math.abs(trueHz / 1000 - 1)).toBeLessThan(0.02);
  });

  it('all 16 digits as RFC 4733 events → detected exactly, in order', async () => {
    await call(['0 PCMU/8000', '101 telephone-event/8000']);
    const sender = new TelephoneEventSender({ durationMs: 60, pauseMs: 60 });
    sender.enqueue(ALL_DIGITS);
    let ts = 1000;
    for (let seq = 1; seq < 200; seq++, ts += 160) {
      const ev = sender.tick(ts);
      if (ev === undefined) {
        if (sender.queuedCount === 0 && sender.state === 'idle') break;
        continue;
      }
      const payload = serializeTelephoneEvent(ev.payload);
      await alice.send(rtpPacket(seq, payload, { pt: 101, ts: ev.timestamp, marker: ev.isMarker }));
      await new Promise((r) => setTimeout(r, 2));
    }
    await waitUntil(() => digits.length >= 16);
    expect(digits.map((d) => d.digit).join('')).toBe(ALL_DIGITS);
    expect(new Set(digits.map((d) => d.source))).toEqual(new Set(['rfc4733']));
  });

  it('all 16 digits in-band from a sox WAV (60 ms tones, 60 ms gaps) → detected exactly, in order', async () => {
    await call(['0 PCMU/8000']);
    const parts = [...ALL_DIGITS].map((d, i) => {
      const [low, high] = KEYS[d]!;
      const file = join(dir, `d${i}.wav`);
      execFileSync('sox', [
        ...['-n', '-r', '8000', '-c', '1', '-b', '16', file],
        ...['synth', '0.06', 'sine', String(low), 'sine', 'mix', String(high)],
        ...['gain', '-8', 'pad', '0', '0.06'],
      ]);
      return file;
    });
    const all = join(dir, 'digits.wav');
    execFileSync('sox', [...parts, all]);
    await sendPcm(wavSamples(all));
    await waitUntil(() => digits.length >= 16, 1000);
    expect(digits.map((d) => d.digit).join('')).toBe(ALL_DIGITS);
    expect(new Set(digits.map((d) => d.source))).toEqual(new Set(['inband']));
  });

  it('espeak-ng speech through the in-band detector → no digits', async () => {
    await call(['0 PCMU/8000']);
    const spoken = join(dir, 'speech.wav');
    const speech = join(dir, 'speech8k.wav');
    execFileSync('espeak-ng', [
      '-w',
      spoken,
      'Thank you for calling. Please hold while we connect you to the next available agent. ' +
        'Your call is important to us, and it may be recorded for training purposes.',
    ]);
    execFileSync('sox', [spoken, '-r', '8000', '-c', '1', '-b', '16', speech]);
    const samples = wavSamples(speech);
    expect(samples.length).toBeGreaterThan(8000 * 4);
    await sendPcm(samples, 2);
    await new Promise((r) => setTimeout(r, 200));
    expect(bob.received.length).toBeGreaterThan(100);
    expect(digits).toEqual([]);
  });
});
