import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { MediaControlEvents } from '../../core/index.ts';
import { goertzelAmplitude, sine } from '../../test/helpers/audio/tone.ts';
import { encodeUlaw } from '../codecs/index.ts';
import { parseWav } from '../player/index.ts';
import { MediaServer } from './media-server.ts';
import { openRtpTestPeer, phoneSdp, rtpPacket, sdpTarget } from './rtp-test-peer.ts';
import type { RtpTestPeer } from './rtp-test-peer.ts';

const ROOM = 'conference-5-s1';

describe('MediaServer.recordRoom() and talking events (CF-8, CF-9)', () => {
  let dir: string;
  let server: MediaServer;
  let phones: RtpTestPeer[];
  let talking: MediaControlEvents['talking'][0][];

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'sy-room-rec-'));
    server = new MediaServer({
      bindAddress: '127.0.23.1',
      minPort: 47800,
      maxPort: 47899,
      quarantineMs: 0,
      statsIntervalMs: 0,
      recordingsDir: dir,
    });
    await server.start();
    talking = [];
    server.on('talking', (t) => talking.push(t));
    phones = [await openRtpTestPeer('127.0.23.2'), await openRtpTestPeer('127.0.23.3')];
  });

  afterEach(async () => {
    await server.stop();
    for (const p of phones) p.close();
  });

  /** Answers phone `i` locally as call `c<i>` and joins it to ROOM. */
  async function joinPhone(i: number, isMixedOnlyWhileTalking = false): Promise<void> {
    const phone = phones[i]!;
    const r = await server.answerLocal(`c${i}`, 'a', phoneSdp(phone, ['0 PCMU/8000']));
    if (!r.ok) throw new Error(r.error.detail);
    phone.target = sdpTarget(r.value);
    const ref = { callId: `c${i}`, legId: 'a' };
    const joined = await server.join(ref, { roomId: ROOM, isMixedOnlyWhileTalking });
    if (!joined.ok) throw new Error(joined.error.detail);
  }

  /**
   * Sends `seconds` of a tone from each phone at once, paced at 20 ms. The
   * tones have whole cycles per frame, so a frame dropped under jitter keeps
   * the phase a whole-file Goertzel sum needs.
   */
  async function speak(tones: Record<number, number>, seconds: number): Promise<void> {
    const frames = Math.round(seconds * 50);
    for (let f = 0; f < frames; f++) {
      await Promise.all(
        Object.entries(tones).map(([i, hz]) => {
          const pcm = sine(hz, 8000, 160, 8000, f * 160);
          return phones[Number(i)]!.send(rtpPacket(f + 1, encodeUlaw(pcm), { ts: f * 160 }));
        }),
      );
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  it('recordRoom() when two members send 400 and 1000 Hz → one mono WAV holds both tones', async () => {
    await joinPhone(0);
    await joinPhone(1);
    const rec = await server.recordRoom(ROOM, { path: '7/2026-11-26/conference-6666-x.wav' });
    if (!rec.ok) throw new Error(rec.error.detail);
    await speak({ 0: 400, 1: 1000 }, 1);
    await rec.value.stop();
    expect((await rec.value.finished).reason).toBe('stopped');
    const wav = parseWav(readFileSync(join(dir, '7/2026-11-26/conference-6666-x.wav')));
    if (!wav.ok) throw new Error(wav.error.detail);
    expect([wav.value.sampleRateHz, wav.value.channels]).toEqual([8000, 1]);
    expect(wav.value.samples.length).toBeGreaterThan(0.7 * 8000);
    const samples = wav.value.samples;
    expect(goertzelAmplitude(samples, 400, 8000)).toBeGreaterThan(2000);
    expect(goertzelAmplitude(samples, 1000, 8000)).toBeGreaterThan(2000);
    expect(goertzelAmplitude(samples, 2500, 8000)).toBeLessThan(200);
  });

  it('recordRoom() when the last member leaves → ends with reason hangup, file kept', async () => {
    await joinPhone(0);
    const rec = await server.recordRoom(ROOM, { path: 'room.wav' });
    if (!rec.ok) throw new Error(rec.error.detail);
    await speak({ 0: 440 }, 0.2);
    await server.unjoin({ callId: 'c0', legId: 'a' });
    expect((await rec.value.finished).reason).toBe('hangup');
    expect(parseWav(readFileSync(join(dir, 'room.wav'))).ok).toBe(true);
  });

  it('recordRoom() of a room nobody is in, or in stereo → errors', async () => {
    const none = await server.recordRoom('nobody', { path: 'x.wav' });
    expect(none.ok ? 'ok' : none.error.code).toBe('ERR_MEDIA_SESSION_NOT_FOUND');
    await joinPhone(0);
    const stereo = await server.recordRoom(ROOM, { path: 'x.wav', mode: 'stereo' });
    expect(stereo.ok ? 'ok' : stereo.error.code).toBe('ERR_MEDIA_INVALID_STATE');
  });

  it('a member who talks then falls silent → talking true, then false, with its ref and room', async () => {
    await joinPhone(0, true);
    await joinPhone(1);
    await speak({ 0: 440 }, 0.3);
    await speak({ 0: 0 }, 0.8);
    expect(talking).toEqual([
      { ref: { callId: 'c0', legId: 'a' }, roomId: ROOM, isTalking: true },
      { ref: { callId: 'c0', legId: 'a' }, roomId: ROOM, isTalking: false },
    ]);
  });
});
