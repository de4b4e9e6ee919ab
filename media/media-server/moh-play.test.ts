import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { MediaSessionRef } from '../../core/index.ts';
import { decodeUlaw } from '../codecs/index.ts';
import { serializeWav } from '../player/index.ts';
import type { MohPlaylist } from '../player/index.ts';
import { goertzelAmplitude, sine } from '../../test/helpers/audio/tone.ts';
import { MediaServer } from './media-server.ts';
import { openRtpTestPeer, phoneSdp, sdpTarget } from './rtp-test-peer.ts';
import type { RtpTestPeer } from './rtp-test-peer.ts';

/*
 * play({ moh }) on real loopback RTP: classes resolve through the lookup
 * the server is given (app wiring reads the store), legs of one class
 * share one stream, and stop() or another playback takes a leg off it.
 */

const JAZZ_HZ = 600;
const ROCK_HZ = 1400;

describe('MediaServer play({ moh })', () => {
  let server: MediaServer;
  let alice: RtpTestPeer;
  let bob: RtpTestPeer;
  let playlists: Record<string, MohPlaylist>;
  let lookups: string[];

  beforeEach(async () => {
    const sounds = mkdtempSync(join(tmpdir(), 'sy-moh-sounds-'));
    mkdirSync(join(sounds, '7'));
    for (const [name, hz] of [
      ['jazz', JAZZ_HZ],
      ['rock', ROCK_HZ],
    ] as const) {
      const samples = sine(hz, 8000, 8000);
      writeFileSync(
        join(sounds, '7', `${name}.wav`),
        serializeWav({ encoding: 'pcm16', channels: 1, sampleRateHz: 8000, samples }),
      );
    }
    playlists = { '7:jazz': { key: '7:jazz', revision: '1', files: ['7/jazz'] } };
    lookups = [];
    server = new MediaServer({
      bindAddress: '127.0.0.46',
      minPort: 34950,
      maxPort: 34999,
      quarantineMs: 0,
      statsIntervalMs: 0,
      soundsDir: sounds,
      mohPlaylists: (name, teamId) => {
        lookups.push(`${teamId}:${name}`);
        return playlists[`${teamId}:${name}`];
      },
    });
    await server.start();
    alice = await openRtpTestPeer('127.0.0.47');
    bob = await openRtpTestPeer('127.0.0.47');
  });

  afterEach(async () => {
    await server.stop();
    alice.close();
    bob.close();
  });

  async function answered(callId: string, phone: RtpTestPeer): Promise<MediaSessionRef> {
    const r = await server.answerLocal(callId, 'a', phoneSdp(phone, ['0 PCMU/8000']));
    if (!r.ok) throw new Error(r.error.detail);
    return { callId, legId: 'a' };
  }

  /** The tone's level in the last `n` packets the phone got (PCMU payloads). */
  function level(phone: RtpTestPeer, hz: number, n = 10): number {
    const pcm = decodeUlaw(Buffer.concat(phone.received.slice(-n).map((p) => p.subarray(12))));
    return goertzelAmplitude(pcm, hz, 8000);
  }

  it('two legs of class jazz → both hear the class file, frame for frame the same stream', async () => {
    const a = await answered('c1', alice);
    const b = await answered('c2', bob);
    const opA = await server.play(a, { moh: 'jazz', teamId: 7 });
    const opB = await server.play(b, { moh: 'jazz', teamId: 7 });
    if (!opA.ok || !opB.ok) throw new Error('play failed');
    await alice.waitFor(15);
    await bob.waitFor(15);
    expect(level(alice, JAZZ_HZ)).toBeGreaterThan(4000);
    expect(level(alice, ROCK_HZ)).toBeLessThan(500);
    // One stream: the payloads the two legs got at the same ticks are equal.
    const fromAlice = new Set(alice.received.map((p) => p.subarray(12).toString('hex')));
    const shared = bob.received.filter((p) => fromAlice.has(p.subarray(12).toString('hex')));
    expect(shared.length).toBeGreaterThan(bob.received.length / 2);
    expect(lookups).toEqual(['7:jazz', '7:jazz']);
  });

  it('stop() → the leg leaves the stream and gets no more packets; finished says stopped', async () => {
    const a = await answered('c1', alice);
    const op = await server.play(a, { moh: 'jazz', teamId: 7 });
    if (!op.ok) throw new Error(op.error.detail);
    await alice.waitFor(5);
    await op.value.stop();
    expect((await op.value.finished).reason).toBe('stopped');
    const count = alice.received.length;
    await new Promise((r) => setTimeout(r, 100));
    expect(alice.received.length).toBeLessThanOrEqual(count + 1);
  });

  it('play() of a file while on hold → the music ends (stopped) and the file plays', async () => {
    const a = await answered('c1', alice);
    const moh = await server.play(a, { moh: 'jazz', teamId: 7 });
    if (!moh.ok) throw new Error(moh.error.detail);
    await alice.waitFor(5);
    const file = await server.play(a, { file: '7/rock' });
    if (!file.ok) throw new Error(file.error.detail);
    expect((await moh.value.finished).reason).toBe('stopped');
    const before = alice.received.length;
    await alice.waitFor(before + 12);
    expect(level(alice, ROCK_HZ)).toBeGreaterThan(4000);
    expect(level(alice, JAZZ_HZ)).toBeLessThan(500);
  });

  it('the class changes → a leg that joins later hears the new file', async () => {
    const a = await answered('c1', alice);
    await server.play(a, { moh: 'jazz', teamId: 7 });
    playlists['7:jazz'] = { key: '7:jazz', revision: '2', files: ['7/rock'] };
    const b = await answered('c2', bob);
    await server.play(b, { moh: 'jazz', teamId: 7 });
    await alice.waitFor(15);
    await bob.waitFor(15);
    expect(level(alice, JAZZ_HZ)).toBeGreaterThan(4000);
    expect(level(bob, ROCK_HZ)).toBeGreaterThan(4000);
  });

  it('an unknown class and no default → ERR_MEDIA_FILE_NOT_FOUND', async () => {
    const a = await answered('c1', alice);
    const r = await server.play(a, { moh: 'nope', teamId: 7 });
    expect(r.ok ? 'ok' : r.error.code).toBe('ERR_MEDIA_FILE_NOT_FOUND');
  });

  it('hang-up while on hold → finished says hangup', async () => {
    const a = await answered('c1', alice);
    const op = await server.play(a, { moh: 'jazz', teamId: 7 });
    if (!op.ok) throw new Error(op.error.detail);
    await server.delete('c1');
    expect((await op.value.finished).reason).toBe('hangup');
  });

  it('A holds B (sendonly re-offer) → B hears the system default class until A resumes', async () => {
    playlists['undefined:default'] = { key: 'system:default', revision: '1', files: ['7/rock'] };
    const pcmu = ['0 PCMU/8000'];
    const toBob = await server.offer('c1', 'a', phoneSdp(alice, pcmu));
    if (!toBob.ok) throw new Error(toBob.error.detail);
    bob.target = sdpTarget(toBob.value);
    const toAlice = await server.answer('c1', 'b', phoneSdp(bob, pcmu));
    if (!toAlice.ok) throw new Error(toAlice.error.detail);
    const reoffer = async (direction: string, bobDirection: string) => {
      const held = await server.update('c1', 'a', phoneSdp(alice, pcmu, direction));
      if (!held.ok) throw new Error(held.error.detail);
      const back = await server.answer('c1', 'b', phoneSdp(bob, pcmu, bobDirection));
      if (!back.ok) throw new Error(back.error.detail);
    };
    await reoffer('sendonly', 'recvonly');
    await bob.waitFor(15);
    expect(level(bob, ROCK_HZ)).toBeGreaterThan(4000);
    expect(lookups).toEqual(['undefined:default']);
    await reoffer('sendrecv', 'sendrecv');
    const count = bob.received.length;
    await new Promise((r) => setTimeout(r, 100));
    expect(bob.received.length).toBeLessThanOrEqual(count + 1);
  });

  it('hang-up while the class still loads → play() fails ERR_MEDIA_INVALID_STATE, nothing is sent', async () => {
    const a = await answered('c1', alice);
    const playing = server.play(a, { moh: 'jazz', teamId: 7 });
    await server.delete('c1');
    const r = await playing;
    expect(r.ok ? 'ok' : r.error.code).toBe('ERR_MEDIA_INVALID_STATE');
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(alice.received).toHaveLength(0);
  });
});
